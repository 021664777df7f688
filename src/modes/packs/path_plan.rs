//! A learning path's 60-minute plan for a trainer (`plan` in `assets/scenarios/index.json`):
//! each block with its clock times, the step it plays (numbered and titled as on the path) or
//! its activity, and what it teaches. Shown on the path's page, folded, and in the classroom's
//! path session setup. It says what each step teaches, so it stays folded for learners.

use faultline_engine::pack::{schedule, LearningPath};
use serde_json::Value;
use yew::prelude::*;

use super::{catalog, scenario_play};

/// One block of the plan as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanRow {
    /// `0:05–0:09`: minutes from the start of the hour.
    pub time: String,
    /// `Step 2: <title>` or the activity.
    pub what: String,
    pub teaches: String,
}

fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// The path's plan as rows, each step named by its number on the path and its title in `packs`.
pub fn plan_rows(path: &LearningPath, packs: &[Value]) -> Vec<PlanRow> {
    schedule(&path.plan)
        .into_iter()
        .map(|(start, b)| {
            let what = match (&b.scenario, &b.activity) {
                (Some(id), _) => {
                    let n = path.steps.iter().position(|s| &s.scenario == id);
                    let title = n
                        .and_then(|n| {
                            let step = &path.steps[n];
                            let pack = catalog::find_pack(packs, &step.pack)?;
                            let (i, s) = catalog::find_scenario(pack, id)?;
                            Some(scenario_play::info(s, i).title)
                        })
                        .unwrap_or_else(|| id.clone());
                    format!("Step {}: {title}", n.map_or(0, |n| n + 1))
                }
                (None, Some(a)) => a.clone(),
                (None, None) => String::new(),
            };
            PlanRow {
                time: format!("{}–{}", clock(start), clock(start + b.minutes)),
                what,
                teaches: b.teaches.clone(),
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub path: LearningPath,
    pub packs: std::rc::Rc<Vec<Value>>,
}

/// The plan, folded under "Trainer's 60-minute plan" (it names what each step teaches).
#[function_component(PathPlan)]
pub fn path_plan(props: &Props) -> Html {
    let rows = plan_rows(&props.path, &props.packs);
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <details class="path-plan">
            <summary>{ "Trainer's 60-minute plan (gives the answers away)" }</summary>
            <table>
                <thead><tr><th scope="col">{ "Time" }</th><th scope="col">{ "What" }</th><th scope="col">{ "Teaches" }</th></tr></thead>
                <tbody>
                    { for rows.into_iter().map(|r| html! {
                        <tr><td class="mono">{ r.time }</td><td><bdi>{ r.what }</bdi></td><td><bdi>{ r.teaches }</bdi></td></tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modes::packs::{builtin, paths};

    #[test]
    fn every_built_in_path_plans_its_steps_in_order_over_one_hour() {
        let packs = builtin::packs();
        for path in paths::all() {
            let rows = plan_rows(&path, &packs);
            assert!(
                rows.first().unwrap().time.starts_with("0:00–"),
                "{}",
                path.id
            );
            assert!(rows.last().unwrap().time.ends_with("–1:00"), "{}", path.id);
            let steps: Vec<&PlanRow> = rows
                .iter()
                .filter(|r| r.what.starts_with("Step "))
                .collect();
            assert_eq!(steps.len(), path.steps.len(), "{}", path.id);
            for (i, r) in steps.iter().enumerate() {
                assert!(
                    r.what.starts_with(&format!("Step {}: ", i + 1)),
                    "{}",
                    r.what
                );
                assert!(
                    !r.what.contains(&path.steps[i].scenario),
                    "titled, not by id: {}",
                    r.what
                );
                assert!(!r.teaches.is_empty());
            }
        }
        assert_eq!(clock(65), "1:05");
    }
}
