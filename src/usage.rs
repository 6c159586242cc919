//! Why a command cannot run as asked: no site where it was pointed, an output
//! folder raamat may not replace, a name that is taken or malformed, a server
//! that cannot start. Every command refuses the same way before it touches
//! anything; the CLI prints the error after `error: ` and exits with 2.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// No `raamat.toml` in this folder.
    NoConfig(PathBuf),
    /// These paths already exist (or are in the way); nothing was created.
    Exists(Vec<PathBuf>),
    /// Anything else: what is wrong, then `\n  hint: …` where there is one.
    Refused(String),
}

impl UsageError {
    /// What is wrong and what to do instead.
    pub fn refused(message: impl fmt::Display, hint: impl fmt::Display) -> UsageError {
        UsageError::Refused(format!("{message}\n  hint: {hint}"))
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::NoConfig(p) => write!(
                f,
                "no raamat.toml in {}\n  hint: run raamat in the site's folder, or pass --root DIR",
                p.display()
            ),
            UsageError::Exists(paths) => {
                let what = if paths.len() == 1 {
                    "this already exists"
                } else {
                    "these already exist"
                };
                write!(f, "nothing was created: {what}")?;
                for p in paths {
                    write!(f, "\n  {}", p.display())?;
                }
                write!(
                    f,
                    "\n  hint: raamat new never overwrites; choose another name, or move the existing files away first"
                )
            }
            UsageError::Refused(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for UsageError {}
