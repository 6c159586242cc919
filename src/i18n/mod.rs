//! Language-specific behaviour that is driven by configuration: slugs, collation,
//! dates, numbers, quotation marks and the theme's UI strings.

pub mod collation;
pub mod dates;
pub mod numbers;
pub mod slug;
pub mod strings;
