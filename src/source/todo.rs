//! `TODO` markers that `raamat new` leaves for authors to fill in.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;

/// Every `TODO` in a source file is a warning, so unfinished text is found.
pub fn report_todos(text: &str, file: &Path, diags: &Diagnostics) {
    for (i, line) in text.lines().enumerate() {
        if let Some(col) = line.find("TODO") {
            diags.push(
                Diagnostic::warning(file, i + 1, format!("TODO marker: {}", line.trim()))
                    .at_column(line[..col].chars().count() + 1)
                    .with_hint("write the missing text and remove the TODO"),
            );
        }
    }
}
