//! The translator hand-off in XLIFF 2.0: `raamat translate export` writes the
//! units of the chosen originals (with existing translations as targets where
//! they pair), `raamat translate import` writes the translations back with the
//! originals' structure, ids and links, and records their provenance.

use super::history::revision_text;
use super::mark::{load, selected, site_paths, target_language};
use super::units::{self, Code, Piece, Unit};
use super::{file_text, original, statuses, State};
use crate::content::{EntryId, Site};
use crate::source::front_edit::{set_fields, write_atomic};
use crate::source::provenance::{self, FIELD};
use crate::usage::UsageError;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// In the first lines of every file `export` writes; `-o` replaces only such files.
const MADE_BY: &str = "raamat translate export";

/// Which pages to export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub lang: String,
    /// Pages with no translation yet.
    pub missing: bool,
    /// Translations older than their original.
    pub stale: bool,
    /// Pages, modules or folders; empty: all.
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
}

#[derive(Debug, Clone, Default)]
pub struct ExportSummary {
    /// Originals in the file.
    pub files: usize,
    pub units: usize,
    /// Units that still need a translation.
    pub to_translate: usize,
    pub words: usize,
}

fn esc(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if crate::escape::is_forbidden_in_xml(c) => {
                let _ = write!(out, "<cp hex=\"{:04X}\"/>", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A unit's pieces as XLIFF inline content; codes are `<ph>` and `<pc>`
/// pointing at `originalData`.
fn inline(pieces: &[Piece], codes: &[Code]) -> String {
    let code = |id: usize| codes.iter().find(|c| c.id == id);
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&esc(t, false)),
            Piece::Ph(id) => {
                let c = code(*id);
                let kind = c.map_or("other", |c| c.kind);
                let disp = c.map_or(String::new(), |c| esc(&c.open, true));
                let _ = write!(
                    out,
                    "<ph id=\"{id}\" dataRef=\"d{id}\" type=\"{kind}\" disp=\"{disp}\" canDelete=\"no\" canCopy=\"no\"/>"
                );
            }
            Piece::Open(id) => {
                let c = code(*id);
                let kind = c.map_or("fmt", |c| c.kind);
                let delete = if c.is_some_and(Code::can_delete) {
                    ""
                } else {
                    " canDelete=\"no\""
                };
                let _ = write!(
                    out,
                    "<pc id=\"{id}\" dataRefStart=\"d{id}\" dataRefEnd=\"e{id}\" type=\"{kind}\"{delete} canCopy=\"no\">"
                );
            }
            Piece::Close(_) => out.push_str("</pc>"),
        }
    }
    out
}

fn original_data(codes: &[Code]) -> String {
    if codes.is_empty() {
        return String::new();
    }
    let mut out = String::from("      <originalData>\n");
    for c in codes {
        let _ = writeln!(
            out,
            "        <data id=\"d{}\">{}</data>",
            c.id,
            esc(&c.open, false)
        );
        if let Some(close) = &c.close {
            let _ = writeln!(
                out,
                "        <data id=\"e{}\">{}</data>",
                c.id,
                esc(close, false)
            );
        }
    }
    out.push_str("      </originalData>\n");
    out
}

/// A translation unit's pieces in terms of the original unit's code ids: each
/// code of the translation is the original's code with the same Markdown, or
/// else the next one of the same shape. `None` when they do not pair.
fn pair_pieces(orig: &Unit, tr: &Unit) -> Option<Vec<Piece>> {
    if orig.codes.len() != tr.codes.len() {
        return None;
    }
    let mut map: HashMap<usize, usize> = HashMap::new();
    let mut used = vec![false; orig.codes.len()];
    for c in &tr.codes {
        let same = orig
            .codes
            .iter()
            .position(|o| !used[o.id - 1] && o.open == c.open && o.close == c.close);
        let shape = || {
            orig.codes.iter().position(|o| {
                !used[o.id - 1] && o.kind == c.kind && o.close.is_some() == c.close.is_some()
            })
        };
        let i = same.or_else(shape)?;
        used[i] = true;
        map.insert(c.id, orig.codes[i].id);
    }
    Some(
        tr.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => Piece::Text(t.clone()),
                Piece::Ph(id) => Piece::Ph(map[id]),
                Piece::Open(id) => Piece::Open(map[id]),
                Piece::Close(id) => Piece::Close(map[id]),
            })
            .collect(),
    )
}

/// For each original unit, the translation unit in the same place: the two
/// lists aligned by what each unit is (title, heading, list item, … and its
/// codes), so that a list with one answer more in one language does not
/// unpair the rest of the file.
fn align(orig: &[Unit], translation: &[Unit]) -> Vec<Option<usize>> {
    let shape = |u: &Unit| {
        let codes: Vec<&str> = u.codes.iter().map(|c| c.kind).collect();
        format!("{}:{}:{}", u.id.starts_with('u'), u.kind, codes.join(","))
    };
    let a: Vec<String> = orig.iter().map(shape).collect();
    let b: Vec<String> = translation.iter().map(shape).collect();
    let mut out = vec![None; orig.len()];
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &a, &b) {
        let (o, t) = (op.old_range(), op.new_range());
        if o.len() == t.len() {
            for k in 0..o.len() {
                out[o.start + k] = Some(t.start + k);
            }
        }
    }
    out
}

/// Targets for the original's units from an existing translation: by
/// position when the shapes pair. `old_original` is the original the
/// translation was made from when history knows it; then units that changed
/// since get the old translation as a draft (`initial`) and new units none.
fn targets(
    orig: &[Unit],
    translation: &[Unit],
    old_original: Option<&[Unit]>,
    state: State,
) -> Vec<Option<(Vec<Piece>, &'static str)>> {
    let base = old_original.unwrap_or(orig);
    let paired: Vec<Option<Vec<Piece>>> = align(base, translation)
        .into_iter()
        .enumerate()
        .map(|(i, t)| t.and_then(|t| pair_pieces(&base[i], &translation[t])))
        .collect();
    let settled = if state == State::Stale {
        "initial"
    } else {
        "translated"
    };
    let Some(old) = old_original else {
        return orig
            .iter()
            .zip(paired.into_iter().chain(std::iter::repeat(None)))
            .map(|(_, p)| p.map(|p| (p, settled)))
            .collect();
    };
    let old_md: Vec<String> = old.iter().map(Unit::markdown).collect();
    let new_md: Vec<String> = orig.iter().map(Unit::markdown).collect();
    let mut out = vec![None; orig.len()];
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &old_md, &new_md) {
        let (o, n) = (op.old_range(), op.new_range());
        let state = if matches!(op, similar::DiffOp::Equal { .. }) {
            "translated"
        } else {
            "initial"
        };
        for k in 0..o.len().min(n.len()) {
            // Pieces refer to the old original's codes; they pair with the new
            // one's only if the codes are the same.
            if old[o.start + k].codes == orig[n.start + k].codes {
                out[n.start + k] = paired[o.start + k].clone().map(|p| (p, state));
            }
        }
    }
    out
}

/// Writes the XLIFF file of `opts` and says what is in it.
pub fn export(root: &Path, opts: &ExportOptions) -> Result<ExportSummary, UsageError> {
    let site = load(root)?;
    let lang = target_language(&site, &opts.lang)?;
    let paths = site_paths(root, &opts.paths)?;
    if opts.out.exists() {
        let head = std::fs::read(&opts.out).unwrap_or_default();
        let head = String::from_utf8_lossy(&head[..head.len().min(400)]).to_string();
        if !head.contains(MADE_BY) {
            return Err(UsageError::refused(
                format!(
                    "{} exists and is not an export of raamat",
                    opts.out.display()
                ),
                "name a new file with -o, e.g. -o tolge-ru.xlf",
            ));
        }
    }
    let all = !opts.missing && !opts.stale;
    let states: HashMap<EntryId, super::Status> = statuses(&site)
        .into_iter()
        .filter(|s| s.lang == lang)
        .map(|s| (s.entry, s))
        .collect();
    let src_code = &site.config.languages[0].code;
    let trg_code = &site.config.languages[lang].code;
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Made by {MADE_BY}: translate the targets, then run `raamat translate import FILE`. -->\n<xliff xmlns=\"{NS}\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        esc(src_code, true),
        esc(trg_code, true)
    );
    let mut summary = ExportSummary::default();
    for entry in 0..site.entries.len() {
        let Some(orig) = original(&site, entry) else {
            continue;
        };
        if !selected(&paths, &orig.source) {
            let own = site.entries[entry].versions[lang].as_ref();
            if !own.is_some_and(|v| selected(&paths, &v.source)) {
                continue;
            }
        }
        let status = states.get(&entry);
        let (what, state) = match status {
            None => ("missing", None),
            Some(s) => (
                match s.state {
                    State::Current => "current",
                    State::Stale => "stale",
                    State::Unknown => "unknown",
                },
                Some(s.state),
            ),
        };
        let wanted = all
            || (opts.missing && status.is_none())
            || (opts.stale && state == Some(State::Stale));
        if !wanted {
            continue;
        }
        let Some(orig_text) = file_text(&site, entry, 0) else {
            continue;
        };
        let Some(orig_units) = units::units(orig_text) else {
            continue;
        };
        let tr_units = status
            .and_then(|_| file_text(&site, entry, lang))
            .and_then(units::units);
        let old_text = match status {
            Some(s) if s.state == State::Stale => s
                .recorded
                .as_deref()
                .and_then(|h| revision_text(root, &s.original, h)),
            _ => None,
        };
        let old_units = old_text.as_deref().and_then(units::units);
        let tgts = match (&tr_units, state) {
            (Some(tr), Some(st)) => targets(&orig_units, tr, old_units.as_deref(), st),
            _ => vec![None; orig_units.len()],
        };
        summary.files += 1;
        let target_file = target_path(&site, entry, lang);
        let _ = writeln!(
            xml,
            "  <file id=\"f{}\" original=\"{}\">\n    <notes>\n      <note category=\"raamat\">{what}: {}</note>\n    </notes>",
            summary.files,
            esc(&slash(&orig.source), true),
            esc(&slash(&target_file), false)
        );
        for (u, t) in orig_units.iter().zip(&tgts) {
            summary.units += 1;
            summary.words += units::words(u);
            if t.as_ref().is_none_or(|(_, s)| *s == "initial") {
                summary.to_translate += 1;
            }
            let _ = writeln!(
                xml,
                "    <unit id=\"{}\" name=\"{}, line {}\">\n{}      <segment{}>\n        <source>{}</source>",
                u.id,
                u.kind,
                u.line,
                original_data(&u.codes),
                t.as_ref().map_or(String::new(), |(_, s)| format!(" state=\"{s}\"")),
                inline(&u.pieces, &u.codes)
            );
            if let Some((pieces, _)) = t {
                let _ = writeln!(xml, "        <target>{}</target>", inline(pieces, &u.codes));
            }
            xml.push_str("      </segment>\n    </unit>\n");
        }
        xml.push_str("  </file>\n");
    }
    xml.push_str("</xliff>\n");
    if summary.files == 0 {
        return Err(UsageError::refused(
            "nothing to export: no page matches",
            "leave out --missing/--stale to export every page, or name other paths",
        ));
    }
    let like = root.join("raamat.toml");
    write_atomic(&opts.out, xml.as_bytes(), &like)
        .map_err(|e| UsageError::Refused(format!("cannot write {}: {e}", opts.out.display())))?;
    Ok(summary)
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Where the translation of `entry` into `lang` is or will be.
fn target_path(site: &Site, entry: EntryId, lang: usize) -> PathBuf {
    if let Some(v) = site.entries[entry].versions[lang].as_ref() {
        return v.source.clone();
    }
    let orig = &site.entries[entry].versions[0]
        .as_ref()
        .expect("an original")
        .source;
    let name = orig
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let src = format!(".{}.md", site.config.languages[0].code);
    let stem = name.strip_suffix(&src).unwrap_or(&name);
    orig.with_file_name(format!("{stem}.{}.md", site.config.languages[lang].code))
}

/// What an import wrote.
#[derive(Debug, Clone)]
pub struct Imported {
    pub file: PathBuf,
    /// It did not exist before.
    pub created: bool,
}

/// The outcome of an import: files written, pages left out for want of
/// translation (file, units without target).
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub written: Vec<Imported>,
    pub incomplete: Vec<(PathBuf, Vec<String>)>,
}

/// Why an import wrote nothing: each problem names the file and unit.
#[derive(Debug, Clone)]
pub enum ImportError {
    Usage(UsageError),
    Mismatch(Vec<String>),
}

/// Target content → Markdown with the original unit's codes; links to
/// `<name>.<src>.md` point at `<name>.<trg>.md`.
fn target_markdown(
    node: roxmltree::Node,
    unit: &Unit,
    link_lang: (&str, &str),
    used: &mut Vec<usize>,
    out: &mut String,
    table_cell: bool,
) -> Result<(), String> {
    let data = |c: &Code, s: &str| {
        if matches!(c.kind, "link" | "image") {
            s.replace(
                &format!(".{}.md", link_lang.0),
                &format!(".{}.md", link_lang.1),
            )
        } else {
            s.to_string()
        }
    };
    for child in node.children() {
        if child.is_text() {
            let t = child.text().unwrap_or("").replace(['\n', '\r', '\t'], " ");
            out.push_str(&if table_cell { escape_pipes(&t) } else { t });
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let id_attr = |name: &str| child.attribute(name).and_then(|v| v.parse::<usize>().ok());
        let code_of = |id: Option<usize>| -> Result<&Code, String> {
            let id = id.ok_or_else(|| {
                format!(
                    "an inline code <{}> without a number",
                    child.tag_name().name()
                )
            })?;
            unit.code(id)
                .ok_or_else(|| format!("inline code {id} is not in the original"))
        };
        match child.tag_name().name() {
            "ph" => {
                let c = code_of(id_attr("id"))?;
                used.push(c.id);
                out.push_str(&data(c, &c.open));
            }
            "pc" => {
                let c = code_of(id_attr("id"))?;
                used.push(c.id);
                out.push_str(&data(c, &c.open));
                target_markdown(child, unit, link_lang, used, out, table_cell)?;
                out.push_str(&data(c, c.close.as_deref().unwrap_or("")));
            }
            "sc" => {
                let c = code_of(id_attr("id"))?;
                used.push(c.id);
                out.push_str(&data(c, &c.open));
            }
            "ec" => {
                let c = code_of(id_attr("startRef").or_else(|| id_attr("id")))?;
                out.push_str(&data(c, c.close.as_deref().unwrap_or("")));
            }
            "mrk" | "sm" | "em" => target_markdown(child, unit, link_lang, used, out, table_cell)?,
            "cp" => out.extend(code_point(child)),
            other => return Err(format!("unexpected <{other}> in a target")),
        }
    }
    Ok(())
}

/// The character of a `<cp hex="…"/>` (how XLIFF writes characters XML cannot hold).
fn code_point(node: roxmltree::Node) -> Option<char> {
    node.attribute("hex")
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32)
}

fn escape_pipes(t: &str) -> String {
    let mut out = String::new();
    let mut prev = ' ';
    for c in t.chars() {
        if c == '|' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Source content as written in the file, with the file's own original data,
/// to compare with today's original.
fn source_markdown(node: roxmltree::Node, data: &BTreeMap<String, String>, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or(""));
        } else if child.is_element() {
            let get = |attr: &str| {
                child
                    .attribute(attr)
                    .and_then(|r| data.get(r))
                    .cloned()
                    .unwrap_or_default()
            };
            match child.tag_name().name() {
                "ph" | "sc" => out.push_str(&get("dataRef")),
                "ec" => out.push_str(&get("dataRef")),
                "pc" => {
                    out.push_str(&get("dataRefStart"));
                    source_markdown(child, data, out);
                    out.push_str(&get("dataRefEnd"));
                }
                "cp" => out.extend(code_point(child)),
                _ => source_markdown(child, data, out),
            }
        }
    }
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn short(s: &str) -> String {
    let s = flat(s);
    if s.chars().count() > 70 {
        format!("{}…", s.chars().take(69).collect::<String>())
    } else {
        s
    }
}

/// Reads an XLIFF file filled in by a translator and writes the translations.
pub fn import(root: &Path, file: &Path) -> Result<ImportSummary, ImportError> {
    let site = load(root).map_err(ImportError::Usage)?;
    let text = std::fs::read_to_string(file).map_err(|e| {
        ImportError::Usage(UsageError::Refused(format!(
            "cannot read {}: {e}",
            file.display()
        )))
    })?;
    let doc = roxmltree::Document::parse(&text).map_err(|e| {
        ImportError::Usage(UsageError::refused(
            format!("{} is not well-formed XML: {e}", file.display()),
            "open it in the translation tool and export it again",
        ))
    })?;
    let xliff = doc.root_element();
    if xliff.tag_name().name() != "xliff" || xliff.tag_name().namespace() != Some(NS) {
        return Err(ImportError::Usage(UsageError::refused(
            format!("{} is not an XLIFF 2.0 file", file.display()),
            "export from the translation tool as XLIFF 2.0",
        )));
    }
    let src_code = site.config.languages[0].code.clone();
    if xliff.attribute("srcLang") != Some(src_code.as_str()) {
        return Err(ImportError::Usage(UsageError::refused(
            format!(
                "the file translates from `{}`, the site's originals are in `{src_code}`",
                xliff.attribute("srcLang").unwrap_or("?")
            ),
            "import a file made by `raamat translate export` for this site",
        )));
    }
    let trg = xliff.attribute("trgLang").unwrap_or("");
    let lang = target_language(&site, trg).map_err(ImportError::Usage)?;
    let trg_code = site.config.languages[lang].code.clone();
    let by_source: HashMap<String, EntryId> = (0..site.entries.len())
        .filter_map(|e| original(&site, e).map(|v| (slash(&v.source), e)))
        .collect();
    let mut problems = Vec::new();
    let mut planned: Vec<(PathBuf, String, bool, PathBuf)> = Vec::new();
    let mut summary = ImportSummary::default();
    for f in xliff.children().filter(|n| n.has_tag_name((NS, "file"))) {
        let name = f.attribute("original").unwrap_or("");
        let Some(&entry) = by_source.get(name) else {
            problems.push(format!(
                "{name}: this original is no longer in the site; export again"
            ));
            continue;
        };
        let orig_text = file_text(&site, entry, 0).unwrap_or("");
        let current = units::units(orig_text).unwrap_or_default();
        let problems_before = problems.len();
        let mut targets: HashMap<String, String> = HashMap::new();
        let mut missing = Vec::new();
        let mut seen = Vec::new();
        for u in f.descendants().filter(|n| n.has_tag_name((NS, "unit"))) {
            let id = u.attribute("id").unwrap_or("");
            seen.push(id.to_string());
            let Some(cu) = current.iter().find(|c| c.id == id) else {
                problems.push(format!(
                    "{name}: unit {id} is not in today's original; export again"
                ));
                continue;
            };
            let data: BTreeMap<String, String> = u
                .descendants()
                .filter(|n| n.has_tag_name((NS, "data")))
                .map(|d| {
                    let mut s = String::new();
                    source_markdown(d, &BTreeMap::new(), &mut s);
                    (d.attribute("id").unwrap_or("").to_string(), s)
                })
                .collect();
            let mut src = String::new();
            let mut tgt = String::new();
            let mut has_target = false;
            let mut used = Vec::new();
            for part in u
                .children()
                .filter(|n| n.has_tag_name((NS, "segment")) || n.has_tag_name((NS, "ignorable")))
            {
                if let Some(s) = part.children().find(|n| n.has_tag_name((NS, "source"))) {
                    source_markdown(s, &data, &mut src);
                }
                if let Some(t) = part.children().find(|n| n.has_tag_name((NS, "target"))) {
                    has_target |= part.has_tag_name((NS, "segment"));
                    let r = target_markdown(
                        t,
                        cu,
                        (&src_code, &trg_code),
                        &mut used,
                        &mut tgt,
                        cu.kind == "table cell",
                    );
                    if let Err(e) = r {
                        problems.push(format!("{name}: unit {id} (line {}): {e}", cu.line));
                    }
                }
            }
            if flat(&src) != flat(&cu.markdown()) {
                problems.push(format!(
                    "{name}: unit {id} (line {}) no longer matches the original: the file has “{}”, the original now says “{}”; export again",
                    cu.line,
                    short(&src),
                    short(&cu.markdown())
                ));
                continue;
            }
            if !has_target || tgt.trim().is_empty() {
                missing.push(format!("{id} (line {})", cu.line));
                continue;
            }
            for c in &cu.codes {
                let n = used.iter().filter(|&&u| u == c.id).count();
                if n == 0 && !c.can_delete() {
                    problems.push(format!(
                        "{name}: unit {id} (line {}): the translation lost `{}`{}; put it back",
                        cu.line,
                        c.open,
                        c.close
                            .as_deref()
                            .map_or(String::new(), |cl| format!("…`{cl}`"))
                    ));
                } else if n > 1 {
                    problems.push(format!(
                        "{name}: unit {id} (line {}): `{}` is in the translation {n} times; keep it once",
                        cu.line, c.open
                    ));
                }
            }
            targets.insert(id.to_string(), flat_keep_edges(&tgt));
        }
        for cu in &current {
            if !seen.contains(&cu.id) {
                problems.push(format!(
                    "{name}: the original has a new unit {} (line {}, “{}”) that is not in the file; export again",
                    cu.id,
                    cu.line,
                    short(&cu.markdown())
                ));
            }
        }
        if problems.len() > problems_before {
            continue;
        }
        if !missing.is_empty() {
            summary.incomplete.push((PathBuf::from(name), missing));
            continue;
        }
        let target_file = target_path(&site, entry, lang);
        let existing = site.entries[entry].versions[lang]
            .as_ref()
            .and_then(|_| file_text(&site, entry, lang));
        match compose(
            orig_text, existing, &current, &targets, &src_code, &trg_code,
        ) {
            Ok(out) => planned.push((target_file, out, existing.is_none(), PathBuf::from(name))),
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Mismatch(problems));
    }
    for (target, text, created, original) in planned {
        let path = root.join(&target);
        write_atomic(&path, text.as_bytes(), &root.join(&original)).map_err(|e| {
            ImportError::Usage(UsageError::Refused(format!(
                "cannot write {}: {e}",
                target.display()
            )))
        })?;
        summary.written.push(Imported {
            file: target,
            created,
        });
    }
    Ok(summary)
}

/// White space collapsed inside, none at the ends.
fn flat_keep_edges(s: &str) -> String {
    s.split(['\n', '\r'])
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

/// The translated file: the original's body with every unit's text replaced,
/// and front matter from the existing translation (or the original's without
/// its `slug`) with the translated title and description and the provenance.
fn compose(
    orig_text: &str,
    existing: Option<&str>,
    units: &[Unit],
    targets: &HashMap<String, String>,
    src_code: &str,
    trg_code: &str,
) -> Result<String, String> {
    let parts = provenance::parts(orig_text).ok_or("the original has no front matter")?;
    let body_offset = orig_text.len() - parts.body.len();
    let mut body = orig_text[body_offset..].to_string();
    let mut ranged: Vec<&Unit> = units.iter().filter(|u| u.range.is_some()).collect();
    ranged.sort_by_key(|u| std::cmp::Reverse(u.range.as_ref().map(|r| r.start)));
    for u in ranged {
        let r = u.range.clone().expect("filtered");
        let t = targets
            .get(&u.id)
            .ok_or_else(|| format!("unit {} has no translation", u.id))?;
        body.replace_range(r.start - body_offset..r.end - body_offset, t);
    }
    // Links outside units (reference definitions) follow the language too.
    body = body.replace(&format!(".{src_code}.md"), &format!(".{trg_code}.md"));
    let hash = provenance::hash(&parts.title, &parts.description, parts.body);
    let mut fields: Vec<(&str, Option<&str>)> = vec![(FIELD, Some(&hash))];
    if let Some(t) = targets.get("title") {
        fields.push(("title", Some(t)));
    }
    if let Some(d) = targets.get("description") {
        fields.push(("description", Some(d)));
    }
    let head = match existing {
        Some(text) => {
            let p = provenance::parts(text).ok_or("the translation has no front matter")?;
            text[..text.len() - p.body.len()].to_string()
        }
        None => {
            fields.push(("slug", None));
            orig_text[..body_offset].to_string()
        }
    };
    let head = set_fields(&head, &fields)?;
    Ok(format!("{head}{body}"))
}
