//! Where a name appears on a legacy screen: the y coordinate used by
//! `regroup` to order components (docs/behaviour/convert.md#y-coordinate).
//!
//! MEDM `.adl` (and any other file) follows pvi: the last `y=<digits>`
//! before the last occurrence of the name. pvi-rs adds EDM `.edl` (the
//! last `y <digits>` line before it) and Phoebus `.bob`/`.opi` (the
//! absolute y of the innermost widget holding it, group offsets added).

/// Screen file kinds regroup reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    /// MEDM (and the fallback for unknown suffixes): `y=30`.
    Adl,
    /// EDM: a `y 30` line.
    Edl,
    /// Phoebus / CSS XML: `<y>30</y>` inside `<widget>`.
    Bob,
}

impl ScreenKind {
    /// The kind for a file path, by suffix.
    pub fn of_path(path: &str) -> Self {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".edl") {
            ScreenKind::Edl
        } else if lower.ends_with(".bob") || lower.ends_with(".opi") {
            ScreenKind::Bob
        } else {
            ScreenKind::Adl
        }
    }
}

/// The y coordinate of `name` in `text`, or `None` when it has none.
/// Call only when `text` contains `name`.
pub fn y_of(kind: ScreenKind, text: &str, name: &str) -> Option<i64> {
    let last = text.rfind(name)?;
    match kind {
        ScreenKind::Adl => last_marker_digits(&text[..last], "y="),
        ScreenKind::Edl => last_edl_y(&text[..last]),
        ScreenKind::Bob => bob_y(text, last),
    }
}

/// pvi's rule: the last `marker` before the end, which must be followed by digits.
fn last_marker_digits(before: &str, marker: &str) -> Option<i64> {
    let at = before.rfind(marker)?;
    digits(&before[at + marker.len()..])
}

fn digits(s: &str) -> Option<i64> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    s[..n].parse().ok()
}

fn last_edl_y(before: &str) -> Option<i64> {
    before
        .match_indices("\ny ")
        .last()
        .and_then(|(i, _)| digits(before[i + 3..].trim_start_matches(' ')))
}

/// Absolute y of the innermost `<widget>` around byte `at`.
fn bob_y(text: &str, at: usize) -> Option<i64> {
    // every widget: (parent widget, own y); `stack` holds the open ones
    let mut widgets: Vec<(Option<usize>, Option<i64>)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut holder: Option<Option<usize>> = None;
    let mut i = 0;
    while let Some(off) = text[i..].find('<') {
        let pos = i + off;
        if holder.is_none() && pos > at {
            holder = Some(stack.last().copied());
        }
        let rest = &text[pos..];
        if rest.starts_with("<widget") && !rest.starts_with("<widgets") {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            if !rest[..end].ends_with("/>") {
                widgets.push((stack.last().copied(), None));
                stack.push(widgets.len() - 1);
            }
            i = pos + end;
        } else if rest.starts_with("</widget>") {
            stack.pop();
            i = pos + 9;
        } else if let Some(y) = rest.strip_prefix("<y>") {
            if let Some(&top) = stack.last() {
                if widgets[top].1.is_none() {
                    widgets[top].1 = digits(y.trim_start());
                }
            }
            i = pos + 3;
        } else {
            i = pos + 1;
        }
    }
    let mut w = holder.unwrap_or(stack.last().copied())?;
    let mut y = 0;
    loop {
        y = widgets[w].1.unwrap_or(0).saturating_add(y);
        match widgets[w].0 {
            Some(p) => w = p,
            None => return Some(y),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adl_follows_pvi() {
        let t = "object {\n y=30\n}\nchan=\"$(P)Gain\"\nobject { y=60 }\nchan=\"$(P)Offset\"";
        assert_eq!(y_of(ScreenKind::Adl, t, "Gain"), Some(30));
        assert_eq!(y_of(ScreenKind::Adl, t, "Offset"), Some(60));
        assert_eq!(y_of(ScreenKind::Adl, "y=x Gain", "Gain"), None);
        assert_eq!(y_of(ScreenKind::Adl, "Gain", "Gain"), None);
    }

    #[test]
    fn edl_lines() {
        let t = "object activeXTextDspClass\nbeginObjectProperties\nx 10\ny 42\ncontrolPv \"$(P)Gain\"\nendObjectProperties\n";
        assert_eq!(y_of(ScreenKind::Edl, t, "Gain"), Some(42));
    }

    #[test]
    fn bob_adds_group_offsets() {
        let t = "<display><name>Gain screen</name>\n<widget type=\"group\"><y>100</y>\n<widget type=\"textupdate\"><pv_name>$(P)Gain</pv_name><x>5</x><y>20</y></widget>\n</widget>\n<widget type=\"label\"><y>7</y><text>Offset</text></widget></display>";
        assert_eq!(y_of(ScreenKind::Bob, t, "Gain"), Some(120));
        assert_eq!(y_of(ScreenKind::Bob, t, "Offset"), Some(7));
        assert_eq!(
            y_of(
                ScreenKind::Bob,
                "<display><name>Only</name></display>",
                "Only"
            ),
            None
        );
    }
}
