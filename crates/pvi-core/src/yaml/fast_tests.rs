//! The fast path against saphyr: same nodes, same spans, or it gives up.

use super::fast;
use super::limits::Limits;
use super::node::{Node, Value};
use super::saphyr::load_saphyr;
use crate::source::FileId;
use proptest::prelude::*;

/// Same values and spans; `Err` names the first difference.
fn same(a: &Node, b: &Node) -> Result<(), String> {
    if (a.span.start, a.span.end) != (b.span.start, b.span.end) {
        return Err(format!(
            "span {}..{} vs {}..{} of {:?}",
            a.span.start, a.span.end, b.span.start, b.span.end, b.value
        ));
    }
    match (&a.value, &b.value) {
        (Value::Seq(x), Value::Seq(y)) if x.len() == y.len() => {
            x.iter().zip(y).try_for_each(|(p, q)| same(p, q))
        }
        (Value::Map(x), Value::Map(y)) if x.len() == y.len() => {
            x.iter().zip(y).try_for_each(|((k1, v1), (k2, v2))| {
                same(k1, k2)?;
                same(v1, v2)
            })
        }
        (Value::Float(x), Value::Float(y)) if x.is_nan() && y.is_nan() => Ok(()),
        (x, y) if !matches!(x, Value::Seq(_) | Value::Map(_)) && x == y => Ok(()),
        (x, y) => Err(format!("{x:?} vs {y:?}")),
    }
}

/// If the fast path answers, saphyr agrees; returns whether it answered.
fn check(text: &str) -> Result<bool, String> {
    let limits = Limits::default();
    let Some(f) = fast::load(text, FileId(0), limits) else {
        return Ok(false);
    };
    match load_saphyr(text, FileId(0), limits) {
        Ok(s) => same(&f, &s).map(|_| true),
        Err(e) => Err(format!(
            "fast path accepted what saphyr rejects: {}",
            e.message
        )),
    }
}

macro_rules! files {
    ($($p:literal),* $(,)?) => { [$(($p, include_str!($p))),*] };
}

const FILES: [(&str, &str); 14] = files![
    "../../../../examples/camera.pvi.device.yaml",
    "../../../../examples/detector_base.pvi.device.yaml",
    "../../tests/fixtures/good/every_kind.pvi.device.yaml",
    "../../tests/fixtures/good/dls.pvi.formatter.yaml",
    "../../tests/fixtures/screens/every_widget.pvi.device.yaml",
    "../../tests/fixtures/ophyd/detector.pvi.device.yaml",
    "../../tests/fixtures/convert/areadetector/ADDriver.pvi.device.yaml",
    "../../tests/fixtures/bad/bad_indentation.pvi.device.yaml",
    "../../tests/fixtures/bad/duplicate_key.pvi.device.yaml",
    "../../../../fixtures/ioc/epics/pvi-defs/NDStats.pvi.device.yaml",
    "../../../../fixtures/ioc/epics/ibek-defs/ADCore.ibek.support.yaml",
    "../../../../fixtures/ioc/epics/ioc/config/ioc.yaml",
    "../../../../fixtures/ioc/edge/ibek-defs/vac.ibek.support.yaml",
    "../../../../formats/formatters/dls.bob.pvi.formatter.yaml",
];

#[test]
fn fixtures_agree_and_device_files_take_the_fast_path() {
    for (name, text) in FILES {
        let answered = check(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name.contains("pvi.device") && !name.contains("/bad/") {
            assert!(answered, "{name}: fast path gave up");
        }
    }
}

#[test]
fn generated_devices_agree_and_take_the_fast_path() {
    // JSON-style flow documents: left to saphyr, or the same answer
    for seed in 0..60 {
        for (name, text) in crate::synth::random_device(seed).files {
            check(&text).unwrap_or_else(|e| panic!("{seed} {name}: {e}"));
        }
    }
    for (name, text) in crate::synth::assorted_device(300, 4, 3).files {
        assert!(check(&text).unwrap_or_else(|e| panic!("{name}: {e}")));
    }
}

#[test]
fn constructs_outside_the_subset_are_left_to_saphyr() {
    for text in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  text\n",
        "a: [b,\n  c]\n",
        "a: b\n  c\n",
        "a:\tb\n",
        "--- \na: 1\n",
        "%YAML 1.1\n---\na: yes\n",
        "a: 1\na: 2\n",
        "a: 'x\n  y'\n",
        "- - a\n",
        "a: [b, &x c]\n",
        "plain scalar\n",
        "",
    ] {
        assert!(!check(text).unwrap(), "{text:?}");
    }
}

#[test]
fn spans_of_nulls_and_indentless_sequences_match() {
    for text in [
        "a:   # c\nb:\n  - x: 1\n    y:\n  -   \n  - [ ]\nc:\n  d: e\nf:",
        "- a\n-\n- b: \n",
        "k:\n- 1\nj: 2\n",
        "k:\n-\n- 2\n",
        "- children:\n  - a\n  - b: [1, 'two', \"3\"]\n",
        "x: 'it''s' # c\ny: \"q\\\"\\n\"\nz: -5\nw: 0x1F\nv: .5\nu: ~\n",
        "   a: 1\n   b:\n     - c\n",
    ] {
        assert!(check(text).unwrap(), "{text:?}");
    }
}

/// Block YAML with assorted layout, from small trees.
fn yaml_doc() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_ .:/#-]{0,12}",
        "-?[0-9]{1,4}(\\.[0-9]{1,2})?",
        Just("true".to_string()),
        Just("~".to_string()),
        "'[a-z ']{0,6}'",
        "\"[a-z \\\\n]{0,6}\"",
        "\\[[a-z0-9, ']{0,10}\\]",
    ];
    let key = "[a-z_][a-z0-9_]{0,6}";
    (
        prop::collection::vec(
            (
                key,
                prop_oneof![scalar, "[a-zA-Z0-9 '_:#-]{0,10}"],
                0..3usize,
                any::<bool>(),
            ),
            1..12,
        ),
        any::<bool>(),
        prop_oneof![Just(2usize), Just(4)],
    )
        .prop_map(|(entries, indentless, step)| {
            let mut out = String::from("# generated\n");
            for (i, (k, v, kind, comment)) in entries.iter().enumerate() {
                let c = if *comment { "  # note" } else { "" };
                match kind {
                    0 => out += &format!("{k}_{i}: {v}{c}\n"),
                    1 => {
                        out += &format!("{k}_{i}:{c}\n");
                        let pad = if indentless {
                            String::new()
                        } else {
                            " ".repeat(step)
                        };
                        out += &format!("{pad}- {v}\n{pad}- n: {v}\n{pad}  m: 1\n{pad}-\n");
                    }
                    _ => {
                        out += &format!("{k}_{i}:\n\n");
                        out += &format!(
                            "{}sub: {v}\n{}other: '{k}'\n",
                            " ".repeat(step),
                            " ".repeat(step)
                        );
                    }
                }
            }
            out
        })
}

/// A text edit: position (fraction) and what to insert or delete.
fn mutation() -> impl Strategy<Value = (f64, usize, &'static str)> {
    (
        0.0..1.0f64,
        0..3usize,
        prop::sample::select(vec![
            " ", "  ", ":", "- ", "#", "'", "\"", "[", "]", "\n", "\n  ", "x", "&a ", "*a", "|",
            "\\", ",", "é",
        ]),
    )
}

fn mutate(text: &str, edits: &[(f64, usize, &str)]) -> String {
    let mut s = text.to_string();
    for (at, del, ins) in edits {
        let mut i = ((s.len() as f64) * at) as usize;
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        let mut j = (i + del).min(s.len());
        while !s.is_char_boundary(j) {
            j += 1;
        }
        s.replace_range(i..j, ins);
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn generated_documents_agree(doc in yaml_doc()) {
        check(&doc).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn mutated_fixtures_agree(file in 0..FILES.len(), edits in prop::collection::vec(mutation(), 1..4)) {
        let text = mutate(FILES[file].1, &edits);
        check(&text).map_err(TestCaseError::fail)?;
    }
}
