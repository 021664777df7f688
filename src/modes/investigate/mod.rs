//! Investigate mode: the puzzle opens with the report and the client's own view only, and the
//! learner chooses each check (a probe the engine answers from the same world as the trace),
//! reads its raw output, pins lines, rules layers in and out, then diagnoses. Minutes spent are
//! measured against the expert path's ("par"). Then the learner escalates: a note from the pinned
//! lines, the owner and a one-line statement, checked against what the case asks to attach, and
//! a case file in Markdown for a ticket.
//!
//! `case` is the investigation's reducer and `choice` which view a puzzle opens in; `attach`
//! reads a scenario's evidence-to-attach items, `escalation` checks the note and `casefile`
//! writes the Markdown (plain logic, tested natively); `store` remembers the learner's choice;
//! `player` puts the switch above either view; `view`, `tools`, `terminal`, `notebook` and
//! `escalate` are the page.

pub mod attach;
pub mod case;
pub mod casefile;
pub mod choice;
pub mod escalate;
pub mod escalation;
pub mod notebook;
pub mod player;
pub mod store;
pub mod terminal;
pub mod tools;
pub mod view;
