//! Courses as data: modules per language with their questions.

use super::config::CourseConfig;
use super::questions::{Events, QuestionSource};
use crate::markdown::Heading;
use serde::Serialize;
use std::path::PathBuf;

/// What a question asks the learner to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Single,
    Multiple,
    TrueFalse,
    Fill,
    Matching,
    Ordering,
}

impl Kind {
    pub fn from_class(class: &str) -> Option<Kind> {
        Some(match class {
            "single" => Kind::Single,
            "multiple" => Kind::Multiple,
            "truefalse" => Kind::TrueFalse,
            "fill" => Kind::Fill,
            "matching" => Kind::Matching,
            "ordering" => Kind::Ordering,
            _ => return None,
        })
    }
}

/// An answer option, a matching term, or an ordering item.
#[derive(Debug, Clone)]
pub struct Answer {
    /// `a`, `b`, … in source order.
    pub id: String,
    /// Plain text, for comparisons and accepted fill-in answers.
    pub text: String,
    pub correct: bool,
    /// For matching: the match's text (right side of `->`).
    pub match_text: Option<String>,
}

/// One question as written in one language.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    pub pool: Option<String>,
    pub answers: Vec<Answer>,
    /// Line of the question heading in its file.
    pub line: usize,
}

impl Question {
    /// Ids of the correct answers (fill: none; matching and ordering: all, in order).
    pub fn correct_ids(&self) -> Vec<&str> {
        match self.kind {
            Kind::Matching | Kind::Ordering => self.answers.iter().map(|a| a.id.as_str()).collect(),
            _ => self
                .answers
                .iter()
                .filter(|a| a.correct)
                .map(|a| a.id.as_str())
                .collect(),
        }
    }
}

/// Front matter of a module file.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleFront {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The final test.
    #[serde(default)]
    pub test: bool,
    #[serde(default)]
    pub draft: bool,
    /// See [`crate::source::front_matter::FrontMatter::translated_from`].
    pub translated_from: Option<String>,
}

/// A module file parsed once; each output renders it with its own links.
#[derive(Debug, Clone, Default)]
pub struct ModuleSource {
    pub text: String,
    /// Where the body starts in `text`, after the front matter.
    pub body_offset: usize,
    pub content: Events,
    pub headings: Vec<Heading>,
    pub questions: Vec<QuestionSource>,
}

impl ModuleSource {
    /// The file's text after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// A module in one language.
#[derive(Debug, Clone)]
pub struct ModuleVersion {
    pub source: PathBuf,
    pub front: ModuleFront,
    /// The parsed file (shared, not copied, when the model is cloned).
    pub body: std::sync::Arc<ModuleSource>,
    pub questions: Vec<Question>,
    /// Words of the module's text (questions left out).
    pub words: usize,
    /// Provenance hash of the file's meaningful text.
    pub hash: String,
}

#[derive(Debug, Clone)]
pub struct Module {
    /// File name without language and extension: `01-sissejuhatus`.
    pub id: String,
    /// Per site language.
    pub versions: Vec<Option<ModuleVersion>>,
}

impl Module {
    /// The file of the first language that has one (to name in messages).
    pub fn first_source(&self) -> Option<&std::path::Path> {
        self.versions
            .iter()
            .flatten()
            .next()
            .map(|v| v.source.as_path())
    }

    pub fn is_test(&self) -> bool {
        self.versions.iter().flatten().any(|v| v.front.test)
    }
}

/// A course folder.
#[derive(Debug, Clone)]
pub struct Course {
    pub config: CourseConfig,
    /// `courses/<id>` relative to the site root.
    pub dir: PathBuf,
    /// Site language indices the course is built in.
    pub languages: Vec<usize>,
    pub modules: Vec<Module>,
    /// Media files, relative to the course folder (`media/x.svg`).
    pub media: Vec<String>,
}

impl Course {
    pub fn id(&self) -> &str {
        &self.config.id
    }

    /// Questions of one language in document order (their index is their
    /// number in suspend data).
    pub fn questions(&self, lang: usize) -> Vec<(&Module, &Question)> {
        self.modules
            .iter()
            .filter_map(|m| m.versions[lang].as_ref().map(|v| (m, v)))
            .flat_map(|(m, v)| v.questions.iter().map(move |q| (m, q)))
            .collect()
    }

    pub fn test_module(&self) -> Option<&Module> {
        self.modules.iter().find(|m| m.is_test())
    }
}
