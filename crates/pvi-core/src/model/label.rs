//! Names, title case, PascalCase forcing (docs/behaviour/device-model.md#names-and-labels).

/// Whether `name` matches `^([A-Z][a-z0-9]*)*$` (the empty string does).
pub fn is_pascal_case(name: &str) -> bool {
    let b = name.as_bytes();
    b.is_empty()
        || (b[0].is_ascii_uppercase()
            && b.iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// The display form of a PascalCase name: `NDArrayPort` → `ND Array Port`.
pub fn title_case(name: &str) -> String {
    if name.is_ascii() {
        return title_case_ascii(name.as_bytes());
    }
    title_case_chars(name)
}

fn title_case_chars(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        let upper_boundary = c.is_ascii_uppercase()
            && (prev.is_none_or(|p| !p.is_ascii_uppercase())
                || next.is_some_and(|n| n.is_ascii_lowercase() || n == '/'));
        let digit_boundary = c.is_ascii_digit() && prev.is_some_and(|p| p.is_ascii_lowercase());
        if upper_boundary || digit_boundary {
            out.push(' ');
        }
        out.push(c);
    }
    let mut it = out.chars();
    it.next();
    it.as_str().to_string()
}

/// [`title_case`] of ASCII text, byte by byte.
fn title_case_ascii(b: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 8);
    let mut prev: Option<u8> = None;
    for (i, &c) in b.iter().enumerate() {
        let next = b.get(i + 1).copied();
        let upper_boundary = c.is_ascii_uppercase()
            && (prev.is_none_or(|p| !p.is_ascii_uppercase())
                || next.is_some_and(|n| n.is_ascii_lowercase() || n == b'/'));
        let digit_boundary = c.is_ascii_digit() && prev.is_some_and(|p| p.is_ascii_lowercase());
        if upper_boundary || digit_boundary {
            out.push(b' ');
        }
        out.push(c);
        prev = Some(c);
    }
    // pvi drops the first character (the space before a leading capital)
    if !out.is_empty() {
        out.remove(0);
    }
    // ASCII in, ASCII out
    String::from_utf8(out).unwrap_or_default()
}

/// Forces text into a PascalCase-looking name: non-alphanumerics dropped, first upper-cased.
///
/// Returns `None` when nothing is left (pvi crashes there).
pub fn enforce_pascal_case(s: &str) -> Option<String> {
    let c: Vec<char> = s.chars().collect();
    let keep = match c.as_slice() {
        [a] => a.is_ascii_uppercase(),
        [a, b] => a.is_ascii_uppercase() && (b.is_ascii_lowercase() || *b == '/'),
        _ => false,
    };
    if keep {
        return Some(s.to_string());
    }
    let cleaned: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let mut it = cleaned.chars();
    let first = it.next()?;
    Some(first.to_ascii_uppercase().to_string() + it.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_path_matches_the_char_path() {
        use proptest::prelude::*;
        proptest!(|(s in "[ -~]{0,16}")| {
            prop_assert_eq!(title_case_ascii(s.as_bytes()), title_case_chars(&s));
        });
    }

    #[test]
    fn title_case_examples() {
        let cases = [
            ("AcquireTime", "Acquire Time"),
            ("GainX", "Gain X"),
            ("NDArrayPort", "ND Array Port"),
            ("PVATable", "PVA Table"),
            ("ABC", "ABC"),
            ("ABc", "A Bc"),
            ("ROI1Enable", "ROI1 Enable"),
            ("Int32Value", "Int 32 Value"),
            ("XSine1Amplitude", "X Sine 1 Amplitude"),
            ("Array2D", "Array 2 D"),
            ("Dim0SA", "Dim 0 SA"),
            ("X2", "X2"),
            ("A1B", "A1 B"),
            ("Ab1C2", "Ab 1 C2"),
            ("AB12Cd", "AB12 Cd"),
            ("Bl04iEaErio01", "Bl 04i Ea Erio 01"),
            ("GCFirmwareVerBuild", "GC Firmware Ver Build"),
            ("ToggleButtonRBV", "Toggle Button RBV"),
            ("", ""),
        ];
        for (name, label) in cases {
            assert_eq!(title_case(name), label, "{name}");
        }
    }

    #[test]
    fn pascal_forcing() {
        let cases = [
            ("simDetector", "SimDetector"),
            ("GC_FirmwareVerBuild", "GCFirmwareVerBuild"),
            ("lower:case-name", "Lowercasename"),
            ("my dev", "Mydev"),
            ("NDFile.h", "NDFileh"),
            ("x", "X"),
            ("Ünï", "N"),
            ("A/", "A/"),
            ("Button - $(P)", "ButtonP"),
        ];
        for (input, out) in cases {
            assert_eq!(enforce_pascal_case(input).as_deref(), Some(out), "{input}");
        }
        assert_eq!(enforce_pascal_case("--"), None);
    }

    #[test]
    fn pascal_check() {
        for ok in ["", "NDArrayPort", "ROI1", "A1B2"] {
            assert!(is_pascal_case(ok), "{ok}");
        }
        for bad in ["gain", "Gain_X", "1Gain", "Gain-X", "Ü"] {
            assert!(!is_pascal_case(bad), "{bad}");
        }
    }
}
