//! Text as bytes: what a client that sends a file byte for byte puts on the wire when the file
//! is ISO-8859-1 (a legacy system's export), what a UTF-8 reader makes of those bytes, and the
//! hex dump a person reads them in.

use crate::model::HttpRequest;

/// `text` in ISO-8859-1: one byte per character. Every character the legacy files hold is
/// below U+0100; anything else would have been written as `?` by the exporting system.
pub fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

/// `bytes` read as UTF-8 with replacement, as Node's decoder (and so Express's body parser)
/// reads them: each maximal invalid sequence becomes one U+FFFD, as the Encoding Standard says.
pub fn as_utf8(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The bytes a request's body took on the wire: its `Content-Length` when that is smaller than
/// the body's text (each byte a UTF-8 reader replaced shows as three), else the text's length
/// (a client that announced more than it sent still sent only the text).
pub fn sent_len(req: &HttpRequest) -> usize {
    let text = req.body.as_ref().map_or(0, |b| b.len());
    let declared = crate::sim::header(&req.headers, "content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(text);
    declared.min(text)
}

/// `xxd -g1 FILE`: offset, sixteen bytes in hex one by one, then the printable ASCII of them
/// (`.` for anything else).
pub fn xxd_g1(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, row) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = row.iter().map(|b| format!("{b:02x}")).collect();
        let ascii: String = row
            .iter()
            .map(|&b| {
                if (0x20..0x7f).contains(&b) {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!("{:08x}: {:<47}  {ascii}\n", i * 16, hex.join(" ")));
    }
    out
}

/// The bytes of an `xxd` dump's lines (`00000000: 7b 0a …  {.`), whatever the grouping;
/// other lines (a prompt, `file`'s answer) are skipped.
pub fn from_xxd(dump: &str) -> Vec<u8> {
    let mut bytes = vec![];
    for line in dump.lines() {
        let Some((off, rest)) = line.split_once(": ") else {
            continue;
        };
        if off.len() != 8 || !off.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        // The hex part ends where the two spaces before the text column begin.
        let hex = rest.split("  ").next().unwrap_or("");
        for group in hex.split_whitespace() {
            let g = group.as_bytes();
            for pair in g.chunks(2) {
                if let Ok(b) = u8::from_str_radix(std::str::from_utf8(pair).unwrap_or(""), 16) {
                    bytes.push(b);
                }
            }
        }
    }
    bytes
}

/// Where `bytes` stop being UTF-8: each invalid sequence's offset and first byte.
pub fn not_utf8(bytes: &[u8]) -> Vec<(usize, u8)> {
    let mut out = vec![];
    let mut at = 0;
    while at < bytes.len() {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(_) => break,
            Err(e) => {
                let bad = at + e.valid_up_to();
                out.push((bad, bytes[bad]));
                at = bad + e.error_len().unwrap_or(bytes.len() - bad).max(1);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latin1_umlaut_is_one_byte_that_utf8_replaces() {
        let b = latin1("Müller");
        assert_eq!(b, [0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]);
        assert_eq!(as_utf8(&b), "M\u{FFFD}ller");
        assert_eq!(
            "Müller".as_bytes(),
            [0x4d, 0xc3, 0xbc, 0x6c, 0x6c, 0x65, 0x72]
        );
        assert_eq!(not_utf8(&b), [(1, 0xfc)]);
        assert!(not_utf8("Müller".as_bytes()).is_empty());
        // é before a letter: a three-byte lead with no continuation, still one replacement.
        assert_eq!(as_utf8(&latin1("Renée")), "Ren\u{FFFD}e");
    }

    #[test]
    fn xxd_dumps_as_xxd_prints_and_reads_back() {
        let b = latin1("{\n  \"name\": \"Lena Müller\"\n}");
        let dump = xxd_g1(&b);
        assert_eq!(
            dump,
            "00000000: 7b 0a 20 20 22 6e 61 6d 65 22 3a 20 22 4c 65 6e  {.  \"name\": \"Len\n\
             00000010: 61 20 4d fc 6c 6c 65 72 22 0a 7d                 a M.ller\".}\n"
        );
        assert_eq!(from_xxd(&format!("$ xxd -g1 f\n{dump}")), b);
        assert_eq!(
            from_xxd("00000000: 7b0a 4dfc  {.M."),
            [0x7b, 0x0a, 0x4d, 0xfc]
        );
    }
}
