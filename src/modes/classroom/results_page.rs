//! `#/classroom/results/<token>`: the trainer pastes result codes; each line is checked (a
//! changed or damaged code is refused with its line and why); the table shows who solved what,
//! the common wrong answers and the time, and downloads as CSV with the same rows. Nothing
//! leaves the browser: the codes are kept in its storage for this session.

use yew::prelude::*;

use crate::logic::route::Route;
use crate::modes::classroom::result_code::Session;
use crate::modes::classroom::results::{self, clock, LineProblem};
use crate::modes::classroom::results_store;
use crate::modes::classroom::scanner::Scanner;
use crate::modes::classroom::session_page::bad_link;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub token: AttrValue,
}

#[function_component(ResultsPage)]
pub fn results_page(props: &Props) -> Html {
    let session = Session::parse(&props.token);
    let token = props.token.to_string();
    let loaded = {
        let token = token.clone();
        use_state(move || results_store::load(&token))
    };
    let pasted = use_state(String::new);
    let problems = use_state(Vec::<LineProblem>::new);
    let said = use_state(String::new);
    let Some(session) = session else {
        return bad_link(&props.token);
    };
    let (students, unreadable) = results::decode_all(&session, &loaded.codes);
    let table = results::table(&session, &students);
    let grid = results::grid(&table);
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            pasted.set(area.value());
        })
    };
    // Adds codes from pasted (or scanned) text; `from_box`: the text is the box's, and only its
    // refused lines stay in it.
    let add_text = {
        let session = session.clone();
        let (pasted, problems, said, loaded, token) = (
            pasted.clone(),
            problems.clone(),
            said.clone(),
            loaded.clone(),
            token.clone(),
        );
        Callback::from(move |(text, from_box): (String, bool)| {
            let known = results_store::load(&token).codes;
            let (taken, found) = results::read_pasted(&session, &text, &known);
            let count = taken.len();
            match results_store::add(&token, &taken) {
                Ok(_) => {
                    let s = if count == 1 { "" } else { "s" };
                    let how = if from_box { "" } else { " from the camera" };
                    let refused = if found.is_empty() {
                        String::new()
                    } else {
                        format!(" {} line(s) refused: see below.", found.len())
                    };
                    if count == 0 && found.is_empty() && !from_box {
                        said.set("The code from the camera is already in the table.".into());
                    } else {
                        said.set(format!("{count} code{s} added{how}.{refused}"));
                    }
                    if from_box {
                        // Only the refused lines stay in the box, to be fixed.
                        let lines: Vec<&str> = text.lines().collect();
                        let left: Vec<&str> = found
                            .iter()
                            .filter_map(|p| lines.get(p.line - 1).copied())
                            .collect();
                        pasted.set(left.join("\n"));
                    }
                    loaded.set(results_store::load(&token));
                }
                Err(why) => said.set(format!("Nothing was saved: {why}")),
            }
            problems.set(found);
        })
    };
    let on_add = {
        let (pasted, add_text) = (pasted.clone(), add_text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            add_text.emit(((*pasted).clone(), true));
        })
    };
    let on_scanned = Callback::from(move |code: String| add_text.emit((code, false)));
    let on_csv = {
        let (said, grid) = (said.clone(), grid.clone());
        let name = format!("faultline-results-{}.csv", session.token());
        Callback::from(move |_: MouseEvent| {
            if let Err(why) =
                crate::dom::download(&name, &results::csv(&grid), "text/csv;charset=utf-8")
            {
                said.set(why);
            }
        })
    };
    let header = grid.first().cloned().unwrap_or_default();
    let body = grid.iter().skip(1).zip(&table.rows).map(|(line, row)| {
        html! {
            <tr class={classes!(row.solved.then_some("solved"))}>
                { for line.iter().enumerate().map(|(i, cell)| if i == 0 {
                    html! { <th scope="row"><bdi>{ cell.clone() }</bdi></th> }
                } else {
                    html! { <td>{ cell.clone() }</td> }
                }) }
            </tr>
        }
    });
    let summary = table.students.iter().map(|s| {
        html! {
            <tr>
                <th scope="row"><bdi>{ s.name.clone() }</bdi></th>
                <td>{ format!("{} of {}", s.solved, s.puzzles) }</td>
                <td>{ format!("{}/{}", s.score, s.max_score) }</td>
                <td>{ clock(s.seconds) }</td>
            </tr>
        }
    });
    let per_question = table.questions.iter().map(|q| {
        let wrong = q
            .common_wrong
            .iter()
            .take(3)
            .map(|(label, n)| format!("{} ×{n}", label.trim_end_matches('.')))
            .collect::<Vec<_>>()
            .join("; ");
        html! {
            <tr>
                <th scope="row">{ q.heading.clone() }</th>
                <td>{ format!("{} of {}", q.first_try, q.answered) }</td>
                <td>{ if wrong.is_empty() { "none".to_string() } else { wrong } }</td>
            </tr>
        }
    });
    let problem_list = (!problems.is_empty()).then(|| {
        html! {
            <div class="field-problem" role="alert">
                <p>{ "These lines were not added:" }</p>
                <ul class="code-problems">{ for problems.iter().map(|p| html! { <li>{ p.sentence() }</li> }) }</ul>
            </div>
        }
    });
    html! {
        <main id="main" class="page modes-page results-page">
            <p class="actions">
                <a class="button" href={Route::ClassSession(token.clone()).href()}>{ "← Session" }</a>
            </p>
            <section class="panel" aria-labelledby="results-heading">
                <h2 id="results-heading">{ format!("Results: {}", session.label()) }</h2>
                { for loaded.notices.iter().map(|n| html! { <p class="field-problem" role="alert">{ n.clone() }</p> }) }
                <p class="muted">{ "Paste the codes your students send, one per line. Codes are checked here and kept in this browser only: nothing is sent anywhere." }</p>
                <form onsubmit={on_add}>
                    <div class="field">
                        <label for="result-codes">{ "Result codes" }</label>
                        <textarea id="result-codes" rows="5" spellcheck="false" value={(*pasted).clone()} oninput={on_paste} />
                    </div>
                    <button type="submit" class="button primary">{ "Add codes" }</button>
                </form>
                <Scanner on_code={on_scanned} />
                <p aria-live="polite" class="said">{ (*said).clone() }</p>
                { problem_list.unwrap_or_default() }
                if !unreadable.is_empty() {
                    <p class="field-problem">{ format!("{} stored code(s) no longer read; they stay stored.", unreadable.len()) }</p>
                }
            </section>
            if !table.rows.is_empty() {
                <section class="panel" aria-labelledby="by-student-heading">
                    <h2 id="by-student-heading">{ "By student" }</h2>
                    <table class="results-summary">
                        <thead><tr><th scope="col">{ "Student" }</th><th scope="col">{ "Solved" }</th><th scope="col">{ "Score" }</th><th scope="col">{ "Time" }</th></tr></thead>
                        <tbody>{ for summary }</tbody>
                    </table>
                    <h2 id="by-question-heading">{ "By question" }</h2>
                    <table class="results-questions" aria-labelledby="by-question-heading">
                        <thead><tr><th scope="col">{ "Question" }</th><th scope="col">{ "Right first try" }</th><th scope="col">{ "Common wrong answers" }</th></tr></thead>
                        <tbody>{ for per_question }</tbody>
                    </table>
                </section>
                <section class="panel" aria-labelledby="all-answers-heading">
                    <h2 id="all-answers-heading">{ "Every answer" }</h2>
                    <p class="actions"><button type="button" class="button" onclick={on_csv}>{ "Download CSV" }</button></p>
                    <div class="table-scroll" tabindex="0" role="region" aria-label="Every answer (scrolls sideways)">
                        <table class="results-table">
                            <thead><tr>{ for header.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
                            <tbody>{ for body }</tbody>
                        </table>
                    </div>
                </section>
            }
        </main>
    }
}
