//! Language-specific behaviour that is driven by configuration: slugs, collation,
//! dates, numbers, plural forms, quotation marks and the theme's UI strings, and
//! the built-in locale data of the languages raamat knows (presets).

pub mod collation;
pub mod dates;
pub mod numbers;
pub mod plurals;
pub mod presets;
pub mod slug;
pub mod strings;
