//! The EPICS database parser: examples, located errors, round trip and
//! robustness properties.

use proptest::prelude::*;
use pvi_core::epicsdb::*;
use pvi_core::source::Span;
use pvi_core::FileId;

const SAMPLE: &str = r#"# A template
include "base.template"
substitute "P=X:,R=Y:"
path "$(TOP)/db"

alias("$(P)Old", "$(P)New")
record(ai, "$(P)$(R)Temp") {
    # a comment in the body
    field(DTYP, "asynFloat64")
    field(INP,  "@asyn($(PORT),$(ADDR=0),$(TIMEOUT=1))TEMP")
    field(SCAN, "I/O Intr")
    field(SCAN, Passive)
    alias("$(P)$(R)Temperature")
    info(autosaveFields, "VAL")
    info(Q:group, {"$(P)PVI": {"pvi.Temp.r": {"+channel": "NAME"}}})
}
grecord(ao,$(P)Bare)
record(waveform, "$(P)NoBody")
"#;

fn span() -> Span {
    Span::default()
}

#[test]
fn reads_every_kind_of_statement() {
    let p = parse(SAMPLE, FileId(0));
    assert!(p.diags.is_empty(), "{:?}", p.diags);
    let kinds: Vec<&str> =
        p.db.items
            .iter()
            .map(|i| match i {
                Item::Record(_) => "record",
                Item::Include { .. } => "include",
                Item::Substitute { .. } => "substitute",
                Item::Alias { .. } => "alias",
                Item::Comment { .. } => "comment",
                Item::Other { .. } => "other",
            })
            .collect();
    assert_eq!(
        kinds,
        [
            "comment",
            "include",
            "substitute",
            "other",
            "alias",
            "record",
            "record",
            "record"
        ]
    );
    let recs: Vec<&Record> = p.db.records().collect();
    let temp = recs[0];
    assert_eq!(
        (temp.rtype.as_str(), temp.name.as_str()),
        ("ai", "$(P)$(R)Temp")
    );
    assert_eq!(temp.field("SCAN"), Some("Passive"), "the last one wins");
    assert_eq!(temp.infos().count(), 2);
    assert!(matches!(temp.infos().nth(1).unwrap().value, Value::Json(_)));
    assert_eq!(recs[1].keyword, RecordKeyword::Grecord);
    assert_eq!(recs[1].name, "$(P)Bare");
    assert!(recs[2].body.is_none());
    let refs = macro_refs(temp.field("INP").unwrap());
    assert_eq!(refs[1].name, "ADDR");
    assert_eq!(refs[1].default.as_deref(), Some("0"));
}

#[test]
fn errors_are_located_and_parsing_goes_on() {
    let text = "record(ai, \"A\") {\n    field(DTYP \"x\")\n}\nrecord(ao, \"B\") {\n    field(VAL, \"1\")\n}\n";
    let mut sources = pvi_core::Sources::new();
    let id = sources.add("bad.db", text);
    let p = parse(text, id);
    assert_eq!(p.diags.len(), 1);
    assert_eq!(sources.location(p.diags[0].span.unwrap()), "bad.db:2:16");
    assert_eq!(p.diags[0].message, "expected `,`, found string \"x\"");
    let names: Vec<&str> = p.db.records().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["B"]);
    assert_eq!(p.skipped.len(), 1);
}

#[test]
fn unterminated_things_do_not_hang() {
    for text in [
        "record(",
        "record(ai, \"A",
        "record(ai, \"A\") {",
        "field(",
        "{",
        "\"",
        "$(",
    ] {
        let p = parse(text, FileId(0));
        assert!(
            !p.diags.is_empty() || p.db.items.is_empty() || text == "{",
            "{text}"
        );
    }
}

fn word() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_:.+-]{0,8}(\\$\\([A-Z]{1,3}(=[a-z0-9 ]{0,4})?\\))?"
}

fn quoted() -> impl Strategy<Value = String> {
    "[^\"\\\\\n\r]{0,12}"
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        quoted().prop_map(Value::Quoted),
        word().prop_map(Value::Bare),
        "[a-z]{1,4}".prop_map(|k| Value::Json(format!("{{\"{k}\": [1, \"}}\"]}}"))),
    ]
}

fn comment() -> impl Strategy<Value = String> {
    "[^\n\r]{0,16}"
}

fn body_item() -> impl Strategy<Value = BodyItem> {
    prop_oneof![
        ("[A-Z]{1,4}", value()).prop_map(|(name, value)| BodyItem::Field(Setting {
            name,
            value,
            span: span()
        })),
        ("[a-zA-Z:]{1,8}", value()).prop_map(|(name, value)| BodyItem::Info(Setting {
            name,
            value,
            span: span()
        })),
        quoted().prop_map(|name| BodyItem::Alias { name, span: span() }),
        comment().prop_map(|text| BodyItem::Comment { text, span: span() }),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        (
            prop_oneof![Just(RecordKeyword::Record), Just(RecordKeyword::Grecord)],
            "[a-z]{1,8}|\\*",
            quoted(),
            proptest::option::of(proptest::collection::vec(body_item(), 0..6)),
        )
            .prop_map(|(keyword, rtype, name, body)| Item::Record(Record {
                keyword,
                rtype,
                name,
                body,
                span: span()
            })),
        quoted().prop_map(|path| Item::Include { path, span: span() }),
        quoted().prop_map(|text| Item::Substitute { text, span: span() }),
        (quoted(), quoted()).prop_map(|(record, alias)| Item::Alias {
            record,
            alias,
            span: span()
        }),
        comment().prop_map(|text| Item::Comment { text, span: span() }),
    ]
}

proptest! {
    #[test]
    fn generated_databases_round_trip(items in proptest::collection::vec(item(), 0..8)) {
        let db = Database { items };
        let text = to_text(&db);
        let p = parse(&text, FileId(0));
        prop_assert!(p.diags.is_empty(), "{:?}\n{}", p.diags, text);
        prop_assert_eq!(p.db, db);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(record|grecord|field|info|alias|include|path|[(){},\"#$\\\\\\n\\[ ]|[a-z]|\\$\\(|\\$\\{){0,60}") {
        let p = parse(&text, FileId(0));
        // whatever was read writes and reads again without errors
        let again = parse(&to_text(&p.db), FileId(0));
        prop_assert!(again.diags.is_empty(), "{:?}", again.diags);
        prop_assert_eq!(again.db, p.db);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse(&text, FileId(0));
    }
}

/// What parses writes back to text that reads again to the same database.
fn assert_round_trips(text: &str) {
    let p = parse(text, FileId(0));
    let written = to_text(&p.db);
    let again = parse(&written, FileId(0));
    assert!(again.diags.is_empty(), "{written}\n{:?}", again.diags);
    assert_eq!(again.db, p.db, "{written}");
}

/// Found by the `epicsdb` fuzz target: a bare record name holding a quote
/// inside a macro (`${"}`) was written quoted and no longer read back.
#[test]
fn fuzz_bare_name_with_quote_in_macro_round_trips() {
    assert_round_trips("record(l,${\"})");
    assert_round_trips("alias(${\"}, \"b\")");
}

/// Found by the `epicsdb` fuzz target: a bare record type `\` (and a name
/// from invalid UTF-8) was written as `"\"`, an unterminated string.
#[test]
fn fuzz_backslash_type_round_trips() {
    assert_round_trips("record(\\,\u{fffd})");
    assert_round_trips("record(a\\, b\\)");
}

/// Macro defaults are ordinary EPICS syntax, and a default may hold quotes
/// inside a quoted value (ADCore's NDOverlayN.template: `"$(XPOS="") CP MS"`).
#[test]
fn macro_defaults_with_quotes_inside_strings() {
    let text = "record(longout, \"$(P=default:)$(R)PositionX\") {\n    field(DOL, \"$(XPOS=\"\") CP MS\")\n    field(VAL, \"$(NAME=\"\")\")\n    field(DESC, \"${D=\"x\"} y\")\n}\n";
    let p = parse(text, FileId(0));
    assert!(p.diags.is_empty(), "{:?}", p.diags);
    let r = p.db.records().next().unwrap();
    assert_eq!(r.name, "$(P=default:)$(R)PositionX");
    assert_eq!(r.field("DOL"), Some("$(XPOS=\"\") CP MS"));
    assert_eq!(r.field("VAL"), Some("$(NAME=\"\")"));
    assert_eq!(r.field("DESC"), Some("${D=\"x\"} y"));
    assert_round_trips(text);
    // a macro that does not close on its line is not one: the quote ends the string
    let p = parse(
        "record(ai, \"A\") {\n    field(DESC, \"$(X\")\n}\n",
        FileId(0),
    );
    assert_eq!(p.db.records().next().unwrap().field("DESC"), Some("$(X"));
    let p = parse(
        "record(ai, \"A\") {\n    field(DESC, \"$(X=\"\n)\")\n}\n",
        FileId(0),
    );
    assert!(!p.diags.is_empty());
}
