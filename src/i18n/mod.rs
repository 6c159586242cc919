//! Language-specific behaviour that is driven by configuration: slugs, collation,
//! dates, numbers, plural forms, quotation marks and the theme's UI strings, and
//! the built-in locale data of the languages raamat knows (presets).

pub(crate) mod collation;
pub mod dates;
pub(crate) mod nfc;
pub(crate) mod numbers;
#[allow(
    dead_code,
    reason = "no output chooses plural forms yet; the rules are configuration already"
)]
pub(crate) mod plurals;
pub(crate) mod presets;
pub(crate) mod slug;
pub(crate) mod strings;
