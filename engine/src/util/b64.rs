//! base64: encoding (standard and base64url) through the base64 crate, decoding our own (see
//! `b64_decode` for why).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;

/// Standard base64 with padding (HTTP Basic credentials, WebSocket accept keys, webhook secrets).
pub fn base64(data: &[u8]) -> String {
    STANDARD.encode(data)
}

/// Standard base64 (with padding) decoded, or `None` when it is not base64.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    STANDARD.decode(s).ok()
}

/// base64url without padding (JWT segments, share links).
pub fn base64url(data: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(data)
}

/// [`base64url`] appended to `out`.
pub fn push_base64url(out: &mut String, data: &[u8]) {
    URL_SAFE_NO_PAD.encode_string(data, out);
}

/// Decodes base64url, also accepting the standard alphabet's `+` `/` and `=` padding anywhere:
/// tokens are pasted by hand and a reader should be forgiving. None on any other character.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    b64_decode(s, true).ok()
}

/// Decodes unpadded base64url only; on a bad character returns it with its (char) index, so a
/// message can point at it.
pub fn base64url_decode_strict(s: &str) -> Result<Vec<u8>, (char, usize)> {
    b64_decode(s, false)
}

const PLUS: u8 = 64;
const SLASH: u8 = 65;
const PAD: u8 = 66;

/// Each byte's value in base64url (`A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_`), the standard alphabet's
/// `+` `/` `=` marked for the lenient reading, 255 for every other byte.
const B64URL: [u8; 256] = {
    let mut t = [255u8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        t[b'a' as usize + i] = 26 + i as u8;
        if i < 10 {
            t[b'0' as usize + i] = 52 + i as u8;
        }
        i += 1;
    }
    t[b'-' as usize] = 62;
    t[b'_' as usize] = 63;
    t[b'+' as usize] = PLUS;
    t[b'/' as usize] = SLASH;
    t[b'=' as usize] = PAD;
    t
};

/// Our own decoder, not the base64 crate's: the start page decodes tokens too, and the crate's
/// decoder would add about 2 KB gzip to a first load already past its budget (see
/// engine/BENCHMARKS.md). It also reads the way pasted tokens need: spare bits and a lone last
/// character are ignored, not refused.
fn b64_decode(s: &str, lenient: bool) -> Result<Vec<u8>, (char, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() * 3 / 4 + 3);
    let mut acc = 0u32;
    let mut bits = 0;
    let mut i = 0;
    while i < b.len() {
        // Four plain base64url characters at a byte boundary are three whole bytes (the usual
        // case: a token's segments hold nothing else); anything else goes one character at a time.
        if bits == 0 && i + 4 <= b.len() {
            let q = [b[i], b[i + 1], b[i + 2], b[i + 3]].map(|c| B64URL[usize::from(c)]);
            if q.iter().all(|&v| v < 64) {
                let n = u32::from(q[0]) << 18
                    | u32::from(q[1]) << 12
                    | u32::from(q[2]) << 6
                    | u32::from(q[3]);
                out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
                i += 4;
                continue;
            }
        }
        let c = b[i];
        i += 1;
        let v = match (B64URL[usize::from(c)], lenient) {
            (v, _) if v < 64 => v,
            (PLUS, true) => 62,
            (SLASH, true) => 63,
            (PAD, true) => continue,
            // Every byte before this one was ASCII, so its index is the character's index too.
            _ => return Err((s[i - 1..].chars().next().expect("i is in s"), i - 1)),
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}
