//! Prints diagnostics for people: file:line:column, the source line with a
//! marker, and the hint.
//!
//! Three outputs share one way of finding the excerpt:
//! - [`write_diagnostics`]: the terminal, through `codespan-reporting`,
//!   coloured when [`Style::color`] says so;
//! - [`to_text`]: the same text without colour, as a `String`;
//! - [`to_html`]: `<article>`s for the live-preview error overlay.
//!
//! Columns in [`Diagnostic`] count Unicode scalar values (chars) from 1, as
//! `diagnostics::LineIndex` produces them; they are turned into byte
//! ranges here. Out-of-range lines print without an excerpt, out-of-range
//! columns put the marker at the end of the line; nothing here panics on odd
//! positions or on files that are not valid UTF-8 (read lossily).

use crate::diagnostics::{Diagnostic, Severity};
use crate::escape::html as escape;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files, Location};
use codespan_reporting::term::termcolor::{ColorChoice, NoColor, StandardStream, WriteColor};
use codespan_reporting::term::{self, Config, Renderer, WriteStyle};
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour only when stderr is a terminal, never when `NO_COLOR` is set
    /// (to any value, even empty — <https://no-color.org>), and never for
    /// `TERM=dumb`.
    pub fn for_stderr() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some();
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Style {
            color: !no_color && !dumb && io::stderr().is_terminal(),
        }
    }

    /// The matching `termcolor` choice, for opening a `StandardStream`.
    pub fn color_choice(&self) -> ColorChoice {
        if self.color {
            ColorChoice::Always
        } else {
            ColorChoice::Never
        }
    }
}

/// Writes all diagnostics to stderr with [`Style::for_stderr`].
pub fn eprint_diagnostics(diags: &[Diagnostic], root: &Path) -> io::Result<()> {
    let style = Style::for_stderr();
    let mut err = StandardStream::stderr(style.color_choice());
    write_diagnostics(&mut err, diags, root, &style)?;
    err.flush()
}

/// Writes all diagnostics (already sorted by the caller) with
/// codespan-reporting: header `error: message` / `warning: message`, location
/// `file:line:col`, the source line with a marker under the word or token
/// that starts at the column, and `= hint: …` as a note.
///
/// Each file is read once from `root.join(file)`. When it cannot be read, the
/// line is 0 or beyond the end of the file, the diagnostic is printed without
/// an excerpt (still with the file path and the hint).
pub fn write_diagnostics(
    out: &mut dyn WriteColor,
    diags: &[Diagnostic],
    root: &Path,
    style: &Style,
) -> io::Result<()> {
    if style.color {
        write_all(&mut &mut *out, diags, root)
    } else {
        // Also strips colour from writers that would otherwise emit it.
        write_all(&mut NoColor::new(&mut *out), diags, root)
    }
}

/// Same as [`write_diagnostics`], as plain text without colour.
pub fn to_text(diags: &[Diagnostic], root: &Path) -> String {
    let mut buf = NoColor::new(Vec::new());
    // Writing into a Vec does not fail.
    let _ = write_all(&mut buf, diags, root);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

/// HTML for the live-preview error overlay: one `<article>` per diagnostic
/// with the message, `file:line:col`, the excerpt in a `<pre>` with the
/// marker, and the hint. All text is escaped; no styles or external resources,
/// only classes (`raamat-diag`, `raamat-diag-error` / `raamat-diag-warning`,
/// `raamat-diag-msg`, `raamat-diag-loc`, `raamat-diag-src`, `raamat-diag-mark`,
/// `raamat-diag-pages`, `raamat-diag-hint`). No `lang` attribute is set, so the overlay inherits
/// the page's.
pub fn to_html(diags: &[Diagnostic], root: &Path) -> String {
    let mut sources = Sources::new(root);
    let mut html = String::new();
    for d in diags {
        let (sev, class) = match d.severity {
            Severity::Error => ("error", "raamat-diag-error"),
            Severity::Warning => ("warning", "raamat-diag-warning"),
        };
        let excerpt = sources.get(d).and_then(|s| Excerpt::find(s, d));
        let loc = match &excerpt {
            Some(x) => format!("{}:{}:{}", d.file.display(), d.line, x.locus_col),
            None => location_without_excerpt(d),
        };
        html.push_str(&format!("<article class=\"raamat-diag {class}\">\n"));
        html.push_str(&format!(
            "<p class=\"raamat-diag-msg\"><strong>{sev}</strong>: {}</p>\n",
            escape(&d.message)
        ));
        html.push_str(&format!(
            "<p class=\"raamat-diag-loc\"><code translate=\"no\">{}</code></p>\n",
            escape(&loc)
        ));
        if let Some(x) = &excerpt {
            html.push_str(&excerpt_html(d.line, x));
        }
        if let Some(pages) = d.pages_note() {
            html.push_str(&format!(
                "<p class=\"raamat-diag-pages\">{}</p>\n",
                escape(&pages)
            ));
        }
        if let Some(hint) = &d.hint {
            html.push_str(&format!(
                "<p class=\"raamat-diag-hint\">hint: {}</p>\n",
                escape(hint)
            ));
        }
        html.push_str("</article>\n");
    }
    html
}

// ---------------------------------------------------------------------------
// Terminal / text

fn write_all<W: WriteColor>(out: &mut W, diags: &[Diagnostic], root: &Path) -> io::Result<()> {
    let config = Config::default();
    let mut sources = Sources::new(root);
    for d in diags {
        let excerpt = sources.get(d).and_then(|s| Excerpt::find(s, d));
        match excerpt {
            Some(x) => write_with_excerpt(out, &config, d, &x)?,
            None => write_without_excerpt(out, &config, d)?,
        }
    }
    Ok(())
}

fn cs_severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    }
}

fn notes(d: &Diagnostic) -> Vec<String> {
    d.pages_note()
        .into_iter()
        .chain(d.hint.iter().map(|h| format!("hint: {h}")))
        .collect()
}

fn write_with_excerpt<W: WriteColor + ?Sized>(
    out: &mut W,
    config: &Config,
    d: &Diagnostic,
    x: &Excerpt<'_>,
) -> io::Result<()> {
    let name = d.file.display().to_string();
    let file = OneFile {
        name: &name,
        text: x.source.text.as_str(),
        starts: &x.source.starts,
        locus: Location {
            line_number: d.line,
            column_number: x.locus_col,
        },
        window: x.window().map(|w| (d.line - 1, w)),
    };
    let cs = CsDiagnostic::new(cs_severity(d.severity))
        .with_message(&d.message)
        .with_label(Label::primary((), x.bytes.clone()))
        .with_notes(notes(d));
    term::emit_to_write_style(out, config, &file, &cs).map_err(files_to_io)
}

fn write_without_excerpt<W: WriteColor>(
    out: &mut W,
    config: &Config,
    d: &Diagnostic,
) -> io::Result<()> {
    let mut r = Renderer::new(out, config);
    r.render_header(None, cs_severity(d.severity), None, &d.message)
        .map_err(files_to_io)?;
    // The same `┌─ location` line as with an excerpt, but without numbers
    // that would point nowhere.
    write!(r, " ")?;
    r.set_source_border()?;
    write!(r, "{}", config.chars.snippet_start)?;
    r.reset()?;
    writeln!(r, " {}", location_without_excerpt(d))?;
    for note in notes(d) {
        r.render_snippet_note(0, &note).map_err(files_to_io)?;
    }
    r.render_empty().map_err(files_to_io)
}

fn location_without_excerpt(d: &Diagnostic) -> String {
    let mut s = d.file.display().to_string();
    if d.line > 0 {
        s.push_str(&format!(":{}", d.line));
        if d.column > 0 {
            s.push_str(&format!(":{}", d.column));
        }
    }
    s
}

fn files_to_io(e: FilesError) -> io::Error {
    match e {
        FilesError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

/// One source file seen by codespan, with the location it should print.
struct OneFile<'a> {
    name: &'a str,
    text: &'a str,
    starts: &'a [usize],
    locus: Location,
    /// A long line is shown only around the marker: (line index, byte range).
    window: Option<(usize, Range<usize>)>,
}

impl<'a> Files<'a> for OneFile<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.text)
    }

    fn line_index(&'a self, _: (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self
            .starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1))
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        if let Some((index, window)) = &self.window {
            if *index == line_index {
                return Ok(window.clone());
            }
        }
        line_range(self.text, self.starts, line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.starts.len().saturating_sub(1),
        })
    }

    /// The location the diagnostic names, not one recomputed from the byte
    /// range: an out-of-range column stays visible as the author's tool gave it.
    fn location(&'a self, _: (), _byte_index: usize) -> Result<Location, FilesError> {
        Ok(self.locus)
    }
}

// ---------------------------------------------------------------------------
// Finding the excerpt

/// Files read once per call, keyed by the path in the diagnostic.
struct Sources<'r> {
    root: &'r Path,
    files: HashMap<PathBuf, Option<Source>>,
}

struct Source {
    text: String,
    /// Byte offset of each line start (the first is 0).
    starts: Vec<usize>,
}

impl<'r> Sources<'r> {
    fn new(root: &'r Path) -> Self {
        Sources {
            root,
            files: HashMap::new(),
        }
    }

    /// The source of `d`'s file, when `d` points at a line and the file reads.
    fn get(&mut self, d: &Diagnostic) -> Option<&Source> {
        if d.line == 0 {
            return None; // whole file: no need to read it (it may be an image)
        }
        let root = self.root;
        self.files
            .entry(d.file.clone())
            .or_insert_with(|| {
                let bytes = std::fs::read(root.join(&d.file)).ok()?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let starts = codespan_reporting::files::line_starts(&text).collect();
                Some(Source { text, starts })
            })
            .as_ref()
    }
}

fn line_range(text: &str, starts: &[usize], index: usize) -> Option<Range<usize>> {
    let start = *starts.get(index)?;
    let end = starts.get(index + 1).copied().unwrap_or(text.len());
    Some(start..end)
}

/// Where the marker goes in one line.
struct Excerpt<'s> {
    source: &'s Source,
    /// The line without its line ending.
    line: &'s str,
    /// Marked chars of `line`: start index and count (count 0 = at the end).
    first_char: usize,
    char_count: usize,
    /// Absolute byte range of the marker, for codespan.
    bytes: Range<usize>,
    /// Column to print: the diagnostic's, or where the marker starts if unknown.
    locus_col: usize,
}

/// Lines longer than this many characters are shown around the marker only.
const LONG_LINE: usize = 100;
/// Characters kept on each side of the marker in a long line.
const CONTEXT: usize = 40;

impl<'s> Excerpt<'s> {
    /// The absolute byte range of the part of a long line worth showing.
    fn window(&self) -> Option<Range<usize>> {
        let count = self.line.chars().count();
        if count <= LONG_LINE {
            return None;
        }
        let line_start = self.bytes.start - self.byte_of(self.first_char);
        let from = self.first_char.saturating_sub(CONTEXT);
        let to = (self.first_char + self.char_count.min(LONG_LINE - CONTEXT) + CONTEXT).min(count);
        Some(line_start + self.byte_of(from)..line_start + self.byte_of(to))
    }

    fn byte_of(&self, char_index: usize) -> usize {
        self.line
            .char_indices()
            .nth(char_index)
            .map_or(self.line.len(), |(b, _)| b)
    }

    fn find(source: &'s Source, d: &Diagnostic) -> Option<Excerpt<'s>> {
        let range = line_range(&source.text, &source.starts, d.line.checked_sub(1)?)?;
        let line_start = range.start;
        let line = source.text[range]
            .trim_end_matches('\n')
            .trim_end_matches('\r');
        let chars: Vec<char> = line.chars().collect();
        let (first_char, char_count, locus_col) = if d.column == 0 {
            // Unknown column: mark the line's text, without surrounding blanks.
            match chars.iter().position(|c| !c.is_whitespace()) {
                Some(first) => {
                    let last = chars
                        .iter()
                        .rposition(|c| !c.is_whitespace())
                        .unwrap_or(first);
                    (first, last + 1 - first, first + 1)
                }
                None => (0, 0, 1),
            }
        } else if d.column <= chars.len() {
            let first = d.column - 1;
            (first, token_len(&chars, first), d.column)
        } else {
            // At or past the end of the line: mark the end.
            (chars.len(), 0, d.column)
        };
        let byte_of = |char_index: usize| {
            line.char_indices()
                .nth(char_index)
                .map_or(line.len(), |(b, _)| b)
        };
        let bytes = line_start + byte_of(first_char)..line_start + byte_of(first_char + char_count);
        Some(Excerpt {
            source,
            line,
            first_char,
            char_count,
            bytes,
            locus_col,
        })
    }
}

/// How many chars to mark from `start`: the word, path, bracketed span or run
/// of one punctuation character starting there; otherwise one char.
fn token_len(chars: &[char], start: usize) -> usize {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || is_combining(c);
    let c = chars[start];
    if is_word(c) {
        // Words, plus joiners inside them: `front-matter`, `pilt.png`,
        // `images/pilt.png`, `et:intro`, `#pealkiri`.
        let mut end = start + 1;
        while end < chars.len() {
            if is_word(chars[end]) {
                end += 1;
            } else if matches!(chars[end], '-' | '.' | '/' | ':' | '#' | '\'' | '’')
                && chars.get(end + 1).is_some_and(|&n| is_word(n))
            {
                end += 2;
            } else {
                break;
            }
        }
        return end - start;
    }
    if let Some(end) = closing(chars, start) {
        // `[text](target)` and `[text][ref]`: mark the whole link.
        let mut end = end;
        if c == '[' && matches!(chars.get(end + 1), Some('(' | '[')) {
            if let Some(e) = closing(chars, end + 1) {
                end = e;
            }
        }
        return end + 1 - start;
    }
    if c.is_whitespace() {
        return 1;
    }
    // `:::`, `***`, `{{`, `---`: a run of the same punctuation.
    chars[start..].iter().take_while(|&&n| n == c).count()
}

/// Index of the char closing the bracket or quote at `open`, on the same line.
fn closing(chars: &[char], open: usize) -> Option<usize> {
    let o = chars[open];
    let close = match o {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        '<' => '>',
        '"' => '"',
        '`' => '`',
        '„' => '“',
        '«' => '»',
        '“' => '”',
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate().skip(open + 1) {
        if c == close {
            if depth == 0 {
                return Some(i);
            }
            depth -= 1;
        } else if c == o && o != close {
            depth += 1;
        }
    }
    None
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

/// Chars that take no room on screen, so the caret line skips them.
fn is_zero_width(c: char) -> bool {
    is_combining(c) || matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{2060}')
}

// ---------------------------------------------------------------------------
// HTML

fn excerpt_html(line_number: usize, x: &Excerpt<'_>) -> String {
    let gutter = line_number.to_string();
    let blank_gutter = " ".repeat(gutter.len());
    let all: Vec<char> = x.line.chars().collect();
    // A long line is shown around the marker, as in the terminal.
    let (from, to) = if all.len() > LONG_LINE {
        let from = x.first_char.saturating_sub(CONTEXT);
        (
            from,
            (x.first_char + x.char_count.min(LONG_LINE - CONTEXT) + CONTEXT).min(all.len()),
        )
    } else {
        (0, all.len())
    };
    let chars = &all[from..to];
    let first = x.first_char - from;
    let count = x.char_count.min(chars.len() - first);
    let before: String = chars[..first].iter().collect();
    let marked: String = chars[first..first + count].iter().collect();
    let after: String = chars[first + count..].iter().collect();
    // Pad with the same tabs as the source so the caret lines up in a <pre>.
    let pad: String = chars[..first]
        .iter()
        .filter(|&&c| !is_zero_width(c))
        .map(|&c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let width = chars[first..first + count]
        .iter()
        .filter(|&&c| !is_zero_width(c))
        .count()
        .max(1);
    format!(
        "<pre class=\"raamat-diag-src\" translate=\"no\">{gutter} │ {}<mark class=\"raamat-diag-mark\">{}</mark>{}\n{blank_gutter} │ {pad}{}</pre>\n",
        escape(&before),
        escape(&marked),
        escape(&after),
        "^".repeat(width),
    )
}

#[cfg(test)]
mod tests {
    use super::token_len;

    fn len(line: &str, col: usize) -> String {
        let chars: Vec<char> = line.chars().collect();
        chars[col - 1..col - 1 + token_len(&chars, col - 1)]
            .iter()
            .collect()
    }

    #[test]
    fn tokens() {
        assert_eq!(
            len("vt [pilt](images/pilt.png) siin", 4),
            "[pilt](images/pilt.png)"
        );
        assert_eq!(len("see images/pilt.png, palun", 5), "images/pilt.png");
        assert_eq!(len("Привет мир", 1), "Привет");
        assert_eq!(len("::: märkus", 1), ":::");
        assert_eq!(len("a [b", 3), "[");
        assert_eq!(len("a ( b", 2), " ");
        assert_eq!(len("{{ x }}", 1), "{{ x }}");
    }
}
