//! Rendered diagnostics for malformed device files: each must name
//! `file:line:col`, never panic, and read well (insta snapshots).

use pvi_core::diag::render_all;
use pvi_core::resolve::{resolve, Loader};
use pvi_core::yaml::Limits;
use pvi_core::MemoryWorld;

macro_rules! bad {
    ($($name:literal),* $(,)?) => {
        fn world() -> MemoryWorld {
            let mut w = MemoryWorld::new();
            $(
                w.insert(
                    concat!("bad/", $name, ".pvi.device.yaml"),
                    include_bytes!(concat!("fixtures/bad/", $name, ".pvi.device.yaml")).to_vec(),
                );
            )*
            w
        }
    };
}

bad!(
    "bad_indentation",
    "wrong_type_tag",
    "missing_field",
    "bad_name",
    "signalx_widget",
    "unknown_key",
    "cycle_a",
    "cycle_b",
    "missing_include",
    "not_utf8",
    "empty",
    "string_pv",
    "duplicate_key",
    "top_level_type",
    "include_in_group",
);

/// Loads and resolves `bad/NAME.pvi.device.yaml`; returns the rendered errors.
fn errors_of(name: &str) -> String {
    let w = world();
    let mut loader = Loader::new(&w);
    let path = format!("bad/{name}.pvi.device.yaml");
    let result = loader
        .load_device(&path)
        .and_then(|d| resolve(&mut loader, d, &["bad".to_string()]));
    let diags = result.expect_err("the fixture must be rejected");
    for d in &diags {
        let loc = d
            .location(&loader.sources)
            .expect("every diagnostic is located");
        assert!(loc.starts_with(&path) || loc.starts_with("bad/"), "{loc}");
    }
    render_all(&diags, &loader.sources)
}

macro_rules! snap {
    ($($test:ident => $name:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            insta::assert_snapshot!($name, errors_of($name));
        }
    )*};
}

snap!(
    bad_indentation => "bad_indentation",
    wrong_type_tag => "wrong_type_tag",
    missing_field => "missing_field",
    bad_name => "bad_name",
    signalx_widget => "signalx_widget",
    unknown_key => "unknown_key",
    include_cycle => "cycle_a",
    missing_include => "missing_include",
    not_utf8 => "not_utf8",
    empty_file => "empty",
    wrong_scalar_types => "string_pv",
    duplicate_key => "duplicate_key",
    top_level_type => "top_level_type",
    include_in_group => "include_in_group",
);

#[test]
fn huge_file_is_a_located_error() {
    let mut text = String::from("label: Huge\nchildren:\n");
    for i in 0..5000 {
        text += &format!("  - {{type: SignalR, name: S{i}, read_pv: PV{i}}}\n");
    }
    let w = MemoryWorld::new().with("huge.pvi.device.yaml", text);
    let mut loader = Loader::new(&w);
    loader.limits = Limits {
        max_bytes: 64 * 1024,
        ..Limits::default()
    };
    let diags = loader.load_device("huge.pvi.device.yaml").unwrap_err();
    let text = render_all(&diags, &loader.sources);
    assert!(text.contains("huge.pvi.device.yaml:1:1"), "{text}");
    assert!(text.contains("too large"), "{text}");
}

#[test]
fn deep_nesting_is_a_located_error() {
    let text = format!(
        "label: Deep\nchildren: {}{}\n",
        "[".repeat(500),
        "]".repeat(500)
    );
    let w = MemoryWorld::new().with("deep.pvi.device.yaml", text);
    let mut loader = Loader::new(&w);
    let diags = loader.load_device("deep.pvi.device.yaml").unwrap_err();
    let m = &diags[0].message;
    assert!(m.contains("nesting") || m.contains("recursion"), "{m}");
    assert!(diags[0].span.is_some());
}

#[test]
fn wrong_suffix_names_the_file() {
    let w = MemoryWorld::new().with("dev.yaml", "label: x\n");
    let mut loader = Loader::new(&w);
    let diags = loader.load_device("dir/dev.yaml").unwrap_err();
    assert_eq!(
        diags[0].message,
        "Expected 'dev.yaml' to end with '.pvi.device.yaml'"
    );
}

#[test]
fn twenty_thousand_unknown_fields_print_a_hundred() {
    // 200,000 printed 44 MB; diag.rs checks the cap at that size
    let mut text = String::from("label: U\n");
    for i in 0..20_000 {
        text += &format!("bogus{i}: 1\n");
    }
    text += "children: []\n";
    let w = MemoryWorld::new().with("u.pvi.device.yaml", text);
    let mut p = pvi_core::Project::new(&w);
    let f = p.device("u.pvi.device.yaml", &[]).unwrap_err();
    assert_eq!(f.diags.len(), 101);
    assert_eq!(f.diags[0].message, "unknown field `bogus0` in Device");
    assert_eq!(f.diags[100].message, "… and 19,900 more errors");
    let out = f.render();
    assert!(out.len() < 100_000, "{} bytes", out.len());
    assert!(out.ends_with("error: 20000 problems found\n"));
}
