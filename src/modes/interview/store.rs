//! Loading and saving interview drafts in browser storage. Drafts that cannot be read are kept
//! aside before anything new is written over them; if that fails, saving stays off for the visit.

use super::drafts::{self, Drafts};
use crate::set_aside;
use crate::storage::{self, StorageProblem};

pub const KEY: &str = "faultline.interview.drafts";
const ASIDE_KIND: &str = crate::set_aside::kind::INTERVIEW_DRAFTS;

pub struct Loaded {
    pub drafts: Drafts,
    /// What the learner should be told (storage off, drafts unreadable).
    pub notices: Vec<String>,
    /// False when unreadable drafts could not be kept aside: writing would destroy them.
    pub can_save: bool,
}

pub fn load() -> Loaded {
    let raw = match storage::read(KEY) {
        Ok(raw) => raw,
        Err(problem) => {
            return Loaded {
                drafts: Drafts::default(),
                notices: vec![problem.notice()],
                can_save: true,
            }
        }
    };
    let Some(raw) = raw else {
        return Loaded {
            drafts: Drafts::default(),
            notices: vec![],
            can_save: true,
        };
    };
    match drafts::parse(&raw) {
        Ok(drafts) => Loaded {
            drafts,
            notices: vec![],
            can_save: true,
        },
        Err(why) => match set_aside::keep(ASIDE_KIND, &raw) {
            Ok(_) => Loaded {
                drafts: Drafts::default(),
                notices: vec![format!(
                    "Your {why}. They are kept aside untouched in this browser's storage, under \
                     a key of their own; new answers are saved as usual."
                )],
                can_save: true,
            },
            Err(problem) => Loaded {
                drafts: Drafts::default(),
                notices: vec![format!(
                    "Your {why}, and they could not be copied aside, so this page will not save \
                     over them: new answers last only until you leave. {}",
                    problem.notice()
                )],
                can_save: false,
            },
        },
    }
}

pub fn save(drafts: &Drafts) -> Result<(), StorageProblem> {
    storage::write(KEY, &drafts.to_json())
}
