//! Tests of [`write_all`]: modes, symlinks, stale temporary files, and the
//! property that a failed or interrupted run changes nothing.

use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::os::unix::fs::{symlink, PermissionsExt};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

/// What a folder tree holds: every entry by relative path.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>, u32),
    Dir(u32),
    Link(PathBuf),
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Entry> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Entry>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_path_buf();
            let m = std::fs::symlink_metadata(&p).unwrap();
            let bits = m.permissions().mode() & 0o7777;
            if m.file_type().is_symlink() {
                out.insert(rel, Entry::Link(std::fs::read_link(&p).unwrap()));
            } else if m.is_dir() {
                out.insert(rel, Entry::Dir(bits));
                walk(root, &p, out);
            } else {
                out.insert(rel, Entry::File(std::fs::read(&p).unwrap(), bits));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn temporaries(root: &Path) -> Vec<PathBuf> {
    snapshot(root)
        .into_keys()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".pvi-"))
        })
        .collect()
}

/// Fails one step of one file.
struct FailAt(Step, usize, io::ErrorKind);

impl Faults for FailAt {
    fn before(&self, step: Step, index: usize) -> io::Result<()> {
        if (step, index) == (self.0, self.1) {
            Err(io::Error::new(self.2, "injected"))
        } else {
            Ok(())
        }
    }
}

#[test]
fn new_files_get_0666_less_umask_and_existing_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.bob");
    let b = dir.path().join("b.bob");
    write_all(&[OutFile::new(&a, "1"), OutFile::new(&b, "2")]).unwrap();
    let umask = process_umask().expect("Linux has Umask in /proc/self/status");
    assert_eq!(mode(&a), 0o666 & !umask);
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o777)).unwrap();
    write_all(&[OutFile::new(&a, "3"), OutFile::new(&b, "4")]).unwrap();
    assert_eq!((mode(&a), mode(&b)), (0o640, 0o777));
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "4");
    assert_eq!(
        snapshot(dir.path()).len(),
        2,
        "no temporary files left behind"
    );
}

#[test]
fn a_missing_folder_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.bob");
    let b = dir.path().join("no/b.bob");
    let e = write_all(&[OutFile::new(&a, "1"), OutFile::new(&b, "2")]).unwrap_err();
    assert!(e.contains("does not exist"), "{e}");
    assert!(snapshot(dir.path()).is_empty());
}

#[test]
fn a_directory_among_the_targets_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["a.bob", "b.bob", "c.bob", "d.bob"];
    for n in &names[..3] {
        std::fs::write(dir.path().join(n), "old").unwrap();
    }
    std::fs::create_dir(dir.path().join("d.bob")).unwrap();
    let before = snapshot(dir.path());
    let files: Vec<_> = names
        .iter()
        .map(|n| OutFile::new(dir.path().join(n), "new"))
        .collect();
    let e = write_all(&files).unwrap_err();
    assert!(e.contains("is a directory"), "{e}");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_symlink_stays_and_the_file_it_names_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::write(real.join("dev.bob"), "old").unwrap();
    let link = dir.path().join("dev.bob");
    symlink("real/dev.bob", &link).unwrap();
    // a dangling link: the file it names is created
    let dangling = dir.path().join("new.bob");
    symlink("real/new.bob", &dangling).unwrap();
    write_all(&[OutFile::new(&link, "new"), OutFile::new(&dangling, "n")]).unwrap();
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("real/dev.bob")
    );
    assert_eq!(
        std::fs::read_to_string(real.join("dev.bob")).unwrap(),
        "new"
    );
    assert_eq!(std::fs::read_to_string(real.join("new.bob")).unwrap(), "n");
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_symlink_loop_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.bob");
    symlink("b.bob", &a).unwrap();
    symlink("a.bob", dir.path().join("b.bob")).unwrap();
    let before = snapshot(dir.path());
    let e = write_all(&[
        OutFile::new(dir.path().join("c.bob"), "c"),
        OutFile::new(&a, "a"),
    ])
    .unwrap_err();
    assert!(e.contains("symbolic links"), "{e}");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_failed_rename_puts_back_the_files_already_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = (0..4)
        .map(|i| OutFile::new(dir.path().join(format!("{i}.bob")), format!("new {i}")))
        .collect();
    std::fs::write(&files[0].path, "old 0").unwrap();
    std::fs::write(&files[2].path, "old 2").unwrap();
    let before = snapshot(dir.path());
    let e = write_with(&files, &FailAt(Step::Rename, 3, io::ErrorKind::Other)).unwrap_err();
    assert!(e.contains("injected"), "{e}");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn an_interrupt_at_any_step_puts_everything_back() {
    for step in [Step::Create, Step::Write, Step::Keep, Step::Rename] {
        for at in 0..3 {
            let dir = tempfile::tempdir().unwrap();
            let files: Vec<_> = (0..3)
                .map(|i| OutFile::new(dir.path().join(format!("{i}.edl")), "new"))
                .collect();
            for f in &files[..2] {
                std::fs::write(&f.path, "old").unwrap();
            }
            let before = snapshot(dir.path());
            let fault = FailAt(step, at, io::ErrorKind::Interrupted);
            let r = write_with(&files, &fault);
            if (step, at) == (Step::Keep, 2) {
                // the last target's old file is not kept: no such step
                assert_eq!(r, Ok(()));
                assert!(files
                    .iter()
                    .all(|f| std::fs::read(&f.path).unwrap() == f.bytes));
                continue;
            }
            let e = r.unwrap_err();
            assert!(e.contains("interrupted") || e.contains("injected"), "{e}");
            assert_eq!(snapshot(dir.path()), before, "{step:?} at {at}");
        }
    }
}

#[test]
fn stale_temporaries_of_dead_runs_are_removed_and_live_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    // a pid that is certainly gone: a child that has exited and been reaped
    let dead = std::process::Command::new("true")
        .spawn()
        .and_then(|mut c| c.wait().map(|_| c.id()))
        .unwrap();
    let stale = [
        format!(".pvi-0123456789abcdef-{dead}.tmp"),
        format!(".pvi-0123456789abcdef-{dead}-2.old.tmp"),
    ];
    let keep = [
        // pid 1 is alive; the other two are not names pvi makes
        ".pvi-0123456789abcdef-1.tmp".to_string(),
        format!(".pvi-xyz-{dead}.tmp"),
        "notes.tmp".to_string(),
    ];
    for n in stale.iter().chain(&keep) {
        std::fs::write(dir.path().join(n), "x").unwrap();
    }
    write_all(&[OutFile::new(dir.path().join("a.bob"), "a")]).unwrap();
    let mut left: Vec<String> = snapshot(dir.path())
        .into_keys()
        .map(|p| p.display().to_string())
        .collect();
    left.sort();
    let mut want: Vec<String> = keep.to_vec();
    want.push("a.bob".into());
    want.sort();
    assert_eq!(left, want);
}

#[test]
fn temp_names_round_trip() {
    let t = Target {
        shown: Path::new("x"),
        real: PathBuf::from("d/x"),
        dir: PathBuf::from("d"),
        hash: fnv1a(&OsString::from("x")),
        existing: None,
        bytes: b"",
    };
    for (n, kind) in [(0, ""), (3, ""), (0, ".old"), (7, ".old")] {
        let p = temp_name(&t, 4242, n, kind);
        let name = p.file_name().and_then(|n| n.to_str()).unwrap();
        assert_eq!(temp_pid(name), Some(4242), "{name}");
    }
    for bad in [
        ".pvi-abc.tmp",
        ".pvi-0123456789abcdeg-1.tmp",
        ".pvi-0123456789abcdef-.tmp",
    ] {
        assert_eq!(temp_pid(bad), None, "{bad}");
    }
}

/// How one target starts out.
#[derive(Debug, Clone)]
enum State {
    Missing,
    File(Vec<u8>),
    /// A symlink to a file in another folder.
    Link(Vec<u8>),
    /// A symlink to a missing file in another folder.
    Dangling,
    Directory,
    /// In a folder we may not write (root may all the same).
    ReadOnlyFolder,
    /// In a folder that does not exist.
    NoFolder,
}

fn state() -> impl Strategy<Value = State> {
    let bytes = proptest::collection::vec(any::<u8>(), 0..40);
    prop_oneof![
        3 => Just(State::Missing),
        3 => bytes.clone().prop_map(State::File),
        2 => bytes.prop_map(State::Link),
        1 => Just(State::Dangling),
        1 => Just(State::Directory),
        1 => Just(State::ReadOnlyFolder),
        1 => Just(State::NoFolder),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Create),
        Just(Step::Write),
        Just(Step::Keep),
        Just(Step::Rename)
    ]
}

fn fault() -> impl Strategy<Value = Option<(Step, usize, bool)>> {
    proptest::option::of((step(), 0..6usize, any::<bool>()))
}

/// Lays out the targets; returns the output files.
fn set_up(root: &Path, states: &[State]) -> Vec<OutFile> {
    let out = root.join("out");
    let elsewhere = root.join("elsewhere");
    let locked = root.join("locked");
    for d in [&out, &elsewhere, &locked] {
        std::fs::create_dir(d).unwrap();
    }
    let mut files = Vec::new();
    for (i, s) in states.iter().enumerate() {
        let name = format!("t{i}.bob");
        let mut path = out.join(&name);
        match s {
            State::Missing => {}
            State::File(b) => std::fs::write(&path, b).unwrap(),
            State::Link(b) => {
                std::fs::write(elsewhere.join(&name), b).unwrap();
                symlink(Path::new("../elsewhere").join(&name), &path).unwrap();
            }
            State::Dangling => symlink(Path::new("../elsewhere").join(&name), &path).unwrap(),
            State::Directory => std::fs::create_dir(&path).unwrap(),
            State::ReadOnlyFolder => path = locked.join(&name),
            State::NoFolder => path = root.join("missing").join(&name),
        }
        files.push(OutFile::new(path, format!("new content of {i}\n")));
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A run that fails leaves every file as it was, byte for byte, with no
    /// temporary file; a run that succeeds writes every target (through
    /// its symlink) and leaves no temporary file either.
    #[test]
    fn a_failed_run_changes_nothing(
        states in proptest::collection::vec(state(), 1..6),
        fault in fault(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let files = set_up(dir.path(), &states);
        let before = snapshot(dir.path());
        let result = match fault {
            None => write_all(&files),
            Some((step, at, signal)) => {
                let kind = if signal { io::ErrorKind::Interrupted } else { io::ErrorKind::Other };
                write_with(&files, &FailAt(step, at, kind))
            }
        };
        let after = snapshot(dir.path());
        // let tempfile remove the folder
        let locked = dir.path().join("locked");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        prop_assert!(temporaries(dir.path()).is_empty(), "{:?}", temporaries(dir.path()));
        match result {
            Err(_) => prop_assert_eq!(after, before),
            Ok(()) => {
                for (f, s) in files.iter().zip(&states) {
                    let written = std::fs::read(&f.path).unwrap();
                    prop_assert_eq!(&written, &f.bytes);
                    let is_link = std::fs::symlink_metadata(&f.path).unwrap().file_type().is_symlink();
                    prop_assert_eq!(is_link, matches!(s, State::Link(_) | State::Dangling));
                }
                prop_assert!(!states.iter().any(|s| matches!(s, State::Directory | State::NoFolder)));
            }
        }
    }
}

#[test]
fn mode_bits_decide_who_may_write() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f");
    std::fs::write(&f, "x").unwrap();
    let with_mode = |bits: u32| {
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(bits)).unwrap();
        std::fs::metadata(&f).unwrap()
    };
    let (owner, group) = {
        let m = std::fs::metadata(&f).unwrap();
        (m.uid(), m.gid())
    };
    let stranger = Ids {
        uid: owner.wrapping_add(7).max(1),
        gid: group.wrapping_add(7),
        groups: vec![],
    };
    let member = Ids {
        uid: stranger.uid,
        gid: stranger.gid,
        groups: vec![group],
    };
    assert!(!may_write(&with_mode(0o664), &stranger));
    assert!(may_write(&with_mode(0o646), &stranger));
    assert!(may_write(&with_mode(0o464), &member));
    assert!(!may_write(&with_mode(0o646), &member));
    let root = Ids {
        uid: 0,
        gid: 0,
        groups: vec![],
    };
    assert!(may_write(&with_mode(0o444), &root));
    if owner != 0 {
        let me = Ids {
            uid: owner,
            gid: group,
            groups: vec![],
        };
        assert!(may_write(&with_mode(0o644), &me));
        assert!(!may_write(&with_mode(0o444), &me));
    }
}

#[test]
fn a_read_only_target_is_refused_unless_root() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.bob");
    let b = dir.path().join("b.bob");
    std::fs::write(&b, "old").unwrap();
    std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(dir.path());
    let root = process_status().ids.is_some_and(|i| i.uid == 0);
    let r = write_all(&[OutFile::new(&a, "a"), OutFile::new(&b, "b")]);
    if root {
        // as Python's open(path, "w") for root: written, mode kept
        assert_eq!(r, Ok(()));
        assert_eq!(mode(&b), 0o444);
    } else {
        assert!(r.unwrap_err().contains("Permission denied"));
        assert_eq!(snapshot(dir.path()), before);
    }
}
