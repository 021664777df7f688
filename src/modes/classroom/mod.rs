//! `#/classroom`: the presenter view for a projector, and printable worksheets with an answer key
//! (`worksheet` builds them, plain).

pub mod countdown;
pub mod page;
pub mod presenter;
pub mod worksheet;
pub mod worksheet_page;
