use yew::prelude::*;

use crate::progress::handoff;

/// The start page's notice bar: the full app's bars (`notice_bar::bars`), fed by the progress
/// writer module through `handoff` instead of the store, which is not in the start module.
/// After the first paint it asks for the writer if a returning visitor has stored progress. Its
/// tour offer is the served one the start module hydrates.
#[function_component(StartNoticeBar)]
pub fn start_notice_bar() -> Html {
    let notices = use_state(Vec::<String>::new);
    let unsaved = use_state(|| None::<String>);
    let export_problem = use_state(|| None::<String>);
    {
        let (notices, unsaved) = (notices.clone(), unsaved.clone());
        use_effect_with((), move |_| {
            let show = move || {
                let more = handoff::take_notices();
                if !more.is_empty() {
                    notices.set(more);
                }
                unsaved.set(handoff::unsaved());
            };
            // Read after the first paint: the notices are rare, the start page's first task is not.
            let ask = gloo_timers::callback::Timeout::new(0, handoff::request_if_wanted);
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, handoff::PUBLISHED_EVENT, move |_| show())
            });
            move || drop((ask, listener))
        });
    }
    let on_export = {
        let export_problem = export_problem.clone();
        Callback::from(move |_: MouseEvent| export_problem.set(handoff::export().err()))
    };
    super::notice_bar::bars(
        &notices,
        unsaved.as_deref(),
        export_problem.as_deref(),
        on_export,
        true,
    )
}
