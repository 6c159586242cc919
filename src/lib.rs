//! raamat turns Markdown handbooks into a multilingual static website.
//!
//! The pipeline runs one way: [`config`] → [`content`] (the model) →
//! [`render`] (outputs) → [`output`] (swap in). [`build::build`] runs it all.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod course;
pub mod diagnostics;
pub mod escape;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod theme;
pub mod usage;

pub use build::{build, BuildOptions, BuildReport};
