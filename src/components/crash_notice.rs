use yew::prelude::*;

use crate::crash_recovery;

/// After a page failed last time: what was kept aside so it opens again, and where to restore it.
/// Shown once, right under the header, until dismissed.
#[function_component(CrashNotice)]
pub fn crash_notice() -> Html {
    let report = use_state(crash_recovery::take_report);
    let Some(shown) = (*report).clone() else {
        return html! {};
    };
    let dismiss = Callback::from(move |_| report.set(None));
    html! {
        <div class="notice-bar crash-notice" role="status">
            <ul>{ for shown.lines.iter().map(|line| html! { <li>{ line.clone() }</li> }) }</ul>
            { for shown.places.iter().map(|(href, page)| html! {
                <a class="button small" href={*href}>{ format!("Open {page}") }</a>
            }) }
            <button type="button" class="button small" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
