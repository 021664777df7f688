use gloo_timers::callback::Interval;
use yew::prelude::*;

const CHOICES: [u32; 6] = [0, 1, 2, 3, 5, 10];

/// Optional countdown for a classroom round. The interval lives in an effect and is dropped
/// (cancelled) whenever the timer stops or the page goes away.
#[function_component(Countdown)]
pub fn countdown() -> Html {
    let minutes = use_state(|| 0u32);
    let left = use_state(|| 0u32);
    let running = use_state(|| false);
    {
        let (left, running) = (left.clone(), running.clone());
        use_effect_with(*running, move |on| {
            let timer = on.then(|| {
                let left = left.clone();
                let running = running.clone();
                Interval::new(1_000, move || {
                    let next = (*left).saturating_sub(1);
                    left.set(next);
                    if next == 0 {
                        running.set(false);
                    }
                })
            });
            move || drop(timer)
        });
    }
    let on_pick = {
        let (minutes, left, running) = (minutes.clone(), left.clone(), running.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let m: u32 = select.value().parse().unwrap_or(0);
            minutes.set(m);
            left.set(m * 60);
            running.set(false);
        })
    };
    let toggle = {
        let (running, left, minutes) = (running.clone(), left.clone(), minutes.clone());
        Callback::from(move |_: MouseEvent| {
            if *left == 0 {
                left.set(*minutes * 60);
            }
            running.set(!*running);
        })
    };
    let reset = {
        let (running, left, minutes) = (running.clone(), left.clone(), minutes.clone());
        Callback::from(move |_: MouseEvent| {
            running.set(false);
            left.set(*minutes * 60);
        })
    };
    let options = CHOICES.iter().map(|m| {
        let label = if *m == 0 {
            "No timer".to_string()
        } else {
            format!("{m} min")
        };
        html! { <option value={m.to_string()} selected={*m == *minutes}>{ label }</option> }
    });
    let done = *minutes > 0 && *left == 0;
    html! {
        <div class="countdown">
            <label>
                <span class="visually-hidden">{ "Countdown" }</span>
                <select onchange={on_pick} aria-label="Countdown">{ for options }</select>
            </label>
            if *minutes > 0 {
                <span class={classes!("clock", done.then_some("done"))} role="timer" aria-live="off">
                    { if done { "⏰ Time!".to_string() } else { format!("{}:{:02}", *left / 60, *left % 60) } }
                </span>
                <button type="button" class="button small" onclick={toggle}>
                    { if *running { "Pause timer" } else { "Start timer" } }
                </button>
                <button type="button" class="button small" onclick={reset}>{ "Reset" }</button>
            }
        </div>
    }
}
