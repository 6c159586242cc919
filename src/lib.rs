//! raamat turns Markdown handbooks into a multilingual static website.
//!
//! The pipeline runs one way: `config` → `content` (the model) → `render`
//! (outputs) → [`output`] (swap in). [`build::build`] runs it all. Only what
//! the command line, the tests and the fuzz targets use is public; the
//! modules' map is in docs/architecture.md.

pub mod build;
pub mod check;
pub(crate) mod config;
pub(crate) mod content;
pub mod course;
pub mod diagnostics;
pub mod escape;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub(crate) mod markdown;
pub mod output;
pub(crate) mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub(crate) mod source;
pub(crate) mod theme;
pub mod translation;
pub mod usage;

pub use build::{build, BuildOptions, BuildReport};
