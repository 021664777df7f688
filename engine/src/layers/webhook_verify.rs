//! How the webhook receiver's handler verifies a delivery's signature: over the raw body as it
//! arrived (the Standard Webhooks way), or, when its framework parsed the JSON first, over the
//! body serialised again, which no longer has the bytes that were signed.

use serde_json::Value;

/// The receiver's verification habits; a healthy receiver verifies the raw body.
#[derive(Clone, Debug, Default)]
pub struct Verify {
    /// The handler gets the parsed payload (Flask's `request.get_json()`) and verifies
    /// `json.dumps(payload)`, Python's default serialisation, instead of the raw body.
    pub reserializes_body: bool,
}

impl Verify {
    /// The content the receiver checks the signature over.
    pub fn signed_content(&self, raw: &str) -> String {
        if !self.reserializes_body {
            return raw.to_string();
        }
        match serde_json::from_str::<Value>(raw) {
            Ok(v) => python_dumps(&v),
            Err(_) => raw.to_string(),
        }
    }
}

/// Python's `json.dumps` with its defaults: `", "` and `": "` separators, non-ASCII escaped
/// as `\uXXXX`, keys in the order they arrived.
pub fn python_dumps(v: &Value) -> String {
    match v {
        Value::Object(o) => {
            let parts: Vec<String> = o
                .iter()
                .map(|(k, x)| format!("{}: {}", ascii(k), python_dumps(x)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(python_dumps).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::String(s) => ascii(s),
        other => other.to_string(),
    }
}

/// A JSON string literal with every non-ASCII character escaped (`ensure_ascii=True`).
fn ascii(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap_or_default();
    let mut out = String::with_capacity(quoted.len());
    for c in quoted.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}
