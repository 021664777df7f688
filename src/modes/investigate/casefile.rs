//! "Copy case file": the escalation as Markdown, ready for a ticket. The note (the one-line
//! statement and its parts, the owner), the pinned lines grouped by the check that printed them
//! (its command, then the lines, in code blocks), the checklist when it was checked, the request
//! as cURL and every exchange as HAR 1.2. The evidence is already masked by the engine (API keys,
//! secrets, sessions); a bearer token, which the inspector keeps whole to decode it, is cut to its
//! first characters here: a ticket never carries a live token (the study guide's rule). Pure.

use super::escalation::{Checklist, Field, Note};

/// The lines pinned from one check, in pin order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinGroup {
    pub label: String,
    pub command: String,
    pub lines: Vec<String>,
}

/// Everything the case file holds.
#[derive(Clone, Debug, Default)]
pub struct CaseFile<'a> {
    /// What the ticket is about: the reporter's words ("Every delivery gets 401…").
    pub title: String,
    pub note: Option<&'a Note>,
    pub owner: Option<String>,
    pub pins: Vec<PinGroup>,
    pub pin_count: usize,
    pub checklist: Option<&'a Checklist>,
    pub trace_id: String,
    pub started_at: String,
    pub curl: Option<String>,
    pub har: Option<String>,
}

/// A code fence longer than any run of backticks inside `text`, so no line can close it early.
fn fence(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

fn block(out: &mut String, lang: &str, text: &str) {
    let f = fence(text);
    out.push_str(&format!(
        "{f}{lang}\n{}\n{f}\n\n",
        text.trim_end_matches('\n')
    ));
}

/// One line of Markdown prose: no line breaks, and the characters that would start markup or
/// break a table kept as text.
fn inline(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The case file as Markdown.
pub fn markdown(c: &CaseFile) -> String {
    let mut out = String::new();
    out.push_str(&format!("# Case file: {}\n\n", inline(&c.title)));
    out.push_str("## Escalation\n\n");
    match c.note {
        Some(note) => {
            out.push_str(&format!("> {}\n\n", inline(&note.statement(c.pin_count))));
            for f in Field::ALL {
                let text = note.get(f);
                let text = if text.trim().is_empty() {
                    "(not written)".to_string()
                } else {
                    inline(text)
                };
                out.push_str(&format!("- **{}:** {text}\n", f.label()));
            }
        }
        None => out.push_str("- (no note written)\n"),
    }
    let owner = c
        .owner
        .as_deref()
        .map_or("(not chosen)".to_string(), inline);
    out.push_str(&format!("- **Owner:** {owner}\n"));
    out.push_str(&format!("- **Trace id:** `{}`\n", c.trace_id));
    if !c.started_at.is_empty() {
        out.push_str(&format!("- **Request sent at:** {} (UTC)\n", c.started_at));
    }
    out.push('\n');

    out.push_str("## Evidence (pinned lines)\n\n");
    if c.pins.is_empty() {
        out.push_str("No line pinned.\n\n");
    }
    for g in &c.pins {
        out.push_str(&format!("### {}\n\n", inline(&g.label)));
        block(&mut out, "sh", &format!("$ {}", g.command));
        block(&mut out, "text", &g.lines.join("\n"));
    }

    if let Some(list) = c.checklist {
        out.push_str("## Checklist\n\n");
        let mark = |ok: bool| if ok { "[x]" } else { "[ ]" };
        out.push_str(&format!(
            "- {} Owner: {}\n",
            mark(list.owner_right),
            inline(&list.owner)
        ));
        for i in &list.items {
            out.push_str(&format!("- {} {}", mark(i.covered()), inline(&i.item)));
            if i.unprintable {
                out.push_str(" (not in the simulation's checks: attach it from where it lives)");
            } else if !i.covered() {
                out.push_str(&format!(" (missing: {})", inline(&i.missing.join("; "))));
            }
            out.push('\n');
        }
        out.push('\n');
    }

    if let Some(curl) = &c.curl {
        out.push_str("## Request (cURL)\n\n");
        block(&mut out, "sh", curl);
    }
    if let Some(har) = &c.har {
        out.push_str("## HAR 1.2 (every exchange)\n\n");
        block(&mut out, "json", har);
    }
    // A token is cut as the reporter's command line and every check's output cut it, so one
    // ticket shows one token one way.
    faultline_engine::cut_tokens(&out)
}

#[cfg(test)]
#[path = "casefile_tests.rs"]
mod tests;
