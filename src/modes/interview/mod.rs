//! `#/interview`: interview practice. Pick a question, explain it in your own words, and see which
//! key points you made, which misconceptions you repeated, and a model answer beside yours. The
//! grading is the engine's (offline, deterministic); this module is the page and its saved drafts.

pub mod drafts;
pub mod grade_view;
pub mod page;
pub mod store;
pub mod walk_through;

pub use page::InterviewPage;
