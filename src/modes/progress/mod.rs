//! `#/progress`: best results, mastery per topic, streaks; import, export and what is kept aside.
//! The model and its store are `crate::progress`.

pub mod mastery_chart;
pub mod names;
pub mod page;
