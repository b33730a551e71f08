//! Writing results: every file of a run, or none (docs/security.md,
//! "Writing files").
//!
//! A run goes in steps, each done for every file before the next starts:
//!
//! 1. check: a symlink is followed to the file it names; the folder must
//!    exist and the file be missing or a regular file we may write;
//! 2. remove temporary files that dead runs left in those folders;
//! 3. stage: write each file's bytes to `.pvi-<hash>-<pid>.tmp` beside it;
//! 4. keep each old file: hard-link it to `.pvi-<hash>-<pid>.old.tmp`
//!    (not the last target's: its rename is the last step, so it is
//!    never put back);
//! 5. rename every temporary file over its target;
//! 6. remove the kept old files.
//!
//! A failure in steps 1–4 leaves every target untouched; one in step 5 puts
//! back the targets already replaced. SIGINT, SIGTERM and SIGHUP during a
//! run do the same, then exit with 128 + the signal number
//! ([`handle_signals`]). Only SIGKILL (or a crash of the machine) during
//! step 5 leaves a mix of old and new files, and temporary files that the
//! next run into the same folder removes.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use indexmap::IndexMap;
use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

/// One output file: where, and its bytes.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Target path.
    pub path: PathBuf,
    /// Content.
    pub bytes: Vec<u8>,
}

impl OutFile {
    /// An output file.
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        OutFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Writes all files or none.
///
/// Modes follow what `open(path, "w")` gives in Python: an existing file
/// keeps its mode, a new one gets `0o666` less the umask. A symlink keeps
/// pointing where it did: the file it names is replaced.
pub fn write_all(files: &[OutFile]) -> Result<(), String> {
    write_with(files, &NoFaults)
}

/// The steps a test can make fail (see [`Faults`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Creating a temporary file.
    Create,
    /// Writing its bytes.
    Write,
    /// Keeping the old file.
    Keep,
    /// Renaming a temporary file over its target.
    Rename,
}

/// Test hook: called before each step of each file; an error makes that
/// step fail as if the file system had refused it. An error of kind
/// `Interrupted` acts as a signal arriving there instead.
trait Faults {
    fn before(&self, step: Step, index: usize) -> io::Result<()>;
}

struct NoFaults;

impl Faults for NoFaults {
    fn before(&self, _: Step, _: usize) -> io::Result<()> {
        Ok(())
    }
}

/// One target after the checks.
struct Target<'a> {
    /// The path as given (for messages).
    shown: &'a Path,
    /// The file written: `shown` with symlinks followed.
    real: PathBuf,
    /// Its folder.
    dir: PathBuf,
    /// Hash of its file name, in the temporary files' names.
    hash: u64,
    /// Mode of the existing file (`None`: no file yet).
    existing: Option<u32>,
    bytes: &'a [u8],
}

/// What a run has done so far, for putting it back. Every file-system
/// change is made with the journal locked and recorded before the lock is
/// released, so a signal handler that takes the lock sees a true record.
#[derive(Default)]
struct Journal {
    /// Temporary files with new content, in target order; the first
    /// `replaced.len()` of them are renamed already.
    staged: Vec<PathBuf>,
    /// Kept old files: (copy, target).
    kept: Vec<(PathBuf, PathBuf)>,
    /// Targets already replaced, in order, with the copy of the old file
    /// (`None`: the target did not exist).
    replaced: Vec<(PathBuf, Option<PathBuf>)>,
    /// Every target was replaced: the new files stand.
    committed: bool,
    /// A signal rolled the run back; do nothing more.
    aborted: bool,
}

impl Journal {
    /// Puts back what was replaced (unless committed) and removes every
    /// temporary file; returns what could not be undone.
    fn roll_back(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        let renamed = self.replaced.len().min(self.staged.len());
        if !self.committed {
            for (target, kept) in self.replaced.drain(..).rev() {
                let undone = match &kept {
                    Some(copy) => std::fs::rename(copy, &target),
                    None => std::fs::remove_file(&target),
                };
                if let Err(e) = undone {
                    problems.push(match kept {
                        Some(copy) => format!(
                            "could not put back '{}' (the old file is '{}'): {e}",
                            target.display(),
                            copy.display()
                        ),
                        None => format!("could not remove '{}': {e}", target.display()),
                    });
                }
            }
        }
        let kept = self.kept.drain(..).map(|(copy, _)| copy);
        for tmp in self.staged.drain(renamed..).chain(kept) {
            match std::fs::remove_file(&tmp) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    problems.push(format!("could not remove '{}': {e}", tmp.display()))
                }
                _ => {}
            }
        }
        problems
    }
}

/// Every run in progress in this process (what a signal rolls back).
static RUNS: Mutex<Vec<Weak<Mutex<Journal>>>> = Mutex::new(Vec::new());

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A run's journal, listed in [`RUNS`] while the run lasts.
struct Run(Arc<Mutex<Journal>>);

impl Run {
    fn start() -> Run {
        let j = Arc::new(Mutex::new(Journal::default()));
        let mut runs = lock(&RUNS);
        runs.retain(|w| w.strong_count() > 0);
        runs.push(Arc::downgrade(&j));
        Run(j)
    }

    /// Does `op` with the journal locked, unless a signal rolled the run back.
    fn step<T>(&self, op: impl FnOnce(&mut Journal) -> Result<T, String>) -> Result<T, String> {
        let mut j = lock(&self.0);
        if j.aborted {
            return Err("interrupted".to_string());
        }
        op(&mut j)
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        // (blocks while a signal handler holds RUNS: it exits the process)
        let me = Arc::as_ptr(&self.0);
        lock(&RUNS).retain(|w| w.strong_count() > 0 && w.as_ptr() != me);
    }
}

/// Rolls one run back for a signal.
fn interrupt(j: &Mutex<Journal>) {
    let mut j = lock(j);
    if !j.aborted {
        for p in j.roll_back() {
            eprintln!("pvi: {p}");
        }
        j.aborted = true;
    }
}

/// Installs handlers for SIGINT, SIGTERM and SIGHUP: a signal rolls back
/// the write in progress (temporary files removed, replaced targets put
/// back) and exits with 128 + its number (130, 143, 129). Without a write
/// in progress it just exits so. Does nothing if the handlers cannot be
/// installed (the default actions stay).
#[cfg(unix)]
pub fn handle_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                // held until exit: no run can start or finish meanwhile
                let runs = lock(&RUNS);
                for j in runs.iter().filter_map(Weak::upgrade) {
                    interrupt(&j);
                }
                std::process::exit(128 + sig);
            }
        });
    let _ = spawned;
}

/// Signals are left to their default actions off Unix.
#[cfg(not(unix))]
pub fn handle_signals() {}

fn write_with(files: &[OutFile], faults: &dyn Faults) -> Result<(), String> {
    // 1. check every target before anything is written
    let mut targets: IndexMap<PathBuf, Target> = IndexMap::with_capacity(files.len());
    let mut dirs: Vec<PathBuf> = Vec::new();
    let status = process_status();
    for f in files {
        let t = check(f, &mut dirs, &status)?;
        // two paths naming one file (through a symlink): the later wins
        targets.shift_remove(&t.real);
        targets.insert(t.real.clone(), t);
    }
    let run = Run::start();
    // 2. what dead runs left
    for d in &dirs {
        remove_stale(d);
    }
    let result = stage_and_replace(&run, &targets, status.umask, faults);
    if result.is_err() {
        let mut j = lock(&run.0);
        if !j.aborted {
            let problems = j.roll_back();
            if !problems.is_empty() {
                return result.map_err(|e| format!("{e}; {}", problems.join("; ")));
            }
        }
    }
    result
}

fn stage_and_replace(
    run: &Run,
    targets: &IndexMap<PathBuf, Target>,
    umask: Option<u32>,
    faults: &dyn Faults,
) -> Result<(), String> {
    let pid = std::process::id();
    // 3. stage
    let mut temps = Vec::with_capacity(targets.len());
    for (i, t) in targets.values().enumerate() {
        let create = hook(run, faults, Step::Create, i);
        let tmp = run.step(|j| {
            let (path, file) = create
                .and_then(|()| create_temp(t, pid, "", umask))
                .map_err(|e| format!("cannot create a file in '{}': {e}", t.dir.display()))?;
            j.staged.push(path.clone());
            Ok((path, file))
        })?;
        let write = hook(run, faults, Step::Write, i);
        run.step(|_| {
            let (_, mut file) = (&tmp.0, &tmp.1);
            write
                .and_then(|()| file.write_all(t.bytes))
                .map_err(|e| format!("cannot write '{}': {e}", t.shown.display()))
        })?;
        temps.push(tmp.0);
    }
    // 4. keep the old files, but the last target's: its rename ends the
    // run, so it is never put back
    let last = targets.len().saturating_sub(1);
    let mut copies = Vec::with_capacity(targets.len());
    for (i, t) in targets.values().enumerate() {
        if i == last {
            copies.push(None);
            break;
        }
        let keep = hook(run, faults, Step::Keep, i);
        let copy = match t.existing {
            None => None,
            Some(_) => run.step(|j| {
                let copy = keep
                    .and_then(|()| keep_old(t, pid))
                    .map_err(|e| format!("cannot keep the old '{}': {e}", t.shown.display()))?;
                if let Some(c) = &copy {
                    j.kept.push((c.clone(), t.real.clone()));
                }
                Ok(copy)
            })?,
        };
        copies.push(copy);
    }
    // 5. replace
    for (i, ((t, tmp), copy)) in targets.values().zip(&temps).zip(copies).enumerate() {
        let rename = hook(run, faults, Step::Rename, i);
        run.step(|j| {
            rename
                .and_then(|()| std::fs::rename(tmp, &t.real))
                .map_err(|e| format!("cannot write '{}': {e}", t.shown.display()))?;
            j.replaced.push((t.real.clone(), copy));
            // the last rename decides: from here on the new files stand
            j.committed = i == last;
            Ok(())
        })?;
    }
    // 6. done: drop the copies of the old files
    run.step(|j| {
        j.committed = true;
        j.roll_back();
        Ok(())
    })
}

/// The test hook's verdict; `Interrupted` rolls the run back as a signal would.
fn hook(run: &Run, faults: &dyn Faults, step: Step, i: usize) -> io::Result<()> {
    let r = faults.before(step, i);
    if r.as_ref()
        .is_err_and(|e| e.kind() == io::ErrorKind::Interrupted)
    {
        interrupt(&run.0);
    }
    r
}

/// Step 1 for one file: where it really goes, and whether that may be
/// written. `dirs`: the folders found so far (each is checked once).
fn check<'a>(
    f: &'a OutFile,
    dirs: &mut Vec<PathBuf>,
    status: &Status,
) -> Result<Target<'a>, String> {
    let cannot = |why: String| format!("cannot write '{}': {why}", f.path.display());
    let (real, meta) = follow_links(&f.path).map_err(|e| cannot(e.to_string()))?;
    let dir = match real.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(name) = real.file_name().map(|n| n.to_os_string()) else {
        return Err(cannot("it names no file".into()));
    };
    if !dirs.contains(&dir) {
        if !dir.is_dir() {
            return Err(format!(
                "No such file or directory: '{}' (the folder '{}' does not exist)",
                f.path.display(),
                dir.display()
            ));
        }
        dirs.push(dir.clone());
    }
    let existing = match meta {
        None => None,
        Some(m) if m.is_dir() => return Err(cannot("it is a directory".into())),
        Some(m) if !m.is_file() => return Err(cannot("it is not a regular file".into())),
        Some(m) => {
            // as Python's open(path, "w"): a file we may not write is an
            // error. The mode bits answer for most files without a system
            // call; when they say no (or cannot be asked), opening decides,
            // so ACLs that allow writing are honoured.
            if !status.ids.as_ref().is_some_and(|ids| may_write(&m, ids)) {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&real)
                    .map_err(|e| cannot(e.to_string()))?;
            }
            Some(mode_of(&m))
        }
    };
    Ok(Target {
        shown: &f.path,
        hash: fnv1a(&name),
        real,
        dir,
        existing,
        bytes: &f.bytes,
    })
}

/// `path` with symlinks in its last component followed (at most 40, as
/// Linux does), and what is there (`None`: nothing; a dangling link gives
/// the missing file it names).
fn follow_links(path: &Path) -> io::Result<(PathBuf, Option<std::fs::Metadata>)> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(d) if to.is_relative() => d.join(to),
                    _ => to,
                };
            }
            Ok(m) => return Ok((p, Some(m))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((p, None)),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// FNV-1a, 64 bits: stable across builds, unlike the std hashers.
fn fnv1a(name: &OsString) -> u64 {
    name.as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// `.pvi-<hash>-<pid>[-<n>]<kind>.tmp` in the target's folder.
fn temp_name(t: &Target, pid: u32, n: u32, kind: &str) -> PathBuf {
    let extra = if n == 0 {
        String::new()
    } else {
        format!("-{n}")
    };
    t.dir
        .join(format!(".pvi-{:016x}-{pid}{extra}{kind}.tmp", t.hash))
}

/// The pid in a name [`temp_name`] made; `None` for any other name.
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".pvi-")?.strip_suffix(".tmp")?;
    let rest = rest.strip_suffix(".old").unwrap_or(rest);
    let (hash, rest) = rest.split_at_checked(16)?;
    let rest = rest.strip_prefix('-')?;
    if !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let (pid, n) = rest.split_once('-').unwrap_or((rest, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(n) {
        return None;
    }
    pid.parse().ok()
}

/// Removes the temporary files of runs that are no longer alive from `dir`.
fn remove_stale(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    let proc_fs = Path::new("/proc/self").exists();
    for e in rd.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(temp_pid) else {
            continue;
        };
        let stale = if pid == me {
            // ours from an earlier process with this pid, unless this
            // process has another run going (tests write in threads)
            lock(&RUNS).iter().filter(|w| w.strong_count() > 0).count() <= 1
        } else if proc_fs {
            !Path::new(&format!("/proc/{pid}")).exists()
        } else {
            // no way to ask about a process: a day old is stale
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 86_400)
        };
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Creates the temporary file for `t` with the mode the target will have.
fn create_temp(
    t: &Target,
    pid: u32,
    kind: &str,
    umask: Option<u32>,
) -> io::Result<(PathBuf, std::fs::File)> {
    let mut n = 0;
    loop {
        let path = temp_name(t, pid, n, kind);
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(t.existing.unwrap_or(0o666));
        }
        match o.open(&path) {
            Ok(file) => {
                if let Some(mode) = t.existing {
                    // the umask applied at creation: restore the bits it took
                    if umask.is_none_or(|u| mode & u != 0) {
                        set_mode(&file, mode);
                    }
                }
                return Ok((path, file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Step 4 for one file: a second name for the old file (a hard link, or a
/// copy where links are refused); `None` if it is gone meanwhile.
fn keep_old(t: &Target, pid: u32) -> io::Result<Option<PathBuf>> {
    let mut n = 0;
    loop {
        let copy = temp_name(t, pid, n, ".old");
        match std::fs::hard_link(&t.real, &copy) {
            Ok(()) => return Ok(Some(copy)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(_) => {
                // e.g. a file system without hard links: copy the bytes
                let mut o = std::fs::OpenOptions::new();
                o.write(true).create_new(true);
                let mut out = o.open(&copy)?;
                let mut old = std::fs::File::open(&t.real)?;
                let copied = io::copy(&mut old, &mut out);
                if let Err(e) = copied {
                    let _ = std::fs::remove_file(&copy);
                    return Err(e);
                }
                return Ok(Some(copy));
            }
        }
    }
}

/// The permission bits of a file (a placeholder off Unix).
fn mode_of(m: &std::fs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        m.permissions().mode() & 0o7777
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        0o666
    }
}

#[cfg(unix)]
fn set_mode(file: &std::fs::File, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn set_mode(_: &std::fs::File, _: u32) {}

/// What `/proc/self/status` (Linux) tells about this process; nothing
/// elsewhere.
#[derive(Debug, Default)]
struct Status {
    /// The umask (Linux 4.7+). Without it every rewritten file gets its
    /// mode set explicitly.
    umask: Option<u32>,
    /// The ids file permissions are checked against.
    ids: Option<Ids>,
}

/// File-system user and group ids, and the supplementary groups.
#[derive(Debug)]
struct Ids {
    uid: u32,
    gid: u32,
    groups: Vec<u32>,
}

fn process_status() -> Status {
    let Ok(text) = std::fs::read_to_string("/proc/self/status") else {
        return Status::default();
    };
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
    };
    // "Uid:\treal\teffective\tsaved\tfs": the fourth is checked against files
    let fs_id = |name: &str| field(name)?.split_whitespace().nth(3)?.parse().ok();
    let ids = (|| {
        Some(Ids {
            uid: fs_id("Uid:")?,
            gid: fs_id("Gid:")?,
            groups: field("Groups:")?
                .split_whitespace()
                .map(|g| g.parse().ok())
                .collect::<Option<_>>()?,
        })
    })();
    Status {
        umask: field("Umask:").and_then(|v| u32::from_str_radix(v, 8).ok()),
        ids,
    }
}

/// The umask (see [`Status`]).
#[cfg(test)]
fn process_umask() -> Option<u32> {
    process_status().umask
}

/// Whether the mode bits let `ids` write the file (root: always).
#[cfg(unix)]
fn may_write(m: &std::fs::Metadata, ids: &Ids) -> bool {
    use std::os::unix::fs::MetadataExt;
    let bit = if ids.uid == 0 {
        return true;
    } else if m.uid() == ids.uid {
        0o200
    } else if m.gid() == ids.gid || ids.groups.contains(&m.gid()) {
        0o020
    } else {
        0o002
    };
    m.mode() & bit != 0
}

#[cfg(not(unix))]
fn may_write(_: &std::fs::Metadata, _: &Ids) -> bool {
    false
}

#[cfg(all(test, unix))]
mod tests;
