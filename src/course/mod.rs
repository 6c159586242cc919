//! Courses: `courses/<id>/course.toml` plus module files with questions, as
//! data: parsed modules and their questions. The outputs render them (website
//! self-check pages, SCORM packages); nothing here makes HTML.

pub mod config;
pub mod data;
pub(crate) mod load;
pub mod model;
pub(crate) mod questions;
pub mod validate;

pub use model::*;
