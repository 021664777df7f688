use faultline_engine::interview::{self, Grade};
use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::drafts::Drafts;
use super::drill_view::DrillPractice;
use super::grade_view::GradeView;
use super::mock_view::MockInterview;
use super::store;
use super::walk_through::WalkThrough;
use crate::logic::route::{InterviewTab, Route};
use crate::progress::store as progress_store;
use crate::progress::PracticeAnswer;

/// Longer answers are kept but not checked: an interview answer is a few paragraphs, and grading
/// a pasted book would freeze the page.
const MAX_CHECKED_CHARS: usize = 20_000;

/// The last check: for which prompt, the answer as it was, and its grade.
#[derive(Clone, PartialEq)]
struct Checked {
    prompt: &'static str,
    answer: String,
    grade: Grade,
}

fn selected_prompt(drafts: &Drafts) -> &'static interview::Prompt {
    interview::find(&drafts.selected).unwrap_or(&interview::prompts()[0])
}

fn summary(g: &Grade) -> String {
    let wrong = match g.misconceptions.len() {
        0 => String::new(),
        1 => ", 1 misconception".into(),
        n => format!(", {n} misconceptions"),
    };
    format!(
        "Score {} out of 100: {} of {} key points{wrong}.",
        g.score, g.points_hit, g.points_total
    )
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub tab: InterviewTab,
}

/// `#/interview/...`: the four kinds of interview practice, one address each, under one heading
/// with links between them.
#[function_component(InterviewPage)]
pub fn interview_page(props: &Props) -> Html {
    // Results link to reference entries by id: fetch the text before the first check.
    crate::components::reference_text::use_reference_text();
    let part = match props.tab {
        InterviewTab::Explain => html! { <ExplainIt /> },
        InterviewTab::Walk => html! { <WalkThrough /> },
        InterviewTab::Drill => html! { <DrillPractice /> },
        InterviewTab::Mock => html! { <MockInterview /> },
    };
    html! {
        <main id="main" class="page modes-page interview-page">
            <section class="panel" aria-labelledby="interview-heading">
                <h2 id="interview-heading">{ "Interview practice" }</h2>
                <nav class="interview-tabs" aria-label="Interview practice">
                    <ul>
                        { for InterviewTab::ALL.into_iter().map(|t| {
                            let current = (t == props.tab).then_some("page");
                            html! {
                                <li><a href={Route::Interview(t).href()} aria-current={current}>{ t.label() }</a></li>
                            }
                        }) }
                    </ul>
                </nav>
            </section>
            { part }
        </main>
    }
}

/// Explain it: practice with offline grading. Every keystroke is saved, so an answer survives
/// leaving the page, a reload, or switching to another question.
#[function_component(ExplainIt)]
fn explain_it() -> Html {
    let loaded = use_memo((), |_| store::load());
    let drafts = {
        let loaded = loaded.clone();
        use_state(move || loaded.drafts.clone())
    };
    let notices = {
        let loaded = loaded.clone();
        use_state(move || loaded.notices.clone())
    };
    let checked = use_state(|| None::<Checked>);
    let status = use_state(String::new);
    let prompt = selected_prompt(&drafts);

    let save = {
        let (notices, can_save) = (notices.clone(), loaded.can_save);
        move |next: &Drafts| {
            if !can_save {
                return;
            }
            if let Err(problem) = store::save(next) {
                let notice = problem.notice();
                if !notices.contains(&notice) {
                    let mut all = (*notices).clone();
                    all.push(notice);
                    notices.set(all);
                }
            }
        }
    };

    let on_pick = {
        let (drafts, status, save) = (drafts.clone(), status.clone(), save.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            else {
                return;
            };
            let mut next = (*drafts).clone();
            next.selected = select.value();
            save(&next);
            drafts.set(next);
            status.set(String::new());
        })
    };
    let on_input = {
        let (drafts, save) = (drafts.clone(), save.clone());
        Callback::from(move |e: InputEvent| {
            let Some(area) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            else {
                return;
            };
            let mut next = (*drafts).clone();
            next.set_answer(selected_prompt(&next).id, &area.value());
            save(&next);
            drafts.set(next);
        })
    };
    let check = {
        let (drafts, checked, status) = (drafts.clone(), checked.clone(), status.clone());
        Callback::from(move |()| {
            let prompt = selected_prompt(&drafts);
            let answer = drafts.answer(prompt.id).to_string();
            if answer.trim().is_empty() {
                status.set("Write an answer first, then check it.".into());
                checked.set(None);
                return;
            }
            let length = answer.chars().count();
            if length > MAX_CHECKED_CHARS {
                status.set(format!(
                    "Your answer is {length} characters; a check reads up to {MAX_CHECKED_CHARS}. \
                     It is saved as it is: shorten it to check it."
                ));
                checked.set(None);
                return;
            }
            let grade = interview::grade(prompt, &answer);
            progress_store::record_practice(PracticeAnswer::Explain {
                prompt: prompt.id.to_string(),
                score: grade.score,
            });
            status.set(summary(&grade));
            checked.set(Some(Checked {
                prompt: prompt.id,
                answer,
                grade,
            }));
        })
    };
    let on_submit = {
        let check = check.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            check.emit(());
        })
    };
    // Ctrl+Enter (⌘+Enter) checks from inside the textarea, where Enter makes a new line.
    let on_key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
            e.prevent_default();
            check.emit(());
        }
    });

    let options = interview::topics().into_iter().map(|topic| {
        html! {
            <optgroup label={topic}>
                { for interview::prompts().iter().filter(|p| p.topic == topic).map(|p| {
                    let started = !drafts.answer(p.id).is_empty();
                    html! {
                        <option value={p.id} selected={p.id == prompt.id}>
                            { if started { format!("{} (draft)", p.question) } else { p.question.to_string() } }
                        </option>
                    }
                }) }
            </optgroup>
        }
    });
    let result = (*checked).as_ref().filter(|c| c.prompt == prompt.id);

    html! {
        <>
            <section class="panel" aria-labelledby="explain-heading">
                <h3 id="explain-heading">{ "Explain it" }</h3>
                <p class="muted">{ "Pick a question, explain it in your own words, then check it. \
                    Your answer is graded here in the browser against the key points a good answer \
                    makes; a point counts when one sentence states it, and each common misconception \
                    you repeat costs points. Answers are saved in this browser as you type." }</p>
                if !notices.is_empty() {
                    <div class="notice" role="alert">
                        { for notices.iter().map(|n| html! { <p>{ n.clone() }</p> }) }
                    </div>
                }
                <div class="interview-picker">
                    <label for="interview-prompt">{ "Question" }</label>
                    <select id="interview-prompt" onchange={on_pick}>{ for options }</select>
                </div>
            </section>
            <section class="panel interview-question" aria-labelledby="interview-question-heading">
                <p class="muted small interview-topic">{ prompt.topic }</p>
                <h3 id="interview-question-heading">{ prompt.question }</h3>
                <form class="interview-form" onsubmit={on_submit}>
                    <label for="interview-answer">{ "Your answer" }</label>
                    <p id="interview-answer-hint" class="muted small">
                        { "Write full sentences, as you would say them. Ctrl+Enter checks." }
                    </p>
                    <textarea id="interview-answer" rows="9" spellcheck="true"
                        aria-describedby="interview-answer-hint"
                        value={drafts.answer(prompt.id).to_string()}
                        oninput={on_input} onkeydown={on_key} />
                    <p class="actions">
                        <button type="submit" class="button primary">{ "Check my answer" }</button>
                    </p>
                </form>
                <p class="interview-status" role="status" aria-live="polite" aria-atomic="true">{ (*status).clone() }</p>
            </section>
            if let Some(c) = result {
                <GradeView grade={c.grade.clone()} answer={AttrValue::from(c.answer.clone())}
                    model_answer={AttrValue::from(interview::find(c.prompt).map(|p| p.model_answer).unwrap_or_default())} />
            }
        </>
    }
}
