//! The built-in packs keep to the difficulty measure (`engine/src/difficulty.rs`): every pack file
//! runs easy → hard, and every scenario holds the rating its inference steps give unless its
//! trainer kit says why not (`trainer.difficulty_why`), and says so only when it departs.
//!
//! `node scripts/rate-scenarios.mjs` re-rates and reorders the files; `faultline difficulty
//! assets/scenarios/index.json` prints each scenario's steps.

use faultline_engine::difficulty::{self, StepKind};
use faultline_engine::*;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/scenarios")
}

fn packs() -> Vec<Pack> {
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("index.json")).unwrap()).unwrap();
    let load = |name: &str| -> Result<serde_json::Value, String> {
        let t = std::fs::read_to_string(dir().join(name)).map_err(|e| e.to_string())?;
        serde_json::from_str(&t).map_err(|e| e.to_string())
    };
    let (_, packs, problems) = pack::check_index(&index, &load);
    assert!(problems.is_empty(), "{problems:#?}");
    packs
}

const FIX: &str = "run `node scripts/rate-scenarios.mjs`, or write why in trainer.difficulty_why";

#[test]
fn every_pack_file_runs_easy_to_hard() {
    let out: Vec<String> = packs()
        .iter()
        .flat_map(|p| {
            p.scenarios
                .windows(2)
                .filter(|w| w[0].difficulty > w[1].difficulty)
                .map(|w| {
                    format!(
                        "{}.json: {} ({:?}) comes after {} ({:?})",
                        p.id, w[1].id, w[1].difficulty, w[0].id, w[0].difficulty
                    )
                })
        })
        .collect();
    assert!(out.is_empty(), "{FIX}:\n{}", out.join("\n"));
}

#[test]
fn every_rating_is_the_measured_one_or_says_why_not() {
    let mut out = vec![];
    for p in packs() {
        for r in difficulty::rate_pack(&p).unwrap() {
            let steps: Vec<&str> = r.steps.iter().map(|s| s.detail.as_str()).collect();
            match (r.rating == r.measured, &r.reason) {
                (false, None) => out.push(format!(
                    "{}/{}: rated {:?}, measured {:?} ({})",
                    p.id,
                    r.id,
                    r.rating,
                    r.measured,
                    steps.join("; ")
                )),
                (true, Some(_)) => out.push(format!(
                    "{}/{}: trainer.difficulty_why explains a departure that is not there any \
                     more (rated and measured {:?}); remove it",
                    p.id, r.id, r.rating
                )),
                _ => {}
            }
        }
    }
    assert!(out.is_empty(), "{FIX}:\n{}", out.join("\n"));
}

#[test]
fn the_packs_practise_every_kind_of_step_and_every_rating() {
    let rated: Vec<_> = packs()
        .iter()
        .flat_map(|p| difficulty::rate_pack(p).unwrap())
        .collect();
    for kind in [
        StepKind::LookPast,
        StepKind::LookAlike,
        StepKind::Cascade,
        StepKind::Runtime,
    ] {
        assert!(
            rated.iter().any(|r| r.steps.iter().any(|s| s.kind == kind)),
            "no scenario needs a {kind:?} step"
        );
    }
    for d in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
        assert!(
            rated.iter().any(|r| r.measured == d),
            "nothing measures {d:?}"
        );
    }
}
