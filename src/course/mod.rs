//! Courses: `courses/<id>/course.toml` plus module files with questions. Loaded
//! into the same model as the site; rendered as website pages (self-check) and
//! as SCORM packages.

pub mod config;
pub mod data;
mod html;
pub mod load;
pub mod model;
pub mod questions;
pub mod render;
pub mod validate;

pub use model::*;
