use yew::prelude::*;

use super::progress_store;

/// Once per visit, right under the header: what went wrong with saved progress or storage
/// (unreadable data kept aside, storage disabled or full). The app works either way.
#[function_component(NoticeBar)]
pub fn notice_bar() -> Html {
    // Read after the first paint: the notices are rare, the start page's first task is not.
    let notices = use_state(Vec::<String>::new);
    {
        let notices = notices.clone();
        use_effect_with((), move |_| {
            let read = gloo_timers::callback::Timeout::new(0, move || {
                let found = progress_store::load().notices;
                if !found.is_empty() {
                    notices.set(found);
                }
            });
            move || drop(read)
        });
    }
    if notices.is_empty() {
        return html! { <super::tour_offer::TourOffer /> };
    }
    let dismiss = {
        let notices = notices.clone();
        Callback::from(move |_| notices.set(vec![]))
    };
    html! {
        <>
        <super::tour_offer::TourOffer />
        <div class="notice-bar" role="status">
            <ul>{ for notices.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            <a class="button small" href="#/progress">{ "Open Progress" }</a>
            <button type="button" class="button small" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
        </>
    }
}
