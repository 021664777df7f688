//! `#/interview/...`: interview practice. Explain a question in your own words and see which key
//! points you made; put a case's troubleshooting steps in order; recognise real artefacts fast,
//! with missed ones coming back sooner; sit a timed mock interview. The grading and the spacing are
//! the engine's (offline, deterministic); this module holds the pages, their reducers and stores.

pub mod card_question;
pub mod drafts;
pub mod drill_round;
pub mod drill_view;
pub mod grade_view;
pub mod mock_session;
pub mod mock_view;
pub mod page;
pub mod store;
pub mod walk_through;

pub use page::InterviewPage;
