//! Text that came through a successful call with U+FFFD where a letter was: where the bytes
//! stopped being UTF-8. The request's Content-Type says JSON (UTF-8 by RFC 8259, whatever its
//! charset parameter claims), so the question is which bytes the caller sent: a dump of the
//! file it sends, or the request's own length, says.

use super::{Ctx, Outcome};
use crate::model::*;
use crate::sim::header;
use Layer::*;

const REPLACED: char = '\u{FFFD}';

/// A client call answered 2xx whose request body shows U+FFFD: the bytes it carried were not
/// UTF-8 when they left the caller. A dump of the file it sends that holds bytes UTF-8 cannot
/// read (one byte for a letter, fc for ü) names the cause; so does a Content-Length that counts
/// one byte for each U+FFFD the body shows (three in UTF-8). A caller that sent valid UTF-8
/// (no U+FFFD in what it sent) and got its letters back replaced, or misread (ü as Ã¼, a latin1
/// column or connection), is not blamed: the service or its database broke them.
pub(crate) fn replaced(c: &mut Ctx) -> Option<Outcome> {
    let ev = c.ev;
    let answered = |x: &&Exchange| {
        x.from == Client
            && x.response
                .as_ref()
                .is_some_and(|r| (200..300).contains(&r.status))
    };
    let sent = ev.exchanges.iter().filter(answered).find(|x| {
        x.request
            .body
            .as_deref()
            .is_some_and(|b| b.contains(REPLACED))
    });
    let Some(x) = sent else {
        // Valid text out, letters broken on the way back (U+FFFD, or UTF-8 read as a
        // single-byte charset: ü as Ã¼): what stored or served it is behind the API.
        let back = ev.exchanges.iter().filter(answered).find(|x| {
            let sent = x.request.body.as_deref().unwrap_or("");
            x.response
                .as_ref()
                .and_then(|r| r.body.as_deref())
                .is_some_and(|b| b.contains(REPLACED) || misread(sent, b))
        })?;
        return Some(c.open(
            &[Backend, Database],
            format!(
                "{} {} went out as valid UTF-8 and its letters came back changed: they were broken after the request arrived",
                back.request.method,
                crate::layers::split_url(&back.request.url).3
            ),
        ));
    };
    let ct = header(&x.request.headers, "content-type").unwrap_or("");
    if !ct.starts_with("application/json") {
        return None;
    }
    let body = x.request.body.as_deref().unwrap_or("");
    let what = format!(
        "{} {} (Content-Type: {ct}) arrived with U+FFFD in its body and was answered {}",
        x.request.method,
        crate::layers::split_url(&x.request.url).3,
        x.response.as_ref().map_or(0, |r| r.status)
    );
    // The caller's file, dumped on its machine.
    let dumped = ev
        .artifacts
        .iter()
        .filter(|a| a.kind == "file")
        .map(|a| crate::charset::from_xxd(&a.body))
        .find(|b| crate::charset::as_utf8(b) == body);
    if let Some(bytes) = dumped {
        let bad = crate::charset::not_utf8(&bytes);
        if let Some(&(at, b)) = bad.first() {
            let letter = char::from(b);
            return Some(c.settle(
                Client,
                Some("wrong-charset"),
                format!(
                    "{what}; the dump of the file the caller sends has byte {b:02x} at offset {at:#x} ({letter} in ISO-8859-1, two bytes in UTF-8): a single-byte file sent as it is under a UTF-8 label, and the API replaced what it could not read"
                ),
            ));
        }
    }
    // One byte on the wire for each replacement the text shows (three bytes in UTF-8).
    let replaced = body.matches(REPLACED).count();
    let declared: Option<usize> =
        header(&x.request.headers, "content-length").and_then(|v| v.parse().ok());
    if declared == Some(body.len() - 2 * replaced) {
        return Some(c.settle(
            Client,
            Some("wrong-charset"),
            format!(
                "{what}; Content-Length: {} counts one byte for each of the {replaced} U+FFFD (the text shows {} bytes as UTF-8): a letter went out as a single byte, so the caller sent a single-byte charset under a UTF-8 label",
                declared.unwrap_or(0),
                body.len()
            ),
        ));
    }
    Some(c.settle(
        Client,
        None,
        format!("{what}: the caller's bytes were already broken when they left it"),
    ))
}

/// Whether `back` holds a letter of `sent` as its UTF-8 bytes read one by one as ISO-8859-1
/// (ü as Ã¼), where `sent` had the letter itself.
fn misread(sent: &str, back: &str) -> bool {
    sent.chars().filter(|c| !c.is_ascii()).any(|c| {
        let mut buf = [0; 4];
        let as_bytes: String = c.encode_utf8(&mut buf).bytes().map(char::from).collect();
        back.contains(&as_bytes) && !back.contains(c)
    })
}
