//! A job that sends a file as its body, byte for byte: the file as it lies on the client's
//! machine (what `file -i` and `xxd` say of it), and what the job prints about the customer
//! the API created from it.

use crate::layers::Outcome;
use crate::model::*;
use crate::runtime::Runtime;
use crate::sim::Tb;
use crate::world::World;

/// The body file as the client's owner can show it: its charset as `file -i` guesses it from
/// the bytes, then the bytes themselves.
pub(super) fn file_artifact(w: &World, tb: &mut Tb) {
    let (Some(name), Some(bytes)) = (&w.client.body_file, w.client.body_bytes()) else {
        return;
    };
    let charset = if !crate::charset::not_utf8(&bytes).is_empty() {
        "iso-8859-1"
    } else if bytes.is_ascii() {
        "us-ascii"
    } else {
        "utf-8"
    };
    tb.artifact(
        "file",
        format!("{name} on the client's machine"),
        format!(
            "$ file -i {name}\n{name}: application/json; charset={charset}\n$ xxd -g1 {name}\n{}",
            crate::charset::xxd_g1(&bytes)
        ),
    );
}

/// What the job prints after the status: the customer the API created, as the API returned it
/// (curl's `-i` prints the body, Java's view printed it with the status already). A name that
/// came back with U+FFFD in it is where the job's owner sees the problem.
pub(super) fn printed(w: &World, tb: &mut Tb, out: &Outcome, outcome: String) -> String {
    let Some(r) = out
        .resp
        .as_ref()
        .filter(|r| w.client.body_file.is_some() && (200..300).contains(&r.status))
    else {
        return outcome;
    };
    let Some(v) = r
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
    else {
        return outcome;
    };
    let name = v["name"].as_str().unwrap_or("");
    if name.contains('\u{FFFD}') {
        // The job reads it in the answer: nothing on the path reported a failure.
        let e = tb.ev_ex(
            Layer::Client,
            Layer::Client,
            EventKind::Error,
            format!("The created customer's name comes back as \"{name}\""),
            out.ex,
            Some(r.status),
        );
        tb.fail(e, Layer::Client);
    }
    match w.client.runtime {
        Runtime::Node | Runtime::Python | Runtime::Php => format!(
            "{outcome}\ncustomer {}: {name}",
            v["id"].as_str().unwrap_or("")
        ),
        Runtime::Curl => format!(
            "{outcome}\n{}",
            crate::util::one_line(r.body.as_deref().unwrap_or(""))
        ),
        _ => outcome,
    }
}
