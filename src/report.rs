//! Prints diagnostics for people: file:line:column, the source line with a
//! marker, and the hint.
