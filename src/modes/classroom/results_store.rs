//! The result codes a trainer has pasted, per session, kept in this browser only:
//! `faultline.classroom.results.<token>` holds `{"codes": [...]}`. Every change is applied to what
//! is stored now (another tab may have added codes). A stored value that cannot be read is kept
//! aside before anything is written over it; when it cannot be kept aside, nothing is written.

use serde::{Deserialize, Serialize};

use super::result_code::{decode, Session, StudentResult};
use crate::set_aside;
use crate::storage;

pub const PREFIX: &str = "faultline.classroom.results.";

#[derive(Serialize, Deserialize, Default)]
struct Stored {
    codes: Vec<String>,
}

pub fn key(token: &str) -> String {
    format!("{PREFIX}{token}")
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub codes: Vec<String>,
    pub notices: Vec<String>,
    /// Why nothing may be written now.
    pub blocked: Option<String>,
}

/// Reads stored text: Ok(codes) or why it cannot be read.
pub fn parse(raw: Option<&str>) -> Result<Vec<String>, String> {
    match raw {
        None => Ok(vec![]),
        Some(text) => serde_json::from_str::<Stored>(text)
            .map(|s| s.codes)
            .map_err(|e| e.to_string()),
    }
}

/// What the trainer is told about stored results that cannot be read.
const UNREADABLE: set_aside::Messages = set_aside::Messages {
    kept: |why| {
        format!(
            "The results stored for this session could not be read ({why}). They were kept aside, \
             as they were, under “Kept aside” on the Progress page, where you can download them; \
             this session's results start empty."
        )
    },
    not_kept: |why, problem| {
        format!(
            "The results stored for this session could not be read ({why}) and could not be kept \
             aside ({}). They stay stored as they are, and no code is added until they can be \
             kept aside.",
            problem.notice().trim_end_matches('.')
        )
    },
};

/// The codes stored for session `token` now.
pub fn load(token: &str) -> Loaded {
    let loaded = set_aside::load_or_set_aside(
        &key(token),
        set_aside::kind::CLASSROOM_RESULTS,
        parse,
        &UNREADABLE,
    );
    Loaded {
        blocked: loaded.blocked(),
        codes: loaded.value,
        notices: loaded.notices,
    }
}

/// Adds codes to those stored now; Ok(all codes, notices) or why nothing was stored.
pub fn add(token: &str, new: &[String]) -> Result<(Vec<String>, Vec<String>), String> {
    let Loaded {
        mut codes,
        notices,
        blocked,
    } = load(token);
    if let Some(why) = blocked {
        return Err(why);
    }
    for code in new {
        if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    let text = serde_json::to_string(&Stored {
        codes: codes.clone(),
    })
    .map_err(|e| e.to_string())?;
    storage::write(&key(token), &text).map_err(|p| p.notice())?;
    Ok((codes, notices))
}

/// Tokens of the sessions with stored results, for the classroom page's list.
pub fn sessions() -> Vec<String> {
    let mut tokens: Vec<String> = storage::keys()
        .into_iter()
        .filter_map(|k| k.strip_prefix(PREFIX).map(str::to_string))
        .collect();
    tokens.sort();
    tokens
}

/// Where a student's unfinished session is kept: the result code so far.
pub fn student_key(token: &str) -> String {
    format!("faultline.classroom.student.{token}")
}

/// What the student is told about earlier answers that cannot be read.
const UNREADABLE_STUDENT: set_aside::Messages = set_aside::Messages {
    kept: |why| {
        format!(
            "Your earlier answers in this session could not be read ({why}). They were kept \
             aside under “Kept aside” on the Progress page; you start again."
        )
    },
    not_kept: |why, problem| {
        format!(
            "Your earlier answers in this session could not be read ({why}) nor kept aside ({}); \
             they stay stored. You start again, and nothing you do here replaces them.",
            problem.notice().trim_end_matches('.')
        )
    },
};

/// The student's result so far, and a notice when what was stored could not be read (then it
/// was kept aside, or left where it is when that failed) or storage could not be read at all.
pub fn load_student(session: &Session, token: &str) -> (Option<StudentResult>, Option<String>) {
    let loaded = set_aside::load_or_set_aside(
        &student_key(token),
        set_aside::kind::CLASSROOM_RESULTS,
        |raw| {
            raw.map(|raw| decode(session, raw).map_err(|e| e.to_string()))
                .transpose()
        },
        &UNREADABLE_STUDENT,
    );
    (loaded.value, loaded.notices.into_iter().next())
}

/// Stores the student's result so far, unless unreadable data sits there (it is never
/// written over).
pub fn save_student(session: &Session, token: &str, code: &str) -> Result<(), String> {
    let key = student_key(token);
    if let Ok(Some(old)) = storage::read(&key) {
        if decode(session, &old).is_err() {
            return Err("unreadable data is stored there".into());
        }
    }
    storage::write(&key, code).map_err(|p| p.notice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_codes_read_back_and_damage_is_reported() {
        assert_eq!(parse(None), Ok(vec![]));
        assert_eq!(
            parse(Some(r#"{"codes":["R1.a","R1.b"]}"#)),
            Ok(vec!["R1.a".to_string(), "R1.b".to_string()])
        );
        assert!(parse(Some("{\"codes\": 3")).is_err());
        assert!(parse(Some("[]")).is_err());
    }

    #[test]
    fn unreadable_data_messages_read_as_one_sentence_each() {
        let problem = crate::storage::StorageProblem::Full;
        for messages in [&UNREADABLE, &UNREADABLE_STUDENT] {
            let kept = (messages.kept)("bad code");
            let not_kept = (messages.not_kept)("bad code", &problem);
            for text in [&kept, &not_kept] {
                assert!(!text.contains("  "), "no run of spaces: {text:?}");
                assert!(!text.contains('\n'), "one line: {text:?}");
                assert!(text.contains("(bad code)"), "{text}");
            }
            assert!(not_kept.contains(problem.notice().trim_end_matches('.')));
            assert!(!not_kept.contains(".)"), "{not_kept}");
        }
    }
}
