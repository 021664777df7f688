//! Investigate mode: the puzzle opens with the report and the client's own view only, and the
//! learner chooses each check (a probe the engine answers from the same world as the trace),
//! reads its raw output, pins lines, rules layers in and out, then diagnoses. Minutes spent are
//! measured against the expert path's ("par").
//!
//! `case` is the investigation's reducer and `choice` which view a puzzle opens in (plain logic,
//! tested natively); `store` remembers the learner's choice; `player` puts the switch above
//! either view; `view`, `tools`, `terminal` and `notebook` are the page.

pub mod case;
pub mod choice;
pub mod notebook;
pub mod player;
pub mod store;
pub mod terminal;
pub mod tools;
pub mod view;
