//! Authorization server: issues JWT access tokens, refresh tokens, validates bearer tokens.

use crate::util::{self, Rng};
use crate::world::{API_HOST, AUTH_HOST, DAY_MS};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write as _;

mod memo;
mod payload;
mod token_endpoint;

use memo::Read;

#[derive(Clone, Debug)]
pub struct OauthClient {
    pub id: String,
    pub secret: String,
    pub scopes: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct RefreshToken {
    pub client_id: String,
    pub expires_ms: i64,
    pub scope: String,
    /// Rotation: when this token was exchanged, and the start of the one issued in its place.
    /// Presenting it again is reuse, and the server revokes the whole family.
    pub exchanged: Option<(i64, String)>,
}

#[derive(Clone, Debug)]
pub struct AuthServer {
    pub issuer: String,
    pub kid: String,
    pub key: Vec<u8>,
    pub audience: String,
    pub revoked: Vec<String>,
    pub clients: Vec<OauthClient>,
    pub refresh: BTreeMap<String, Box<RefreshToken>>,
    /// sub → role.
    pub roles: BTreeMap<String, String>,
    pub ttl_s: i64,
    /// When the issuer last rotated its signing key, if it did during the day the world shows
    /// (tokens minted since carry the new `kid`).
    pub rotated_ms: Option<i64>,
    /// What the API's token validator (the gateway plugin) knows: its host's clock offset and
    /// the issuer's keys it cached from the JWKS.
    pub validator: Validator,
    /// The web app registered for the authorization-code flow, where the world has one.
    pub web: Option<super::auth_code::WebRegistration>,
    /// Tokens signed and read so far, and the header segment last written (see [`memo`]).
    memo: memo::Memo,
}

/// The host that validates bearer tokens, as far as the tokens are concerned.
#[derive(Clone, Debug)]
pub struct Validator {
    /// How far the validating host's clock is off true time (negative: behind).
    pub clock_offset_ms: i64,
    /// Key ids in the JWKS the validator cached from the issuer, and when it fetched it.
    pub jwks_kids: Vec<String>,
    pub jwks_fetched_ms: i64,
    /// Seconds the cached JWKS is kept before the validator fetches it again.
    pub jwks_ttl_s: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Claims {
    /// Who the token speaks for: the service client itself, or the user it was issued to.
    pub sub: String,
    /// The client application that holds it (RFC 9068 `client_id`).
    pub client_id: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    pub scope: String,
}

pub enum TokenErr {
    Malformed,
    Signature,
    Expired {
        ago_s: i64,
    },
    Revoked,
    Audience {
        got: String,
    },
    /// `iat` is ahead of the validator's clock by more than the leeway.
    NotYetValid {
        ahead_s: i64,
        iat: i64,
        clock_ms: i64,
    },
    /// The token's `kid` is not among the keys the validator cached.
    UnknownKid {
        kid: String,
        cached: Vec<String>,
        fetched_ms: i64,
    },
    /// Signed by another environment's authorization server.
    Issuer {
        got: String,
        trusted: String,
    },
}

/// A token's header as [`AuthServer::mint_with`] writes it (fields in `json!`'s key order).
#[derive(Serialize)]
struct Header<'a> {
    alg: &'a str,
    kid: &'a str,
    typ: &'a str,
}

/// The claims [`AuthServer::decode`] reads, when each has the type it should.
#[derive(Deserialize)]
struct TypedClaims {
    sub: String,
    aud: String,
    iat: i64,
    exp: i64,
    jti: String,
    client_id: Option<String>,
    scope: Option<String>,
}

/// The header's `kid`, when it is a string (or absent).
#[derive(Deserialize)]
struct TypedHeader {
    kid: Option<String>,
}

/// What the healthy auth server has issued to the world's one client.
pub struct Issued {
    /// A valid access token, minted minutes ago.
    pub token: String,
    pub refresh_token: String,
    pub client_secret: String,
}

impl AuthServer {
    /// The authorization server with one registered client (`client_id`, role agent), and the
    /// tokens and secret that client holds. Draws in a fixed order (the seeded values depend on it).
    pub fn healthy(client_id: &str, epoch_ms: i64, rng: &mut Rng) -> (AuthServer, Issued) {
        // The short key id once drawn here is replaced below; its draw stays for the seed's order.
        let _ = rng.range(1, 9);
        let mut auth = AuthServer {
            issuer: ["https://", AUTH_HOST, "/"].concat(),
            kid: String::new(),
            key: rng.hex(64).into_bytes(),
            audience: ["https://", API_HOST].concat(),
            revoked: vec![],
            clients: vec![OauthClient {
                id: client_id.to_string(),
                secret: rng.alnum(32),
                scopes: vec![
                    "read:customers".into(),
                    "write:customers".into(),
                    "write:chats".into(),
                ],
            }],
            refresh: BTreeMap::new(),
            roles: BTreeMap::new(),
            ttl_s: 3600,
            rotated_ms: None,
            validator: Validator {
                clock_offset_ms: 0,
                jwks_kids: vec![],
                jwks_fetched_ms: epoch_ms - 1_800_000,
                jwks_ttl_s: 86_400,
            },
            web: None,
            memo: memo::Memo::default(),
        };
        // The key id the issuer publishes in its JWKS, as identity providers spell them
        // (a base64url digest of the public key), replacing the short draw kept for the seed's order.
        auth.kid = util::base64url(&util::sha256(&auth.key)[..15]);
        auth.validator.jwks_kids = vec![auth.kid.clone()];
        auth.roles.insert(client_id.to_string(), "agent".into());
        let now = epoch_ms / 1000;
        let issued = now - rng.range(60, 2400);
        let token = auth.mint_owned(Claims {
            sub: client_id.to_string(),
            client_id: client_id.to_string(),
            aud: auth.audience.clone(),
            iat: issued,
            exp: issued + 3600,
            jti: rng.hex(16),
            scope: "read:customers write:customers write:chats".into(),
        });
        let refresh_token = rng.prefixed_alnum("rt_", 28);
        auth.refresh.insert(
            refresh_token.clone(),
            RefreshToken {
                client_id: client_id.to_string(),
                expires_ms: epoch_ms + 20 * DAY_MS,
                scope: "read:customers write:chats".into(),
                exchanged: None,
            }
            .into(),
        );
        let client_secret = auth.clients[0].secret.clone();
        let held = Issued {
            token,
            refresh_token,
            client_secret,
        };
        (auth, held)
    }
}

impl AuthServer {
    /// An RS256 access token (RFC 9068 claims) signed with the key the JWKS lists as `kid`.
    pub fn mint(&self, c: &Claims) -> String {
        self.mint_owned(c.clone())
    }

    /// [`AuthServer::mint`] for claims the caller has no more use for: they are kept as what
    /// reading the token gives (so that verifying it does not decode it again), not copied.
    pub fn mint_owned(&self, c: Claims) -> String {
        let mut token = self.signing_input(payload::payload(&c, &self.issuer).as_bytes());
        let read = Some(std::rc::Rc::new((c, self.kid.clone())));
        self.memo.sign(&self.key, &mut token, Some(read));
        token
    }

    /// A token with claims beyond the ones every token carries (an identity provider's
    /// `groups`, say), signed like any other.
    pub fn mint_with(&self, c: &Claims, extra: &[(&str, serde_json::Value)]) -> String {
        if extra.is_empty() {
            return self.mint(c);
        }
        let mut payload = json!({
            "iss": self.issuer, "sub": c.sub, "aud": c.aud, "iat": c.iat, "exp": c.exp,
            "jti": c.jti, "scope": c.scope, "client_id": c.client_id,
        });
        for (k, v) in extra {
            payload[*k] = v.clone();
        }
        let mut token =
            self.signing_input(&serde_json::to_vec(&payload).expect("claims serialize"));
        self.memo.sign(&self.key, &mut token, None);
        token
    }

    /// The header segment (this issuer's `kid`), a dot and `payload` in base64url: what the
    /// signature signs, with room for it.
    fn signing_input(&self, payload: &[u8]) -> String {
        let header = Header {
            alg: "RS256",
            kid: &self.kid,
            typ: "JWT",
        };
        let write = || util::base64url(&serde_json::to_vec(&header).expect("a header serializes"));
        self.memo.header(&self.kid, write, |h| {
            let p = payload.len().div_ceil(3) * 4;
            let mut token = String::with_capacity(h.len() + p + memo::SIG_LEN + 2);
            token.push_str(h);
            token.push('.');
            util::push_base64url(&mut token, payload);
            token
        })
    }

    pub fn decode(token: &str) -> Option<Claims> {
        let mut parts = token.split('.');
        let (_, p) = (parts.next()?, parts.next()?);
        Self::decode_payload(p)
    }

    /// The claims in a token's payload segment (base64url JSON).
    fn decode_payload(p: &str) -> Option<Claims> {
        Self::claims_of(&util::base64url_decode(p)?)
    }

    /// The claims in a token's payload, decoded (JSON).
    fn claims_of(json: &[u8]) -> Option<Claims> {
        // A token as issuers write them (an object, each claim of its type) reads straight
        // into its claims; anything else is read as a `Value`, claim by claim.
        if json.trim_ascii_start().starts_with(b"{") {
            if let Ok(c) = serde_json::from_slice::<TypedClaims>(json) {
                return Some(Claims {
                    client_id: c.client_id.unwrap_or_else(|| c.sub.clone()),
                    sub: c.sub,
                    aud: c.aud,
                    iat: c.iat,
                    exp: c.exp,
                    jti: c.jti,
                    scope: c.scope.unwrap_or_default(),
                });
            }
        }
        let v: serde_json::Value = serde_json::from_slice(json).ok()?;
        let sub: String = v["sub"].as_str()?.into();
        Some(Claims {
            client_id: v["client_id"]
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| sub.clone()),
            sub,
            aud: v["aud"].as_str()?.into(),
            iat: v["iat"].as_i64()?,
            exp: v["exp"].as_i64()?,
            jti: v["jti"].as_str()?.into(),
            scope: v["scope"].as_str().unwrap_or("").into(),
        })
    }

    /// The `iss` claim of a token, when it decodes.
    pub fn issuer_of(token: &str) -> Option<String> {
        let p = token.split('.').nth(1)?;
        let v: serde_json::Value = serde_json::from_slice(&util::base64url_decode(p)?).ok()?;
        v["iss"].as_str().map(String::from)
    }

    /// The `kid` in a token's header, when it decodes.
    pub fn kid_of(token: &str) -> Option<String> {
        Self::kid_of_header(token.split('.').next()?)
    }

    /// The `kid` in a token's header segment (base64url JSON).
    fn kid_of_header(h: &str) -> Option<String> {
        let json = util::base64url_decode(h)?;
        if json.trim_ascii_start().starts_with(b"{") {
            if let Ok(h) = serde_json::from_slice::<TypedHeader>(&json) {
                return h.kid;
            }
        }
        let v: serde_json::Value = serde_json::from_slice(&json).ok()?;
        v["kid"].as_str().map(String::from)
    }

    /// A token's claims and `kid` (empty when its header names none), read from its header `h`
    /// and payload `p` (`input` is both, as signed), or remembered; `None`: the payload is not
    /// a token's.
    fn read(&self, input: &str, h: &str, p: &str) -> Read {
        self.memo.read(input, || {
            Self::decode_payload(p).map(|c| (c, Self::kid_of_header(h).unwrap_or_default()).into())
        })
    }

    /// Local JWT validation plus a revocation check, as a gateway plugin would do it: with the
    /// keys it cached from the issuer's JWKS, by its own host's clock.
    pub fn verify(&self, token: &str, now_ms: i64, aud: &str) -> Result<Claims, TokenErr> {
        self.verify_shared(token, now_ms, [aud, ""])
            .map(|c| c.0.clone())
    }

    /// [`AuthServer::verify`], the claims (and `kid`) as the server remembers them; the audience
    /// expected is `aud`'s two parts one after the other (a scheme and the host a gateway serves).
    pub fn verify_shared(
        &self,
        token: &str,
        now_ms: i64,
        aud: [&str; 2],
    ) -> Result<std::rc::Rc<(Claims, String)>, TokenErr> {
        // A token signed and read here before, signature and all (every background client's,
        // at each of its calls): its segments were split and checked then, with this result.
        if let Some(read) = self.memo.known(&self.key, token) {
            return self.check(read, || true, now_ms, aud);
        }
        // Each segment is read once: the header for its `kid`, the payload for its claims.
        let mut parts = token.splitn(3, '.');
        let (Some(h), Some(p), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(TokenErr::Malformed);
        };
        if sig.contains('.') {
            return Err(TokenErr::Malformed);
        }
        let input = &token[..token.len() - sig.len() - 1];
        let read = self.read(input, h, p);
        self.check(read, || self.memo.signs(&self.key, input, sig), now_ms, aud)
    }

    /// The validator's checks, in its order, on what reading a token gave and on its signature
    /// (`signed`, worked out only if the checks before it pass).
    fn check(
        &self,
        read: Read,
        signed: impl FnOnce() -> bool,
        now_ms: i64,
        aud: [&str; 2],
    ) -> Result<std::rc::Rc<(Claims, String)>, TokenErr> {
        let read = read.ok_or(TokenErr::Malformed)?;
        let (claims, kid) = &*read;
        let v = &self.validator;
        if !v.jwks_kids.contains(kid) {
            return Err(TokenErr::UnknownKid {
                kid: kid.clone(),
                cached: v.jwks_kids.clone(),
                fetched_ms: v.jwks_fetched_ms,
            });
        }
        if !signed() {
            return Err(TokenErr::Signature);
        }
        let clock_ms = now_ms + v.clock_offset_ms;
        let now = clock_ms / 1000;
        // 30 s leeway for clock skew, as most validators allow.
        if claims.iat > now + 30 {
            return Err(TokenErr::NotYetValid {
                ahead_s: claims.iat - now,
                iat: claims.iat,
                clock_ms,
            });
        }
        if claims.exp + 30 < now {
            return Err(TokenErr::Expired {
                ago_s: now - claims.exp,
            });
        }
        let [scheme, host] = aud;
        if claims.aud.strip_prefix(scheme) != Some(host) {
            return Err(TokenErr::Audience {
                got: claims.aud.clone(),
            });
        }
        if self.revoked.contains(&claims.jti) {
            return Err(TokenErr::Revoked);
        }
        Ok(read)
    }

    /// Decoded token for the learner, like jwt.io shows it. A token this server signed or read
    /// before is not read again for its claims.
    pub fn explain(&self, token: &str, now_ms: i64) -> String {
        let mut parts = token.split('.');
        let (hs, ps) = (parts.next(), parts.next());
        let h = hs.and_then(util::base64url_decode);
        let p = ps.and_then(util::base64url_decode);
        let segments = token.split('.').count();
        let mut s = String::new();
        match (h, p) {
            (Some(h), Some(p)) if p.starts_with(b"{") && p.ends_with(b"}") => {
                let input = &token[..hs.map_or(0, str::len) + 1 + ps.map_or(0, str::len)];
                let claims = match self.memo.remembered(input) {
                    Some(read) => read.map(|r| r.0.exp),
                    None => Self::claims_of(&p).map(|c| c.exp),
                };
                let text = |b: Vec<u8>| {
                    String::from_utf8(b)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
                };
                let (h, p) = (text(h), text(p));
                s.reserve(h.len() + p.len() + 80);
                s.push_str("header:  ");
                s.push_str(&h);
                s.push_str("\npayload: ");
                s.push_str(&p);
                s.push('\n');
                if let Some(exp) = claims {
                    let left = exp - now_ms / 1000;
                    s.push_str("exp: ");
                    s.push_str(&util::iso_s(exp * 1000));
                    if left >= 0 {
                        let _ = writeln!(s, " (in {left} s)");
                    } else {
                        let _ = writeln!(s, " ({} s ago)", -left);
                    }
                }
                let _ = writeln!(s, "segments: {segments}");
            }
            _ => s.push_str(&format!(
                "token could not be decoded ({segments} segments, {} chars)\n",
                token.len()
            )),
        }
        s
    }
}

impl TokenErr {
    /// The validator's `error_description` and the reason its log line gives, for the checks
    /// made with its own clock and its cached keys.
    pub fn described(&self) -> (String, String) {
        match self {
            TokenErr::NotYetValid {
                ahead_s,
                iat,
                clock_ms,
            } => (
                "The access token is not yet valid (iat)".into(),
                format!(
                    "reason=\"token not yet valid: iat {} is {ahead_s} s after the validator's clock ({}), leeway 30 s\"",
                    util::iso_s(iat * 1000),
                    util::iso_s(*clock_ms)
                ),
            ),
            TokenErr::UnknownKid {
                kid,
                cached,
                fetched_ms,
            } => (
                format!("No key with kid {kid} in the JSON Web Key Set"),
                format!(
                    "reason=\"kid {kid} not found in cached JWKS (kids: {}; fetched {} from https://{AUTH_HOST}/.well-known/jwks.json)\"",
                    cached.join(", "),
                    util::iso_s(*fetched_ms)
                ),
            ),
            _ => (
                "The access token is invalid".into(),
                "reason=\"token rejected\"".into(),
            ),
        }
    }
}

/// The client id and secret an HTTP Basic `Authorization` value carries (empty when it is
/// missing or does not decode).
pub(crate) fn basic_credentials(basic: Option<&str>) -> (String, String) {
    basic
        .and_then(util::base64url_decode)
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            s.split_once(':')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        })
        .unwrap_or_default()
}
