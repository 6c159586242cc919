//! Reading the site's own files, the same way for content, courses, static
//! files and themes, before any of them becomes part of the model: front
//! matter, `TODO` markers, and the rules for text and links. Text must be UTF-8 (an error says where it is not and
//! which encoding it probably is), and nothing from outside the site folder is
//! read through a symbolic link.

mod encoding;
pub mod front_edit;
pub mod front_matter;
pub mod provenance;
mod todo;
mod walk;

pub use encoding::read_text;
pub use todo::report_todos;
pub use walk::{children, entries, inside_site, nfc};
