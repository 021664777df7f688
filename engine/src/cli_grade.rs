//! `faultline grade`: grades a typed interview answer offline, or lists the prompts.

use std::io::Read;

use faultline_engine::interview;

use crate::{fail, json, opts, Res};

/// Answers longer than this are refused before grading: no interview answer is 64 KiB.
const MAX_ANSWER_BYTES: u64 = 64 * 1024;

pub const USAGE: &str =
    "usage: faultline grade --prompt ID --answer-file FILE|- [--json] | faultline grade --list [--json]";

pub fn grade(args: &[String]) -> Res {
    let o = opts(args, &["prompt", "answer-file"], &["json", "list"])?;
    let has = |name: &str| o.iter().any(|(k, _)| k == name);
    let value = |name: &str| o.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if has("list") {
        let infos: Vec<_> = interview::prompts().iter().map(|p| p.info()).collect();
        if has("json") {
            return Ok(json(&infos));
        }
        return Ok(infos
            .iter()
            .map(|p| format!("{:<30} {:<28} {}\n", p.id, p.topic, p.question))
            .collect());
    }
    let (Some(id), Some(file)) = (value("prompt"), value("answer-file")) else {
        return Err(fail(USAGE));
    };
    let prompt = interview::find(&id).ok_or_else(|| {
        fail(format!(
            "unknown prompt \"{id}\"; `faultline grade --list` shows them"
        ))
    })?;
    let answer = read_answer(&file).map_err(|e| fail(format!("cannot read {file}: {e}")))?;
    let g = interview::grade(prompt, &answer);
    if has("json") {
        return Ok(json(&g));
    }
    Ok(text(prompt, &g))
}

/// Reads the answer from a file, or from stdin for `-`, refusing anything over the limit.
fn read_answer(file: &str) -> Result<String, String> {
    let mut bytes = vec![];
    let read = if file == "-" {
        std::io::stdin()
            .take(MAX_ANSWER_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(MAX_ANSWER_BYTES + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_ANSWER_BYTES {
        return Err(format!("it is over {MAX_ANSWER_BYTES} bytes"));
    }
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())
}

fn text(prompt: &interview::Prompt, g: &interview::Grade) -> String {
    let mut out = format!(
        "{}: {}\nscore {}/100: {} of {} key points, {} misconception(s)\n\nkey points:\n",
        prompt.id,
        prompt.question,
        g.score,
        g.points_hit,
        g.points_total,
        g.misconceptions.len()
    );
    for p in &g.points {
        let mark = if p.hit { "[x]" } else { "[ ]" };
        out.push_str(&format!("  {mark} {}", p.text));
        if !p.hit {
            out.push_str(&format!(" (reference: {})", p.reference));
        }
        out.push('\n');
    }
    if !g.misconceptions.is_empty() {
        out.push_str("\nmisconceptions:\n");
        for m in &g.misconceptions {
            out.push_str(&format!(
                "  ! {} (you wrote: \"{}\"; reference: {})\n",
                m.text, m.evidence, m.reference
            ));
        }
    }
    if g.keyword_lists > 0 {
        out.push_str(&format!(
            "\n{} line(s) read as lists of keywords, not statements, and earned nothing.\n",
            g.keyword_lists
        ));
    }
    out.push_str(&format!("\nmodel answer:\n  {}\n", prompt.model_answer));
    out
}
