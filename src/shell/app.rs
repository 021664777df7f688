use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::components::crash_notice::CrashNotice;
use crate::components::not_found::NotFound;
use crate::components::panic_test::PanicTest;
use crate::components::reference_panel::use_reference_panel;
use crate::components::simulator::Simulator;
use crate::components::site_header::SiteHeader;
use crate::components::RefOpener;
use crate::components::Shared;
use crate::logic::route::{home_puzzle, seeded_puzzle, Route};
use crate::modes::builder::page::BuilderPage;
use crate::modes::challenge::page::ChallengePage;
use crate::modes::classroom::join_page::JoinPage;
use crate::modes::classroom::page::{ClassroomPage, Presenting};
use crate::modes::classroom::presenter::Screen;
use crate::modes::classroom::results_page::ResultsPage;
use crate::modes::classroom::session_page::SessionPage;
use crate::modes::classroom::worksheet_page::WorksheetPage;
use crate::modes::endless::page::{self as endless_page, EndlessPage};
use crate::modes::interview::InterviewPage;
use crate::modes::packs::list_page::PacksPage;
use crate::modes::packs::pack_page::PackPage;
use crate::modes::packs::path_page::{PathPage, PathStepPage};
use crate::modes::packs::scenario_page::PackScenarioPage;
use crate::modes::progress::page::ProgressPage;
use crate::modes::reference::page::ReferencePage;
use crate::modes::sandbox::page::SandboxPage;
use crate::modes::tour;
use crate::progress::store::recorder;

/// The route in the address bar, read once per change of address. An endless route is settled
/// here (its seed picked and written back), so its page only ever sees a playable puzzle.
fn current_route() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    match Route::parse(&hash) {
        Route::Endless(params) => Route::Endless(endless_page::settle(params)),
        route => route,
    }
}

/// The page for each route: the whole table, in one place.
fn page(route: &Route, puzzle: Option<Shared<faultline_engine::Puzzle>>) -> Html {
    match (route, puzzle) {
        (Route::Home, Some(puzzle)) => html! {
            <>
                { super::start_app::first_hour_link() }
                <Simulator on_finished={recorder()} key="home" {puzzle} />
            </>
        },
        (Route::Puzzle(seed), Some(puzzle)) => {
            html! { <Simulator on_finished={recorder()} key={format!("seed-{seed}")} {puzzle} seed_link={true} /> }
        }
        // Not reached: the puzzle is simulated for exactly these two routes.
        (Route::Home | Route::Puzzle(_), None) => html! {},
        (Route::Reference(id), _) => html! { <ReferencePage id={id.clone()} /> },
        (Route::TestPanic, _) => html! { <PanicTest /> },
        (Route::Sandbox, _) => html! { <SandboxPage /> },
        (Route::Packs, _) => html! { <PacksPage /> },
        (Route::Pack(id), _) => {
            html! { <PackPage key={id.clone()} pack_id={AttrValue::from(id.clone())} /> }
        }
        (Route::PackScenario(pack, scenario), _) => html! {
            <PackScenarioPage key={format!("{pack}/{scenario}")}
                pack_id={AttrValue::from(pack.clone())} scenario_id={AttrValue::from(scenario.clone())} />
        },
        (Route::Path(id), _) => {
            html! { <PathPage key={id.clone()} path_id={AttrValue::from(id.clone())} /> }
        }
        (Route::PathStep(id, n), _) => html! {
            <PathStepPage key={format!("{id}/{n}")} path_id={AttrValue::from(id.clone())} number={*n} />
        },
        (Route::Tour, _) => html! {
            <PackScenarioPage key="tour" tour={true} pack_id={tour::PACK} scenario_id={tour::SCENARIO} />
        },
        (Route::Endless(params), _) => {
            html! { <EndlessPage params={params.clone()} /> }
        }
        (Route::Challenge(code), _) => {
            html! { <ChallengePage code={AttrValue::from(code.clone())} /> }
        }
        (Route::Progress, _) => html! { <ProgressPage /> },
        (Route::Interview(tab), _) => html! { <InterviewPage tab={*tab} /> },
        (Route::Builder, _) => html! { <BuilderPage /> },
        (Route::Classroom, _) => html! { <ClassroomPage /> },
        (Route::Present(pack, scenario), _) => html! {
            <ClassroomPage key={format!("present/{pack}/{scenario}")}
                present={Presenting::Scenario(pack.clone(), scenario.clone())} />
        },
        (Route::PresentSeed(seed), _) => html! {
            <ClassroomPage key={format!("seed/{seed}")} present={Presenting::Seed(*seed)} />
        },
        (Route::ClassSession(t), _) => html! {
            <SessionPage key={format!("session/{t}")} token={AttrValue::from(t.clone())} screen={Screen::Controls} />
        },
        (Route::Audience(t), _) => html! {
            <SessionPage key={format!("audience/{t}")} token={AttrValue::from(t.clone())} screen={Screen::Audience} />
        },
        (Route::Join(t, n), _) => {
            html! { <JoinPage key={format!("join/{t}/{n}")} token={AttrValue::from(t.clone())} /> }
        }
        (Route::Results(t), _) => {
            html! { <ResultsPage key={format!("results/{t}")} token={AttrValue::from(t.clone())} /> }
        }
        (Route::Worksheet(id), _) => {
            html! { <WorksheetPage pack_id={AttrValue::from(id.clone())} /> }
        }
        (Route::NotFound(_), _) => html! { <NotFound /> },
    }
}

/// Router shell: header with every mode, the page for the hash route, and the reference panel
/// that any evidence link can open.
#[function_component(App)]
pub fn app() -> Html {
    let route = use_state(current_route);
    // Route changes are announced (not the first page load: the page title is read then).
    let said = use_state(String::new);
    // Set by a change of address, so the page it opens starts at its top with focus on it (not
    // on the first load: the browser starts there anyway).
    let navigated = use_mut_ref(|| false);
    // Going to another page takes two tasks: the page that is left is taken down in the first,
    // the next one is built in the second. Together they could hold the main thread past 50 ms
    // on a slow device (the pack list's teardown and a puzzle's first stage cross it at 4× CPU
    // throttling). Not when the same page only changes its parameters: it stays.
    let between_pages = use_state(|| false);
    {
        let (route, said, navigated) = (route.clone(), said.clone(), navigated.clone());
        let between_pages = between_pages.clone();
        let last_label = use_mut_ref(|| route.label());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    // A new page: if it fails, only what it reads is suspect.
                    crate::storage::forget_keys_read();
                    let next = current_route();
                    // Same page with other parameters (an endless seed): nothing to announce.
                    let label = next.label();
                    if *last_label.borrow() != label {
                        said.set(format!("{label} page"));
                        *last_label.borrow_mut() = label;
                        between_pages.set(true);
                    }
                    *navigated.borrow_mut() = true;
                    route.set(next);
                })
            });
            move || drop(listener)
        });
    }
    {
        let between_pages = between_pages.clone();
        use_effect_with(
            ((*route).clone(), *between_pages),
            move |(route, between)| {
                if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                    doc.set_title(&route.title());
                }
                if *between {
                    // The next page, in a task of its own.
                    gloo_timers::callback::Timeout::new(0, move || between_pages.set(false))
                        .forget();
                } else if std::mem::take(&mut *navigated.borrow_mut()) {
                    crate::components::focus::arrive();
                }
            },
        );
    }
    let (opener, panel) = use_reference_panel();
    // Simulated once per route, not on every render of the shell (opening the reference panel).
    let puzzle = use_memo((*route).clone(), |route| match route {
        Route::Home => Some(Shared(Rc::new(home_puzzle()))),
        Route::Puzzle(seed) => Some(Shared(Rc::new(seeded_puzzle(*seed)))),
        _ => None,
    });
    let page = if *between_pages {
        Html::default()
    } else {
        page(&route, (*puzzle).clone())
    };
    let har = use_memo((), |_| crate::components::har_export::saver());
    html! {
        <ContextProvider<RefOpener> context={opener}>
        <ContextProvider<crate::components::har_export::HarSaver> context={(*har).clone()}>
            <SiteHeader route={(*route).clone()} />
            <CrashNotice />
            <super::notice_bar::NoticeBar />
            { page }
            { panel }
            <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-live="route">{ (*said).clone() }</div>
        </ContextProvider<crate::components::har_export::HarSaver>>
        </ContextProvider<RefOpener>>
    }
}
