//! Outputs built from the model. Each output reads `&Site` and writes files;
//! none of them parses Markdown.

pub mod scorm;
pub mod site;
