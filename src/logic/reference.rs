//! The study reference (assets/reference/reference.json) and the term index that turns words in
//! the evidence into links to its entries.
//!
//! The modules embed only the term index build.rs derives from it (same entries, same order, no
//! text): enough to link terms in the evidence. The start module's holds only the terms its one
//! puzzle's text holds (`START_INDEX`; a test checks it links that puzzle as the whole index does). The whole file ships once, next to index.html
//! (`reference-<hash>.json`, precached by the service worker); the first page or panel that needs
//! the text fetches it and `install`s it (components/reference_text.rs).

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// Where the whole reference is fetched from (copied next to index.html).
pub const URL: &str = "reference.json";
/// Each entry's terms, one line per entry in order, tab-separated (build.rs): links work, entries
/// need `URL`.
pub const INDEX: &str = include_str!(concat!(env!("OUT_DIR"), "/reference-index.txt"));
/// The same lines with only the terms the start puzzle's text holds (build.rs): what the start
/// module embeds, as its page shows nothing else to link until the whole reference arrives.
pub const START_INDEX: &str = include_str!(concat!(env!("OUT_DIR"), "/reference-index-start.txt"));

/// The index `terms` reads, chosen by each module's entry point (`use_index`), so each module
/// embeds only its own.
static INDEX_IN_USE: OnceLock<&'static str> = OnceLock::new();

/// Chooses the term index for this module (its first call wins).
pub fn use_index(index: &'static str) {
    let _ = INDEX_IN_USE.set(index);
}

#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: String,
    pub category: String,
    pub title: String,
    pub terms: Vec<String>,
    pub summary: String,
    pub body: Vec<String>,
    pub example: Option<String>,
    pub first_look: Option<String>,
    pub see_also: Vec<String>,
    pub tags: Vec<String>,
}

#[derive(Default)]
struct Doc {
    categories: Vec<Category>,
    entries: Vec<Entry>,
}

struct Term {
    text: String,
    /// Long, non-acronym terms match regardless of case ("Certificate" → "certificate").
    fold: bool,
    entry: usize,
}

/// A piece of evidence text: plain, or a link to entry `Some(index)`.
pub type Segment = (String, Option<usize>);

#[derive(Default)]
pub struct Reference {
    pub categories: Vec<Category>,
    pub entries: Vec<Entry>,
    /// Set when the embedded JSON could not be read; the app still runs without links.
    pub error: Option<String>,
    /// False for the term index: entries have ids, titles and terms but no text yet.
    pub complete: bool,
    by_id: HashMap<String, usize>,
    /// Terms bucketed by their lowercased first byte, longest first.
    terms: HashMap<u8, Vec<Term>>,
    /// Lowercased whole term → entry, for exact look-ups such as header names.
    exact: HashMap<String, usize>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Reference {
    pub fn parse(source: &str) -> Reference {
        let (doc, error) = match read::doc(source) {
            Ok(doc) => (doc, None),
            Err(e) => (Doc::default(), Some(e)),
        };
        Reference::index(doc, error)
    }

    /// Indexes the entries' terms for linking.
    fn index(doc: Doc, error: Option<String>) -> Reference {
        let mut reference = Reference {
            categories: doc.categories,
            entries: doc.entries,
            error,
            complete: true,
            ..Reference::default()
        };
        for (index, entry) in reference.entries.iter().enumerate() {
            if !entry.id.is_empty() {
                reference.by_id.insert(entry.id.clone(), index);
            }
            for term in &entry.terms {
                let Some(&first) = term.as_bytes().first() else {
                    continue;
                };
                reference
                    .exact
                    .entry(term.to_ascii_lowercase())
                    .or_insert(index);
                let fold = term.len() >= 5 && term.chars().any(|c| c.is_ascii_lowercase());
                reference
                    .terms
                    .entry(first.to_ascii_lowercase())
                    .or_default()
                    .push(Term {
                        text: term.clone(),
                        fold,
                        entry: index,
                    });
            }
        }
        for bucket in reference.terms.values_mut() {
            bucket.sort_by_key(|t| std::cmp::Reverse(t.text.len()));
        }
        reference
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn category_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.categories
            .iter()
            .find(|c| c.id == id)
            .map_or(id, |c| c.title.as_str())
    }

    /// Entry for a whole token such as a header name or a status code (case-insensitive).
    pub fn lookup(&self, token: &str) -> Option<usize> {
        self.exact.get(&token.to_ascii_lowercase()).copied()
    }

    /// Splits `text` into plain runs and links; each entry is linked at most once per text.
    pub fn segments(&self, text: &str) -> Vec<Segment> {
        let bytes = text.as_bytes();
        let mut out: Vec<Segment> = Vec::new();
        let mut linked: Vec<usize> = Vec::new();
        let (mut plain_start, mut i) = (0, 0);
        while i < bytes.len() {
            let at_boundary = i == 0 || !is_word(bytes[i - 1]);
            let found = self
                .terms
                .get(&bytes[i].to_ascii_lowercase())
                .and_then(|bucket| {
                    bucket.iter().find(|term| {
                        let t = term.text.as_bytes();
                        let end = i + t.len();
                        if end > bytes.len() || linked.contains(&term.entry) {
                            return false;
                        }
                        let candidate = &bytes[i..end];
                        let same = if term.fold {
                            candidate.eq_ignore_ascii_case(t)
                        } else {
                            candidate == t
                        };
                        let starts_ok = !is_word(t[0]) || at_boundary;
                        let ends_ok =
                            !is_word(t[t.len() - 1]) || end == bytes.len() || !is_word(bytes[end]);
                        same && starts_ok && ends_ok && text.is_char_boundary(end)
                    })
                });
            match found {
                Some(term) => {
                    if plain_start < i {
                        out.push((text[plain_start..i].to_string(), None));
                    }
                    let end = i + term.text.len();
                    out.push((text[i..end].to_string(), Some(term.entry)));
                    linked.push(term.entry);
                    i = end;
                    plain_start = end;
                }
                None => {
                    i += 1;
                    while i < bytes.len() && !text.is_char_boundary(i) {
                        i += 1;
                    }
                }
            }
        }
        if plain_start < text.len() {
            out.push((text[plain_start..].to_string(), None));
        }
        out
    }

    /// Entries whose title, summary or terms contain every word of `query`, in file order.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                // The whole entry: a word met only in its body or example finds it too.
                let hay = format!(
                    "{} {} {} {} {} {} {}",
                    e.title,
                    e.summary,
                    e.terms.join(" "),
                    e.tags.join(" "),
                    e.body.join(" "),
                    e.example.as_deref().unwrap_or_default(),
                    e.first_look.as_deref().unwrap_or_default()
                )
                .to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

static CURRENT: RwLock<Option<&'static Reference>> = RwLock::new(None);

/// The reference in use: the whole one once installed, else the embedded term index.
pub fn get() -> &'static Reference {
    if let Some(current) = *CURRENT.read().unwrap_or_else(|e| e.into_inner()) {
        return current;
    }
    terms()
}

/// The embedded term index, parsed on first use: links terms exactly as the whole reference
/// does, without its text.
pub fn terms() -> &'static Reference {
    static TERMS: OnceLock<Reference> = OnceLock::new();
    TERMS.get_or_init(term_index)
}

/// Entries with terms and nothing else yet (no id, title or text).
fn term_index() -> Reference {
    // Natively (tests, the CLI-free checks) nothing chooses: the whole index.
    #[cfg(not(target_arch = "wasm32"))]
    let index = INDEX_IN_USE.get().copied().unwrap_or(INDEX);
    #[cfg(target_arch = "wasm32")]
    let index = INDEX_IN_USE.get().copied().unwrap_or_default();
    from_index(index)
}

/// A reference with only the terms of `index` (lines as build.rs writes them).
fn from_index(index: &str) -> Reference {
    let entries = index
        .lines()
        .map(|line| Entry {
            id: String::new(),
            category: String::new(),
            title: String::new(),
            terms: line
                .split('\t')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            summary: String::new(),
            body: vec![],
            example: None,
            first_look: None,
            see_also: vec![],
            tags: vec![],
        })
        .collect();
    let mut index = Reference::index(
        Doc {
            categories: vec![],
            entries,
        },
        None,
    );
    index.complete = false;
    index
}

/// Replaces the reference in use. It lives for the rest of the page (installed once per visit),
/// which is what lets `get` hand out plain references.
pub fn install(reference: Reference) {
    *CURRENT.write().unwrap_or_else(|e| e.into_inner()) = Some(Box::leak(Box::new(reference)));
}

/// The whole reference, for tests only: the app fetches it (see the module comment).
#[cfg(test)]
pub fn embedded() -> &'static Reference {
    static EMBEDDED: OnceLock<Reference> = OnceLock::new();
    EMBEDDED.get_or_init(|| Reference::parse(include_str!("../../assets/reference/reference.json")))
}

#[path = "reference_read.rs"]
mod read;

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"categories":[{"id":"s","title":"Status"}],"entries":[
        {"id":"status-401","category":"s","title":"401 Unauthorized","terms":["401","Unauthorized"],"summary":"No valid credentials."},
        {"id":"term-jwt","category":"s","title":"JWT","terms":["JWT"],"summary":"A token."},
        {"id":"header-authorization","category":"s","title":"Authorization","terms":["Authorization","Bearer"],"summary":"Credentials."},
        {"id":"term-certificate","category":"s","title":"Certificates","terms":["certificate"],"summary":"X.509.","body":["The chain must reach a trusted root."],"example":"openssl s_client -connect api:443"},
        {"id":"curl-60","category":"s","title":"curl 60","terms":["curl: (60)"],"summary":"TLS."}
    ]}"#;

    fn links(r: &Reference, text: &str) -> Vec<(String, usize)> {
        r.segments(text)
            .into_iter()
            .filter_map(|(t, e)| e.map(|e| (t, e)))
            .collect()
    }

    #[test]
    fn links_terms_at_word_boundaries() {
        let r = Reference::parse(DOC);
        assert!(r.error.is_none());
        let text = "HTTP/1.1 401 Unauthorized; 4010 and JWTs are not terms; jwt is lowercase";
        assert_eq!(
            links(&r, text),
            vec![("401".to_string(), 0)],
            "an entry links once per text, and never inside a longer word"
        );
        let joined: String = r.segments(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(joined, text, "segments cover the text exactly");
    }

    #[test]
    fn folds_case_for_long_words_and_matches_punctuated_terms() {
        let r = Reference::parse(DOC);
        assert_eq!(
            links(&r, "Certificate expired"),
            vec![("Certificate".into(), 3)]
        );
        assert_eq!(
            links(&r, "curl: (60) SSL problem, Bearer ünïcode"),
            vec![("curl: (60)".into(), 4), ("Bearer".into(), 2)]
        );
        assert_eq!(r.lookup("authorization"), Some(2));
        assert_eq!(r.index_of("term-jwt"), Some(1));
        assert_eq!(r.search("credentials"), vec![0, 2]);
    }

    #[test]
    fn search_reads_the_whole_entry() {
        let r = Reference::parse(DOC);
        assert_eq!(r.search("trusted root"), vec![3], "a word only in the body");
        assert_eq!(r.search("s_client"), vec![3], "a word only in the example");
        assert!(
            r.search("trusted 401").is_empty(),
            "every word must be in one entry"
        );
    }

    #[test]
    fn the_term_index_links_exactly_like_the_whole_reference() {
        let (full, index) = (embedded(), terms());
        assert!(full.complete && !index.complete);
        assert!(index.error.is_none(), "{:?}", index.error);
        assert_eq!(full.entries.len(), index.entries.len());
        for (f, i) in full.entries.iter().zip(&index.entries) {
            assert_eq!(f.terms, i.terms, "{}", f.id);
            assert!(i.title.is_empty() && i.summary.is_empty() && i.body.is_empty());
        }
        let evidence =
            "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error=\"invalid_token\"\n\
            curl: (60) SSL certificate problem; upstream timed out (110: Connection timed out)";
        assert_eq!(full.segments(evidence), index.segments(evidence));
        assert!(full.segments(evidence).iter().any(|(_, e)| e.is_some()));
    }

    #[test]
    fn the_embedded_reference_parses() {
        let r = embedded();
        assert!(r.error.is_none(), "{:?}", r.error);
        assert!(!r.entries.is_empty());
        for entry in &r.entries {
            assert!(
                r.categories.iter().any(|c| c.id == entry.category),
                "{}",
                entry.id
            );
        }
        assert!(r.lookup("WWW-Authenticate").is_some());
        assert!(r.lookup("401").is_some());
    }

    #[test]
    fn the_start_index_links_the_start_puzzle_as_the_whole_index_does() {
        fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
                serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
                _ => {}
            }
        }
        let puzzle = crate::logic::start_puzzle::start_puzzle();
        let mut texts = vec![];
        strings(&serde_json::to_value(&puzzle).unwrap(), &mut texts);
        let (start, whole) = (from_index(START_INDEX), from_index(INDEX));
        assert!(
            START_INDEX.len() * 4 < INDEX.len(),
            "the start index is not much smaller"
        );
        let mut linked = 0;
        for text in &texts {
            let segments = start.segments(text);
            assert_eq!(segments, whole.segments(text), "{text:?}");
            assert_eq!(start.lookup(text), whole.lookup(text), "{text:?}");
            linked += segments.iter().filter(|(_, e)| e.is_some()).count();
        }
        assert!(linked > 10, "the start puzzle links only {linked} terms");
    }

    #[test]
    fn bad_json_degrades_to_an_empty_reference() {
        let r = Reference::parse("{not json");
        assert!(r.error.is_some());
        assert!(r
            .segments("401 Unauthorized")
            .iter()
            .all(|(_, e)| e.is_none()));
    }
}
