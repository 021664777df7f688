//! A retired API version: the gateway announced it (RFC 9745 `Deprecation`, RFC 8594 `Sunset`
//! and their links on every answer in between), and past its sunset it answers `410 Gone` for
//! the whole prefix. The platform's changelog says the same in words.

use super::incoming::Incoming;
use super::{Gateway, Stage};
use crate::sim::{Resp, Tb};
use crate::util;
use std::ops::ControlFlow::{Break, Continue};

/// Where the platform documents its versions' deprecation and sunset.
pub const CHANGELOG_URL: &str = "https://developer.example.com/changelog";

/// A version prefix the platform deprecated and then retired.
#[derive(Clone, Debug)]
pub struct Sunset {
    /// The retired prefix, e.g. `/v1/`.
    pub prefix: String,
    /// The prefix that replaces it, e.g. `/v2/`.
    pub successor: String,
    /// When the version was deprecated (announced): the `Deprecation` date.
    pub deprecated_ms: i64,
    /// When it stopped answering: the `Sunset` date.
    pub sunset_ms: i64,
}

impl Sunset {
    fn anchor(&self) -> String {
        self.prefix.trim_matches('/').to_string()
    }

    /// The headers every answer under the prefix carried since the announcement, and still
    /// carries: the deprecation date as an RFC 9745 structured date, the sunset as an HTTP-date
    /// (RFC 8594), and links to the notice.
    pub fn headers(&self) -> [(&'static str, String); 3] {
        let v = self.anchor();
        [
            ("Deprecation", format!("@{}", self.deprecated_ms / 1000)),
            ("Sunset", util::http_date(self.sunset_ms)),
            (
                "Link",
                format!(
                    "<{CHANGELOG_URL}#{v}-deprecation>; rel=\"deprecation\"; type=\"text/html\", <{CHANGELOG_URL}#{v}-sunset>; rel=\"sunset\"; type=\"text/html\""
                ),
            ),
        ]
    }

    /// The platform's public changelog entries about the version, newest first.
    pub fn changelog(&self) -> String {
        let day = |ms: i64| util::iso_s(ms)[..10].to_string();
        let v = self.anchor();
        let next = self.successor.trim_matches('/');
        let reminder = self.sunset_ms - 30 * 86_400_000;
        format!(
            "{CHANGELOG_URL}\n\n\
             {sunset} — API {v} retired\n  \
             Requests to {p}* now answer 410 Gone. Use {s}* (see the {v} → {next} migration guide).\n\n\
             {reminder} — Reminder: API {v} sunset on {sunset}\n  \
             {v} responses carry Deprecation and Sunset headers. After the sunset date every {v} request answers 410 Gone.\n\n\
             {dep} — API {v} deprecated\n  \
             {v} is deprecated and will be retired on {sunset}. Move to {next}: {s}customers and {s}chats replace the {v} endpoints.\n  \
             From today {v} responses carry Deprecation: @{dep_s} and Sunset: {sunset_http}.",
            sunset = day(self.sunset_ms),
            reminder = day(reminder),
            dep = day(self.deprecated_ms),
            dep_s = self.deprecated_ms / 1000,
            sunset_http = util::http_date(self.sunset_ms),
            p = self.prefix,
            s = self.successor,
        )
    }
}

impl Gateway {
    /// A request under a retired prefix, after its sunset: 410 Gone with the notice's headers.
    pub(super) fn check_retired(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        let Some(s) = &self.sunset else {
            return Continue(());
        };
        if !inc.path.starts_with(&s.prefix) || tb.now_ms() < s.sunset_ms {
            return Continue(());
        }
        let v = s.anchor();
        // A `location /v1/ { return 410 ...; }`: nginx writes only its access line.
        let detail = format!(
            "API {v} was retired on {}. Use {}; see {CHANGELOG_URL}#{v}-sunset.",
            &util::iso_s(s.sunset_ms)[..10],
            inc.path.replacen(&s.prefix, &s.successor, 1)
        );
        let r = s.headers().into_iter().fold(
            Resp::problem(410, "version-retired", &detail, inc.path),
            |r, (k, v)| r.h(k, v),
        );
        Break(inc.reply(tb, r))
    }
}
