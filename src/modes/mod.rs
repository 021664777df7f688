//! The modes around the simulator: break-it sandbox, challenge links, classroom and worksheets,
//! scenario builder, imported packs and progress. One component per file; plain logic in `logic`.

pub mod builder_form;
pub mod builder_page;
pub mod challenge_button;
pub mod challenge_page;
pub mod classroom_page;
pub mod countdown;
pub mod difficulty_select;
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
pub mod pack_data;
pub mod pack_import;
pub mod pack_page;
pub mod pack_scenario_page;
pub mod packs_page;
pub mod practise_links;
pub mod presenter;
pub mod progress_page;
pub mod question;
pub mod reference_page;
pub mod sandbox_page;
pub mod scenario_player;
pub mod tour_guide;
pub mod tour_offer;
pub mod trace_compare;
pub mod worksheet_page;
