//! Writes the hostile images of docs/security.md into a folder, to measure
//! `pvi image ls` / `ioc generate --image` / `format --image` on them:
//!
//! ```sh
//! cargo run --release -p pvi-image --example hostile_images -- /tmp/hostile
//! ```
//!
//! About 30 MB on disk; the gzip bombs take a few seconds each to compress.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use pvi_image::digest::{of, Alg};
use std::io::{Read, Write};
use std::path::Path;

fn sha(b: &[u8]) -> String {
    of(Alg::Sha256, b).hex
}

fn header(name: &str, size: u64, kind: tar::EntryType) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(kind);
    h.set_size(size);
    h.set_mode(0o644);
    h.set_path(name).unwrap();
    h.set_cksum();
    h
}

/// A tar of (name, bytes).
fn tar_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (n, bytes) in files {
        b.append(
            &header(n, bytes.len() as u64, tar::EntryType::Regular),
            &bytes[..],
        )
        .unwrap();
    }
    b.into_inner().unwrap()
}

/// The files of an OCI layout with these layer blobs.
fn oci(layers: &[Vec<u8>]) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(
        "oci-layout".to_string(),
        br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
    )];
    let mut descs = Vec::new();
    for l in layers {
        descs.push(format!(
            r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{}","size":{}}}"#,
            sha(l),
            l.len()
        ));
        files.push((format!("blobs/sha256/{}", sha(l)), l.clone()));
    }
    let config = b"{}".to_vec();
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":2}},"layers":[{}]}}"#,
        sha(&config),
        descs.join(",")
    );
    files.push((format!("blobs/sha256/{}", sha(&config)), config));
    files.push((
        format!("blobs/sha256/{}", sha(manifest.as_bytes())),
        manifest.clone().into_bytes(),
    ));
    files.push((
        "index.json".into(),
        format!(
            r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":{}}}]}}"#,
            sha(manifest.as_bytes()),
            manifest.len()
        )
        .into_bytes(),
    ));
    files
}

fn write_dir(dir: &Path, files: &[(String, Vec<u8>)]) {
    for (n, bytes) in files {
        let p = dir.join(n);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

fn gzip_best() -> flate2::write::GzEncoder<Vec<u8>> {
    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best())
}

/// A zstd frame of RLE zero blocks after a raw block `head`: `total`
/// bytes of output; `single` declares the whole content as the window.
fn zstd_zero_frame(head: &[u8], total: u64, single: bool) -> Vec<u8> {
    let mut f = vec![0x28, 0xb5, 0x2f, 0xfd];
    if single {
        f.push(0xe0); // 8-byte content size, single segment
        f.extend_from_slice(&total.to_le_bytes());
    } else {
        f.extend_from_slice(&[0x00, 0x50]); // no size, 1 MiB window
    }
    f.extend_from_slice(&((head.len() as u32) << 3).to_le_bytes()[..3]);
    f.extend_from_slice(head);
    let block = 128u64 << 10;
    let mut left = total - head.len() as u64;
    while left > 0 {
        let n = left.min(block);
        left -= n;
        let last = u32::from(left == 0);
        f.extend_from_slice(&(((n as u32) << 3) | (1 << 1) | last).to_le_bytes()[..3]);
        f.push(0);
    }
    f
}

fn main() {
    let out = std::env::args().nth(1).expect("usage: hostile_images DIR");
    let out = Path::new(&out);
    std::fs::create_dir_all(out).unwrap();
    let small_layer = tar_of(&[(
        "epics/pvi-defs/A.pvi.device.yaml".into(),
        b"label: A\n".to_vec(),
    )]);

    // 1. docker save folder whose manifest points at a host file
    let config = format!(
        r#"{{"rootfs":{{"type":"layers","diff_ids":["sha256:{}"]}}}}"#,
        sha(&small_layer)
    );
    let cname = format!("{}.json", sha(config.as_bytes()));
    let d = out.join("docker-passwd");
    write_dir(
        &d,
        &[
            (cname.clone(), config.clone().into_bytes()),
            (
                "manifest.json".into(),
                format!(r#"[{{"Config":"{cname}","RepoTags":["x:1"],"Layers":["../../../../etc/passwd"]}}]"#)
                    .into_bytes(),
            ),
        ],
    );

    // 2. OCI layout whose layer blob is a symlink to a host file, 3. a FIFO
    let files = oci(std::slice::from_ref(&small_layer));
    let blob = format!("blobs/sha256/{}", sha(&small_layer));
    for (name, fifo) in [("oci-symlink-blob", false), ("oci-fifo-blob", true)] {
        let d = out.join(name);
        let _ = std::fs::remove_dir_all(&d);
        write_dir(&d, &files);
        std::fs::remove_file(d.join(&blob)).unwrap();
        if fifo {
            assert!(std::process::Command::new("mkfifo")
                .arg(d.join(&blob))
                .status()
                .unwrap()
                .success());
        } else {
            #[cfg(unix)]
            std::os::unix::fs::symlink("/etc/passwd", d.join(&blob)).unwrap();
        }
    }

    // 4. a layer blob that does not match its digest
    let mut files = oci(std::slice::from_ref(&small_layer));
    let f = files.iter_mut().find(|(n, _)| *n == blob).unwrap();
    let at = f.1.windows(2).position(|w| w == b"A\n").unwrap();
    f.1[at] = b'B';
    write_dir(&out.join("oci-bad-digest"), &files);

    // 5. a layer entry leaving the root
    let mut h = header("x", 4, tar::EntryType::Regular);
    let evil = b"../../../../tmp/pvi-escape.yaml";
    h.as_old_mut().name[..evil.len()].copy_from_slice(evil);
    h.set_cksum();
    let mut b = tar::Builder::new(Vec::new());
    b.append(&h, &b"x: 1"[..]).unwrap();
    std::fs::write(
        out.join("layer-dotdot.tar"),
        tar_of(&oci(&[b.into_inner().unwrap()])),
    )
    .unwrap();

    // 6. a 16 MiB device file and a 16 MiB support file (valid, padded
    // with a comment), 1,000 symlinks to each
    let mut b = tar::Builder::new(gzip_best());
    let big = 16u64 << 20;
    for (name, head) in [
        ("epics/big.pvi.device.yaml", &b"label: Big\n#"[..]),
        (
            "epics/big.ibek.support.yaml",
            &b"module: big\nentity_models: []\n#"[..],
        ),
    ] {
        b.append(
            &header(name, big, tar::EntryType::Regular),
            head.chain(std::io::repeat(b'x').take(big - head.len() as u64 - 1))
                .chain(&b"\n"[..]),
        )
        .unwrap();
    }
    for i in 0..2000 {
        let (name, target) = if i % 2 == 0 {
            (
                format!("epics/pvi-defs/D{i}.pvi.device.yaml"),
                "/epics/big.pvi.device.yaml",
            )
        } else {
            (
                format!("epics/ibek-defs/S{i}.ibek.support.yaml"),
                "/epics/big.ibek.support.yaml",
            )
        };
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_size(0);
        b.append_link(&mut h, name, target).unwrap();
    }
    let layer = b.into_inner().unwrap().finish().unwrap();
    std::fs::write(out.join("fanout.tar"), tar_of(&oci(&[layer]))).unwrap();

    // 7. gzip layer: 200 × 16 MiB YAML files
    let mut b = tar::Builder::new(gzip_best());
    for i in 0..200 {
        b.append(
            &header(&format!("epics/f{i}.yaml"), big, tar::EntryType::Regular),
            std::io::repeat(b' ').take(big),
        )
        .unwrap();
    }
    let layer = b.into_inner().unwrap().finish().unwrap();
    std::fs::write(out.join("gzip-200x16MiB.tar"), tar_of(&oci(&[layer]))).unwrap();

    // 8. zstd layer: one frame of 2 GiB (one file of zeros), 1 MiB window;
    // and the same frame declaring its 2 GiB as the window
    let size = 2u64 << 30;
    let head = header("bin/zeros", size, tar::EntryType::Regular);
    let total = 512 + size + 1024;
    for (name, single) in [
        ("zstd-2GiB-frame.tar", false),
        ("zstd-2GiB-window.tar", true),
    ] {
        let layer = zstd_zero_frame(head.as_bytes(), total, single);
        std::fs::write(out.join(name), tar_of(&oci(&[layer]))).unwrap();
    }

    // 9. gzipped docker save holding a 5 GiB layer.tar
    let inner = 5u64 << 30;
    let layer_len = 512 + inner + 1024;
    let config = r#"{"rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]}}"#;
    let cname = format!("{}.json", sha(config.as_bytes()));
    let mut b = tar::Builder::new(flate2::write::GzEncoder::new(
        std::io::BufWriter::new(std::fs::File::create(out.join("docker-5GiB.tar.gz")).unwrap()),
        flate2::Compression::best(),
    ));
    let ih = header("bin/zeros", inner, tar::EntryType::Regular);
    b.append(
        &header("0/layer.tar", layer_len, tar::EntryType::Regular),
        ih.as_bytes().chain(std::io::repeat(0).take(inner + 1024)),
    )
    .unwrap();
    let manifest =
        format!(r#"[{{"Config":"{cname}","RepoTags":["x:1"],"Layers":["0/layer.tar"]}}]"#);
    for (n, bytes) in [
        (cname.as_str(), config.as_bytes()),
        ("manifest.json", manifest.as_bytes()),
    ] {
        b.append(
            &header(n, bytes.len() as u64, tar::EntryType::Regular),
            bytes,
        )
        .unwrap();
    }
    b.into_inner().unwrap().finish().unwrap().flush().unwrap();

    // 10. a layer of 2,000,000 empty files
    let mut b = tar::Builder::new(gzip_best());
    for i in 0..2_000_000u32 {
        b.append(
            &header(&format!("d/{:x}/{i}", i % 256), 0, tar::EntryType::Regular),
            std::io::empty(),
        )
        .unwrap();
    }
    let layer = b.into_inner().unwrap().finish().unwrap();
    std::fs::write(out.join("entries-2M.tar"), tar_of(&oci(&[layer]))).unwrap();

    for e in std::fs::read_dir(out).unwrap() {
        let e = e.unwrap();
        let len = std::fs::symlink_metadata(e.path()).unwrap().len();
        println!("{:>12}  {}", len, e.file_name().to_string_lossy());
    }
}
