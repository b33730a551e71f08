//! Tests on image archives built here: OCI layout, OCI archive, docker save.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use super::*;
use pvi_core::World;
use std::io::Write;

enum E<'a> {
    File(&'a str, &'a str),
    Link(&'a str, &'a str),
    Dir(&'a str),
}

fn layer(entries: &[E]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        let mut h = tar::Header::new_gnu();
        match e {
            E::File(p, text) => {
                h.set_entry_type(tar::EntryType::Regular);
                h.set_size(text.len() as u64);
                h.set_mode(0o644);
                h.set_cksum();
                b.append_data(&mut h, p, text.as_bytes()).unwrap();
            }
            E::Link(p, target) => {
                h.set_entry_type(tar::EntryType::Symlink);
                h.set_size(0);
                h.set_mode(0o777);
                b.append_link(&mut h, p, target).unwrap();
            }
            E::Dir(p) => {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_size(0);
                h.set_mode(0o755);
                h.set_cksum();
                b.append_data(&mut h, p, std::io::empty()).unwrap();
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
    ]);
    let l3 = layer(&[E::File("./epics/pvi-defs/A.pvi.device.yaml", "label: A2\n")]);
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
    assert_eq!(t.list_dir("/epics/old"), vec!["y.yaml"]);
    assert!(t.is_dir("/epics/support/B"));
    assert!(!t.is_dir("/epics/pvi-defs/A.pvi.device.yaml"));
    assert!(t.read_bytes("/epics/bin/huge.bin").is_err());
}

fn digest(i: usize) -> String {
    format!("{i:064x}")
}

/// Files of an OCI layout: (path, bytes).
fn oci_files() -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(
        "oci-layout".to_string(),
        br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
    )];
    let mut descs = Vec::new();
    for (i, l) in layers().into_iter().enumerate() {
        descs.push(format!(
            r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:{}","size":{}}}"#,
            digest(i + 10),
            l.len()
        ));
        files.push((format!("blobs/sha256/{}", digest(i + 10)), l));
    }
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":2}},"layers":[{}]}}"#,
        digest(2),
        descs.join(",")
    );
    files.push((format!("blobs/sha256/{}", digest(2)), b"{}".to_vec()));
    files.push((
        format!("blobs/sha256/{}", digest(1)),
        manifest.clone().into_bytes(),
    ));
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"latest"}}}}]}}"#,
        digest(1),
        manifest.len()
    );
    files.push(("index.json".to_string(), index.into_bytes()));
    files
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

#[test]
fn oci_layout_folder() {
    let dir = tempfile::tempdir().unwrap();
    for (p, bytes) in oci_files() {
        let path = dir.path().join(&p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let img = Image::open(dir.path(), None).unwrap();
    assert_eq!(img.layers.len(), 3);
    check(&img);
    check(&Image::open(dir.path(), Some("latest")).unwrap());
    assert!(Image::open(dir.path(), Some("nope")).is_err());
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
}

#[test]
fn docker_save_tarball() {
    let mut files = Vec::new();
    let mut names = Vec::new();
    for (i, l) in layers().into_iter().enumerate() {
        let name = format!("{}/layer.tar", digest(i + 20));
        names.push(format!("\"{name}\""));
        files.push((name, l));
    }
    files.push((
        "manifest.json".to_string(),
        format!(
            r#"[{{"Config":"c.json","RepoTags":["ioc:1"],"Layers":[{}]}}]"#,
            names.join(",")
        )
        .into_bytes(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("docker.tar");
    std::fs::write(&p, tar_of(&files)).unwrap();
    check(&Image::open(&p, None).unwrap());
    check(&Image::open(&p, Some("ioc:1")).unwrap());
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
    assert!(t.read_bytes("/a/x").is_err());
}

#[test]
fn archives_in_memory() {
    let oci = tar_of(&oci_files());
    check(&Image::from_bytes(oci.clone(), None, &default_keep).unwrap());
    check(&Image::from_bytes(gzip(&oci), Some("latest"), &default_keep).unwrap());
    check(&Image::from_bytes(zstd(&oci), None, &default_keep).unwrap());
    assert!(Image::from_bytes(b"not a tar".to_vec(), None, &default_keep).is_err());
    assert!(Image::from_bytes(Vec::new(), None, &default_keep).is_err());
}
