//! The modes around the simulator: break-it sandbox, challenge links, classroom and worksheets,
//! scenario builder, imported packs and progress. One component per file; plain logic in `logic`.

pub mod builder_form;
pub mod builder_page;
pub mod challenge_button;
pub mod challenge_page;
pub mod classroom_page;
pub mod countdown;
pub mod difficulty_select;
pub mod dom;
pub mod draft_store;
pub mod endless_page;
pub mod fault_params;
pub mod imported_packs;
pub mod imported_store;
pub mod interview;
pub mod kept_aside_list;
pub mod layer_picker;
pub mod logic;
pub mod mastery_chart;
pub mod notice_bar;
pub mod pack_data;
pub mod pack_import;
pub mod pack_page;
pub mod pack_scenario_page;
pub mod packs_page;
pub mod practise_links;
pub mod presenter;
pub mod progress_page;
pub mod progress_store;
pub mod question;
pub mod sandbox_page;
pub mod scenario_player;
pub mod tour_guide;
pub mod tour_offer;
pub mod trace_compare;
pub mod worksheet_page;

use yew::prelude::*;

use crate::logic::route::Route;

/// The page for a mode route, or `None` when the route is not one of these modes.
pub fn page(route: &Route) -> Option<Html> {
    Some(match route {
        Route::Sandbox => html! { <sandbox_page::SandboxPage /> },
        Route::Packs => html! { <packs_page::PacksPage /> },
        Route::Pack(id) => {
            html! { <pack_page::PackPage key={id.clone()} pack_id={AttrValue::from(id.clone())} /> }
        }
        Route::PackScenario(pack, scenario) => html! {
            <pack_scenario_page::PackScenarioPage key={format!("{pack}/{scenario}")}
                pack_id={AttrValue::from(pack.clone())} scenario_id={AttrValue::from(scenario.clone())} />
        },
        Route::Tour => html! {
            <pack_scenario_page::PackScenarioPage key="tour" tour={true}
                pack_id={logic::tour::PACK} scenario_id={logic::tour::SCENARIO} />
        },
        Route::Endless => html! { <endless_page::EndlessPage /> },
        Route::Challenge(code) => {
            html! { <challenge_page::ChallengePage code={AttrValue::from(code.clone())} /> }
        }
        Route::Progress => html! { <progress_page::ProgressPage /> },
        Route::Interview(tab) => html! { <interview::InterviewPage tab={*tab} /> },
        Route::Builder => html! { <builder_page::BuilderPage /> },
        Route::Classroom => html! { <classroom_page::ClassroomPage /> },
        Route::Present(pack, scenario) => html! {
            <classroom_page::ClassroomPage key={format!("present/{pack}/{scenario}")}
                present={classroom_page::Presenting::Scenario(pack.clone(), scenario.clone())} />
        },
        Route::PresentSeed(seed) => html! {
            <classroom_page::ClassroomPage key={format!("seed/{seed}")}
                present={classroom_page::Presenting::Seed(*seed)} />
        },
        Route::Worksheet(id) => {
            html! { <worksheet_page::WorksheetPage pack_id={AttrValue::from(id.clone())} /> }
        }
        _ => return None,
    })
}
