//! Pretty-prints JSON text without reordering keys (serde_json's `Value` would sort them), and
//! leaves anything that is not valid JSON exactly as it came.

pub fn pretty(text: &str) -> String {
    let trimmed = text.trim();
    let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if !looks_json || super::json_value::parse(trimmed).is_err() {
        return text.to_string();
    }
    let mut out = String::with_capacity(trimmed.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = trimmed.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // Keep empty containers on one line.
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}') | Some(']')) {
                    out.push(chars.next().unwrap_or(' '));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pretty;

    #[test]
    fn indents_and_keeps_key_order() {
        let out = pretty(r#"{"z":1,"a":{"b":[1,2],"c":{}},"s":"x, {y}: \"q\""}"#);
        assert_eq!(
            out,
            "{\n  \"z\": 1,\n  \"a\": {\n    \"b\": [\n      1,\n      2\n    ],\n    \"c\": {}\n  },\n  \"s\": \"x, {y}: \\\"q\\\"\"\n}"
        );
    }

    #[test]
    fn leaves_invalid_json_verbatim() {
        let bad = r#"{"a": 1 "b": 2}"#;
        assert_eq!(pretty(bad), bad);
        assert_eq!(pretty("plain text"), "plain text");
    }
}
