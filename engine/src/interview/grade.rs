//! The grader: which key points an answer states as claims, and which misconceptions it repeats.

use serde::Serialize;

use super::text::{
    clauses, is_function_word, is_verb_form, is_verb_like, occurrences, phrase_words,
};
use super::Prompt;

/// The most words a key point's phrasings may spread over: further apart they are two thoughts.
const MAX_SPAN: usize = 24;
/// Above this share of keyword words a clause is a list of terms, not a statement...
const MAX_KEYWORD_SHARE: f64 = 0.6;
/// ...once it is this long: "PUT is idempotent" is short and all keywords, and still a claim.
const SHORT_CLAUSE: usize = 4;
/// What each misconception found costs, in score points out of 100.
pub const MISCONCEPTION_COST: u32 = 25;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PointResult {
    pub id: String,
    pub text: String,
    pub reference: String,
    pub hit: bool,
    /// The clause of the answer that made the point, as the grader read it (lower case).
    pub evidence: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MisconceptionFound {
    pub id: String,
    pub text: String,
    pub reference: String,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Grade {
    pub prompt: String,
    /// 0–100: the share of key points made, less `MISCONCEPTION_COST` per misconception.
    pub score: u32,
    pub points_hit: usize,
    pub points_total: usize,
    pub points: Vec<PointResult>,
    pub misconceptions: Vec<MisconceptionFound>,
    /// Clauses that read as lists of keywords rather than statements, so earned nothing.
    pub keyword_lists: usize,
}

type Groups = &'static [&'static [&'static str]];

struct Rule {
    groups: Vec<Vec<Vec<(String, bool)>>>,
    rivals: Vec<Vec<(String, bool)>>,
    in_order: bool,
}

impl Rule {
    fn new(groups: Groups, rivals: &[&str], in_order: bool) -> Rule {
        Rule {
            in_order,
            groups: groups
                .iter()
                .map(|g| g.iter().map(|p| phrase_words(p)).collect())
                .collect(),
            rivals: rivals.iter().map(|r| phrase_words(r)).collect(),
        }
    }

    /// Spans (start, end exclusive) of every phrasing of `group` in `clause`.
    fn spans(clause: &[String], group: &[Vec<(String, bool)>]) -> Vec<(usize, usize)> {
        let mut out = vec![];
        for p in group {
            out.extend(occurrences(clause, p).into_iter().map(|s| (s, s + p.len())));
        }
        out.sort_unstable();
        out
    }

    fn matches(&self, clause: &[String]) -> bool {
        let spans: Vec<_> = self.groups.iter().map(|g| Self::spans(clause, g)).collect();
        if spans.iter().any(Vec::is_empty) {
            return false;
        }
        let rival_at: Vec<usize> = self
            .rivals
            .iter()
            .flat_map(|r| occurrences(clause, r))
            .collect();
        let orders = if self.in_order {
            vec![(0..spans.len()).collect()]
        } else {
            permutations(spans.len())
        };
        orders.iter().any(|order| {
            let ordered: Vec<Vec<(usize, usize)>> =
                order.iter().map(|&i| spans[i].clone()).collect();
            ordered[0]
                .iter()
                .any(|&(start, end)| Self::chain(&ordered[1..], start, end, &rival_at))
        })
    }

    /// Can the remaining groups follow in order from `end`, within the span, with no rival between?
    fn chain(rest: &[Vec<(usize, usize)>], start: usize, end: usize, rivals: &[usize]) -> bool {
        let Some((next, later)) = rest.split_first() else {
            return !rivals.iter().any(|&r| r > start && r < end);
        };
        next.iter()
            .filter(|&&(s, e)| s >= end && e - start <= MAX_SPAN)
            .any(|&(_, e)| Self::chain(later, start, e, rivals))
    }

    /// Which words of `clause` belong to a phrasing of this rule.
    fn mark(&self, clause: &[String], marked: &mut [bool]) {
        for g in &self.groups {
            for (s, e) in Self::spans(clause, g) {
                marked[s..e].iter_mut().for_each(|m| *m = true);
            }
        }
    }
}

/// Every order of `0..n` (rules have two or three groups, so at most six).
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n <= 1 {
        return vec![(0..n).collect()];
    }
    let mut out = vec![];
    for smaller in permutations(n - 1) {
        for at in 0..n {
            let mut p = smaller.clone();
            p.insert(at, n - 1);
            out.push(p);
        }
    }
    out
}

/// Which words of `clause` belong to a phrasing of any rule.
fn keyword_marks(clause: &[String], rules: &[&Rule]) -> Vec<bool> {
    let mut marked = vec![false; clause.len()];
    for r in rules {
        r.mark(clause, &mut marked);
    }
    marked
}

/// A clause earns nothing unless it reads as a statement: it has the little words a sentence has,
/// a verb that is not itself one of the keywords ("401 and authentication, 403 and permissions"
/// has none), and keywords are not most of it. Little words inside a phrasing, like "the" in
/// "only the fields", do not count as keywords: they are what makes a sentence a sentence.
fn is_statement(clause: &[String], marked: &[bool]) -> bool {
    let keywords = marked
        .iter()
        .zip(clause)
        .filter(|(&m, w)| m && !is_function_word(w))
        .count();
    clause.iter().any(|w| is_function_word(w))
        && clause
            .iter()
            .zip(marked)
            .any(|(w, &m)| is_verb_form(w) || (is_verb_like(w) && !m))
        && (clause.len() <= SHORT_CLAUSE
            || (keywords as f64) <= MAX_KEYWORD_SHARE * clause.len() as f64)
}

/// Grades `answer` against `prompt`. Deterministic; any text is accepted.
pub fn grade(prompt: &Prompt, answer: &str) -> Grade {
    let point_rules: Vec<Rule> = prompt
        .points
        .iter()
        .map(|p| Rule::new(p.groups, p.rivals, p.in_order))
        .collect();
    let wrong_rules: Vec<Rule> = prompt
        .misconceptions
        .iter()
        .map(|m| Rule::new(m.groups, m.rivals, m.in_order))
        .collect();
    let all: Vec<&Rule> = point_rules.iter().chain(&wrong_rules).collect();
    let mut statements = vec![];
    let mut keyword_lists = 0;
    for clause in clauses(answer) {
        let marked = keyword_marks(&clause, &all);
        if is_statement(&clause, &marked) {
            statements.push(clause);
        } else if marked.contains(&true) {
            keyword_lists += 1;
        }
    }
    let points: Vec<PointResult> = prompt
        .points
        .iter()
        .zip(&point_rules)
        .map(|(p, rule)| {
            let evidence = statements
                .iter()
                .find(|c| rule.matches(c))
                .map(|c| c.join(" "));
            PointResult {
                id: p.id.into(),
                text: p.text.into(),
                reference: p.reference.into(),
                hit: evidence.is_some(),
                evidence,
            }
        })
        .collect();
    let misconceptions: Vec<MisconceptionFound> = prompt
        .misconceptions
        .iter()
        .zip(&wrong_rules)
        .filter_map(|(m, rule)| {
            let found = statements.iter().find(|c| rule.matches(c))?;
            Some(MisconceptionFound {
                id: m.id.into(),
                text: m.text.into(),
                reference: m.reference.into(),
                evidence: found.join(" "),
            })
        })
        .collect();
    let hit = points.iter().filter(|p| p.hit).count();
    let total = points.len().max(1);
    let earned = ((hit * 100) as f64 / total as f64).round() as u32;
    let cost = MISCONCEPTION_COST * misconceptions.len() as u32;
    Grade {
        prompt: prompt.id.into(),
        score: earned.saturating_sub(cost),
        points_hit: hit,
        points_total: points.len(),
        points,
        misconceptions,
        keyword_lists,
    }
}
