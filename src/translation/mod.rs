//! The translator's commands: `translate mark` (record provenance), XLIFF
//! `export` and `import`, and what git history says changed in an original.
//! Whether a translation is stale is part of the model
//! (`content::translation_state`).

pub mod history;
pub mod mark;
mod units;
pub mod xliff;

pub(crate) use crate::content::translation_state::{file_text, original, statuses};
pub use crate::content::translation_state::{State, Status};
