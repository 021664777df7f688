//! Facts read from the artefacts a support engineer would pull up: the certificate a server
//! presents, dig's answers, the decoded token, the integration's settings, the receiver's
//! runbook. Each reader returns `None` when the artefact is not there, so a rule can tell
//! "refuted" from "not shown".

use crate::model::*;

pub(crate) fn artifact<'a>(ev: &'a Evidence, kind: &str, title_has: &str) -> Option<&'a Artifact> {
    ev.artifacts
        .iter()
        .find(|a| a.kind == kind && a.title.contains(title_has))
}

/// A moment as a sortable tuple: (year, month, day, "hh:mm:ss").
type Moment = (i64, u32, u32, String);

/// `2026-06-19T11:05:36.123Z` or `2026-06-19T11:05:36Z`.
pub fn iso(s: &str) -> Option<Moment> {
    let (d, t) = s.split_once('T')?;
    let mut p = d.split('-');
    let y = p.next()?.parse().ok()?;
    let m = p.next()?.parse().ok()?;
    let day = p.next()?.parse().ok()?;
    Some((y, m, day, t.get(..8)?.to_string()))
}

/// OpenSSL's `Mar 19 12:05:36 2026 GMT`.
fn openssl(s: &str) -> Option<Moment> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let w: Vec<&str> = s.split_whitespace().collect();
    let first = *w.first()?;
    let m = MONTHS.iter().position(|x| *x == first)? as u32 + 1;
    let day = w.get(1)?.parse().ok()?;
    let clock = w.get(2)?.to_string();
    let y = w.get(3)?.parse().ok()?;
    Some((y, m, day, clock))
}

/// What `openssl s_client | openssl x509` showed for a host.
pub struct Cert {
    pub subject: String,
    pub issuer: String,
    pub not_before: Option<Moment>,
    pub not_after: Option<Moment>,
    pub sans: Vec<String>,
    pub chain_depth: Option<u32>,
}

pub fn cert(ev: &Evidence, host: &str) -> Option<Cert> {
    let a = artifact(ev, "certificate", host)?;
    let line = |k: &str| {
        a.body
            .lines()
            .find_map(|l| l.strip_prefix(k))
            .map(|v| v.trim().to_string())
    };
    let sans = a
        .body
        .lines()
        .skip_while(|l| !l.contains("Subject Alternative Name"))
        .nth(1)
        .map(|l| {
            l.split(',')
                .filter_map(|s| s.trim().strip_prefix("DNS:").map(String::from))
                .collect()
        })
        .unwrap_or_default();
    Some(Cert {
        subject: line("subject=CN = ").unwrap_or_default(),
        // `-showcerts` prints the issuer of each certificate as an `i:` line under its `s:` line.
        issuer: line("issuer=CN = ")
            .or_else(|| {
                a.body
                    .lines()
                    .find_map(|l| l.trim_start().strip_prefix("i:CN = "))
                    .map(|v| v.trim().to_string())
            })
            .unwrap_or_default(),
        not_before: line("notBefore=").as_deref().and_then(openssl),
        not_after: line("notAfter=").as_deref().and_then(openssl),
        sans,
        chain_depth: chain_sent(&a.body),
    })
}

/// How many certificates the server sent: the numbered `N s:` lines under "Certificate chain"
/// in `openssl s_client -showcerts` output (`None` when no chain was printed).
fn chain_sent(body: &str) -> Option<u32> {
    let mut lines = body.lines().skip_while(|l| l.trim() != "Certificate chain");
    lines.next()?;
    let sent = lines
        .take_while(|l| l.trim() != "---")
        .filter(|l| {
            let t = l.trim_start();
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && t[digits..].starts_with(" s:")
        })
        .count();
    u32::try_from(sent).ok()
}

impl Cert {
    /// Whether the dates cover `now` (`None` when a date could not be read).
    pub fn valid_at(&self, now: &Moment) -> Option<bool> {
        let (nb, na) = (self.not_before.as_ref()?, self.not_after.as_ref()?);
        Some(nb <= now && now <= na)
    }
    pub fn covers(&self, host: &str) -> bool {
        self.sans.iter().any(|s| {
            s == host
                || s.strip_prefix("*.")
                    .map(|d| {
                        host.split_once('.')
                            .map(|(_, rest)| rest == d)
                            .unwrap_or(false)
                    })
                    .unwrap_or(false)
        })
    }
}

/// dig's answers: (the resolver's A records, the authoritative server's), `None` = NXDOMAIN.
pub struct Dig {
    pub resolver: Option<String>,
    pub authoritative: Option<String>,
    /// The resolver's status when asked again in full (`dig host`, no `@server`), if it was.
    pub resolver_status: Option<String>,
    /// The alias's target when the resolver answers the name with a CNAME.
    pub cname: Option<String>,
    /// The resolver, asked in full, answered with authority (`aa`): from its own zone data,
    /// not from the public DNS or its cache.
    pub resolver_aa: bool,
}

pub fn dig(ev: &Evidence, host: &str) -> Option<Dig> {
    let a = artifact(ev, "dns", &format!("dig {host}"))?;
    let mut parts = a.body.split("\n$ ");
    let answer = |block: Option<&str>| {
        block.and_then(|b| {
            b.lines()
                .find(|l| l.contains("\tIN\tA\t"))
                .and_then(|l| l.rsplit('\t').next())
                .map(String::from)
        })
    };
    let short = parts.next();
    let resolver = answer(short);
    let cname = short.and_then(|b| {
        b.lines()
            .find(|l| l.contains("\tIN\tCNAME\t"))
            .and_then(|l| l.rsplit('\t').next())
            .map(|t| t.trim_end_matches('.').to_string())
    });
    let authoritative = answer(parts.next());
    let full = format!("dig {host}\n");
    let full = parts.find(|b| b.starts_with(&full));
    let resolver_aa = full.is_some_and(|b| {
        b.lines()
            .find_map(|l| l.strip_prefix(";; flags: "))
            .and_then(|f| f.split(';').next())
            .is_some_and(|f| f.split(' ').any(|x| x == "aa"))
    });
    let resolver_status = full
        .and_then(|b| b.split("status: ").nth(1))
        .and_then(|r| r.split(',').next())
        .map(String::from);
    Some(Dig {
        resolver,
        authoritative,
        resolver_status,
        cname,
        resolver_aa,
    })
}

/// The decoded access token: its `exp` moment and its audience.
pub struct Jwt {
    pub exp: Option<Moment>,
    pub aud: Option<String>,
}

pub fn jwt(ev: &Evidence) -> Option<Jwt> {
    let a = ev.artifacts.iter().find(|a| a.kind == "jwt")?;
    let payload = a
        .body
        .lines()
        .find_map(|l| l.strip_prefix("payload:"))
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p.trim()).ok());
    let exp = a
        .body
        .lines()
        .find_map(|l| l.strip_prefix("exp: "))
        .and_then(|v| iso(v.split(' ').next().unwrap_or("")));
    Some(Jwt {
        exp,
        aud: payload
            .as_ref()
            .and_then(|p| p["aud"].as_str().map(String::from)),
    })
}

/// The platform's integration settings as the config artefact shows them.
pub struct IntegrationConfig<'a> {
    pub body: &'a str,
}

pub fn integration(ev: &Evidence) -> Option<IntegrationConfig<'_>> {
    let a = artifact(ev, "config", "Integration settings")?;
    Some(IntegrationConfig { body: &a.body })
}

impl IntegrationConfig<'_> {
    fn value(&self, key: &str) -> Option<&str> {
        self.body
            .lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .map(str::trim)
    }
    pub fn subscription_url(&self) -> Option<&str> {
        self.value("url:")
    }
    pub fn events(&self) -> Vec<&str> {
        self.value("events:")
            .map(|v| v.split(',').map(str::trim).collect())
            .unwrap_or_default()
    }
    /// `Some(true)` when the signing secret was regenerated, `Some(false)` when unchanged.
    pub fn secret_regenerated(&self) -> Option<bool> {
        if self.value("signing secret regenerated:").is_some() {
            Some(true)
        } else if self.value("signing secret:").is_some() {
            Some(false)
        } else {
            None
        }
    }
    pub fn enabled(&self) -> Option<bool> {
        self.value("status:").map(|s| s.starts_with("enabled"))
    }
    /// Whether a mapping (or the lookup) names this CRM field.
    pub fn names_field(&self, field: &str) -> bool {
        self.body.lines().any(|l| {
            l.contains("->")
                && l.rsplit("->")
                    .next()
                    .map(|r| r.trim().trim_start_matches("CRM Contact.") == field)
                    .unwrap_or(false)
        })
    }
    pub fn stores_lookup_id(&self) -> Option<bool> {
        self.value("save lookup result as contact.Id:")
            .map(|v| v == "yes")
    }
}

/// The receiver's documented endpoint (runbook): `POST https://host/path`.
pub fn receiver_endpoint(ev: &Evidence) -> Option<String> {
    let a = artifact(ev, "config", "Receiver endpoint")?;
    a.body
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .map(String::from)
}

/// The gateway's CORS policy: its allowed origins.
pub fn cors_origins(ev: &Evidence) -> Option<Vec<String>> {
    let a = artifact(ev, "config", "CORS policy")?;
    let line = a
        .body
        .lines()
        .find_map(|l| l.strip_prefix("allowed origins:"))?;
    Some(line.split(',').map(|s| s.trim().to_string()).collect())
}

/// Host of a URL.
pub fn host(url: &str) -> String {
    crate::layers::split_url(url).1
}
