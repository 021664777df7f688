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
        v8_unexpected_token(&chars, pos)
    }
}

/// V8's "Unexpected token" message for the character at `pos` of `src`: a source shorter than
/// 21 characters quoted whole, a longer one as up to 10 characters either side of the token,
/// with `...` outside the quotes where it was cut (`GetErrorMessageWithEllipses`).
fn v8_unexpected_token(src: &[char], pos: usize) -> String {
    const CONTEXT: usize = 10;
    let c = src.get(pos).copied().unwrap_or(' ');
    let n = src.len();
    let cut = |from: usize, to: usize| -> String { src[from..to.min(n)].iter().collect() };
    let (before, shown, after) = if n < 2 * CONTEXT + 1 {
        ("", cut(0, n), "")
    } else if pos < CONTEXT {
        ("", cut(0, pos + CONTEXT), "...")
    } else if pos < n - CONTEXT {
        ("...", cut(pos - CONTEXT, pos + CONTEXT), "...")
    } else {
        ("...", cut(pos - CONTEXT, n), "")
    };
    format!("Unexpected token '{c}', {before}\"{shown}\"{after} is not valid JSON")
}

/// Express's JSON body parser (body-parser 1.20, `strict`, the default) takes only an object or
/// an array: a body whose first non-blank character is anything else fails before `JSON.parse`
/// sees it, with the error `JSON.parse` gives for the same text from that character on replaced
/// by `#`s, each run of `#`s in the message then put back as the body's text from that character.
pub(super) fn strict_violation(body: &str) -> Option<String> {
    let chars: Vec<char> = body.chars().collect();
    let index = chars
        .iter()
        .position(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'))?;
    if matches!(chars[index], '{' | '[') {
        return None;
    }
    let mut partial = chars[..index].to_vec();
    partial.resize(chars.len(), '#');
    let msg = v8_unexpected_token(&partial, index);
    let mut out = String::with_capacity(msg.len());
    let mut run = 0;
    let put_back = |out: &mut String, run: &mut usize| {
        if *run > 0 {
            out.extend(&chars[index..(index + *run).min(chars.len())]);
            *run = 0;
        }
    };
    for ch in msg.chars() {
        if ch == '#' {
            run += 1;
        } else {
            put_back(&mut out, &mut run);
            out.push(ch);
        }
    }
    put_back(&mut out, &mut run);
    Some(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v8_cuts_a_long_source_around_the_token_outside_the_quotes() {
        let src: Vec<char> = "{\"customerId\": 12345, oops: true, \"channel\": \"chat\"}"
            .chars()
            .collect();
        assert_eq!(
            v8_unexpected_token(&src, 22),
            "Unexpected token 'o', ...\"\": 12345, oops: true\"... is not valid JSON"
        );
        let short: Vec<char> = "{x}".chars().collect();
        assert_eq!(
            v8_unexpected_token(&short, 1),
            "Unexpected token 'x', \"{x}\" is not valid JSON"
        );
    }

    #[test]
    fn strict_mode_refuses_a_json_string_with_the_body_as_its_excerpt() {
        // What axios sends for a malformed JSON string: the string, JSON-encoded.
        let body = r#""{\n  \"customerId\": \"1\"\n  \"channel\": \"chat\"\n}""#;
        assert_eq!(
            strict_violation(body).unwrap(),
            r#"Unexpected token '"', ""{\n  \"cu"... is not valid JSON"#
        );
        assert_eq!(strict_violation(" {\"a\": 1}"), None);
        assert_eq!(strict_violation("[1]"), None);
        assert_eq!(
            strict_violation("true").unwrap(),
            "Unexpected token 't', \"true\" is not valid JSON"
        );
    }
}
