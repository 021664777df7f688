//! `#/reference`: the searchable study reference, with "Practise this" links to pack scenarios.

pub mod page;
