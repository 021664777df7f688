use faultline_engine::Evidence;
use yew::prelude::*;

use super::Shared;

/// Context: saves a run's exchanges as a HAR file. The full app provides it (`saver`); the start
/// page's small module does not, so the HAR writer never weighs on the first load, and there the
/// button is left out.
#[derive(Clone, PartialEq)]
pub struct HarSaver(pub Callback<Shared<Evidence>, Result<(), String>>);

/// The file name a HAR export is saved under: the trace id keeps two exports apart.
pub fn file_name(evidence: &Evidence) -> String {
    let id: String = evidence
        .trace_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    if id.is_empty() {
        "faultline.har".to_string()
    } else {
        format!("faultline-{id}.har")
    }
}

/// The saver the full app provides: the engine's HAR 1.2 log of every exchange, downloaded.
pub fn saver() -> HarSaver {
    HarSaver(Callback::from(|evidence: Shared<Evidence>| {
        let har = faultline_engine::har(&evidence);
        let text = serde_json::to_string_pretty(&har).map_err(|e| e.to_string())?;
        crate::dom::download(&file_name(&evidence), &text, "application/json")
    }))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Shared<Evidence>,
}

/// "Export HAR": every HTTP exchange of the run as a HAR file, which browser devtools and HAR
/// viewers open. A failed save is said beside the button.
#[function_component(HarExport)]
pub fn har_export(props: &Props) -> Html {
    let saver = use_context::<HarSaver>();
    let problem = use_state(|| None::<String>);
    let Some(HarSaver(save)) = saver else {
        return html! {};
    };
    let onclick = {
        let (evidence, problem) = (props.evidence.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| problem.set(save.emit(evidence.clone()).err()))
    };
    html! {
        <span class="copy-curl">
            <button type="button" class="button small" {onclick}
                title="Every exchange of this run as a HAR file, for browser devtools">{ "Export HAR" }</button>
            <span class="copied" role="status">{ (*problem).clone().unwrap_or_default() }</span>
        </span>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_file_is_named_after_the_trace() {
        let trace = faultline_engine::simulate(&faultline_engine::RunSpec::default()).unwrap();
        let name = super::file_name(&trace.evidence);
        assert_eq!(name, format!("faultline-{}.har", trace.evidence.trace_id));
    }
}
