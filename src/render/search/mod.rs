//! Output 3, the search index: one per language, read from the model (the parsed
//! bodies, never the built HTML) and written as small JavaScript files that the
//! theme's `search.js` loads with `<script>`, so search works from `file://` too.
//!
//! Every heading section of a page is a document. Words are normalized
//! (`words.rs`) and stemmed with the language's Snowball stemmer; the index maps
//! every word form seen to its stem, every diacritic-free form to its stems, and
//! every stem to its best documents (BM25, title and headings weighted above the
//! text), capped so that a frequent word stays small. Entries are grouped into
//! chunks by the first letters of the form or stem; a chunk that grows too big is
//! split by one more letter. A query loads the chunks of its words and the
//! documents it shows, nothing else. Format: docs/search.md.

mod words;

pub use words::{fold, stemmer, words};

use crate::content::{EntryId, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{Parsed, TextSection};
use crate::output::Writer;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Documents per `d-<n>.js` file. The results of a query are scattered over a big
/// site, and each result loads its file: few documents per file keep a cold query
/// small (bench/search measured 199–280 kB of document files per query with 50).
pub const DOCS_PER_FILE: usize = 4;
/// Documents kept per stem: the best ones. A frequent word stays small.
pub const MAX_POSTINGS: usize = 300;
/// A chunk bigger than this (bytes of JSON) is split by one more letter.
const CHUNK_SPLIT: usize = 48 * 1024;
/// Characters of a section's text kept for excerpts.
const EXCERPT_SOURCE: usize = 1200;

const TITLE_WEIGHT: f64 = 4.0;
const HEADING_WEIGHT: f64 = 2.0;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// What the index of one language holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchInfo {
    pub code: String,
    pub documents: usize,
    pub files: usize,
    pub bytes: usize,
}

/// A heading section of a page.
#[derive(Debug, Clone, Serialize)]
struct Doc {
    /// URL with the section's anchor.
    url: String,
    title: String,
    heading: String,
    /// Titles of the sections above the page, ` › `-joined.
    path: String,
    text: String,
}

#[derive(Default, Serialize)]
struct Chunk {
    /// word form → stem
    f: BTreeMap<String, String>,
    /// form without diacritics → stems
    g: BTreeMap<String, BTreeSet<String>>,
    /// stem → [document, score × 100, …], best first
    p: BTreeMap<String, Vec<u32>>,
}

/// Builds and writes the index of every language.
pub fn index(site: &Site, out: &dyn Writer, diags: &Diagnostics) -> Vec<SearchInfo> {
    // One language after the other (each in parallel inside): two at once
    // would hold both languages' word tables in memory together.
    (0..site.views.len())
        .filter_map(|l| index_language(site, l, None, out, diags))
        .collect()
}

/// The index of one handbook (`book`, a top-level section) in language `l`,
/// for its offline copy.
pub fn book_index(
    site: &Site,
    l: usize,
    book: EntryId,
    out: &dyn Writer,
    diags: &Diagnostics,
) -> Option<SearchInfo> {
    index_language(site, l, Some(book), out, diags)
}

/// The index of language `l`: of the whole site, or of the pages within `book`.
fn index_language(
    site: &Site,
    l: usize,
    book: Option<EntryId>,
    out: &dyn Writer,
    diags: &Diagnostics,
) -> Option<SearchInfo> {
    let lang = &site.config.languages[l];
    let stem = match lang.stemmer.as_deref() {
        None => None,
        Some(name) => match stemmer(name) {
            Some(s) => Some(s),
            None => {
                diags.push(
                    Diagnostic::warning(
                        "raamat.toml",
                        0,
                        format!("language `{}`: no stemmer called `{name}`", lang.code),
                    )
                    .with_hint("use a Snowball name such as estonian, russian, finnish, english"),
                );
                None
            }
        },
    };
    let stem_of = |w: &str| -> String {
        match &stem {
            // Short words and numbers are kept whole: stemming them only merges unrelated ones.
            Some(s) if w.chars().count() > 3 && !w.chars().any(|c| c.is_ascii_digit()) => {
                s.stem(w).into_owned()
            }
            _ => w.to_string(),
        }
    };

    let docs = documents(site, l, book);
    // Weighted words per document and their count (in parallel), each distinct
    // word stemmed once (in parallel), then term frequencies per document by stem.
    let doc_words: Vec<(HashMap<String, f64>, f64)> = docs
        .par_iter()
        .map(|(doc, first_of_page)| {
            let mut ws: HashMap<String, f64> = HashMap::new();
            let mut length = 0.0;
            let mut add = |text: &str, weight: f64| {
                for w in words(text) {
                    *ws.entry(w).or_default() += weight;
                    length += 1.0;
                }
            };
            if *first_of_page {
                add(&doc.title, TITLE_WEIGHT);
            }
            add(&doc.heading, HEADING_WEIGHT);
            add(&doc.text, 1.0);
            (ws, length)
        })
        .collect();
    let distinct: Vec<String> = doc_words
        .iter()
        .flat_map(|(ws, _)| ws.keys().map(String::as_str))
        .collect::<std::collections::HashSet<&str>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let stems: Vec<String> = distinct.par_iter().map(|w| stem_of(w)).collect();
    let forms: HashMap<String, String> = distinct.into_iter().zip(stems).collect();
    // Consumed, so each document's words are freed once its stems are counted.
    let (terms, lengths): (Vec<HashMap<String, f64>>, Vec<f64>) = doc_words
        .into_par_iter()
        .map(|(ws, length)| {
            let mut tf: HashMap<String, f64> = HashMap::new();
            for (w, weight) in ws {
                *tf.entry(forms[&w].clone()).or_default() += weight;
            }
            (tf, length)
        })
        .unzip();
    let n = docs.len() as f64;
    let average = if docs.is_empty() {
        1.0
    } else {
        lengths.iter().sum::<f64>() / n
    };
    let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for tf in &terms {
        for s in tf.keys() {
            *df.entry(s).or_default() += 1;
        }
    }
    for (d, tf) in terms.iter().enumerate() {
        for (s, f) in tf {
            let df = df[s.as_str()] as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let score = idf * f * (K1 + 1.0) / (f + K1 * (1.0 - B + B * lengths[d] / average));
            postings
                .entry(s.clone())
                .or_default()
                .push((d as u32, (score * 100.0).round().max(1.0) as u32));
        }
    }

    let mut entries: BTreeMap<String, Chunk> = BTreeMap::new();
    for (form, s) in &forms {
        let folded = fold(form);
        if folded != *form {
            let c = entries.entry(folded.clone()).or_default();
            c.g.entry(folded).or_default().insert(s.clone());
        }
        entries
            .entry(form.clone())
            .or_default()
            .f
            .insert(form.clone(), s.clone());
    }
    for (s, mut list) in postings {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_POSTINGS);
        let flat = list.into_iter().flat_map(|(d, sc)| [d, sc]).collect();
        entries.entry(s.clone()).or_default().p.insert(s, flat);
    }
    // `entries` is keyed by whole words here; group them into chunks by prefix.
    let chunks = group(entries, 2);

    let code = &lang.code;
    let q = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let mut files = 0;
    let mut bytes = 0;
    let mut write = |name: String, text: String| {
        bytes += text.len();
        files += 1;
        if let Err(e) = out.write(&format!("search/{code}/{name}"), text.as_bytes()) {
            diags.push(Diagnostic::error(
                format!("search/{code}/{name}"),
                0,
                format!("cannot write: {e}"),
            ));
        }
    };
    let mut listed = BTreeMap::new();
    for (prefix, c) in &chunks {
        let file = format!("c-{}.js", hex(prefix));
        listed.insert(prefix.clone(), file.clone());
        let json = serde_json::to_string(c).expect("the chunk serializes");
        write(
            file,
            format!("raamatSearch.chunk({},{},{json});\n", q(code), q(prefix)),
        );
    }
    for (i, part) in docs.chunks(DOCS_PER_FILE).enumerate() {
        let list: Vec<&Doc> = part.iter().map(|(d, _)| d).collect();
        let json = serde_json::to_string(&list).expect("documents serialize");
        write(
            format!("d-{i}.js"),
            format!("raamatSearch.docs({},{i},{json});\n", q(code)),
        );
    }
    let meta =
        serde_json::json!({ "documents": docs.len(), "perFile": DOCS_PER_FILE, "chunks": listed });
    write(
        "index.js".into(),
        format!("raamatSearch.meta({},{meta});\n", q(code)),
    );
    Some(SearchInfo {
        code: code.clone(),
        documents: docs.len(),
        files,
        bytes,
    })
}

/// Groups per-word entries into chunks by their first `len` characters; a chunk
/// over [`CHUNK_SPLIT`] is grouped again by one more character.
fn group(entries: BTreeMap<String, Chunk>, len: usize) -> BTreeMap<String, Chunk> {
    let mut by_prefix: BTreeMap<String, BTreeMap<String, Chunk>> = BTreeMap::new();
    for (key, c) in entries {
        let prefix: String = key.chars().take(len).collect();
        by_prefix.entry(prefix).or_default().insert(key, c);
    }
    let mut out = BTreeMap::new();
    for (prefix, members) in by_prefix {
        let merged = merge(members.values());
        let size = serde_json::to_string(&merged).map_or(0, |s| s.len());
        let longer = members.keys().any(|k| k.chars().count() > len);
        if size > CHUNK_SPLIT && longer && len < 6 {
            // Words exactly `prefix` stay here; longer ones go one level down.
            let (here, down): (BTreeMap<_, _>, BTreeMap<_, _>) = members
                .into_iter()
                .partition(|(k, _)| k.chars().count() <= len);
            if !here.is_empty() {
                out.insert(prefix.clone(), merge(here.values()));
            }
            out.extend(group(down, len + 1));
        } else {
            out.insert(prefix, merged);
        }
    }
    out
}

fn merge<'a>(parts: impl Iterator<Item = &'a Chunk>) -> Chunk {
    let mut c = Chunk::default();
    for p in parts {
        c.f.extend(p.f.iter().map(|(k, v)| (k.clone(), v.clone())));
        for (k, v) in &p.g {
            c.g.entry(k.clone()).or_default().extend(v.iter().cloned());
        }
        c.p.extend(p.p.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    c
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Every heading section of every page published in language `l` with content
/// in `l` (fallback copies are the other language's), with whether it is the
/// first of its page (the one the page title counts for).
fn documents(site: &Site, l: usize, book: Option<EntryId>) -> Vec<(Doc, bool)> {
    let view = &site.views[l];
    let per_page: Vec<Vec<(Doc, bool)>> = view
        .reading_order
        .par_iter()
        .filter(|&&id| book.is_none_or(|b| id == b || site.ancestors(id).contains(&b)))
        .map(|&id| page_documents(site, l, id))
        .collect();
    per_page.into_iter().flatten().collect()
}

/// The documents of one page of language `l`: one per heading section.
fn page_documents(site: &Site, l: usize, id: EntryId) -> Vec<(Doc, bool)> {
    let view = &site.views[l];
    let mut docs = Vec::new();
    {
        let Some(placement) = &view.placements[id] else {
            return docs;
        };
        if placement.content_lang != l {
            return docs;
        }
        let entry = &site.entries[id];
        let Some(version) = &entry.versions[l] else {
            return docs;
        };
        let url = site.url(placement);
        let path = trail(site, id, l);
        let sections = sections_of(site, id, l).unwrap_or_else(|| {
            vec![TextSection {
                heading: None,
                text: version.front.description.clone(),
            }]
        });
        let mut first = true;
        for s in sections {
            let (anchor, heading) = s.heading.unwrap_or_default();
            docs.push((
                Doc {
                    url: if anchor.is_empty() || first {
                        url.clone()
                    } else {
                        format!("{url}#{anchor}")
                    },
                    title: version.front.title.clone(),
                    heading: if first { String::new() } else { heading },
                    path: path.clone(),
                    text: s.text.chars().take(EXCERPT_SOURCE).collect(),
                },
                first,
            ));
            first = false;
        }
    }
    docs
}

/// The sections of entry `id` in language `l`: its page body, or its course module's
/// text without the questions.
fn sections_of(site: &Site, id: EntryId, l: usize) -> Option<Vec<TextSection>> {
    let entry = &site.entries[id];
    if let Some(body) = entry.versions[l].as_ref().and_then(|v| v.body.as_ref()) {
        return Some(body.parsed.text_sections());
    }
    let r = entry.course?;
    let module = &site.courses[r.course].modules[r.module?];
    let source = &module.versions[l].as_ref()?.body;
    Some(Parsed::from_parts(source.content.clone(), source.headings.clone()).text_sections())
}

/// Titles of the sections above entry `id` (the home page left out).
fn trail(site: &Site, id: EntryId, l: usize) -> String {
    let mut titles = Vec::new();
    let mut at = site.entries[id].parent;
    while let Some(p) = at {
        if p != Site::ROOT {
            if let Some(v) = &site.entries[p].versions[l] {
                titles.push(v.front.title.clone());
            }
        }
        at = site.entries[p].parent;
    }
    titles.reverse();
    titles.join(" › ")
}
