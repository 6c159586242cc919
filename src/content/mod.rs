//! Loading: `content/` on disk → the [`Site`] model.

mod courses;
pub use courses::reload_course;
mod discover;
pub mod links;
mod load;
pub mod model;
mod order;
pub mod paths;
mod placement;
pub mod table;
pub mod translation_state;
mod tree;

pub use load::{load, reload_page, remove_added, reorder, LoadOptions, Reload};
pub use model::*;
