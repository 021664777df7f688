//! Turns a typed answer into clauses of lower-case words, the unit a key point must appear in.

/// Words that split one sentence into two claims: what comes after them is about something else.
const CONTRAST_WORDS: [&str; 6] = ["whereas", "while", "unlike", "versus", "vs", "however"];

/// Little words every real sentence has and a list of keywords lacks.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "it", "its", "this",
    "that", "these", "those", "there", "they", "them", "their", "you", "your", "we", "our", "us",
    "i", "my", "me", "he", "she", "his", "her", "one", "to", "of", "for", "by", "with", "from",
    "on", "in", "at", "into", "onto", "as", "than", "then", "so", "if", "when", "because", "which",
    "who", "what", "where", "why", "how", "not", "no", "nor", "and", "or", "but", "do", "does",
    "did", "has", "have", "had", "can", "cannot", "could", "should", "would", "will", "must",
    "may", "might", "means", "mean", "meant", "says", "say", "said", "tells", "tell", "shows",
    "show", "gets", "get", "got", "makes", "make", "gives", "give", "lets", "let", "uses", "use",
    "used", "about", "only", "also", "still", "just", "even", "until", "after", "before", "each",
    "every", "any", "all", "both", "either", "same", "other", "own", "per", "up", "out", "over",
    "again", "once", "here", "more", "less", "most", "some", "such", "via", "through", "without",
    "within", "else", "instead", "first", "next", "last", "usually", "often", "never", "always",
];

/// Lower-cases, expands contractions and drops punctuation, keeping letters and digits.
pub fn words(text: &str) -> Vec<String> {
    let lower = text
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace("can't", "cannot")
        .replace("won't", "will not")
        .replace("n't", " not")
        .replace('\'', "");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Splits an answer into clauses: at sentence ends (a full stop followed by a space, so "1.2" and
/// "v2.1" stay whole), semicolons, line breaks, and contrast words like "whereas".
pub fn clauses(answer: &str) -> Vec<Vec<String>> {
    // Abbreviations whose full stop is not a sentence end.
    let text = answer
        .replace("e.g.", "eg")
        .replace("i.e.", "ie")
        .replace("etc.", "etc")
        .replace("E.g.", "eg")
        .replace("I.e.", "ie");
    let mut sentences = vec![];
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ends = match c {
            '!' | '?' | ';' | '\n' | '\r' => true,
            '.' => chars.peek().is_none_or(|n| n.is_whitespace()),
            _ => false,
        };
        if ends {
            sentences.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    sentences.push(current);
    let mut out = vec![];
    for s in sentences {
        let mut clause = vec![];
        for w in words(&s) {
            if CONTRAST_WORDS.contains(&w.as_str()) {
                out.push(std::mem::take(&mut clause));
            } else {
                clause.push(w);
            }
        }
        out.push(clause);
    }
    out.retain(|c| !c.is_empty());
    out
}

pub fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.contains(&w)
}

/// Verbs that carry a claim ("is", "means", "cannot"), and the shapes most other verbs take in a
/// sentence ("returns", "expired"). A list of nouns joined by "and" has none of them.
const LINKING_VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "am",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "can",
    "cannot",
    "could",
    "should",
    "would",
    "will",
    "must",
    "may",
    "might",
    "mean",
    "means",
    "meant",
    "get",
    "gets",
    "got",
    "give",
    "gives",
    "let",
    "lets",
    "need",
    "needs",
    "keep",
    "send",
    "check",
    "read",
    "find",
    "use",
    "ask",
    "try",
    "look",
    "make",
    "see",
    "go",
    "come",
    "stop",
    "start",
    "fail",
    "work",
    "run",
    "tell",
    "say",
    "show",
    "take",
    "know",
    "want",
    "put",
    "set",
    "compare",
    "change",
    "call",
    "confirm",
    "follow",
    "pull",
    "search",
    "test",
    "open",
    "include",
    "reproduce",
    "escalate",
    "collect",
    "add",
    "grant",
    "list",
    "state",
    "decode",
    "wait",
    "retry",
    "refresh",
    "resend",
    "replay",
    "verify",
    "store",
    "skip",
    "answer",
    "return",
    "create",
    "remove",
    "replace",
    "reach",
    "trust",
    "match",
    "reject",
    "refuse",
    "protect",
    "prove",
];

/// Verb forms that are hardly ever nouns: they make a clause a statement even when they are one
/// of the prompt's keywords ("DELETE removes the resource"). "Permissions" or "grant" may not.
#[rustfmt::skip]
const VERB_FORMS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "am", "has", "have", "had", "does", "did", "can",
    "cannot", "could", "should", "would", "will", "must", "may", "might", "means", "meant",
    "removes", "replaces", "creates", "reads", "returns", "sends", "fetches", "retrieves",
    "updates", "deletes", "expires", "expired", "fails", "failed", "works", "worked", "lacks",
    "proves", "encrypts", "protects", "asks", "pushes", "pulls", "stops", "waits", "carries",
    "travels", "overwrites", "triggers", "opens", "rejects", "refuses", "happens", "comes",
    "goes", "holds", "lets", "saves", "gets", "got", "makes", "takes", "knows", "tells", "says",
    "shows", "gives", "gave", "timed", "dropped", "rotated", "revoked", "sent", "received",
];

/// A verb form that is never taken for a noun.
pub fn is_verb_form(w: &str) -> bool {
    VERB_FORMS.contains(&w)
}

pub fn is_verb_like(w: &str) -> bool {
    LINKING_VERBS.contains(&w)
        || (w.len() >= 4
            && w.chars().all(|c| c.is_ascii_alphabetic())
            && (w.ends_with("ed")
                || (w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us"))))
}

/// A phrasing as words; a trailing `*` on a word makes it a prefix.
pub fn phrase_words(phrase: &str) -> Vec<(String, bool)> {
    let prefix_last = phrase.ends_with('*');
    let ws = words(phrase);
    let n = ws.len();
    ws.into_iter()
        .enumerate()
        .map(|(i, w)| (w, prefix_last && i + 1 == n))
        .collect()
}

/// Where `phrase` occurs in `clause`: each start index.
pub fn occurrences(clause: &[String], phrase: &[(String, bool)]) -> Vec<usize> {
    if phrase.is_empty() || phrase.len() > clause.len() {
        return vec![];
    }
    (0..=clause.len() - phrase.len())
        .filter(|&start| {
            phrase.iter().enumerate().all(|(i, (w, prefix))| {
                let got = &clause[start + i];
                if *prefix {
                    got.starts_with(w.as_str())
                } else {
                    got == w
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_split_at_sentence_ends_and_contrasts_but_not_inside_numbers() {
        let c = clauses("A 401 isn't final. TLS 1.2 works, whereas e.g. 1.0 fails; ok\nnext");
        assert_eq!(
            c,
            vec![
                vec!["a", "401", "is", "not", "final"],
                vec!["tls", "1", "2", "works"],
                vec!["eg", "1", "0", "fails"],
                vec!["ok"],
                vec!["next"],
            ]
        );
    }

    #[test]
    fn a_star_matches_word_starts_only_at_the_end() {
        let clause = words("it was authenticated by the x-api-key");
        assert_eq!(occurrences(&clause, &phrase_words("authenticat*")), vec![2]);
        assert_eq!(occurrences(&clause, &phrase_words("x-api-key")), vec![5]);
        assert!(occurrences(&clause, &phrase_words("authenticat")).is_empty());
    }
}
