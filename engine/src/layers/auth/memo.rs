//! What the authorization server remembers between calls, purely to avoid working a thing out
//! twice: nothing here changes an answer. Every background request's token is signed when it is
//! minted and checked again, with its claims read, each time the gateway verifies it; the claims
//! and `kid` depend on nothing but the token's first two segments, its signature on nothing but
//! those and the key.

use super::Claims;
use crate::util;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::cell::RefCell;
use std::rc::Rc;

/// What reading a token gives: its claims and `kid`, or `None` for a payload that is not a
/// token's. Shared with the memo, so a verification that finds it there copies nothing.
pub(super) type Read = Option<Rc<(Claims, String)>>;

/// A world signs a few dozen tokens; the bound only keeps a long-lived memo small.
const BOUND: usize = 64;

/// Length of a signature's base64url text (256 bytes, unpadded).
pub(super) const SIG_LEN: usize = 342;

#[derive(Clone, Default)]
pub(super) struct Memo(RefCell<State>);

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Memo({} tokens remembered)",
            self.0.borrow().tokens.len()
        )
    }
}

#[derive(Clone, Default)]
struct State {
    /// The `kid` the last header segment was written for, and that segment: every token this
    /// issuer signs with one key starts with it.
    kid: String,
    header: String,
    /// The key the signatures below were worked out with (forgotten when the key changes).
    key: Vec<u8>,
    /// HMAC-SHA256 keyed with `key` and fed `header` and its dot: what signing any token that
    /// starts with that header begins with (the key's pads and the header's first block).
    mac: Option<Hmac<Sha256>>,
    tokens: Vec<Known>,
}

/// One token the server signed or read.
#[derive(Clone)]
struct Known {
    /// The signing input (the header and payload segments), then, once worked out, a dot and
    /// the signature.
    text: String,
    /// Length of the signing input in `text`.
    input: usize,
    /// What reading it gave, once read.
    read: Option<Read>,
}

impl Known {
    fn is(&self, input: &str) -> bool {
        self.input == input.len() && &self.text[..self.input] == input
    }

    fn sig(&self) -> Option<&str> {
        self.text.get(self.input + 1..)
    }
}

impl State {
    /// Forgets the signatures made with another key than `key`.
    fn keyed(&mut self, key: &[u8]) {
        if self.key != key {
            self.key = key.to_vec();
            self.mac = None;
            self.tokens.clear();
        }
    }

    fn find(&self, input: &str) -> Option<usize> {
        self.tokens.iter().position(|k| k.is(input))
    }

    fn push(&mut self, known: Known) -> usize {
        if self.tokens.len() >= BOUND {
            self.tokens.clear();
        }
        self.tokens.push(known);
        self.tokens.len() - 1
    }

    /// The 256-byte signature over `input` with `self.key`. No RSA runs here: the bytes are a
    /// deterministic digest of the issuer's key and the input, which only this issuer can
    /// produce and which changes with every bit of the input, as a real one does. One keyed
    /// digest of the input, stretched to 256 bytes by hashing it with a counter.
    fn signature(&mut self, input: &str) -> [u8; 256] {
        let mac: [u8; 32] = match input
            .strip_prefix(self.header.as_str())
            .and_then(|rest| rest.strip_prefix('.'))
        {
            Some(rest) if !self.header.is_empty() => {
                let (key, header) = (&self.key, &self.header);
                let mut m = self
                    .mac
                    .get_or_insert_with(|| {
                        let mut m = Hmac::<Sha256>::new_from_slice(key)
                            .expect("HMAC accepts a key of any length");
                        m.update(header.as_bytes());
                        m.update(b".");
                        m
                    })
                    .clone();
                m.update(rest.as_bytes());
                m.finalize().into_bytes().into()
            }
            _ => util::hmac_sha256(&self.key, input.as_bytes()),
        };
        let mut block = [0u8; 33];
        block[..32].copy_from_slice(&mac);
        let mut sig = [0u8; 256];
        for (i, part) in sig.chunks_exact_mut(32).enumerate() {
            block[32] = i as u8;
            part.copy_from_slice(&util::sha256(&block));
        }
        sig
    }
}

impl Memo {
    /// Calls `f` with the header segment for `kid`, written by `write` unless it was the last
    /// one written.
    pub fn header<T>(
        &self,
        kid: &str,
        write: impl FnOnce() -> String,
        f: impl FnOnce(&str) -> T,
    ) -> T {
        let mut s = self.0.borrow_mut();
        if s.kid != kid || s.header.is_empty() {
            s.header = write();
            s.kid = kid.to_string();
            s.mac = None;
        }
        f(&s.header)
    }

    /// Signs `token` (the signing input so far) with `key`: appends a dot and the signature,
    /// and remembers the token and, when given, what reading it gives.
    pub fn sign(&self, key: &[u8], token: &mut String, read: Option<Read>) {
        let mut s = self.0.borrow_mut();
        s.keyed(key);
        let input = token.len();
        let sig = s.signature(token);
        token.reserve(SIG_LEN + 1);
        token.push('.');
        util::push_base64url(token, &sig);
        s.push(Known {
            text: token.clone(),
            input,
            read,
        });
    }

    /// Whether `sig` is the signature with `key` over `input`, worked out or remembered.
    pub fn signs(&self, key: &[u8], input: &str, sig: &str) -> bool {
        let mut s = self.0.borrow_mut();
        s.keyed(key);
        let at = match s.find(input) {
            Some(at) => at,
            None => s.push(Known {
                text: input.to_string(),
                input: input.len(),
                read: None,
            }),
        };
        if let Some(known) = s.tokens[at].sig() {
            return known == sig;
        }
        let raw = s.signature(input);
        let text = &mut s.tokens[at].text;
        text.push('.');
        util::push_base64url(text, &raw);
        &text[input.len() + 1..] == sig
    }

    /// What reading `token` gave, when it is a token signed here with `key` and read before,
    /// signature and all. It is found by its signature's first bytes (every token one issuer
    /// signs starts with the same header, and its background clients' claims differ only in
    /// the middle), then compared whole.
    pub fn known(&self, key: &[u8], token: &str) -> Option<Read> {
        let s = self.0.borrow();
        if s.key != key {
            return None;
        }
        let at = token.len().checked_sub(SIG_LEN)?;
        let head = token.as_bytes().get(at..at + 8)?;
        let same = |k: &&Known| {
            k.text.len() == token.len()
                && k.sig().is_some()
                && k.text.as_bytes().get(at..at + 8) == Some(head)
                && k.text == token
        };
        s.tokens.iter().find(same)?.read.clone()
    }

    /// What reading the token signed as `input` gives, remembered or worked out by `read`.
    pub fn read(&self, input: &str, read: impl FnOnce() -> Read) -> Read {
        if let Some(r) = self.remembered(input) {
            return r;
        }
        let r = read();
        let mut s = self.0.borrow_mut();
        match s.find(input) {
            Some(at) => s.tokens[at].read = Some(r.clone()),
            None => {
                s.push(Known {
                    text: input.to_string(),
                    input: input.len(),
                    read: Some(r.clone()),
                });
            }
        }
        r
    }

    /// What reading the token signed as `input` gave, if it was read (or minted) here.
    pub fn remembered(&self, input: &str) -> Option<Read> {
        let s = self.0.borrow();
        s.find(input).and_then(|at| s.tokens[at].read.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signature begun from the key's remembered pads and header is the one signing the
    /// whole input gives, whatever the header's length next to SHA-256's 64-byte blocks.
    #[test]
    fn signing_from_the_remembered_header_changes_nothing() {
        for n in [0, 1, 55, 63, 64, 65, 100, 128, 200] {
            let header: String = "h".repeat(n);
            let input = format!("{header}.eyJwYXlsb2FkIjoxfQ");
            let mut cached = State {
                key: b"k3y".to_vec(),
                header: header.clone(),
                ..State::default()
            };
            let mut plain = State {
                key: b"k3y".to_vec(),
                ..State::default()
            };
            let twice = (cached.signature(&input), cached.signature(&input));
            assert_eq!(twice.0, plain.signature(&input), "header of {n} bytes");
            assert_eq!(twice.1, twice.0);
        }
    }
}
