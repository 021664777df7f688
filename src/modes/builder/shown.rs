//! Which of the check's problems the builder shows, and in what words. A new draft breaks many
//! rules at once; the author is told about a field once they have touched it (or asked to see
//! every problem), beside the field, in a sentence rather than a schema path, and the summary
//! links each problem to its field.

use std::collections::{BTreeMap, BTreeSet};

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The fields the author has touched (`<scenario index>:<path>`, or `pack.<key>`), and whether
/// they asked to see every problem.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Touched {
    paths: BTreeSet<String>,
    pub all: bool,
}

impl Touched {
    fn key(scenario: usize, path: &str) -> String {
        if path.starts_with("pack.") {
            path.to_string()
        } else {
            format!("{scenario}:{path}")
        }
    }

    pub fn mark(&self, scenario: usize, path: &str) -> Touched {
        let mut next = self.clone();
        next.paths.insert(Touched::key(scenario, path));
        next
    }

    /// The author asked to see every problem.
    pub fn everything(&self) -> Touched {
        Touched {
            all: true,
            ..self.clone()
        }
    }

    pub fn shows(&self, scenario: usize, path: &str) -> bool {
        self.all || self.paths.contains(&Touched::key(scenario, path))
    }

    /// Keeps the problems of the fields shown, in plain words.
    pub fn filter(
        &self,
        scenario: usize,
        by_field: BTreeMap<String, Vec<String>>,
    ) -> BTreeMap<String, Vec<String>> {
        by_field
            .into_iter()
            .filter(|(path, _)| self.shows(scenario, path))
            .map(|(path, list)| (path, list.iter().map(|p| plain(p)).collect()))
            .collect()
    }
}

/// "scenarios[0].seed: is required and must be…" → "Is required and must be…." (the field it is
/// about is the one it stands beside).
pub fn plain(problem: &str) -> String {
    let message = problem
        .split_once(": ")
        .filter(|(path, _)| !path.contains(' '))
        .map_or(problem, |(_, m)| m)
        .trim();
    let mut chars = message.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with(['.', '?', '!', ')', '"']) {
        out.push('.');
    }
    out
}

/// A field path in words: "story.expected" → "Story, expected"; "hints[0]" → "Hint 1";
/// "fault.params.minutes_ago" → "Fault, minutes ago".
pub fn field_words(path: &str) -> String {
    let path = path
        .strip_prefix("pack.")
        .map_or(path.to_string(), |p| format!("pack {p}"));
    let mut out = String::new();
    for (i, part) in path
        .split('.')
        .filter(|p| *p != "params" && !p.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push_str(", ");
        }
        let part = match part.split_once('[') {
            Some((name, index)) => {
                let n: usize = index.trim_end_matches(']').parse().unwrap_or(0);
                format!("{} {}", name.trim_end_matches('s'), n + 1)
            }
            None => part.to_string(),
        };
        out.push_str(&part.replace(['_', '-', '#'], " "));
    }
    let mut chars = out.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Moves focus to the field of `path` (its input, select or text area).
pub fn focus_field(path: &str) {
    let selector = format!(
        "[data-path=\"{}\"] :is(input, select, textarea)",
        path.replace('"', "")
    );
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// (field path, problem) for the fields shown.
    pub problems: Vec<(String, String)>,
}

/// The problems being shown, each a link to its field.
#[function_component(ProblemLinks)]
pub fn problem_links(props: &SummaryProps) -> Html {
    if props.problems.is_empty() {
        return html! {};
    }
    html! {
        <ul class="problem-links">
            { for props.problems.iter().map(|(path, text)| {
                let target = path.clone();
                html! {
                    <li>
                        <button type="button" class="link-button" onclick={Callback::from(move |_| focus_field(&target))}>
                            { field_words(path) }
                        </button>
                        { format!(": {text}") }
                    </li>
                }
            }) }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_as_sentences_and_fields_as_words() {
        assert_eq!(
            plain("scenarios[0].seed: is required and must be a non-negative integer"),
            "Is required and must be a non-negative integer."
        );
        assert_eq!(plain("blurb: must not be empty"), "Must not be empty.");
        assert_eq!(field_words("story.expected"), "Story, expected");
        assert_eq!(field_words("hints[0]"), "Hint 1");
        assert_eq!(
            field_words("fault.params.minutes_ago"),
            "Fault, minutes ago"
        );
        assert_eq!(field_words("pack.blurb"), "Pack blurb");
    }

    #[test]
    fn a_field_shows_its_problems_once_touched() {
        let mut by_field = BTreeMap::new();
        by_field.insert(
            "title".to_string(),
            vec!["scenarios[0].title: must not be empty".to_string()],
        );
        by_field.insert(
            "pack.blurb".to_string(),
            vec!["blurb: must not be empty".to_string()],
        );
        let fresh = Touched::default();
        assert!(
            fresh.filter(0, by_field.clone()).is_empty(),
            "nothing before a touch"
        );
        let touched = fresh.mark(0, "title");
        let shown = touched.filter(0, by_field.clone());
        assert_eq!(shown.keys().collect::<Vec<_>>(), vec!["title"]);
        assert_eq!(shown["title"], vec!["Must not be empty."]);
        assert!(
            touched.filter(1, by_field.clone()).is_empty(),
            "another scenario's title is untouched"
        );
        let all = Touched {
            all: true,
            ..touched
        };
        assert_eq!(all.filter(1, by_field).len(), 2);
    }
}
