//! Node's `util.inspect` as `console.log` applies it (depth 2, breakLength 80, compact 3): a
//! short object on one line, a longer one an entry a line indented by two; keys bare when they
//! are identifiers; strings in single quotes unless they hold one.

use serde_json::Value;

const BREAK_LENGTH: usize = 80;
const DEPTH: usize = 2;

/// A JavaScript string literal as inspect quotes it.
pub(super) fn js_string(s: &str) -> String {
    let q = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') && !s.contains("${") {
        '`'
    } else {
        '\''
    };
    let mut out = String::from(q);
    for ch in s.chars() {
        match ch {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn key(k: &str) -> String {
    let ident = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        k.to_string()
    } else {
        js_string(k)
    }
}

/// An object's entries (already formatted) joined the way inspect joins them.
pub(super) fn join(
    prefix: &str,
    open: char,
    close: char,
    entries: &[String],
    indent: usize,
) -> String {
    if entries.is_empty() {
        return format!("{prefix}{open}{close}");
    }
    let braces0 = prefix.len() + 1;
    let start = entries.len() + indent + braces0 + 10;
    // isBelowBreakLength: the entries, a separator each and `start` within breakLength.
    let total: usize =
        entries.iter().map(|e| e.chars().count()).sum::<usize>() + entries.len() + start;
    let fits = start + 2 * entries.len() <= BREAK_LENGTH && total <= BREAK_LENGTH;
    if fits && !entries.iter().any(|e| e.contains('\n')) {
        return format!("{prefix}{open} {} {close}", entries.join(", "));
    }
    let pad = " ".repeat(indent);
    format!(
        "{prefix}{open}\n{pad}  {}\n{pad}{close}",
        entries.join(&format!(",\n{pad}  "))
    )
}

/// A parsed JSON value as console.log prints it.
pub(super) fn value(v: &Value) -> String {
    nested(v, 0, 0)
}

fn nested(v: &Value, depth: usize, indent: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => js_string(s),
        Value::Array(a) if depth > DEPTH && !a.is_empty() => "[Array]".into(),
        Value::Object(o) if depth > DEPTH && !o.is_empty() => "[Object]".into(),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(|x| nested(x, depth + 1, indent + 2)).collect();
            join("", '[', ']', &items, indent)
        }
        Value::Object(o) => {
            let items: Vec<String> = o
                .iter()
                .map(|(k, x)| format!("{}: {}", key(k), nested(x, depth + 1, indent + 2)))
                .collect();
            join("", '{', '}', &items, indent)
        }
    }
}

/// Response headers as axios hands them over (an AxiosHeaders of lower-case names).
pub(super) fn axios_headers(h: &[(String, String)]) -> String {
    let entries: Vec<String> = h
        .iter()
        .map(|(k, v)| format!("{}: {}", key(&k.to_ascii_lowercase()), js_string(v)))
        .collect();
    join("Object [AxiosHeaders] ", '{', '}', &entries, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_objects_stay_on_one_line_long_ones_break() {
        let v: Value = serde_json::json!({"error": "invalid_token", "status": 401});
        assert_eq!(value(&v), "{ error: 'invalid_token', status: 401 }");
        let v: Value = serde_json::json!({"detail": "The access token expired.", "instance": "/v2/customers/65176", "status": 401});
        assert_eq!(
            value(&v),
            "{\n  detail: 'The access token expired.',\n  instance: '/v2/customers/65176',\n  status: 401\n}"
        );
        assert_eq!(js_string("it's"), "\"it's\"");
        assert_eq!(key("content-type"), "'content-type'");
    }
}
