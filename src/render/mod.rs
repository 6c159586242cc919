//! Outputs built from the model. Each output reads `&Site`, renders the parsed
//! documents with its own link rules, and hands its files to one
//! [`crate::output::Writer`]; none of them parses Markdown. `module` is the
//! rendering of a course module that the site and the packages share.

pub mod module;
pub mod scorm;
pub mod site;
