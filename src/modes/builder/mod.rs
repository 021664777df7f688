//! `#/builder`: write scenarios and packs, checked live by the engine; play them; export and
//! import pack files. `draft` is the plain model of the form; `draft_store` keeps it in storage.

pub mod draft;
pub mod draft_store;
pub mod flow_switch;
pub mod form;
pub mod imported_packs;
pub mod kept_aside_list;
pub mod pack_field;
pub mod pack_import;
pub mod page;
pub mod pending;
pub mod preview;
pub mod question;
pub mod scenario_player;
pub mod shown;
