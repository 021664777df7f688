use yew::prelude::*;

use crate::dom;
use crate::progress;
use crate::progress::store as progress_store;

/// Right under the header: what went wrong with saved progress or storage (unreadable data kept
/// aside, storage disabled or full), read once per visit; and, for as long as it is true, that a
/// finished puzzle is waiting in memory because it could not be saved, with its export at hand.
#[function_component(NoticeBar)]
pub fn notice_bar() -> Html {
    let notices = use_state(Vec::<String>::new);
    let unsaved = use_state(|| None::<String>);
    let export_problem = use_state(|| None::<String>);
    {
        let (notices, unsaved) = (notices.clone(), unsaved.clone());
        use_effect_with((), move |_| {
            // Read after the first paint: the notices are rare, the start page's first task is not.
            let read = {
                let (notices, unsaved) = (notices.clone(), unsaved.clone());
                gloo_timers::callback::Timeout::new(0, move || {
                    let found = progress_store::load();
                    if !found.notices.is_empty() {
                        notices.set(found.notices);
                    }
                    unsaved.set(found.unsaved);
                })
            };
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, progress_store::CHANGED_EVENT, move |_| {
                    let (more, now_unsaved) = progress_store::live_notices();
                    if !more.is_empty() {
                        notices.set(more);
                    }
                    unsaved.set(now_unsaved);
                })
            });
            move || drop((read, listener))
        });
    }
    let on_export = {
        let export_problem = export_problem.clone();
        Callback::from(move |_: MouseEvent| {
            // Read at click time: stored progress plus the results still waiting.
            let text = progress::export(&progress_store::load().progress);
            let outcome = dom::download("faultline-progress.json", &text, "application/json").err();
            export_problem.set(outcome);
        })
    };
    bars(
        &notices,
        unsaved.as_deref(),
        export_problem.as_deref(),
        on_export,
        false,
    )
}

/// The bars both notice bars show (the full app's above, the start page's in `start_notices`):
/// the tour offer, results waiting with their export, and the notices with a way to dismiss them.
pub fn bars(
    notices: &UseStateHandle<Vec<String>>,
    unsaved: Option<&str>,
    export_problem: Option<&str>,
    on_export: Callback<MouseEvent>,
    served: bool,
) -> Html {
    let unsaved_bar = unsaved.map(|text| {
        html! {
            <div class="notice-bar unsaved" role="alert">
                <p>{ text.to_string() }</p>
                if let Some(problem) = export_problem {
                    <p>{ problem.to_string() }</p>
                }
                <button type="button" class="button small" onclick={on_export}>{ "Export progress" }</button>
            </div>
        }
    });
    let notice_list = (!notices.is_empty()).then(|| {
        let dismiss = {
            let notices = notices.clone();
            Callback::from(move |_| notices.set(vec![]))
        };
        html! {
            <div class="notice-bar" role="status">
                <ul>{ for notices.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                <a class="button small" href="#/progress">{ "Open Progress" }</a>
                <button type="button" class="button small" onclick={dismiss}>{ "Dismiss" }</button>
            </div>
        }
    });
    html! {
        <>
        <crate::modes::tour::offer::TourOffer {served} />
        { for unsaved_bar }
        { for notice_list }
        </>
    }
}
