//! What the service's request handling checks before any business rule: the chat body's
//! schema, the JSON parser's own error message and the phone number's format.

use serde_json::Value;

/// Checks a POST /v2/chats body against its schema; returns the problems found.
pub(super) fn chat_schema(v: &Value) -> Vec<(String, String)> {
    let mut errs = vec![];
    let Some(o) = v.as_object() else {
        return vec![("/".into(), "must be an object".into())];
    };
    for k in o.keys() {
        if !["customerId", "channel", "authenticated", "context"].contains(&k.as_str()) {
            errs.push((format!("/{k}"), "unknown field".into()));
        }
    }
    match o.get("customerId") {
        None => errs.push(("/customerId".into(), "is required".into())),
        Some(x) if !x.is_string() => errs.push(("/customerId".into(), "must be a string".into())),
        _ => {}
    }
    match o.get("channel") {
        None => errs.push(("/channel".into(), "is required".into())),
        Some(x) if !x.is_string() => errs.push(("/channel".into(), "must be a string".into())),
        _ => {}
    }
    if let Some(x) = o.get("authenticated") {
        if !x.is_boolean() {
            errs.push((
                "/authenticated".into(),
                format!("must be a boolean, got {}", kind(x)),
            ));
        }
    }
    if let Some(x) = o.get("context") {
        if !x.is_object() {
            errs.push((
                "/context".into(),
                format!("must be an object, got {}", kind(x)),
            ));
        }
    }
    errs
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

/// What `JSON.parse` on Node 20 (V8 11.3) says about a body, which Express's body parser
/// passes on as its error message.
pub(super) fn node_json_error(body: &str, e: &serde_json::Error) -> String {
    if e.classify() == serde_json::error::Category::Eof {
        return "Unexpected end of JSON input".into();
    }
    // serde counts lines and (1-based) columns; V8 counts characters from 0.
    let pos: usize = body
        .split('\n')
        .take(e.line().saturating_sub(1))
        .map(|l| l.chars().count() + 1)
        .sum::<usize>()
        + e.column().saturating_sub(1);
    let msg = e.to_string();
    let at = format!("in JSON at position {pos}");
    if msg.starts_with("expected `,` or `}`") {
        format!("Expected ',' or '}}' after property value {at}")
    } else if msg.starts_with("expected `,` or `]`") {
        format!("Expected ',' or ']' after array element {at}")
    } else if msg.starts_with("expected `:`") {
        format!("Expected ':' after property name {at}")
    } else if msg.starts_with("key must be a string") || msg.starts_with("trailing comma") {
        format!("Expected double-quoted property name {at}")
    } else if msg.starts_with("trailing characters") {
        format!("Unexpected non-whitespace character after JSON at position {pos}")
    } else if msg.starts_with("control character") {
        format!("Bad control character in string literal {at}")
    } else {
        let chars: Vec<char> = body.chars().collect();
        let c = chars.get(pos).copied().unwrap_or(' ');
        // V8 quotes a short source whole and a long one as the text around the token.
        let shown = if chars.len() <= 30 {
            body.to_string()
        } else {
            let from = pos.saturating_sub(10);
            let to = (pos + 10).min(chars.len());
            let mid: String = chars[from..to].iter().collect();
            format!(
                "{}{mid}{}",
                if from > 0 { "..." } else { "" },
                if to < chars.len() { "..." } else { "" }
            )
        };
        format!("Unexpected token '{c}', \"{shown}\" is not valid JSON")
    }
}

/// The `charset` parameter of a Content-Type, as given (`application/json; charset=utf-8`).
pub(super) fn charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"'))
    })
}

pub(super) fn e164(s: &str) -> bool {
    s.starts_with('+')
        && s.len() >= 9
        && s.len() <= 16
        && s[1..].bytes().all(|b| b.is_ascii_digit())
}
