//! Reading the site's own files, the same way for content, courses, static
//! files and themes: text must be UTF-8 (an error says where it is not and
//! which encoding it probably is), and nothing from outside the site folder is
//! read through a symbolic link.

mod encoding;
mod walk;

pub use encoding::read_text;
pub use walk::{entries, inside_site, nfc};
