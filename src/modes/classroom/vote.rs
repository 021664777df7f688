//! The room's vote: the presenter counts the show of hands per choice of a question (or counts
//! the students' first answers from their result codes) and shows the distribution on the
//! projector before revealing the answer.

use faultline_engine::Question;
use yew::prelude::*;

use super::presenter::Tally;
use super::sync::percents;

#[derive(Properties, PartialEq)]
pub struct BarsProps {
    pub question: Question,
    pub counts: Vec<u32>,
}

/// The distribution as bars, with the counts written out (not only drawn).
#[function_component(VoteBars)]
pub fn vote_bars(props: &BarsProps) -> Html {
    let shares = percents(&props.counts);
    let total: u32 = props.counts.iter().sum();
    html! {
        <section class="vote-bars" aria-labelledby="vote-heading">
            <h3 id="vote-heading">{ format!("The room's vote: {} ({total} hands)", props.question.prompt) }</h3>
            <ul>
                { for props.question.choices.iter().enumerate().map(|(i, c)| {
                    let n = props.counts.get(i).copied().unwrap_or(0);
                    let share = shares.get(i).copied().unwrap_or(0);
                    html! {
                        <li>
                            <span class="vote-label"><bdi>{ c.label.clone() }</bdi></span>
                            <span class="vote-bar" style={format!("width: {share}%")}></span>
                            <span class="vote-count">{ format!("{n} ({share}%)") }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct RecorderProps {
    pub questions: Vec<Question>,
    /// Counts per question and choice.
    pub votes: Vec<Vec<u32>>,
    pub on_count: Callback<(usize, usize, u32)>,
    /// The question whose vote the projector shows.
    pub shown: Option<usize>,
    pub on_show: Callback<Option<usize>>,
    /// Counts from result codes, where the room played this puzzle.
    #[prop_or_default]
    pub count_codes: Option<Tally>,
    /// Replaces every count (after counting codes).
    #[prop_or_default]
    pub on_fill: Callback<Vec<Vec<u32>>>,
}

/// On the laptop: a question, a number of hands per choice, and show/hide on the projector.
#[function_component(VoteRecorder)]
pub fn vote_recorder(props: &RecorderProps) -> Html {
    let q = use_state(|| 0usize);
    let pasted = use_state(String::new);
    let said = use_state(String::new);
    let current = *q;
    let Some(question) = props.questions.get(current) else {
        return html! {};
    };
    let on_question = {
        let q = q.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            q.set(select.value().parse().unwrap_or(0));
        })
    };
    let inputs = question.choices.iter().enumerate().map(|(i, c)| {
        let id = format!("vote-{current}-{i}");
        let value = props
            .votes
            .get(current)
            .and_then(|v| v.get(i))
            .copied()
            .unwrap_or(0);
        let on_count = props.on_count.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on_count.emit((current, i, input.value().parse().unwrap_or(0)));
        });
        html! {
            <li>
                <label for={id.clone()}><bdi>{ c.label.clone() }</bdi></label>
                <input id={id} type="number" min="0" max="999" inputmode="numeric"
                    value={value.to_string()} {oninput} />
            </li>
        }
    });
    let showing = props.shown == Some(current);
    let toggle = {
        let on_show = props.on_show.clone();
        Callback::from(move |_: MouseEvent| on_show.emit((!showing).then_some(current)))
    };
    let from_codes = props.count_codes.clone().map(|count| {
        let on_paste = {
            let pasted = pasted.clone();
            Callback::from(move |e: InputEvent| {
                let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                pasted.set(area.value());
            })
        };
        let on_count = {
            let (pasted, said, on_fill) = (pasted.clone(), said.clone(), props.on_fill.clone());
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                let (counts, sentence) = count.emit((*pasted).clone());
                on_fill.emit(counts);
                pasted.set(String::new());
                said.set(sentence);
            })
        };
        html! {
            <form class="vote-codes" onsubmit={on_count}>
                <div class="field">
                    <label for="vote-codes">{ "Result codes (optional: those already on the results page count too)" }</label>
                    <textarea id="vote-codes" rows="2" spellcheck="false" value={(*pasted).clone()} oninput={on_paste} />
                </div>
                <button type="submit" class="button">{ "Count from result codes" }</button>
                <p class="said small" aria-live="polite">{ (*said).clone() }</p>
            </form>
        }
    });
    html! {
        <section class="vote-recorder" aria-labelledby="vote-recorder-heading">
            <h3 id="vote-recorder-heading">{ "Room vote" }</h3>
            <div class="field">
                <label for="vote-question">{ "Question" }</label>
                <select id="vote-question" onchange={on_question}>
                    { for props.questions.iter().enumerate().map(|(i, qn)| html! {
                        <option value={i.to_string()} selected={i == current}>{ qn.prompt.clone() }</option>
                    }) }
                </select>
            </div>
            <p class="muted small">{ if props.count_codes.is_some() {
                "Hands up per choice: type the count for each, or count the students' first answers from their result codes."
            } else {
                "Hands up per choice: type the count for each."
            } }</p>
            <ul class="vote-inputs">{ for inputs }</ul>
            { from_codes.unwrap_or_default() }
            <button type="button" class="button" onclick={toggle} aria-pressed={showing.to_string()}>
                { if showing { "Hide the vote on the projector" } else { "Show the vote on the projector" } }
            </button>
        </section>
    }
}
