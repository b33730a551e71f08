//! Names read from an image — manifest, index and blob names, archive
//! members, layer entries — checked before use and escaped before shown.
//!
//! A name is relative and stays inside the image: no `..`, no leading `/`,
//! no NUL, at most [`MAX_NAME`] bytes. Text from the archive reaches a
//! message only through [`quote`], which shows anything but printable ASCII
//! as `\xNN`.

/// Longest name or link target accepted, in bytes (Linux's `PATH_MAX`).
pub const MAX_NAME: usize = 4096;

/// Most bytes of a name shown in a message.
const MAX_SHOWN: usize = 160;

/// `bytes` in single quotes for a message: printable ASCII as is, `'` and
/// `\` escaped, every other byte as `\xNN`; cut after 160 bytes.
pub fn quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().min(MAX_SHOWN) + 2);
    out.push('\'');
    for &b in bytes.iter().take(MAX_SHOWN) {
        match b {
            b'\'' => out.push_str("\\'"),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('\'');
    if bytes.len() > MAX_SHOWN {
        out.push_str(&format!("… ({} bytes)", bytes.len()));
    }
    out
}

/// `text` for a terminal: control characters (C0, DEL, C1) as `\xNN` or
/// `\u{NNNN}`; everything else unchanged (names and labels in listings).
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if (c as u32) < 0x80 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Checks a relative name of `what` and normalises it: `.` and empty
/// components dropped, components joined by `/`. Rejects `..`, absolute
/// names, NUL and names longer than [`MAX_NAME`]; the error quotes the name.
pub fn relative(name: &[u8], what: &str) -> Result<String, String> {
    let bad = |why: &str| format!("{what} {} {why}", quote(name));
    if name.len() > MAX_NAME {
        return Err(bad(&format!("is longer than {MAX_NAME} bytes")));
    }
    if name.contains(&0) {
        return Err(bad("contains a NUL byte"));
    }
    if name.first() == Some(&b'/') {
        return Err(bad("is absolute (names must stay inside the image)"));
    }
    let mut parts: Vec<&[u8]> = Vec::new();
    for part in name.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                return Err(bad(
                    "has a '..' component (names must stay inside the image)",
                ))
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(bad("is empty"));
    }
    let joined = parts.join(&b'/');
    Ok(String::from_utf8_lossy(&joined).into_owned())
}

/// Sizes for messages: `2 GiB`, `64 MiB`, `1.5 KiB`, `100 bytes`.
pub fn human(bytes: u64) -> String {
    const UNITS: [(&str, u64); 4] = [
        ("TiB", 1 << 40),
        ("GiB", 1 << 30),
        ("MiB", 1 << 20),
        ("KiB", 1 << 10),
    ];
    for (unit, size) in UNITS {
        if bytes >= size {
            let whole = bytes / size;
            let tenth = (bytes % size) * 10 / size;
            return if tenth == 0 {
                format!("{whole} {unit}")
            } else {
                format!("{whole}.{tenth} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_control_bytes() {
        assert_eq!(quote(b"a/b"), "'a/b'");
        assert_eq!(quote(b"root:x:0:0\n\x1b[31m"), "'root:x:0:0\\x0a\\x1b[31m'");
        assert_eq!(quote("é".as_bytes()), "'\\xc3\\xa9'");
        assert!(quote(&[b'a'; 500]).ends_with("… (500 bytes)"));
        assert_eq!(escape_controls("A\u{1b}[2J\u{9b}é"), "A\\x1b[2J\\u{009b}é");
    }

    #[test]
    fn relative_names_stay_inside() {
        assert_eq!(
            relative(b"./blobs//sha256/ab", "blob").unwrap(),
            "blobs/sha256/ab"
        );
        for bad in [
            &b"../../etc/passwd"[..],
            b"a/../../b",
            b"/etc/passwd",
            b"",
            b"./",
            b"a\0b",
        ] {
            assert!(relative(bad, "layer").is_err(), "{}", quote(bad));
        }
        let e = relative(b"../../../../etc/passwd", "layer").unwrap_err();
        assert!(
            e.contains("'../../../../etc/passwd'") && e.contains("'..'"),
            "{e}"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(human(2 << 30), "2 GiB");
        assert_eq!(human(64 << 20), "64 MiB");
        assert_eq!(human(1536), "1.5 KiB");
        assert_eq!(human(100), "100 bytes");
    }
}
