//! JSON text written by hand for the few documents written on every trace (a token's claims,
//! a token response), exactly as serde_json writes them: the tests hold them to it.

/// `s` as a JSON string, quotes included, escaped as serde_json escapes it: `"` and `\`, the
/// control characters (`\b` `\t` `\n` `\f` `\r` by name, the others as `\u00xx`), nothing else.
pub fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let plain = |b: u8| b >= 0x20 && b != b'"' && b != b'\\';
    if s.bytes().all(plain) {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\u{c}' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[(c as usize) >> 4]));
                    out.push(char::from(HEX[(c as usize) & 15]));
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

/// `v` in decimal, as serde_json writes an integer.
pub fn push_i64(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    super::push_u64(out, v.unsigned_abs());
}

/// One member of a compact object: `,` unless it is the first, the key and `:`.
pub fn push_key(out: &mut String, first: bool, key: &str) {
    if !first {
        out.push(',');
    }
    push_json_str(out, key);
    out.push(':');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_integers_are_written_as_serde_json_writes_them() {
        let mut odd: String = (0u8..0x80).map(char::from).collect();
        odd.push_str("é€😀 \u{7f}\u{85}\u{2028}");
        for s in ["", "plain", "a\"b\\c", "tab\tnew\nline", odd.as_str()] {
            let mut out = String::new();
            push_json_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
        for v in [0, 7, -7, 1_779_235_200, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_i64(&mut out, v);
            assert_eq!(out, serde_json::to_string(&v).unwrap());
        }
    }
}
