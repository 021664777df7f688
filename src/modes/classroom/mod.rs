//! `#/classroom`: the presenter view for a projector, and printable worksheets with an answer key
//! (`worksheet` builds them, plain). A class session needs no server: students join by a link or
//! QR code, play their own puzzles and hand back a signed result code (`result_code`), which the
//! trainer pastes into the results page (`results`).

pub mod countdown;
pub mod join_page;
pub mod page;
pub mod presenter;
pub mod qr;
pub mod result_code;
pub mod results;
pub mod results_page;
pub mod results_store;
pub mod room_probe;
pub mod scanner;
pub mod session;
pub mod session_page;
pub mod session_puzzles;
pub mod session_setup;
pub mod sync;
pub mod trainer_notes;
pub mod vote;
pub mod vote_tally;
pub mod worksheet;
pub mod worksheet_kit;
pub mod worksheet_page;
