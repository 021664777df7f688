//! "Copy as cURL" for a recorded request, like browser devtools.

use faultline_engine::HttpRequest;

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub fn command(req: &HttpRequest) -> String {
    let mut parts = vec![format!("curl {}", quote(&req.url))];
    let implied = if req.body.is_some() { "POST" } else { "GET" };
    if req.method != implied {
        parts.push(format!("-X {}", req.method));
    }
    if req.http_version == "HTTP/2" {
        parts.push("--http2".into());
    }
    for (name, value) in &req.headers {
        // curl computes these itself, as devtools' copy does.
        if name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        parts.push(format!("-H {}", quote(&format!("{name}: {value}"))));
    }
    if let Some(body) = &req.body {
        parts.push(format!("--data-raw {}", quote(body)));
    }
    parts.join(" \\\n  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, body: Option<&str>) -> HttpRequest {
        HttpRequest {
            method: method.into(),
            url: "https://api.example.com/v2/customers/1".into(),
            http_version: "HTTP/1.1".into(),
            headers: vec![
                ("Host".into(), "api.example.com".into()),
                ("Authorization".into(), "Bearer abc".into()),
                ("X-Note".into(), "it's".into()),
            ],
            body: body.map(Into::into),
        }
    }

    #[test]
    fn get_has_no_method_flag_and_quotes_safely() {
        let cmd = command(&req("GET", None));
        assert!(cmd.starts_with("curl 'https://api.example.com/v2/customers/1'"));
        assert!(!cmd.contains("-X"));
        assert!(!cmd.contains("Host:"));
        assert!(cmd.contains("-H 'Authorization: Bearer abc'"));
        assert!(cmd.contains(r"-H 'X-Note: it'\''s'"));
    }

    #[test]
    fn body_and_method() {
        let cmd = command(&req("PUT", Some(r#"{"a":1}"#)));
        assert!(cmd.contains("-X PUT"));
        assert!(cmd.contains(r#"--data-raw '{"a":1}'"#));
        assert!(!command(&req("POST", Some("{}"))).contains("-X"));
    }
}
