//! Secrets as a careful engineer's tools show them: the learner sees which credential was used,
//! never one that could be replayed. One rule per kind of secret, applied to every line of
//! evidence (exchanges, command, logs, artifacts) so the same credential reads the same way
//! wherever it appears. Signed JWTs stay whole in the evidence: the inspector decodes them, as
//! jwt.io would. What a probe prints is pasted output ([`shown`]): there a bearer token is cut
//! as the client's command line cuts it ([`token`]), wherever it appears.

use crate::model::{
    Artifact, ClientView, Event, Evidence, Exchange, HttpRequest, HttpResponse, LogLine, Story,
};
use crate::util;
use crate::world::World;
use std::borrow::Cow;

/// An API key: its prefix (`pk_live_`) and last four characters.
pub fn api_key(k: &str) -> String {
    let prefix = k.rfind('_').map(|i| &k[..=i]).unwrap_or("");
    let tail: String = k
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if k.len() <= prefix.len() + 8 {
        return format!("{prefix}****");
    }
    format!("{prefix}…{tail}")
}

/// A bearer token as the client's command line shows it: its first twenty characters (a JWT's
/// header, `eyJhbGciOiJSUzI1NiIs`) and an ellipsis; a short one whole.
pub fn token(t: &str) -> String {
    match t.get(..20) {
        Some(head) if t.len() > 24 => format!("{head}…"),
        _ => t.to_string(),
    }
}

/// An opaque token (refresh token, CRM session): first four and last four characters.
pub fn opaque(t: &str) -> String {
    // Slices at character boundaries, without copying a whole token (a JWT is ~600 bytes) into
    // a `Vec<char>` first.
    if t.chars().nth(12).is_none() {
        return "****".into();
    }
    let head = t.char_indices().nth(4).map_or(t.len(), |(i, _)| i);
    let tail = t.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
    [&t[..head], "…", &t[tail..]].concat()
}

/// A secret, borrowed from the world where it can be, and how it is shown.
type Secret<'w> = (Cow<'w, str>, Cow<'static, str>);

/// Every secret the world holds, with how it is shown; longest first so no mask cuts another.
fn secrets(w: &World) -> Vec<Secret<'_>> {
    let c = &w.client;
    let stars = || Cow::Borrowed("****");
    let mut v: Vec<Secret> = vec![
        (
            util::base64(format!("{}:{}", c.client_id, c.client_secret).as_bytes()).into(),
            stars(),
        ),
        (c.client_secret.as_str().into(), stars()),
        (
            c.refresh_token.as_str().into(),
            opaque(&c.refresh_token).into(),
        ),
    ];
    for o in &w.auth.clients {
        v.push((o.secret.as_str().into(), stars()));
    }
    if let Some(web) = &w.auth.web {
        v.push((
            util::base64(format!("{}:{}", web.client_id, web.client_secret).as_bytes()).into(),
            stars(),
        ));
        v.push((web.client_secret.as_str().into(), stars()));
        if let Some(g) = &web.grant {
            v.push((
                g.refresh_token.as_str().into(),
                opaque(&g.refresh_token).into(),
            ));
        }
    }
    let keys = w
        .gateway
        .api_keys
        .iter()
        .chain(c.api_key.iter())
        .chain(w.receiver.api_keys.iter())
        .chain(w.integration.subscriptions.iter().map(|s| &s.api_key));
    for k in keys {
        v.push((k.as_str().into(), api_key(k).into()));
    }
    for s in w.integration.subscriptions.iter().map(|s| &s.secret) {
        v.push((s.as_str().into(), "whsec_****".into()));
    }
    v.push((w.receiver.secret.as_str().into(), "whsec_****".into()));
    let sessions = w
        .crm
        .sessions
        .keys()
        .chain([&w.integration.crm_token, &w.receiver.crm_token]);
    for t in sessions {
        v.push((t.as_str().into(), opaque(t).into()));
    }
    v.retain(|(s, _)| s.len() >= 8);
    v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    v.dedup();
    v
}

/// The world's bearer tokens, whole, with how they are shown: the client's token and the
/// credentials of the Authorization header it sends (a scheme other than Bearer included).
fn tokens(w: &World) -> Vec<Secret<'_>> {
    let c = &w.client;
    let credentials = c
        .authorization
        .as_deref()
        .and_then(|a| a.split_once(' '))
        .map(|(_, t)| t);
    [Some(c.token.as_str()), credentials]
        .into_iter()
        .flatten()
        .filter(|t| t.len() > 24)
        .map(|t| (t.into(), token(t).into()))
        .collect()
}

/// Every secret value of `w` (secrets and bearer tokens), whole: what no probe prints.
pub fn values(w: &World) -> Vec<String> {
    let mut v: Vec<String> = secrets(w)
        .into_iter()
        .chain(tokens(w))
        .map(|(s, _)| s.into_owned())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// `text` as a careful engineer pastes it: every secret of `w` masked as the evidence masks it,
/// and every bearer token (the world's, and any JWT the run issued) cut as [`token`] cuts it.
pub fn shown(w: &World, text: &str) -> String {
    let mut all = secrets(w);
    all.extend(tokens(w));
    all.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    all.dedup();
    let mut s = text.to_string();
    Finder::new(all).mask(&mut s);
    cut_tokens(&s)
}

/// [`shown`] for text a program prints as a Python bytes literal (http.client's `send:` line):
/// the same characters kept, the cut marked `****` instead of `…`. A bytes repr is ASCII (Python
/// would print an ellipsis as `\xe2\x80\xa6`), so a `…` inside one could only read as a hand
/// edit of the bytes; `****` is how the evidence already marks what it hides, plain to any
/// reader as masking, and it keeps the line one Python could have printed.
pub fn shown_ascii(w: &World, text: &str) -> String {
    // The evidence holds most secrets masked already: their `…` forms are cut anew too.
    let mut all: Vec<Secret> = secrets(w)
        .into_iter()
        .chain(tokens(w))
        .flat_map(|(s, m)| {
            let ascii: Cow<'static, str> = m.replace('…', ASCII_CUT).into();
            let again = (m != ascii).then(|| (Cow::Owned(m.into_owned()), ascii.clone()));
            std::iter::once((s, ascii)).chain(again)
        })
        .collect();
    all.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    all.dedup();
    let mut s = text.to_string();
    Finder::new(all).mask(&mut s);
    cut_tokens_marked(&s, ASCII_CUT)
}

/// What [`shown_ascii`] puts where a secret was cut.
const ASCII_CUT: &str = "****";

/// Every signed JSON Web Token in `s` (`eyJ…`, three dot-separated base64url segments) cut as
/// [`token`] cuts it.
pub fn cut_tokens(s: &str) -> String {
    cut_tokens_marked(s, "…")
}

/// [`cut_tokens`] with `cut` marking where each token was cut.
fn cut_tokens_marked(s: &str, cut: &str) -> String {
    let b64 = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("eyJ") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        // Three segments: the run of base64url characters and (at most two) dots.
        let mut dots = 0;
        let len = from
            .char_indices()
            .find(|&(_, c)| {
                if c == '.' {
                    dots += 1;
                    dots > 2
                } else {
                    !b64(c)
                }
            })
            .map_or(from.len(), |(i, _)| i);
        let jwt = &from[..len];
        let starts_a_token = !before.ends_with(|c: char| b64(c));
        // A signed token: its signature is there (a log that cuts a header line short, as
        // nginx's does with `...`, shows no token anyone could replay).
        let signed = jwt.rsplit('.').next().is_some_and(|sig| !sig.is_empty());
        if starts_a_token && signed && jwt.matches('.').count() == 2 && len > 24 {
            out.push_str(&token(jwt).replace('…', cut));
        } else {
            out.push_str(&from[..3]);
            rest = &from[3..];
            continue;
        }
        rest = &from[len..];
    }
    out.push_str(rest);
    out
}

/// Masks every secret of `w` wherever it appears in `ev`: in every string of it, longest secret
/// first, so the same credential reads the same way wherever it appears.
pub fn evidence(w: &World, mut ev: Evidence) -> Evidence {
    let finder = Finder::new(secrets(w));
    each_string(&mut ev, &mut |s| finder.mask(s));
    ev
}

/// The secrets and a shift table over their first `min` bytes (Wu–Manber, blocks of two
/// bytes), so a string that holds none of them, which is nearly every string, is read in
/// strides of up to `min - 1` bytes instead of once per secret.
struct Finder<'w> {
    secrets: Vec<Secret<'w>>,
    min: usize,
    /// On the stack: a 4 KB allocation per trace, mid-trace, made glibc's malloc consolidate
    /// its free lists, slowing every small allocation after it.
    shift: [u8; Finder::TABLE],
}

impl<'w> Finder<'w> {
    const TABLE: usize = 4096;

    fn hash(a: u8, b: u8) -> usize {
        ((a as usize) << 5 ^ b as usize) & (Self::TABLE - 1)
    }

    fn new(secrets: Vec<Secret<'w>>) -> Finder<'w> {
        // `secrets` keeps only secrets of 8 bytes or more.
        let min = secrets
            .iter()
            .map(|(s, _)| s.len())
            .min()
            .unwrap_or(0)
            .clamp(2, 200);
        let mut shift = [(min - 1) as u8; Self::TABLE];
        for (s, _) in &secrets {
            let b = &s.as_bytes()[..min];
            for j in 1..min {
                let h = Self::hash(b[j - 1], b[j]);
                shift[h] = shift[h].min((min - 1 - j) as u8);
            }
        }
        Finder {
            secrets,
            min,
            shift,
        }
    }

    /// Whether any secret occurs in `s`.
    fn any_in(&self, s: &str) -> bool {
        let (b, m) = (s.as_bytes(), self.min);
        if self.secrets.is_empty() || b.len() < m {
            return false;
        }
        let mut end = m - 1;
        while end < b.len() {
            match self.shift[Self::hash(b[end - 1], b[end])] {
                0 => {
                    let at = &b[end + 1 - m..];
                    if self
                        .secrets
                        .iter()
                        .any(|(x, _)| at.starts_with(x.as_bytes()))
                    {
                        return true;
                    }
                    end += 1;
                }
                n => end += n as usize,
            }
        }
        false
    }

    /// Every secret in `s` replaced by how it is shown, longest first.
    fn mask(&self, s: &mut String) {
        if !self.any_in(s) {
            return;
        }
        for (secret, shown) in &self.secrets {
            if s.contains(&**secret) {
                *s = s.replace(&**secret, shown);
            }
        }
    }
}

/// Calls `f` on every string of `ev` (the structs are taken apart field by field, so a string
/// field added to the evidence does not compile until it is listed here).
fn each_string(ev: &mut Evidence, f: &mut impl FnMut(&mut String)) {
    let Evidence {
        schema_version: _,
        flow: _,
        layers: _,
        story,
        client,
        events,
        exchanges,
        logs,
        artifacts,
        correlation,
        trace_id,
        outcome,
        started_at,
        clock_now,
    } = ev;
    let Story {
        context,
        since,
        expected,
        actual,
    } = story;
    let ClientView { kind, action } = client;
    for s in [
        context,
        since,
        expected,
        actual,
        kind,
        action,
        correlation,
        trace_id,
        outcome,
        started_at,
        clock_now,
    ] {
        f(s);
    }
    for e in events {
        let Event {
            t_ms: _,
            from: _,
            to: _,
            kind: _,
            summary,
            exchange: _,
            status: _,
        } = e;
        f(summary);
    }
    for x in exchanges {
        let Exchange {
            from: _,
            to: _,
            request,
            response,
            client_error,
            timings: _,
            started_at,
            t_ms: _,
            server_ip,
            server_port: _,
            attempt: _,
        } = x;
        let HttpRequest {
            method,
            url,
            http_version,
            headers,
            body,
        } = request;
        for s in [method, url, http_version] {
            f(s);
        }
        headers_and_body(headers, body, f);
        if let Some(r) = response {
            let HttpResponse {
                status: _,
                reason,
                http_version,
                headers,
                body,
            } = r;
            f(reason);
            f(http_version);
            headers_and_body(headers, body, f);
        }
        for s in [client_error, server_ip].into_iter().flatten() {
            f(s);
        }
        f(started_at);
    }
    for l in logs {
        let LogLine {
            ts,
            t_ms: _,
            source: _,
            level: _,
            trace_id,
            text,
        } = l;
        f(ts);
        if let Some(t) = trace_id {
            f(t);
        }
        f(text);
    }
    for a in artifacts {
        let Artifact { kind, title, body } = a;
        for s in [kind, title, body] {
            f(s);
        }
    }
}

fn headers_and_body(
    headers: &mut [(String, String)],
    body: &mut Option<String>,
    f: &mut impl FnMut(&mut String),
) {
    for (k, v) in headers {
        f(k);
        f(v);
    }
    if let Some(b) = body {
        f(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opaque_shows_the_first_and_last_four_characters() {
        for (t, shown) in [
            ("", "****"),
            ("abcdefghijkl", "****"),
            ("abcdefghijklm", "abcd…jklm"),
            ("rt_0123456789abcdefXYZW", "rt_0…XYZW"),
            ("ünïcödé_tökèn_välüé", "ünïc…älüé"),
        ] {
            assert_eq!(opaque(t), shown, "{t}");
        }
    }

    /// What masking did before it walked the strings: the evidence as one JSON text, every
    /// secret replaced in it, read back.
    fn by_json(w: &World, ev: Evidence) -> Evidence {
        let mut text = serde_json::to_string(&ev).unwrap();
        for (secret, shown) in secrets(w) {
            text = text.replace(&*secret, &shown);
        }
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn masking_in_place_masks_what_masking_the_json_text_masked() {
        let mut masked = 0;
        for seed in 0..300u64 {
            let (spec, _) = crate::puzzle::pick(seed, None, None);
            let (w, ev) = crate::run::simulate_world_unmasked(&spec, 12, seed % 3 == 0)
                .expect("generated specs run");
            let want = by_json(&w, ev.clone());
            let got = evidence(&w, ev.clone());
            masked += usize::from(got != ev);
            assert_eq!(got, want, "seed {seed}");
        }
        // The comparison means something only if secrets were there to mask.
        assert!(masked > 100, "{masked} of 300 puzzles had a secret to mask");
    }

    #[test]
    fn a_jwt_is_cut_wherever_it_is_and_nothing_else() {
        let jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        let cut = "eyJhbGciOiJSUzI1NiIs…";
        for (text, want) in [
            (
                format!("> Authorization: Bearer {jwt}"),
                format!("> Authorization: Bearer {cut}"),
            ),
            (format!("?token={jwt}&x=1"), format!("?token={cut}&x=1")),
            (format!("\"{jwt}\"."), format!("\"{cut}\".")),
            (format!("{jwt}.more"), format!("{cut}.more")),
            (
                "eyJ short.a.b and eyJabc".into(),
                "eyJ short.a.b and eyJabc".into(),
            ),
            (format!("x{jwt}"), format!("x{jwt}")),
            // nginx's log cuts a long header line short: no signature, nothing to cut.
            (
                "\"Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJ4...\"".into(),
                "\"Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJ4...\"".into(),
            ),
        ] {
            assert_eq!(cut_tokens(&text), want);
        }
    }

    #[test]
    fn a_secret_is_found_at_every_position_and_only_whole() {
        let secrets = vec![
            ("abcdefghij".into(), "****".into()),
            ("Zyxwvuts".into(), "Zy…ts".into()),
        ];
        let f = Finder::new(secrets);
        for pad in 0..20 {
            let p = "x".repeat(pad);
            for (s, shown) in [("abcdefghij", "****"), ("Zyxwvuts", "Zy…ts")] {
                let mut t = format!("{p}{s}{p}");
                f.mask(&mut t);
                assert_eq!(t, format!("{p}{shown}{p}"));
            }
            let mut t = format!("{p}abcdefghi{p}Zyxwvut");
            f.mask(&mut t);
            assert_eq!(t, format!("{p}abcdefghi{p}Zyxwvut"));
        }
    }
}
