//! Previewing the selected scenario as a learner plays it: in the full evidence or in
//! Investigate (the probes, with "Ask the reporter" quoting the reporter answers the author
//! typed). A scenario that does not pass the check yet is not previewed: the author is told what
//! is wrong and where, each problem a link to its field. The draft stays in the builder (and in
//! its store) the whole time, so nothing typed is lost by previewing or switching views.

use faultline_engine::Problem;
use yew::prelude::*;

use crate::modes::builder::draft;
use crate::modes::builder::shown::{plain, ProblemLinks};
use crate::modes::investigate::choice::View;

/// What keeps the selected scenario from being previewed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Blockers {
    /// (field path, problem in words), for the problems a field of the form holds.
    pub linked: Vec<(String, String)>,
    /// The scenario's other problems, in words.
    pub general: Vec<String>,
}

impl Blockers {
    pub fn is_empty(&self) -> bool {
        self.linked.is_empty() && self.general.is_empty()
    }

    pub fn count(&self) -> usize {
        self.linked.len() + self.general.len()
    }
}

/// Whether `path` names scenario `i` or a part of it (`scenarios[1]` is not `scenarios[10]`).
fn is_of(path: &str, i: usize) -> bool {
    let own = format!("scenarios[{i}]");
    path.strip_prefix(&own)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The check's problems with scenario `selected`, placed on the form's fields (`field_paths`).
/// The pack's own fields and other scenarios do not keep it from being previewed.
pub fn blockers(problems: &[Problem], selected: usize, field_paths: &[String]) -> Blockers {
    let own: Vec<Problem> = problems
        .iter()
        .filter(|p| is_of(&p.path, selected))
        .cloned()
        .collect();
    let (by_field, rest) = draft::place(&own, selected, field_paths);
    Blockers {
        linked: by_field
            .into_iter()
            .flat_map(|(path, list)| list.into_iter().map(move |p| (path.clone(), plain(&p))))
            .collect(),
        general: rest.iter().map(|p| plain(p)).collect(),
    }
}

/// What the preview's buttons say, in the order shown.
pub const CHOICES: [(View, &str); 2] = [
    (View::Evidence, "Full evidence"),
    (View::Investigate, "Investigate"),
];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub blockers: Blockers,
    /// Preview in this view (only asked when nothing blocks it).
    pub on_preview: Callback<View>,
    /// A preview was refused: show the problems beside their fields too.
    pub on_refused: Callback<()>,
}

/// The choice of preview, and why there is none yet when the scenario is not valid.
#[function_component(PreviewChoice)]
pub fn preview_choice(props: &Props) -> Html {
    let refused = use_state(|| false);
    let buttons = CHOICES.iter().map(|&(view, label)| {
        let (refused, blockers) = (refused.clone(), props.blockers.is_empty());
        let (on_preview, on_refused) = (props.on_preview.clone(), props.on_refused.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            if blockers {
                refused.set(false);
                on_preview.emit(view);
            } else {
                refused.set(true);
                on_refused.emit(());
            }
        });
        html! {
            <button type="button" class="button small" data-preview={view.id()} {onclick}>{ label }</button>
        }
    });
    let b = &props.blockers;
    html! {
        <div class="preview-choice" role="group" aria-labelledby="preview-label">
            <p class="preview-buttons">
                <span id="preview-label" class="small">{ "Preview as a learner:" }</span>
                { for buttons }
            </p>
            if *refused && !b.is_empty() {
                <div class="preview-blocked field-problem" role="alert">
                    <p>{ match b.count() {
                        1 => "This scenario cannot be previewed yet: 1 problem to fix first.".to_string(),
                        n => format!("This scenario cannot be previewed yet: {n} problems to fix first."),
                    } }</p>
                    <ProblemLinks problems={b.linked.clone()} />
                    if !b.general.is_empty() {
                        <ul class="field-problems general">
                            { for b.general.iter().map(|p| html! { <li>{ "⚠ " }{ p.clone() }</li> }) }
                        </ul>
                    }
                </div>
            } else if *refused {
                <p class="small ok" role="status">{ "✓ The scenario passes the check now: choose a preview." }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(path: &str, message: &str) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }

    #[test]
    fn only_the_selected_scenarios_problems_block_its_preview_each_at_its_field() {
        let problems = [
            problem("blurb", "must not be empty"),
            problem("scenarios[1].title", "must not be empty"),
            problem("scenarios[10].title", "must not be empty"),
            problem("scenarios[1].hints", "must have exactly 3 hints, found 1"),
            problem("scenarios[1].reporter.tried", "must not be empty"),
            problem("scenarios[1]", "the solver names another layer"),
            problem("scenarios[0].seed", "is required"),
        ];
        let paths: Vec<String> = ["title", "hints", "reporter", "reporter.tried"]
            .map(String::from)
            .to_vec();
        let b = blockers(&problems, 1, &paths);
        assert_eq!(
            b.linked,
            vec![
                (
                    "hints".to_string(),
                    "Must have exactly 3 hints, found 1.".to_string()
                ),
                (
                    "reporter.tried".to_string(),
                    "Must not be empty.".to_string()
                ),
                ("title".to_string(), "Must not be empty.".to_string()),
            ]
        );
        assert_eq!(b.general, vec!["The solver names another layer."]);
        assert_eq!(b.count(), 4);
        assert!(
            blockers(&problems[..1], 1, &paths).is_empty(),
            "a pack field does not block"
        );
    }
}
