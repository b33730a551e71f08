//! Tests on image archives built here: OCI layout, OCI archive, docker
//! save — well-formed ones, and hostile ones (names leaving the image,
//! symlinked and FIFO blobs, wrong digests, decompression bombs, symlink
//! fan-out), each built in a temp folder.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use super::*;
use crate::digest::{of, Alg};
use pvi_core::World;
use std::io::Write;
use std::time::{Duration, Instant};

enum E<'a> {
    File(&'a str, &'a str),
    Bytes(&'a str, Vec<u8>),
    Link(&'a str, &'a str),
    Hard(&'a str, &'a str),
    Dir(&'a str),
    /// A regular file whose name is written as is (the tar crate refuses `..`).
    RawName(&'a [u8], &'a str),
}

fn file_header(size: usize) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(size as u64);
    h.set_mode(0o644);
    h
}

fn layer(entries: &[E]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        match e {
            E::File(p, text) => {
                let mut h = file_header(text.len());
                b.append_data(&mut h, p, text.as_bytes()).unwrap();
            }
            E::Bytes(p, bytes) => {
                let mut h = file_header(bytes.len());
                b.append_data(&mut h, p, bytes.as_slice()).unwrap();
            }
            E::Link(p, target) => {
                let mut h = tar::Header::new_gnu();
                h.set_entry_type(tar::EntryType::Symlink);
                h.set_size(0);
                h.set_mode(0o777);
                b.append_link(&mut h, p, target).unwrap();
            }
            E::Hard(p, target) => {
                let mut h = tar::Header::new_gnu();
                h.set_entry_type(tar::EntryType::Link);
                h.set_size(0);
                h.as_old_mut().linkname[..target.len()].copy_from_slice(target.as_bytes());
                h.as_old_mut().name[..p.len()].copy_from_slice(p.as_bytes());
                h.set_cksum();
                b.append(&h, std::io::empty()).unwrap();
            }
            E::Dir(p) => {
                let mut h = tar::Header::new_gnu();
                h.set_entry_type(tar::EntryType::Directory);
                h.set_size(0);
                h.set_mode(0o755);
                b.append_data(&mut h, p, std::io::empty()).unwrap();
            }
            E::RawName(name, text) => {
                let mut h = file_header(text.len());
                h.as_old_mut().name[..name.len()].copy_from_slice(name);
                h.set_cksum();
                b.append(&h, text.as_bytes()).unwrap();
            }
        }
    }
    b.into_inner().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut g = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    g.write_all(bytes).unwrap();
    g.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

fn sha256(bytes: &[u8]) -> String {
    of(Alg::Sha256, bytes).hex
}

/// Three layers: base files (gzip), a layer that whites one file out and
/// makes a folder opaque (zstd), and an uncompressed top layer.
fn layers() -> Vec<Vec<u8>> {
    let l1 = layer(&[
        E::Dir("epics/"),
        E::Dir("epics/pvi-defs/"),
        E::File("epics/pvi-defs/A.pvi.device.yaml", "label: A\n"),
        E::File("epics/pvi-defs/Gone.pvi.device.yaml", "label: Gone\n"),
        E::File("epics/support/B/B.ibek.support.yaml", "module: B\n"),
        E::File("epics/old/x.yaml", "old\n"),
        E::File("epics/bin/huge.bin", "not kept"),
        E::RawName(b"epics/pvi-defs/\x1b[2J.pvi.device.yaml", "label: X\n"),
    ]);
    let l2 = layer(&[
        E::File("epics/pvi-defs/.wh.Gone.pvi.device.yaml", ""),
        E::File("epics/old/.wh..wh..opq", ""),
        E::File("epics/old/y.yaml", "new\n"),
        E::Dir("epics/ibek-defs/"),
        E::Link(
            "epics/ibek-defs/B.ibek.support.yaml",
            "../support/B/B.ibek.support.yaml",
        ),
        E::Hard("epics/old/z.yaml", "epics/old/y.yaml"),
    ]);
    let l3 = layer(&[
        E::Dir("./"),
        E::File("./epics/pvi-defs/A.pvi.device.yaml", "label: A2\n"),
    ]);
    vec![gzip(&l1), zstd(&l2), l3]
}

fn check(img: &Image) {
    let t = &img.tree;
    assert_eq!(
        t.read_text("/epics/pvi-defs/A.pvi.device.yaml").unwrap(),
        "label: A2\n"
    );
    assert!(t
        .read_bytes("/epics/pvi-defs/Gone.pvi.device.yaml")
        .is_err());
    assert_eq!(t.list_dir("/epics/pvi-defs"), vec!["A.pvi.device.yaml"]);
    assert_eq!(
        t.read_text("/epics/ibek-defs/B.ibek.support.yaml").unwrap(),
        "module: B\n"
    );
    assert_eq!(t.list_dir("/epics/old"), vec!["y.yaml", "z.yaml"]);
    assert_eq!(t.read_text("/epics/old/z.yaml").unwrap(), "new\n");
    assert!(t.is_dir("/epics/support/B"));
    assert!(!t.is_dir("/epics/pvi-defs/A.pvi.device.yaml"));
    assert!(t.read_bytes("/epics/bin/huge.bin").is_err());
}

type Files = Vec<(String, Vec<u8>)>;

/// Files of an OCI layout holding `layers` (digests computed).
fn oci_with(layers: &[Vec<u8>], alg: Alg) -> Files {
    let mut files: Files = vec![(
        "oci-layout".to_string(),
        br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
    )];
    let mut descs = Vec::new();
    for l in layers {
        let d = of(alg, l);
        descs.push(format!(
            r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{d}","size":{}}}"#,
            l.len()
        ));
        files.push((d.blob_path(), l.clone()));
    }
    let config = b"{}".to_vec();
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":2}},"layers":[{}]}}"#,
        sha256(&config),
        descs.join(",")
    );
    files.push((format!("blobs/sha256/{}", sha256(&config)), config));
    files.push((
        format!("blobs/sha256/{}", sha256(manifest.as_bytes())),
        manifest.clone().into_bytes(),
    ));
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"latest"}}}}]}}"#,
        sha256(manifest.as_bytes()),
        manifest.len()
    );
    files.push(("index.json".to_string(), index.into_bytes()));
    files
}

fn oci_files() -> Files {
    oci_with(&layers(), Alg::Sha256)
}

/// Files of a `docker save` holding `layers` under `names` (the config's
/// diff_ids are the digests of the uncompressed tars).
fn docker_with(layers: &[Vec<u8>], names: &[String]) -> Files {
    let mut files = Vec::new();
    let mut diff_ids = Vec::new();
    for (l, name) in layers.iter().zip(names) {
        let (dec, _) = layers::decompress(&l[..]).unwrap();
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut dec.take(1 << 30), &mut plain).unwrap();
        diff_ids.push(format!("\"sha256:{}\"", sha256(&plain)));
        files.push((name.clone(), l.clone()));
    }
    let config = format!(
        r#"{{"rootfs":{{"type":"layers","diff_ids":[{}]}}}}"#,
        diff_ids.join(",")
    );
    let config_name = format!("{}.json", sha256(config.as_bytes()));
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    files.push((
        "manifest.json".to_string(),
        format!(
            r#"[{{"Config":"{config_name}","RepoTags":["ioc:1"],"Layers":[{}]}}]"#,
            quoted.join(",")
        )
        .into_bytes(),
    ));
    files.push((config_name, config.into_bytes()));
    files
}

fn docker_files() -> Files {
    let ls = layers();
    let names: Vec<String> = (0..ls.len()).map(|i| format!("{i:02}/layer.tar")).collect();
    docker_with(&ls, &names)
}

fn tar_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (p, bytes) in files {
        let mut h = tar::Header::new_ustar();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, p, bytes.as_slice()).unwrap();
    }
    b.into_inner().unwrap()
}

fn write_dir(files: &[(String, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, bytes) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

fn small(f: impl FnOnce(&mut Limits)) -> Limits {
    let mut l = Limits::default();
    f(&mut l);
    l
}

/// Opens `path` under `limits`, asserting it fails within a second, and
/// returns the message.
fn fails(path: &Path, limits: &Limits) -> String {
    let t = Instant::now();
    let e = Image::open_with(path, None, &default_keep, limits)
        .unwrap_err()
        .0;
    assert!(
        t.elapsed() < Duration::from_secs(1),
        "took {:?}: {e}",
        t.elapsed()
    );
    assert!(!e.chars().any(|c| c.is_control()), "raw bytes in {e:?}");
    e
}

#[test]
fn oci_layout_folder() {
    let dir = write_dir(&oci_files());
    let img = Image::open(dir.path(), None).unwrap();
    assert_eq!(img.layers.len(), 3);
    check(&img);
    check(&Image::open(dir.path(), Some("latest")).unwrap());
    assert!(Image::open(dir.path(), Some("nope")).is_err());
}

#[test]
fn sha512_digests() {
    let dir = write_dir(&oci_with(&layers(), Alg::Sha512));
    check(&Image::open(dir.path(), None).unwrap());
}

#[test]
fn oci_archive_plain_and_compressed() {
    let dir = tempfile::tempdir().unwrap();
    let tar = tar_of(&oci_files());
    let p = dir.path().join("img.tar");
    std::fs::write(&p, &tar).unwrap();
    check(&Image::open(&p, None).unwrap());
    let pz = dir.path().join("img.tar.gz");
    std::fs::write(&pz, gzip(&tar)).unwrap();
    check(&Image::open(&pz, None).unwrap());
    let pzst = dir.path().join("img.tar.zst");
    std::fs::write(&pzst, zstd(&tar)).unwrap();
    check(&Image::open(&pzst, None).unwrap());
}

#[test]
fn docker_save_tarball_and_folder() {
    let files = docker_files();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("docker.tar");
    std::fs::write(&p, tar_of(&files)).unwrap();
    check(&Image::open(&p, None).unwrap());
    check(&Image::open(&p, Some("ioc:1")).unwrap());
    let pz = dir.path().join("docker.tar.gz");
    std::fs::write(&pz, gzip(&tar_of(&files))).unwrap();
    check(&Image::open(&pz, None).unwrap());
    check(&Image::open(write_dir(&files).path(), None).unwrap());
}

#[test]
fn not_an_image() {
    let dir = tempfile::tempdir().unwrap();
    let e = Image::open(dir.path(), None).unwrap_err();
    assert!(e.0.contains("not an image"), "{e}");
}

#[test]
fn symlink_loops_are_not_followed_forever() {
    let mut t = Tree::default();
    t.add("/a".into(), Kind::Symlink("/b".into()));
    t.add("/b".into(), Kind::Symlink("/a".into()));
    let e = t.read_bytes("/a/x").unwrap_err().to_string();
    assert!(e.contains("symbolic links"), "{e}");
}

#[test]
fn archives_in_memory() {
    let oci = tar_of(&oci_files());
    let l = Limits::default();
    check(&Image::from_bytes(oci.clone(), None, &default_keep, &l).unwrap());
    check(&Image::from_bytes(gzip(&oci), Some("latest"), &default_keep, &l).unwrap());
    check(&Image::from_bytes(zstd(&oci), None, &default_keep, &l).unwrap());
    assert!(Image::from_bytes(b"not a tar".to_vec(), None, &default_keep, &l).is_err());
    assert!(Image::from_bytes(Vec::new(), None, &default_keep, &l).is_err());
}

// --- names leaving the image ---

#[test]
fn docker_manifest_layer_outside_the_image() {
    let mut files = docker_files();
    let m = files
        .iter_mut()
        .find(|(n, _)| n == "manifest.json")
        .unwrap();
    m.1 = String::from_utf8(m.1.clone())
        .unwrap()
        .replace("00/layer.tar", "../../../../etc/passwd")
        .into_bytes();
    let dir = write_dir(&files);
    let e = fails(dir.path(), &Limits::default());
    assert!(
        e.contains("'../../../../etc/passwd'") && e.contains("'..'"),
        "{e}"
    );
    assert!(!e.contains("root:"), "{e}");
    let p = dir.path().join("d.tar");
    std::fs::write(&p, tar_of(&files)).unwrap();
    assert!(fails(&p, &Limits::default()).contains("'..'"));
    let m = files
        .iter_mut()
        .find(|(n, _)| n == "manifest.json")
        .unwrap();
    m.1 = String::from_utf8(m.1.clone())
        .unwrap()
        .replace("../../../../etc/passwd", "/etc/passwd")
        .into_bytes();
    assert!(fails(write_dir(&files).path(), &Limits::default()).contains("absolute"));
}

#[test]
fn docker_config_outside_the_image() {
    let files: Files = vec![(
        "manifest.json".into(),
        br#"[{"Config":"../../etc/passwd","Layers":[]}]"#.to_vec(),
    )];
    let e = fails(write_dir(&files).path(), &Limits::default());
    assert!(e.contains("Config '../../etc/passwd'"), "{e}");
}

#[test]
fn oci_digest_outside_the_image() {
    let mut files = oci_files();
    let i = files.iter_mut().find(|(n, _)| n == "index.json").unwrap();
    i.1 = br#"{"manifests":[{"digest":"sha256:../../../../etc/passwd","size":1}]}"#.to_vec();
    let e = fails(write_dir(&files).path(), &Limits::default());
    assert!(e.contains("digest 'sha256:../../../../etc/passwd'"), "{e}");
}

#[test]
fn archive_member_outside_the_image() {
    let mut files = oci_files();
    let mut b = tar::Builder::new(Vec::new());
    let mut h = file_header(3);
    h.as_old_mut().name[..10].copy_from_slice(b"../../evil");
    h.set_cksum();
    b.append(&h, &b"abc"[..]).unwrap();
    for (p, bytes) in files.drain(..) {
        let mut h = file_header(bytes.len());
        b.append_data(&mut h, p, bytes.as_slice()).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("img.tar");
    std::fs::write(&p, b.into_inner().unwrap()).unwrap();
    let e = fails(&p, &Limits::default());
    assert!(e.contains("archive member '../../evil'"), "{e}");
}

#[test]
fn layer_entries_outside_the_image() {
    for (entries, shown) in [
        (
            vec![E::RawName(b"epics/../../etc/cron.d/x", "x")],
            "'epics/../../etc/cron.d/x'",
        ),
        (vec![E::RawName(b"/etc/passwd", "x")], "'/etc/passwd'"),
        (
            vec![E::File("a.yaml", "a"), E::Hard("b.yaml", "../../a.yaml")],
            "'../../a.yaml'",
        ),
    ] {
        let dir = write_dir(&oci_with(&[layer(&entries)], Alg::Sha256));
        let e = fails(dir.path(), &Limits::default());
        assert!(e.contains(shown), "{e}");
    }
}

// --- blobs that are not plain files of the image ---

fn layer_blob(files: &Files) -> String {
    files
        .iter()
        .map(|(n, _)| n.clone())
        .find(|n| n.starts_with("blobs/") && !n.ends_with("json"))
        .unwrap()
}

#[cfg(unix)]
#[test]
fn symlinked_blobs_are_not_followed() {
    let files = oci_with(&[layer(&[E::File("a.yaml", "a")])], Alg::Sha256);
    let dir = write_dir(&files);
    let blob = layer_blob(&files);
    let outside = tempfile::tempdir().unwrap();
    let host = outside.path().join("host-file");
    // even with the right content: the image may not point outside itself
    std::fs::write(&host, &files.iter().find(|(n, _)| *n == blob).unwrap().1).unwrap();
    std::fs::remove_file(dir.path().join(&blob)).unwrap();
    std::os::unix::fs::symlink(&host, dir.path().join(&blob)).unwrap();
    let e = fails(dir.path(), &Limits::default());
    assert!(e.contains("symbolic link") && e.contains(&blob), "{e}");

    // a folder on the way that is a link
    let dir = write_dir(&files);
    let real = dir.path().join("blobs");
    let moved = outside.path().join("blobs");
    std::fs::rename(&real, &moved).unwrap();
    std::os::unix::fs::symlink(&moved, &real).unwrap();
    let e = fails(dir.path(), &Limits::default());
    assert!(e.contains("'blobs'") && e.contains("symbolic link"), "{e}");

    // index.json itself
    let dir = write_dir(&files);
    std::fs::remove_file(dir.path().join("index.json")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("index.json")).unwrap();
    let e = fails(dir.path(), &Limits::default());
    assert!(e.contains("'index.json' is a symbolic link"), "{e}");
}

#[cfg(unix)]
#[test]
fn fifo_and_folder_blobs_are_refused() {
    let files = oci_with(&[layer(&[E::File("a.yaml", "a")])], Alg::Sha256);
    let blob = layer_blob(&files);
    let dir = write_dir(&files);
    std::fs::remove_file(dir.path().join(&blob)).unwrap();
    let ok = std::process::Command::new("mkfifo")
        .arg(dir.path().join(&blob))
        .status()
        .unwrap();
    assert!(ok.success());
    // in a thread: a blocking open would hang the test instead of failing it
    let path = dir.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(Image::open(&path, None).map(|_| ()));
    });
    let e = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("hung on a FIFO");
    let e = e.unwrap_err().0;
    assert!(
        e.contains("a FIFO, not a regular file") && e.contains(&blob),
        "{e}"
    );

    let dir = write_dir(&files);
    std::fs::remove_file(dir.path().join(&blob)).unwrap();
    std::fs::create_dir(dir.path().join(&blob)).unwrap();
    let e = fails(dir.path(), &Limits::default());
    assert!(e.contains("a folder, not a regular file"), "{e}");
}

// --- digests ---

#[test]
fn digest_mismatches_name_both_digests() {
    let mut files = oci_files();
    let blob = layer_blob(&files);
    let want = blob.rsplit('/').next().unwrap().to_string();
    let f = files.iter_mut().find(|(n, _)| *n == blob).unwrap();
    let last = f.1.len() - 1;
    f.1[last] ^= 1;
    let got = sha256(&f.1);
    let e = fails(write_dir(&files).path(), &Limits::default());
    assert!(
        e.contains(&format!("expected sha256:{want}, got sha256:{got}")),
        "{e}"
    );
    // the manifest too
    let mut files = oci_files();
    let m = files
        .iter_mut()
        .find(|(_, b)| b.starts_with(b"{\"schemaVersion\":2,\"mediaType\""))
        .unwrap();
    m.1 = String::from_utf8(m.1.clone())
        .unwrap()
        .replace("\"size\":2", "\"size\":3")
        .into_bytes();
    let e = fails(write_dir(&files).path(), &Limits::default());
    assert!(
        e.contains("digest mismatch") || e.contains("size mismatch"),
        "{e}"
    );
}

#[test]
fn docker_diff_id_mismatch() {
    let mut files = docker_files();
    let f = files.iter_mut().find(|(n, _)| n == "02/layer.tar").unwrap();
    let at = f.1.windows(3).position(|w| w == b"A2\n").unwrap();
    f.1[at + 1] = b'3';
    let e = fails(write_dir(&files).path(), &Limits::default());
    assert!(
        e.contains("layer '02/layer.tar'")
            && e.contains("diff_id")
            && e.contains("expected sha256:"),
        "{e}"
    );
}

#[test]
fn host_file_bytes_are_never_echoed() {
    let passwd = "root:x:0:0:root:/root:/bin/bash\n\x1b[31mred\n";
    let ls = vec![passwd.as_bytes().to_vec()];
    let names = vec!["passwd".to_string()];
    let files = docker_with(&ls, &names);
    let e = fails(write_dir(&files).path(), &Limits::default());
    assert!(!e.contains("root:x") && !e.contains("red"), "{e}");
}

// --- memory and decompression budgets ---

fn zeros_layer(name: &str, size: usize) -> Vec<u8> {
    layer(&[E::Bytes(name, vec![0u8; size])])
}

#[test]
fn gzip_layer_bomb_stops_at_the_budget() {
    let l = gzip(&zeros_layer("bin/zeros", 32 << 20));
    assert!(l.len() < 200_000);
    let dir = write_dir(&oci_with(&[l], Alg::Sha256));
    let e = fails(dir.path(), &small(|l| l.max_expanded = 4 << 20));
    assert!(
        e.contains("layer sha256:")
            && e.contains("expands past 4 MiB")
            && e.contains("--image-max-bytes"),
        "{e}"
    );
}

#[test]
fn zstd_layer_bomb_streams_and_stops() {
    // one zstd frame of 64 MiB: 1 MiB window, RLE blocks of zeros
    let mut frame = vec![0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50];
    let mut h = file_header(64 << 20);
    h.set_path("bin/zeros").unwrap();
    h.set_cksum();
    frame.extend_from_slice(&((512u32 << 3).to_le_bytes()[..3]));
    frame.extend_from_slice(h.as_bytes());
    let blocks = (64 << 20) / (128 << 10) + 1;
    for i in 0..blocks {
        let last = u32::from(i + 1 == blocks);
        frame.extend_from_slice(&(((128u32 << 10) << 3) | (1 << 1) | last).to_le_bytes()[..3]);
        frame.push(0);
    }
    assert!(frame.len() < 4096);
    let dir = write_dir(&oci_with(&[frame.clone()], Alg::Sha256));
    let e = fails(dir.path(), &small(|l| l.max_expanded = 8 << 20));
    assert!(e.contains("expands past 8 MiB"), "{e}");
    // under a large enough budget it is read (and the file not kept)
    let img = Image::open(dir.path(), None).unwrap();
    assert!(img.tree.read_bytes("/bin/zeros").is_err());

    // a frame declaring a 2 GiB window is refused before decoding
    let mut frame = vec![0x28, 0xb5, 0x2f, 0xfd, 0xa0];
    frame.extend_from_slice(&(1u32 << 31).to_le_bytes());
    frame.extend_from_slice(&[0x03, 0x00, 0x00]);
    let dir = write_dir(&oci_with(&[frame], Alg::Sha256));
    let e = fails(dir.path(), &Limits::default());
    assert!(
        e.contains("needs a 2 GiB window, more than the 128 MiB allowed"),
        "{e}"
    );
}

#[test]
fn gzipped_outer_archive_bomb_stops_at_the_budget() {
    let mut files = docker_files();
    files.push(("padding".into(), vec![0u8; 32 << 20]));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("docker.tar.gz");
    std::fs::write(&p, gzip(&tar_of(&files))).unwrap();
    let e = fails(&p, &small(|l| l.max_expanded = 4 << 20));
    assert!(e.contains("the archive expands past 4 MiB"), "{e}");
    check(&Image::open(&p, None).unwrap());
}

#[test]
fn kept_content_is_bounded() {
    let big = "#".repeat(256 << 10);
    let names: Vec<String> = (0..20).map(|i| format!("epics/f{i}.yaml")).collect();
    let entries: Vec<E> = names.iter().map(|n| E::File(n, &big)).collect();
    let dir = write_dir(&oci_with(&[gzip(&layer(&entries))], Alg::Sha256));
    let e = fails(dir.path(), &small(|l| l.max_kept = 1 << 20));
    assert!(
        e.contains("entry 'epics/f3.yaml'")
            && e.contains("more than 1 MiB")
            && e.contains("--image-max-kept"),
        "{e}"
    );
    // a file over the per-file limit is listed, its read fails
    let img = Image::open_with(
        dir.path(),
        None,
        &default_keep,
        &small(|l| l.max_file = 1000),
    )
    .unwrap();
    let e = img
        .tree
        .read_bytes("/epics/f0.yaml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("--image-max-file"), "{e}");
    assert_eq!(img.tree.list_dir("/epics").len(), 20);
}

#[test]
fn entries_are_bounded() {
    let names: Vec<String> = (0..3000).map(|i| format!("d/{i}")).collect();
    let entries: Vec<E> = names.iter().map(|n| E::File(n, "")).collect();
    let dir = write_dir(&oci_with(&[gzip(&layer(&entries))], Alg::Sha256));
    let e = fails(dir.path(), &small(|l| l.max_entries = 1000));
    assert!(
        e.contains("more than 1000 entries (limit, --image-max-entries)"),
        "{e}"
    );
}

#[test]
fn symlink_fan_out_is_bounded() {
    let big = format!("label: Big\n#{}\n", "x".repeat(1 << 20));
    let links: Vec<String> = (0..2000)
        .map(|i| format!("epics/pvi-defs/L{i}.pvi.device.yaml"))
        .collect();
    let mut entries = vec![E::File("epics/big.yaml", &big)];
    entries.extend(links.iter().map(|l| E::Link(l, "/epics/big.yaml")));
    let chain: Vec<(String, String)> = (0..50)
        .map(|i| (format!("c/{i}"), format!("/c/{}", i + 1)))
        .collect();
    entries.extend(chain.iter().map(|(a, b)| E::Link(a, b)));
    let dir = write_dir(&oci_with(&[gzip(&layer(&entries))], Alg::Sha256));
    let img = Image::open_with(
        dir.path(),
        None,
        &default_keep,
        &small(|l| l.max_read = 4 << 20),
    )
    .unwrap();
    let t = &img.tree;
    // shared reads: one copy of the content, whatever the number of links
    let a = t.read_shared("/epics/pvi-defs/L0.pvi.device.yaml").unwrap();
    let b = t
        .read_shared("/epics/pvi-defs/L1999.pvi.device.yaml")
        .unwrap();
    assert!(std::sync::Arc::ptr_eq(&a, &b));
    let start = Instant::now();
    let read: Vec<_> = links
        .iter()
        .map(|l| t.read_bytes(&format!("/{l}")))
        .collect();
    assert!(start.elapsed() < Duration::from_secs(1));
    assert_eq!(read.iter().filter(|r| r.is_ok()).count(), 3);
    let e = read[3].as_ref().unwrap_err().to_string();
    assert!(e.contains("--image-max-read"), "{e}");
    let e = t.read_bytes("/c/0").unwrap_err().to_string();
    assert!(e.contains("more than 40 symbolic links"), "{e}");
}

// --- mutations: errors, never panics ---

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(4) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = [0, 0xff, b'/', b'.', b'7', 0x80][rng.below(6)];
            }
            2 => b.truncate(rng.below(b.len() + 1)),
            _ => {
                let i = rng.below(b.len() + 1);
                let j = rng.below(b.len() + 1);
                let chunk = b[i.min(j)..i.max(j)].to_vec();
                b.splice(i..i, chunk.into_iter().take(4096));
            }
        }
    }
    b
}

#[test]
fn mutated_archives_and_layers_fail_cleanly() {
    let limits = small(|l| {
        l.max_expanded = 16 << 20;
        l.max_kept = 4 << 20;
        l.max_entries = 10_000;
    });
    let oci = tar_of(&oci_files());
    let seeds = [oci.clone(), gzip(&oci), zstd(&oci), tar_of(&docker_files())];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = Instant::now();
    for i in 0..600 {
        let data = mutate(&mut rng, &seeds[i % seeds.len()]);
        if let Ok(img) = Image::from_bytes(data, None, &default_keep, &limits) {
            for name in img.tree.list_dir("/epics/pvi-defs") {
                let _ = img.tree.read_text(&format!("/epics/pvi-defs/{name}"));
            }
        }
    }
    // the layer reader behind the digests
    for i in 0..600 {
        let seed = &layers()[i % 3];
        let data = mutate(&mut rng, seed);
        let Ok((dec, _)) = layers::decompress(&data[..]) else {
            continue;
        };
        let _ = layers::read_layer(dec, &default_keep, &Budget::new(limits));
    }
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn long_link_targets_resolve_in_bounded_time() {
    let mut t = Tree::default();
    let long = "a/".repeat(2000);
    for i in 0..40 {
        t.add(
            format!("/l{i}"),
            Kind::Symlink(format!("/{long}../../l{}", i + 1)),
        );
    }
    t.add("/x/y".into(), Kind::Symlink("../z".into()));
    t.add(
        "/z".into(),
        Kind::File(Some(std::sync::Arc::from(&b"z"[..]))),
    );
    assert_eq!(t.resolve("/x/y").as_deref(), Some("/z"));
    assert_eq!(t.resolve("/x/./y/").as_deref(), Some("/z"));
    assert_eq!(t.resolve("/../..").as_deref(), Some("/"));
    let start = Instant::now();
    for _ in 0..1000 {
        assert!(t.read_bytes("/l0/f").is_err());
    }
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}
