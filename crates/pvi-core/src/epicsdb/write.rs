//! Writing a [`Database`] back as text (canonical layout, same meaning).

use super::*;

use super::parse::{reads_as_string, reads_as_word};

fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

/// A name as a bare word when it plainly is one, else as [`text`] writes it.
fn name(s: &str) -> String {
    let bare = !s.is_empty()
        && s.bytes()
            .all(|c| !(c.is_ascii_whitespace() || b"(){},\"#$\\".contains(&c)));
    if bare {
        s.to_string()
    } else {
        text(s)
    }
}

/// A record name, alias or type: quoted when it reads back from quotes,
/// else bare (a word such as `${"}` or `\` cannot be quoted).
fn text(s: &str) -> String {
    if !reads_as_string(s) && reads_as_word(s) {
        s.to_string()
    } else {
        quote(s)
    }
}

fn value(v: &Value) -> String {
    match v {
        Value::Quoted(s) => quote(s),
        Value::Bare(s) | Value::Json(s) => s.clone(),
    }
}

/// The text of `db`: one statement per line, bodies indented by 4.
pub fn to_text(db: &Database) -> String {
    let mut s = String::new();
    for item in &db.items {
        match item {
            Item::Record(r) => {
                let kw = match r.keyword {
                    RecordKeyword::Record => "record",
                    RecordKeyword::Grecord => "grecord",
                };
                s.push_str(&format!("{kw}({}, {})", name(&r.rtype), text(&r.name)));
                if let Some(body) = &r.body {
                    s.push_str(" {\n");
                    for b in body {
                        let line = match b {
                            BodyItem::Field(f) => {
                                format!("field({}, {})", name(&f.name), value(&f.value))
                            }
                            BodyItem::Info(f) => {
                                format!("info({}, {})", name(&f.name), value(&f.value))
                            }
                            BodyItem::Alias { name, .. } => format!("alias({})", text(name)),
                            BodyItem::Comment { text, .. } => format!("#{text}"),
                        };
                        s.push_str("    ");
                        s.push_str(&line);
                        s.push('\n');
                    }
                    s.push('}');
                }
                s.push('\n');
            }
            Item::Include { path, .. } => s.push_str(&format!("include {}\n", quote(path))),
            Item::Substitute { text, .. } => s.push_str(&format!("substitute {}\n", quote(text))),
            Item::Alias { record, alias, .. } => {
                s.push_str(&format!("alias({}, {})\n", text(record), text(alias)))
            }
            Item::Comment { text, .. } => s.push_str(&format!("#{text}\n")),
            Item::Other { text, .. } => {
                s.push_str(text);
                s.push('\n');
            }
        }
    }
    s
}
