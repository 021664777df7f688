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

pub fn load(token: &str) -> Loaded {
    let key = key(token);
    let raw = match storage::read(&key) {
        Ok(raw) => raw,
        Err(problem) => {
            return Loaded {
                notices: vec![problem.notice()],
                blocked: Some(problem.notice()),
                ..Loaded::default()
            }
        }
    };
    let why = match parse(raw.as_deref()) {
        Ok(codes) => {
            return Loaded {
                codes,
                ..Loaded::default()
            }
        }
        Err(why) => why,
    };
    let raw = raw.unwrap_or_default();
    match set_aside::keep(set_aside::kind::CLASSROOM_RESULTS, &raw) {
        Ok(_) => {
            let _ = storage::remove(&key);
            Loaded {
                notices: vec![format!(
                    "The results stored for this session could not be read ({why}). They were \
                     kept aside, as they were, under “Kept aside” on the Progress page, where you \
                     can download them; this session's results start empty."
                )],
                ..Loaded::default()
            }
        }
        Err(problem) => {
            let blocked = format!(
                "The results stored for this session could not be read ({why}) and could not be \
                 kept aside ({}). They stay stored as they are, and no code is added until they \
                 can be kept aside.",
                problem.notice().trim_end_matches('.')
            );
            Loaded {
                notices: vec![blocked.clone()],
                blocked: Some(blocked),
                ..Loaded::default()
            }
        }
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

/// The student's result so far, and a notice when what was stored could not be read (then it
/// was kept aside, or left where it is when that failed).
pub fn load_student(session: &Session, token: &str) -> (Option<StudentResult>, Option<String>) {
    let key = student_key(token);
    let raw = match storage::read(&key) {
        Ok(Some(raw)) => raw,
        Ok(None) => return (None, None),
        Err(problem) => return (None, Some(problem.notice())),
    };
    match decode(session, &raw) {
        Ok(result) => (Some(result), None),
        Err(why) => match set_aside::keep(set_aside::kind::CLASSROOM_RESULTS, &raw) {
            Ok(_) => {
                let _ = storage::remove(&key);
                (
                    None,
                    Some(format!(
                        "Your earlier answers in this session could not be read ({why}). They                          were kept aside under “Kept aside” on the Progress page; you start again."
                    )),
                )
            }
            Err(problem) => (
                None,
                Some(format!(
                    "Your earlier answers in this session could not be read ({why}) nor kept                      aside ({}); they stay stored. You start again, and nothing you do here                      replaces them.",
                    problem.notice().trim_end_matches('.')
                )),
            ),
        },
    }
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
}
