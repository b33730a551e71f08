//! `pvi ioc generate` and `pvi image ls` end to end on the areaDetector
//! fixture IOC, from folders and from an OCI image built here.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    fixture_named("epics")
}

fn fixture_named(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/ioc")
        .join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn pvi(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pvi"))
        .args(args)
        .env("IOC_NAME", "bl01t-ea-ioc-02")
        .env_remove("EPICS_ROOT")
        .output()
        .unwrap()
}

/// Every output file under `root/opi` and `root/runtime`: relative path → bytes.
fn outputs(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for d in ["opi", "runtime"] {
        let mut names: Vec<_> = std::fs::read_dir(root.join(d))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        for n in names {
            let rel = format!("{d}/{}", n.to_string_lossy());
            m.insert(rel.clone(), std::fs::read(root.join(&rel)).unwrap());
        }
    }
    m
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

fn summary(files: &BTreeMap<String, Vec<u8>>) -> String {
    files
        .iter()
        .map(|(k, v)| format!("{k:<40} {:>7} bytes  fnv {:016x}\n", v.len(), fnv(v)))
        .collect()
}

#[test]
fn areadetector_ioc_from_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("epics");
    copy_dir(&fixture(), &root);
    let out = pvi(&["ioc", "generate", "--epics-root", root.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = outputs(&root);
    insta::assert_snapshot!("areadetector_files", summary(&files));
    insta::assert_snapshot!(
        "areadetector_index",
        String::from_utf8_lossy(&files["opi/index.bob"])
    );
    insta::assert_snapshot!(
        "areadetector_subst",
        String::from_utf8_lossy(&files["runtime/pvi.subst"])
    );
    insta::assert_snapshot!(
        "areadetector_overlay_template",
        String::from_utf8_lossy(&files["runtime/NDOverlayN.pvi.template"])
    );
}

/// Python printing, enums, defines, incrementor, merge keys, a disabled
/// entity, regex macro keys, one device name from two folders, config
/// overrides (checked against ibek 4.8.2 by scripts/ioc-ibek-diff/run.sh).
#[test]
fn edge_cases_fixture() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edge");
    copy_dir(&fixture_named("edge"), &root);
    let out = pvi(&["ioc", "generate", "--epics-root", root.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = outputs(&root);
    insta::assert_snapshot!("edge_files", summary(&files));
    insta::assert_snapshot!(
        "edge_subst",
        String::from_utf8_lossy(&files["runtime/pvi.subst"])
    );
    insta::assert_snapshot!(
        "edge_index",
        String::from_utf8_lossy(&files["opi/index.bob"])
    );
    insta::assert_snapshot!(
        "edge_gauge_template",
        String::from_utf8_lossy(&files["runtime/Gauge.pvi.template"])
    );
}

#[test]
fn explicit_files_match_generate2() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    copy_dir(&fixture(), &a);
    copy_dir(&fixture(), &b);
    assert!(
        pvi(&["ioc", "generate", "--epics-root", a.to_str().unwrap()])
            .status
            .success()
    );
    let defs = b.join("ibek-defs");
    let mut args: Vec<String> = vec![
        "ioc".into(),
        "generate".into(),
        b.join("ioc/config/ioc.yaml").to_string_lossy().into_owned(),
    ];
    let mut supports: Vec<_> = std::fs::read_dir(&defs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    supports.sort();
    args.extend(supports.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(["--epics-root".into(), b.to_string_lossy().into_owned()]);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = pvi(&argv);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(outputs(&a), outputs(&b));
}

#[test]
fn errors_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("epics");
    copy_dir(&fixture(), &root);
    let inst = root.join("ioc/config/ioc.yaml");
    let text = std::fs::read_to_string(&inst)
        .unwrap()
        .replace("NOverlays: 2", "NOverlays: 2\n    Bogus: 1");
    std::fs::write(&inst, text).unwrap();
    let out = pvi(&["ioc", "generate", "--epics-root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown argument 'Bogus'") && err.contains("ioc.yaml:"),
        "{err}"
    );
    assert!(!root.join("opi").exists() && !root.join("runtime").exists());
}

#[test]
fn thousands_of_errors_print_the_first_hundred() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("epics");
    copy_dir(&fixture(), &root);
    let mut text = String::from("ioc_name: x\ndescription: x\nentities:\n");
    for i in 0..20_000 {
        text += &format!("  - {{P: p{i}}}\n");
    }
    std::fs::write(root.join("ioc/config/ioc.yaml"), text).unwrap();
    let out = pvi(&["ioc", "generate", "--epics-root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("error: entity has no `type`").count(), 100);
    assert!(err.contains("error: … and 19,900 more errors"), "{err}");
    assert!(err.ends_with("error: 20000 problems found\n"));
    assert!(err.len() < 100_000, "{} bytes", err.len());
}

#[test]
fn a_deep_sub_entity_fan_out_is_a_located_error() {
    // 2^33 entities unchecked: the nesting limit stops this one at depth 33
    // and the entity budget any wider one (crates/pvi-core/tests/ioc_limits.rs)
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("epics");
    std::fs::create_dir_all(root.join("ibek-defs")).unwrap();
    std::fs::create_dir_all(root.join("ioc/config")).unwrap();
    let mut s = String::from("module: bomb\nentity_models:\n");
    for i in 0..40 {
        s += &format!(
            "  - name: l{i}\n    description: l\n    parameters: {{}}\n    sub_entities:\n"
        );
        s += &format!(
            "      - {{type: bomb.l{}}}\n      - {{type: bomb.l{}}}\n",
            i + 1,
            i + 1
        );
    }
    s += "  - name: l40\n    description: l\n    parameters: {}\n";
    std::fs::write(root.join("ibek-defs/bomb.ibek.support.yaml"), s).unwrap();
    std::fs::write(
        root.join("ioc/config/ioc.yaml"),
        "ioc_name: x\ndescription: x\nentities:\n  - type: bomb.l0\n",
    )
    .unwrap();
    let out = pvi(&["ioc", "generate", "--epics-root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nest deeper than 32 levels") && err.contains("bomb.ibek.support.yaml:"),
        "{err}"
    );
}

// --- an OCI image of the fixture's pvi-defs and ibek-defs, built here ---

fn tar_layer(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (p, bytes) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, p, bytes.as_slice()).unwrap();
    }
    b.into_inner().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut g = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    g.write_all(bytes).unwrap();
    g.finish().unwrap()
}

fn dir_entries(dir: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                format!("{prefix}/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Layer 1: every device file plus a stale one; layer 2: support files and
/// a whiteout of the stale device.
fn write_oci(dir: &Path) {
    let mut l1 = dir_entries(&fixture().join("pvi-defs"), "epics/pvi-defs");
    l1.push((
        "epics/pvi-defs/Stale.pvi.device.yaml".into(),
        b"label: Stale\n".to_vec(),
    ));
    let mut l2 = dir_entries(&fixture().join("ibek-defs"), "epics/ibek-defs");
    l2.push((
        "epics/pvi-defs/.wh.Stale.pvi.device.yaml".into(),
        Vec::new(),
    ));
    let blobs = dir.join("blobs/sha256");
    std::fs::create_dir_all(&blobs).unwrap();
    let sha = |b: &[u8]| pvi_image::digest::of(pvi_image::digest::Alg::Sha256, b).hex;
    let mut layers = Vec::new();
    for l in [l1, l2].iter() {
        let bytes = gzip(&tar_layer(l));
        let d = sha(&bytes);
        std::fs::write(blobs.join(&d), &bytes).unwrap();
        layers.push(format!(
            r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{d}","size":{}}}"#,
            bytes.len()
        ));
    }
    let manifest = format!(
        r#"{{"schemaVersion":2,"config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":2}},"layers":[{}]}}"#,
        sha(b"{}"),
        layers.join(",")
    );
    std::fs::write(blobs.join(sha(b"{}")), "{}").unwrap();
    std::fs::write(blobs.join(sha(manifest.as_bytes())), &manifest).unwrap();
    std::fs::write(
        dir.join("index.json"),
        format!(
            r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":{}}}]}}"#,
            sha(manifest.as_bytes()),
            manifest.len()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("oci-layout"), r#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
}

/// In `tmp`: the fixture IOC generated from folders (the reference bytes)
/// and an OCI image of its `pvi-defs` and `ibek-defs`.
fn folders_and_image(tmp: &Path) -> (PathBuf, PathBuf) {
    let folders = tmp.join("folders");
    copy_dir(&fixture(), &folders);
    assert!(
        pvi(&["ioc", "generate", "--epics-root", folders.to_str().unwrap()])
            .status
            .success()
    );
    let img = tmp.join("image");
    write_oci(&img);
    (folders, img)
}

/// `pvi ioc generate --epics-root root --image img`, which must succeed.
fn generate_from_image(root: &Path, img: &Path) {
    let (root, img) = (root.to_str().unwrap(), img.to_str().unwrap());
    let out = pvi(&["ioc", "generate", "--epics-root", root, "--image", img]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn image_gives_the_same_bytes_as_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let (folders, img) = folders_and_image(tmp.path());
    let local = tmp.path().join("local");
    copy_dir(&fixture().join("ioc"), &local.join("ioc"));
    generate_from_image(&local, &img);
    assert_eq!(outputs(&folders), outputs(&local));

    let ls = pvi(&["image", "ls", img.to_str().unwrap()]);
    assert!(ls.status.success());
    let text = String::from_utf8_lossy(&ls.stdout).replace(img.to_str().unwrap(), "IMAGE");
    insta::assert_snapshot!("image_ls", text);
}

#[test]
fn format_from_an_image() {
    let tmp = tempfile::tempdir().unwrap();
    let img = tmp.path().join("image");
    write_oci(&img);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let defs = fixture().join("pvi-defs");
    let out = pvi(&[
        "format",
        a.join("NDStats.bob").to_str().unwrap(),
        defs.join("NDStats.pvi.device.yaml").to_str().unwrap(),
        "--yaml-path",
        defs.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = pvi(&[
        "format",
        b.join("NDStats.bob").to_str().unwrap(),
        "/epics/pvi-defs/NDStats.pvi.device.yaml",
        "--yaml-path",
        "/epics/pvi-defs",
        "--image",
        img.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |d: &Path| {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (ra, rb) = (read(&a), read(&b));
    assert_eq!(ra.len(), 2, "main screen and the Histogram sub-screen");
    assert_eq!(ra, rb);
}

#[test]
fn edl_and_adl_screens_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("epics");
    copy_dir(&fixture(), &root);
    let r = root.to_str().unwrap();
    let out = pvi(&[
        "ioc",
        "generate",
        "--epics-root",
        r,
        "--format",
        "edl",
        "--format",
        "adl",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = outputs(&root);
    let count = |ext: &str| files.keys().filter(|k| k.ends_with(ext)).count();
    assert_eq!(
        (count(".edl"), count(".adl"), count(".bob")),
        (17, 17, 1),
        "{:?}",
        files.keys()
    );
    assert!(files.contains_key("opi/NDStats_Histogram.pvi.edl"));
}

/// docs/ioc.md's CI recipe on an epics-containers services repository: IOCs
/// in `services/<ioc>/config/` (and the older `<ioc>/ioc/config/`), beside
/// services that are no IOC (a gateway, phoebus), which are skipped with a
/// note. Each IOC gets the bytes of the folder run.
#[test]
fn services_repository_with_an_image() {
    let tmp = tempfile::tempdir().unwrap();
    let (folders, img) = folders_and_image(tmp.path());
    let services = tmp.path().join("services");
    copy_dir(
        &fixture().join("ioc/config"),
        &services.join("bl01t-ea-ioc-02/config"),
    );
    copy_dir(
        &fixture().join("ioc"),
        &services.join("bl01t-ea-ioc-03/ioc"),
    );
    std::fs::create_dir_all(services.join("bl01t-ea-gateway/config")).unwrap();
    std::fs::write(
        services.join("bl01t-ea-gateway/config/pvlist"),
        ".* ALLOW\n",
    )
    .unwrap();
    std::fs::create_dir_all(services.join("phoebus")).unwrap();
    std::fs::write(services.join("README.md"), "not a service\n").unwrap();

    let (img_s, services_s) = (img.to_str().unwrap(), services.to_str().unwrap());
    let out = pvi(&[
        "ioc",
        "generate",
        "--image",
        img_s,
        "--services",
        services_s,
    ]);
    let err = String::from_utf8_lossy(&out.stderr).replace(services_s, "services");
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err,
        "note: skipping 'services/bl01t-ea-gateway': no IOC instance (config/ioc.yaml or ioc/config/ioc.yaml)\n\
         note: skipping 'services/phoebus': no IOC instance (config/ioc.yaml or ioc/config/ioc.yaml)\n"
    );
    for ioc in ["bl01t-ea-ioc-02", "bl01t-ea-ioc-03"] {
        assert_eq!(outputs(&folders), outputs(&services.join(ioc)), "{ioc}");
    }
    assert!(!services.join("phoebus/opi").exists());

    // one service at a time, as the loop of the recipe runs it
    let one = services.join("bl01t-ea-ioc-02");
    std::fs::remove_dir_all(one.join("opi")).unwrap();
    generate_from_image(&one, &img);
    assert_eq!(outputs(&folders), outputs(&one));

    // a folder without any IOC is an error, not a silent success
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(empty.join("gateway")).unwrap();
    let out = pvi(&["ioc", "generate", "--services", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no IOC instance in any folder"));
}
