//! Fuzz target: an IOC instance file (bytes) with a fixed support module
//! and device files (the repo's `fixtures/ioc/edge`) → entity expansion,
//! Jinja, PVI plan → every device screen (.bob, .edl, .adl), index.bob,
//! templates and pvi.subst. Errors are diagnostics; nothing panics.
#![no_main]
// fuzz_target! reads input files itself (std::fs) when run on a file
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use libfuzzer_sys::fuzz_target;
use pvi_core::emit::ScreenTemplates;
use pvi_core::ioc::{generate, opi, Inputs, Request};
use pvi_core::layout::ScreenFormat;
use pvi_core::resolve::Loader;
use pvi_core::MemoryWorld;
use pvi_fuzz::check_diags;

const INSTANCE: &str = "/i/vac.ibek.ioc.yaml";
const SUPPORT: &str = "/r/ibek-defs/vac.ibek.support.yaml";

macro_rules! fixture {
    ($p:literal) => {
        (
            concat!("/r/", $p),
            include_str!(concat!("../../fixtures/ioc/edge/", $p)),
        )
    };
}

fuzz_target!(|data: &[u8]| {
    let mut world = MemoryWorld::new().with(INSTANCE, data);
    for (p, text) in [
        fixture!("ibek-defs/vac.ibek.support.yaml"),
        fixture!("pvi-defs/Chan.pvi.device.yaml"),
        fixture!("pvi-defs/Gauge.pvi.device.yaml"),
        fixture!("pvi-defs/GaugeCommon.pvi.device.yaml"),
        fixture!("pvi-defs/Valve.pvi.device.yaml"),
        fixture!("pvi-defs/legacy/Gauge.pvi.device.yaml"),
        fixture!("ioc/config/GaugeCommon.pvi.device.yaml"),
        fixture!("ioc/config/Valve.pvi.device.yaml"),
    ] {
        world.insert(p, text);
    }
    let req = Request {
        epics_root: "/r".into(),
        inputs: Inputs::Files {
            instance: INSTANCE.into(),
            supports: vec![SUPPORT.into()],
        },
        env: [("HOME", "/home/ioc"), ("EPICS_ROOT", "/r")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let mut loader = Loader::new(&world);
    let plan = match generate(&mut loader, &req) {
        Ok(p) => p,
        Err(d) => return check_diags(&d, &loader.sources),
    };
    let templates = ScreenTemplates::default();
    let formats = [ScreenFormat::Bob, ScreenFormat::Edl, ScreenFormat::Adl];
    match opi::device_screens(&plan, &formats, &templates) {
        Ok(files) => assert!(files.iter().all(|f| !f.name.is_empty())),
        Err(d) => check_diags(&d, &loader.sources),
    }
    let files = plan.files();
    assert!(files.iter().any(|f| f.name == "index.bob"));
    for f in &files {
        if f.name.ends_with(".template") {
            let parsed = pvi_core::epicsdb::parse(&f.text, pvi_core::FileId(0));
            assert!(
                parsed.diags.is_empty(),
                "{}:\n{}\n{:?}",
                f.name,
                f.text,
                parsed.diags
            );
        }
    }
});
