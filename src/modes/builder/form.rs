use std::collections::BTreeMap;

use faultline_engine::runtime::Runtime;
use faultline_engine::{faults, flows, Flow, Layer};
use yew::prelude::*;

use crate::modes::builder::draft::{call_label, client_label, Field, ScenarioDraft};
use crate::modes::builder::flow_switch;
use crate::modes::sandbox::fault_params::FaultParams;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: ScenarioDraft,
    /// Index of the scenario in the pack (for element ids).
    pub index: usize,
    /// Problems by field path (`title`, `story.expected`, `fault.params.x`, …), as `path: message`.
    pub problems: BTreeMap<String, Vec<String>>,
    pub on_change: Callback<(Field, String)>,
}

/// Every field a scenario path can name, so problems can be placed next to them.
pub fn field_paths(s: &ScenarioDraft) -> Vec<String> {
    let mut fields = vec![
        Field::Id,
        Field::Title,
        Field::Who,
        Field::Since,
        Field::Expected,
        Field::Actual,
        Field::Flow,
        Field::Fault,
        Field::Seed,
        Field::Difficulty,
        Field::Tags,
        Field::Correct,
        Field::Diagnosis,
        Field::NextAction,
        Field::Evidence,
        Field::Layer,
        Field::Call,
        Field::Client,
        Field::OthersAffected,
        Field::Changed,
        Field::Tried,
    ];
    fields.extend((0..3).map(Field::Hint));
    fields.extend((0..s.distractors.len()).map(Field::DistractorFault));
    let mut paths: Vec<String> = fields.iter().map(|f| f.path(s)).collect();
    paths.extend(s.params.keys().map(|k| format!("fault.params.{k}")));
    paths.push("hints".into());
    paths.push("explanations".into());
    paths.push("explanations.distractors".into());
    paths.push("story".into());
    paths.push("reporter".into());
    paths
}

fn problems_of(props: &Props, path: &str, id: &str) -> Html {
    match props.problems.get(path) {
        Some(list) if !list.is_empty() => html! {
            <ul class="field-problems" id={format!("{id}-problems")}>
                { for list.iter().map(|p| html! { <li>{ "⚠ " }{ p.clone() }</li> }) }
            </ul>
        },
        _ => html! {},
    }
}

enum Kind {
    Line,
    Text(u32),
    Select(Vec<(String, String)>),
}

fn field(props: &Props, field: Field, label: &str, value: &str, kind: Kind) -> Html {
    field_with(props, props.on_change.clone(), field, label, value, kind)
}

fn field_with(
    props: &Props,
    on_change: Callback<(Field, String)>,
    field: Field,
    label: &str,
    value: &str,
    kind: Kind,
) -> Html {
    let path = field.path(&props.scenario);
    let id = format!(
        "s{}-{}",
        props.index,
        path.replace(['.', '[', ']', '#'], "-")
    );
    let has_problem = props.problems.get(&path).is_some_and(|l| !l.is_empty());
    let describedby = has_problem.then(|| format!("{id}-problems"));
    let emit = move |v: String| on_change.emit((field.clone(), v));
    let input = match kind {
        Kind::Line => {
            let oninput = Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                emit(input.value());
            });
            html! { <input id={id.clone()} type="text" value={value.to_string()} {oninput}
            aria-invalid={has_problem.to_string()} aria-describedby={describedby} /> }
        }
        Kind::Text(rows) => {
            let oninput = Callback::from(move |e: InputEvent| {
                let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                emit(area.value());
            });
            html! { <textarea id={id.clone()} rows={rows.to_string()} value={value.to_string()} {oninput}
            aria-invalid={has_problem.to_string()} aria-describedby={describedby} /> }
        }
        Kind::Select(options) => {
            let onchange = Callback::from(move |e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                emit(select.value());
            });
            let mut options = options;
            if !options.iter().any(|(v, _)| v == value) {
                options.insert(
                    0,
                    (
                        value.to_string(),
                        if value.is_empty() {
                            "—".into()
                        } else {
                            value.to_string()
                        },
                    ),
                );
            }
            html! {
                <select id={id.clone()} {onchange} aria-invalid={has_problem.to_string()} aria-describedby={describedby}>
                    { for options.into_iter().map(|(v, l)| { let sel = v == value; html! { <option selected={sel} value={v}>{ l }</option> } }) }
                </select>
            }
        }
    };
    html! {
        <div class={classes!("field", has_problem.then_some("has-problem"))} data-path={path.clone()}>
            <label for={id.clone()}>{ label }</label>
            { input }
            { problems_of(props, &path, &id) }
        </div>
    }
}

/// The scenario form: every field of the pack schema, with the engine's own problems beside
/// the field each one names.
#[function_component(BuilderForm)]
pub fn builder_form(props: &Props) -> Html {
    let s = &props.scenario;
    let all_faults = use_memo((), |_| faults());
    let all_flows = use_memo((), |_| flows());
    let flow_options: Vec<(String, String)> = all_flows
        .iter()
        .map(|f| (f.id.to_string(), format!("{} ({})", f.title, f.id)))
        .collect();
    // The requests the chosen flow can be asked to make (api-call only), plus the current one if
    // it is not among them (imported, or left from another flow) so it shows and can be cleared.
    let current_call = s.call.as_ref().map(call_label).unwrap_or_default();
    let mut call_options: Vec<(String, String)> =
        vec![(String::new(), "— the flow's usual request —".to_string())];
    call_options.extend(
        all_flows
            .iter()
            .filter(|f| f.id == s.flow)
            .flat_map(|f| f.calls.iter())
            .map(|c| format!("{} {}", c.method, c.path))
            .map(|label| (label.clone(), label)),
    );
    if !current_call.is_empty() && !call_options.iter().any(|(v, _)| *v == current_call) {
        call_options.push((current_call.clone(), current_call.clone()));
    }
    // The clients the chosen flow can be run from (the engine's list; none for a flow the
    // platform starts itself), plus the current one if it is not among them, likewise.
    let current_client = s.client.as_ref().map(client_label).unwrap_or_default();
    let mut client_options: Vec<(String, String)> =
        vec![(String::new(), "— the flow's usual client —".to_string())];
    client_options.extend(
        Flow::parse(s.flow.trim())
            .map_or(&[][..], Runtime::for_flow)
            .iter()
            .map(|r| (r.id().to_string(), r.id().to_string())),
    );
    if !current_client.is_empty() && !client_options.iter().any(|(v, _)| *v == current_client) {
        client_options.push((current_client.clone(), current_client.clone()));
    }
    let fault_options: Vec<(String, String)> = all_faults
        .iter()
        .filter(|f| f.flows.iter().any(|fl| *fl == s.flow))
        .map(|f| (f.id.clone(), format!("{} — {}", f.title, f.layer.label())))
        .collect();
    let any_fault: Vec<(String, String)> = std::iter::once((String::new(), "— none —".to_string()))
        .chain(all_faults.iter().map(|f| (f.id.clone(), f.title.clone())))
        .collect();
    let difficulty: Vec<(String, String)> = ["easy", "medium", "hard"]
        .iter()
        .map(|d| (d.to_string(), d.to_string()))
        .collect();
    let layers: Vec<(String, String)> =
        std::iter::once((String::new(), "— not stated —".to_string()))
            .chain(
                Layer::ALL
                    .iter()
                    .map(|l| (l.id().to_string(), l.label().to_string())),
            )
            .collect();
    let fault = all_faults.iter().find(|f| f.id == s.fault).cloned();
    let on_param = {
        let on_change = props.on_change.clone();
        Callback::from(move |(name, value): (String, String)| {
            on_change.emit((Field::Param(name), value))
        })
    };
    let param_problems: Vec<String> = props
        .problems
        .iter()
        .filter(|(k, _)| k.starts_with("fault.params."))
        .flat_map(|(_, v)| v.clone())
        .collect();
    // A new flow drops a fault it lacks (`flow_switch`); the form says which, until one is picked.
    let dropped = use_state(|| None::<String>);
    let on_flow = {
        let (on_change, dropped, scenario) = (props.on_change.clone(), dropped.clone(), s.clone());
        Callback::from(move |(field, flow): (Field, String)| {
            dropped.set(flow_switch::dropped(&scenario, &flow));
            on_change.emit((field, flow));
        })
    };
    let dropped_note = (*dropped).clone().filter(|_| s.fault.is_empty());
    let group_problems = |path: &str| problems_of(props, path, &format!("s{}-{path}", props.index));
    html! {
        <div class="builder-form">
            <fieldset>
                <legend>{ "Scenario" }</legend>
                { field(props, Field::Id, "Id (stable, kebab-case)", &s.id, Kind::Line) }
                { field(props, Field::Title, "Title", &s.title, Kind::Line) }
            </fieldset>
            <fieldset>
                <legend>{ "Story, as the user reported it" }</legend>
                { group_problems("story") }
                { field(props, Field::Who, "Who reported it", &s.who, Kind::Line) }
                { field(props, Field::Since, "Since when", &s.since, Kind::Line) }
                { field(props, Field::Expected, "Expected", &s.expected, Kind::Text(2)) }
                { field(props, Field::Actual, "Actual", &s.actual, Kind::Text(2)) }
            </fieldset>
            <fieldset>
                <legend>{ "What the reporter answers when asked (optional)" }</legend>
                <p class="small">{ "“Ask the reporter” quotes these word for word; left empty, it answers as for any ticket." }</p>
                { group_problems("reporter") }
                { field(props, Field::OthersAffected, "Who else is affected", &s.others_affected, Kind::Text(2)) }
                { field(props, Field::Changed, "What changed around then", &s.changed, Kind::Text(2)) }
                { field(props, Field::Tried, "What they already tried", &s.tried, Kind::Text(2)) }
            </fieldset>
            <fieldset>
                <legend>{ "What breaks" }</legend>
                { field_with(props, on_flow, Field::Flow, "Flow", &s.flow, Kind::Select(flow_options)) }
                { field(props, Field::Fault, "Fault (root cause)", &s.fault, Kind::Select(fault_options)) }
                if let Some(title) = dropped_note {
                    <p class="notice small dropped-fault" role="status">
                        { format!("“{title}” cannot happen in this flow, so it was removed with its parameters. Pick a fault this flow has.") }
                    </p>
                }
                if let Some(f) = fault {
                    <FaultParams fault={f} values={s.params.clone()} on_change={on_param}
                        id_prefix={AttrValue::from(format!("s{}-param", props.index))} />
                }
                if !param_problems.is_empty() {
                    <ul class="field-problems">{ for param_problems.iter().map(|p| html! { <li>{ "⚠ " }{ p.clone() }</li> }) }</ul>
                }
                if call_options.len() > 1 {
                    { field(props, Field::Call, "Request", &current_call, Kind::Select(call_options)) }
                }
                if client_options.len() > 1 {
                    { field(props, Field::Client, "Client (runtime)", &current_client, Kind::Select(client_options)) }
                }
                { field(props, Field::Seed, "Seed", &s.seed, Kind::Line) }
                { field(props, Field::Difficulty, "Difficulty", &s.difficulty, Kind::Select(difficulty)) }
                { field(props, Field::Layer, "Root-cause layer (optional check)", &s.layer, Kind::Select(layers)) }
                { field(props, Field::Tags, "Topic tags (comma-separated)", &s.tags, Kind::Line) }
            </fieldset>
            <fieldset>
                <legend>{ "Hints, general to specific" }</legend>
                { group_problems("hints") }
                { for (0..3).map(|i| field(props, Field::Hint(i), &format!("Hint {}", i + 1), s.hints.get(i).map_or("", String::as_str), Kind::Line)) }
            </fieldset>
            <fieldset>
                <legend>{ "Explanations" }</legend>
                { group_problems("explanations") }
                { field(props, Field::Correct, "Why the right answer is right", &s.correct, Kind::Text(3)) }
                { group_problems("explanations.distractors") }
                { for s.distractors.iter().enumerate().map(|(i, (_, why))| html! {
                    <div class="distractor">
                        { field(props, Field::DistractorFault(i), &format!("Distractor {} (fault)", i + 1), &s.distractors[i].0, Kind::Select(any_fault.clone())) }
                        { field(props, Field::DistractorWhy(i), "Why it is wrong here", why, Kind::Text(2)) }
                    </div>
                }) }
            </fieldset>
            <fieldset>
                <legend>{ "Diagnosis and escalation" }</legend>
                { field(props, Field::Diagnosis, "Diagnosis statement", &s.diagnosis, Kind::Text(3)) }
                { field(props, Field::NextAction, "Next action", &s.next_action, Kind::Text(2)) }
                { field(props, Field::Evidence, "Evidence to attach (one per line)", &s.evidence, Kind::Text(3)) }
            </fieldset>
        </div>
    }
}
