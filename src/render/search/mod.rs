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

mod chunks;
mod words;

use chunks::Vocabulary;
pub use words::{fold, for_each_word, stemmer};

use crate::content::{EntryId, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{text_sections, TextSection};
use crate::output::Writer;
use ahash::AHashMap;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

/// Documents per `d-<n>.js` file at most; a page's sections share a file
/// where they fit ([`slots`]). Each result of a query loads its file, so
/// files are small (bench/search measured 199–280 kB of document files per
/// query with 50 documents to a file regardless of pages), yet a page's
/// sections, which a query often finds together, are one file, and a site
/// has about as many document files as pages: each file costs the build
/// (and removing the previous output) more than its bytes do on a real disk.
pub const DOCS_PER_FILE: usize = 16;
/// The same in a handbook's offline copy, read from disk: few files make a
/// small zip quickly (each file in it is compressed on its own).
const BOOK_DOCS_PER_FILE: usize = 64;
/// Documents kept per stem: the best ones. A frequent word stays small.
pub const MAX_POSTINGS: usize = 300;
/// Parts the stems are cut into while their posting lists are made.
const POSTING_PARTS: usize = 8;
/// Documents whose words are counted at once (bounds the memory of counting).
const WORD_BATCH: usize = 1024;
/// Characters of a section's text kept for excerpts.
const EXCERPT_SOURCE: usize = 1200;

// Weights and counts are whole numbers: sums in `f32` are exact.
const TITLE_WEIGHT: f32 = 4.0;
const HEADING_WEIGHT: f32 = 2.0;
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
#[derive(Debug, Clone)]
struct Doc {
    /// What every section of the page shares.
    page: Arc<PageOfDoc>,
    /// The section's anchor (empty for the first section of a page), its
    /// heading and its text, one after another: a site of 100 000 pages has a
    /// million sections, each one allocation. The text is all of it until
    /// its words are counted, then the start of it, for excerpts.
    parts: Box<str>,
    heading_at: u32,
    text_at: u32,
}

impl Doc {
    fn new(page: Arc<PageOfDoc>, anchor: &str, heading: &str, text: &str) -> Doc {
        let at = |n: usize| u32::try_from(n).expect("a section under 4 GiB");
        Doc {
            page,
            parts: [anchor, heading, text].concat().into_boxed_str(),
            heading_at: at(anchor.len()),
            text_at: at(anchor.len() + heading.len()),
        }
    }

    fn anchor(&self) -> &str {
        &self.parts[..self.heading_at as usize]
    }

    fn heading(&self) -> &str {
        &self.parts[self.heading_at as usize..self.text_at as usize]
    }

    fn text(&self) -> &str {
        &self.parts[self.text_at as usize..]
    }

    /// Keeps the first `chars` characters of the text.
    fn shorten_text(&mut self, chars: usize) {
        if let Some((cut, _)) = self.text().char_indices().nth(chars) {
            let end = self.text_at as usize + cut;
            self.parts = self.parts[..end].into();
        }
    }
}

#[derive(Debug)]
struct PageOfDoc {
    url: String,
    title: String,
    /// Titles of the sections above the page, ` › `-joined.
    path: String,
}

impl Serialize for Doc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut doc = s.serialize_struct("Doc", 5)?;
        if self.anchor().is_empty() {
            doc.serialize_field("url", &self.page.url)?;
        } else {
            doc.serialize_field("url", &format!("{}#{}", self.page.url, self.anchor()))?;
        }
        doc.serialize_field("title", &self.page.title)?;
        doc.serialize_field("heading", self.heading())?;
        doc.serialize_field("path", &self.page.path)?;
        doc.serialize_field("text", self.text())?;
        doc.end()
    }
}

/// Documents as a `d-<n>.js` file lists them: a document of the same page as
/// the one before it leaves out what they share (`url`, `title`, `path`) and
/// gives its anchor as `a`; search.js fills the rest in. Sections of a page
/// are next to each other, so most documents of a file are short.
struct DocList<'a>(&'a [&'a Doc]);

impl Serialize for DocList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct Short<'a>(&'a Doc);
        impl Serialize for Short<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut doc = s.serialize_struct("Doc", 3)?;
                doc.serialize_field("a", self.0.anchor())?;
                doc.serialize_field("heading", self.0.heading())?;
                doc.serialize_field("text", self.0.text())?;
                doc.end()
            }
        }
        let mut list = s.serialize_seq(Some(self.0.len()))?;
        let mut before: Option<&Arc<PageOfDoc>> = None;
        for doc in self.0 {
            let same_page = before.is_some_and(|p| Arc::ptr_eq(p, &doc.page));
            if same_page && !doc.anchor().is_empty() {
                list.serialize_element(&Short(doc))?;
            } else {
                list.serialize_element(*doc)?;
            }
            before = Some(&doc.page);
        }
        list.end()
    }
}

/// The index of one language, built once and written for the whole site and
/// for each handbook's offline copy. A copy is searched on its own, so its
/// scores are those of its own documents, and it lists its own word forms:
/// its index does not change when another handbook does.
pub struct LanguageIndex {
    l: usize,
    /// Every document, whether it is the first of its page, and the top-level
    /// section (handbook) its page is in.
    docs: Vec<(Doc, bool, EntryId)>,
    /// Every word form seen, its form without diacritics, and its stem.
    vocabulary: Vocabulary,
    /// Per stem: the [`MAX_POSTINGS`] best documents it occurs in with their
    /// score × 100, best first.
    postings: Vec<Vec<(u32, u32)>>,
    /// Per document: its stems, in order, with their weighted counts, and
    /// its length in words (a handbook's index is scored from its documents).
    terms: Vec<Vec<(u32, f32)>>,
    lengths: Vec<f32>,
    /// Per top-level section: its documents and forms (found once: a site of
    /// 100 000 pages has hundreds of handbooks and half a million documents).
    books: AHashMap<EntryId, Book>,
}

/// A top-level section's documents, in order, and the word forms they have
/// (by number; a form twice if the section's pages are not one after another).
#[derive(Default)]
struct Book {
    docs: Vec<u32>,
    forms: Vec<u32>,
}

impl LanguageIndex {
    /// Scores every stem in `docs`, the documents of language `l`.
    pub fn build(site: &Site, l: usize, docs: Documents, diags: &Diagnostics) -> LanguageIndex {
        let lang = &site.config.languages[l];
        let stem = lang.stemmer.as_deref().and_then(|name| {
            let found = stemmer(name);
            if found.is_none() {
                diags.push(
                    Diagnostic::warning(
                        "raamat.toml",
                        0,
                        format!("language `{}`: no stemmer called `{name}`", lang.code),
                    )
                    .with_hint("use a Snowball name such as estonian, russian, finnish, english"),
                );
            }
            found
        });
        let stem_of = |w: &str| -> String {
            match &stem {
                // Short words and numbers are kept whole: stemming them only merges unrelated ones.
                Some(s) if w.chars().count() > 3 && !w.chars().any(|c| c.is_ascii_digit()) => {
                    s.stem(w).into_owned()
                }
                _ => w.to_string(),
            }
        };

        let mut docs = docs.0;
        // Weighted words per document, in parallel, a batch at a time. Each
        // part of a batch numbers its own words (`Counted`), so that a word
        // is kept as a string once per part, not once per document; the
        // merge then numbers each part's words for the whole language.
        let mut form_ids: AHashMap<String, u32> = AHashMap::new();
        let mut doc_forms: Vec<(Vec<(u32, f32)>, f32)> = Vec::with_capacity(docs.len());
        let count = |batch: &[(Doc, bool, EntryId)]| -> Vec<Counted> {
            batch
                .par_iter()
                .fold(Counted::default, |mut counted, (doc, first_of_page, _)| {
                    let title = if *first_of_page {
                        doc.page.title.as_str()
                    } else {
                        ""
                    };
                    counted.add(&[
                        (title, TITLE_WEIGHT),
                        (doc.heading(), HEADING_WEIGHT),
                        (doc.text(), 1.0),
                    ]);
                    counted
                })
                .collect()
        };
        let mut merge = |parts: Vec<Counted>| {
            for mut part in parts {
                let ids: Vec<u32> = part
                    .words()
                    .into_iter()
                    .map(|w| {
                        let next = form_ids.len() as u32;
                        *form_ids.entry(w).or_insert(next)
                    })
                    .collect();
                doc_forms.extend(part.docs.into_iter().map(|(mut ws, length)| {
                    for (w, _) in &mut ws {
                        *w = ids[*w as usize];
                    }
                    (ws, length)
                }));
            }
        };
        // The merge into the language's forms is one thread's work: it runs
        // beside the counting of the next batch.
        let mut counted = None;
        for batch in docs.chunks(WORD_BATCH) {
            let (parts, ()) = rayon::join(
                || count(batch),
                || {
                    if let Some(parts) = counted.take() {
                        merge(parts);
                    }
                },
            );
            counted = Some(parts);
        }
        if let Some(parts) = counted {
            merge(parts);
        }
        // Every word of a section is counted; only the excerpt is written.
        docs.par_iter_mut()
            .for_each(|(doc, _, _)| doc.shorten_text(EXCERPT_SOURCE));
        // Each distinct form once, stemmed and folded in parallel.
        let mut distinct: Vec<(String, u32)> = form_ids.into_iter().collect();
        distinct.sort_unstable_by_key(|&(_, i)| i);
        let stemmed: Vec<(String, Option<String>, String)> = distinct
            .into_par_iter()
            .map(|(w, _)| {
                let folded = fold(&w);
                let folded = (folded != w).then_some(folded);
                let stem = stem_of(&w);
                (w, folded, stem)
            })
            .collect();
        let mut stem_ids: AHashMap<String, u32> = AHashMap::new();
        let mut stems = Vec::new();
        let forms: chunks::Forms = stemmed
            .into_iter()
            .map(|(form, folded, s)| {
                let id = *stem_ids.entry(s).or_insert_with_key(|s| {
                    stems.push(s.clone());
                    stems.len() as u32 - 1
                });
                (form, folded, id)
            })
            .collect();
        // A handbook's copy lists the forms its pages have, not all the
        // language's forms of its stems: with a real vocabulary those are
        // several times as many, and most of the copy's index. (A site
        // without copies needs no handbook's forms.)
        let copies = site.config.offline_copies;
        let mut numbers: AHashMap<EntryId, usize> = AHashMap::new();
        let mut books: Vec<Book> = Vec::new();
        let mut last_book = vec![usize::MAX; if copies { forms.len() } else { 0 }];
        for (d, ((_, _, id), (ws, _))) in docs.iter().zip(&doc_forms).enumerate() {
            let b = *numbers.entry(*id).or_insert_with(|| {
                books.push(Book::default());
                books.len() - 1
            });
            let book = &mut books[b];
            book.docs.push(d as u32);
            // Once per handbook, unless its pages are not one after another.
            for &(f, _) in ws.iter().filter(|_| copies) {
                if last_book[f as usize] != b {
                    last_book[f as usize] = b;
                    book.forms.push(f);
                }
            }
        }
        let books: AHashMap<EntryId, Book> = numbers
            .into_iter()
            .map(|(id, b)| (id, std::mem::take(&mut books[b])))
            .collect();
        // Term frequencies per document by stem.
        let (terms, lengths): (Vec<Vec<(u32, f32)>>, Vec<f32>) = doc_forms
            .into_par_iter()
            .map(|(ws, length)| {
                let mut tf: Vec<(u32, f32)> = ws
                    .into_iter()
                    .map(|(form, weight)| (forms[form as usize].2, weight))
                    .collect();
                tf.sort_unstable_by_key(|&(s, _)| s);
                tf.dedup_by(|next, kept| {
                    let same = next.0 == kept.0;
                    if same {
                        kept.1 += next.1;
                    }
                    same
                });
                (tf, length)
            })
            .unzip();
        let mut df = vec![0usize; stems.len()];
        for tf in &terms {
            for &(s, _) in tf {
                df[s as usize] += 1;
            }
        }
        let bm25 = Bm25::over(lengths.iter().copied());
        let postings = postings(&terms, &df, |d, s, f| {
            bm25.score(df[s as usize], f, lengths[d])
        });
        let vocabulary = Vocabulary::new(forms, stems);
        LanguageIndex {
            l,
            books,
            docs,
            vocabulary,
            postings,
            terms,
            lengths,
        }
    }

    /// Writes the index of the whole language to `search/<code>/`.
    pub fn write(&self, site: &Site, out: &dyn Writer, diags: &Diagnostics) -> SearchInfo {
        self.write_selected(site, None, out, diags)
    }

    /// Writes the index of the pages within `book` (a top-level section) to
    /// `search/<code>/`, for its offline copy.
    pub fn write_book(
        &self,
        site: &Site,
        book: EntryId,
        out: &dyn Writer,
        diags: &Diagnostics,
    ) -> SearchInfo {
        let empty = Book::default();
        let book = self.books.get(&book).unwrap_or(&empty);
        self.write_selected(site, Some(book), out, diags)
    }

    /// Documents per file and the length of the prefixes that chunks start
    /// from: the site's index is fetched over the network a file at a time, a
    /// copy's from disk, where fewer, bigger files cost nothing.
    fn layout(members: Option<&[u32]>) -> (usize, usize) {
        match members {
            None => (DOCS_PER_FILE, 2),
            Some(_) => (BOOK_DOCS_PER_FILE, 1),
        }
    }

    /// Per stem: its best documents among `members` (a handbook's, in
    /// order), by their place there, scored over those documents alone.
    fn book_postings(&self, members: &[u32]) -> Vec<Vec<(u32, u32)>> {
        let bm25 = Bm25::over(members.iter().map(|&d| self.lengths[d as usize]));
        let mut df = vec![0usize; self.postings.len()];
        for &d in members {
            for &(s, _) in &self.terms[d as usize] {
                df[s as usize] += 1;
            }
        }
        let mut lists: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.postings.len()];
        for (number, &d) in members.iter().enumerate() {
            let length = self.lengths[d as usize];
            for &(s, f) in &self.terms[d as usize] {
                let score = bm25.score(df[s as usize], f, length);
                keep(&mut lists[s as usize], (number as u32, score));
            }
        }
        lists.par_iter_mut().for_each(best_first);
        lists
    }

    /// Writes the index of every document, or of `book`'s (a handbook's
    /// documents, in order), numbered anew from 0 in the order given.
    fn write_selected(
        &self,
        site: &Site,
        book: Option<&Book>,
        out: &dyn Writer,
        diags: &Diagnostics,
    ) -> SearchInfo {
        let members = book.map(|b| b.docs.as_slice());
        let (per_file, prefix_len) = Self::layout(members);
        let (docs, firsts): (Vec<&Doc>, Vec<bool>) = match members {
            None => self
                .docs
                .iter()
                .map(|(doc, first, _)| (doc, *first))
                .unzip(),
            Some(m) => m
                .iter()
                .map(|&d| {
                    let (doc, first, _) = &self.docs[d as usize];
                    (doc, *first)
                })
                .unzip(),
        };
        let slots = slots(&firsts, per_file);
        // Per stem: its best documents in the selection, by their place in it.
        let in_book: Vec<Vec<(u32, u32)>>;
        let postings = match members {
            None => &self.postings,
            Some(m) => {
                in_book = self.book_postings(m);
                &in_book
            }
        };

        let code = &site.config.languages[self.l].code;
        let q = |s: &str| serde_json::to_string(s).expect("a string serializes");
        // Each file is written as soon as it is made: a language's index is
        // tens of megabytes on a big site. The site's index also sums up what
        // its files hold (`v` in `index.js`; a copy is read from disk, where
        // nothing keeps old files).
        let summed = members.is_none();
        let write = |name: &str, text: String| -> (usize, u64) {
            let path = format!("search/{code}/{name}");
            if let Err(e) = out.write(&path, text.as_bytes()) {
                diags.push(Diagnostic::error(path, 0, format!("cannot write: {e}")));
            }
            let sum = if summed {
                let mut crc = libdeflater::Crc::new();
                crc.update(name.as_bytes());
                crc.update(text.as_bytes());
                u64::from(crc.sum())
            } else {
                0
            };
            (text.len(), sum)
        };
        let add = |a: (usize, u64), b: (usize, u64)| (a.0 + b.0, a.1.wrapping_add(b.1));
        let chunk_files = self.vocabulary.chunks(
            postings,
            &slots,
            book.map(|b| b.forms.as_slice()),
            prefix_len,
            |prefix, json| {
                let file = format!("c-{}.js", hex(prefix));
                let written = write(
                    &file,
                    format!("raamatSearch.chunk({},{},{json});\n", q(code), q(prefix)),
                );
                (prefix.to_string(), file, written)
            },
        );
        let listed: serde_json::Map<String, serde_json::Value> = chunk_files
            .iter()
            .map(|(prefix, file, _)| (prefix.clone(), file.clone().into()))
            .collect();
        let chunk_files = chunk_files
            .into_iter()
            .map(|(_, _, written)| written)
            .fold((0, 0), add);
        // The documents of each file, by the files' numbers.
        let mut files: Vec<(u32, std::ops::Range<usize>)> = Vec::new();
        for (d, &slot) in slots.iter().enumerate() {
            let file = slot / per_file as u32;
            match files.last_mut() {
                Some((f, range)) if *f == file => range.end = d + 1,
                _ => files.push((file, d..d + 1)),
            }
        }
        let doc_files = files.len();
        let doc_files_written = files
            .par_iter()
            .map(|(i, range)| {
                let json = serde_json::to_string(&DocList(&docs[range.clone()]))
                    .expect("documents serialize");
                write(
                    &format!("d-{i}.js"),
                    format!("raamatSearch.docs({},{i},{json});\n", q(code)),
                )
            })
            .reduce(|| (0, 0), add);
        let (bytes, sum) = add(chunk_files, doc_files_written);
        let mut meta =
            serde_json::json!({ "documents": docs.len(), "perFile": per_file, "chunks": listed });
        if summed {
            // search.js asks for the other files with `?v=`: a browser that
            // keeps files for a while never mixes them across builds.
            meta["v"] = format!("{:08x}", (sum ^ (sum >> 32)) as u32).into();
        }
        let (meta_bytes, _) = write(
            "index.js",
            format!("raamatSearch.meta({},{meta});\n", q(code)),
        );
        let bytes = bytes + meta_bytes;
        SearchInfo {
            code: code.clone(),
            documents: docs.len(),
            files: listed.len() + doc_files + 1,
            bytes,
        }
    }
}

/// The words of consecutive documents, each distinct word numbered once.
struct Counted {
    /// Word → number.
    numbers: AHashMap<String, u32>,
    /// Per document: its words (by number) with their summed weights, and
    /// its length in words.
    docs: Vec<(Vec<(u32, f32)>, f32)>,
    /// Per word number: the last document (its position in `docs` + 1) that
    /// had it, and where in that document's list it is.
    seen: Vec<(u32, u32)>,
}

impl Default for Counted {
    fn default() -> Counted {
        Counted {
            numbers: AHashMap::new(),
            docs: Vec::new(),
            seen: Vec::new(),
        }
    }
}

impl Counted {
    /// The words by number.
    fn words(&mut self) -> Vec<String> {
        let mut words: Vec<(String, u32)> = std::mem::replace(&mut self.numbers, AHashMap::new())
            .into_iter()
            .collect();
        words.sort_unstable_by_key(|&(_, n)| n);
        words.into_iter().map(|(w, _)| w).collect()
    }

    /// Counts the words of one document, given as texts with their weights.
    fn add(&mut self, parts: &[(&str, f32)]) {
        let stamp = self.docs.len() as u32 + 1;
        let mut ws: Vec<(u32, f32)> = Vec::new();
        let mut length = 0.0;
        for &(text, weight) in parts {
            for_each_word(text, |w| {
                let n = match self.numbers.get(w) {
                    Some(&n) => n,
                    None => {
                        let n = self.numbers.len() as u32;
                        self.numbers.insert(w.to_string(), n);
                        self.seen.push((0, 0));
                        n
                    }
                };
                let seen = &mut self.seen[n as usize];
                if seen.0 == stamp {
                    ws[seen.1 as usize].1 += weight;
                } else {
                    *seen = (stamp, ws.len() as u32);
                    ws.push((n, weight));
                }
                length += 1.0;
            });
        }
        self.docs.push((ws, length));
    }
}

/// Per stem: its [`MAX_POSTINGS`] best documents with their scores, from
/// every document's stems with their counts (`terms`, each in stem order),
/// how many documents have each stem (`df`), and the score of a document's
/// stem with a count (`score`). Made a part of the stems at a time (one
/// part per core): a stem's whole list is kept only until it is cut, not
/// beside every other stem's.
fn postings(
    terms: &[Vec<(u32, f32)>],
    df: &[usize],
    score: impl Fn(usize, u32, f32) -> u32 + Sync,
) -> Vec<Vec<(u32, u32)>> {
    let total: usize = df.iter().sum();
    let per_part = total / POSTING_PARTS + 1;
    let mut parts = Vec::new();
    let mut start = 0;
    while start < df.len() {
        let mut end = start;
        let mut entries = 0;
        while end < df.len() && (end == start || entries + df[end] <= per_part) {
            entries += df[end];
            end += 1;
        }
        parts.push(start..end);
        start = end;
    }
    let parts: Vec<Vec<Vec<(u32, u32)>>> = parts
        .into_par_iter()
        .map(|stems| {
            let mut part: Vec<Vec<(u32, u32)>> = df[stems.clone()]
                .iter()
                .map(|&n| Vec::with_capacity(n))
                .collect();
            for (d, of_doc) in terms.iter().enumerate() {
                // A document's stems are in order: those of this part are together.
                let from = of_doc.partition_point(|&(s, _)| (s as usize) < stems.start);
                let to = of_doc.partition_point(|&(s, _)| (s as usize) < stems.end);
                for &(s, f) in &of_doc[from..to] {
                    part[s as usize - stems.start].push((d as u32, score(d, s, f)));
                }
            }
            for list in &mut part {
                best_first(list);
                list.shrink_to_fit();
            }
            part
        })
        .collect();
    parts.into_iter().flatten().collect()
}

/// BM25 over a set of documents: how many, and their average length.
struct Bm25 {
    n: f64,
    average: f64,
}

impl Bm25 {
    fn over(lengths: impl Iterator<Item = f32>) -> Bm25 {
        let (n, sum) = lengths.fold((0usize, 0.0f64), |(n, sum), l| (n + 1, sum + f64::from(l)));
        let average = if n == 0 { 1.0 } else { sum / n as f64 };
        Bm25 {
            n: n as f64,
            average,
        }
    }

    /// The score × 100 of a stem counted `f` times (weighted) in a document
    /// of `length` words, when `df` documents have it.
    fn score(&self, df: usize, f: f32, length: f32) -> u32 {
        let (f, df, length) = (f64::from(f), df as f64, f64::from(length));
        let idf = (1.0 + (self.n - df + 0.5) / (df + 0.5)).ln();
        let score = idf * f * (K1 + 1.0) / (f + K1 * (1.0 - B + B * length / self.average));
        (score * 100.0).round().max(1.0) as u32
    }
}

/// Adds `posting` to `list`, cutting the list to its best when it grows
/// big: a handbook that is most of a big site would hold every (document,
/// stem) pair. [`best_first`] then gives what it gives for the whole list.
fn keep(list: &mut Vec<(u32, u32)>, posting: (u32, u32)) {
    list.push(posting);
    if list.len() == 2 * MAX_POSTINGS {
        best_first(list);
    }
}

/// The [`MAX_POSTINGS`] best of `list`, best score first; among equal scores,
/// the earlier document. A frequent word's list holds most of the documents:
/// the best are picked out before they are sorted.
fn best_first(list: &mut Vec<(u32, u32)>) {
    let order = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    if list.len() > MAX_POSTINGS {
        list.select_nth_unstable_by(MAX_POSTINGS - 1, order);
        list.truncate(MAX_POSTINGS);
    }
    list.sort_unstable_by(order);
}

/// The number each document gets in the written index, given whether each
/// starts a page: file `n` holds numbers `n × per_file` up to the next
/// file's. A page whose sections do not fit in what is left of a file
/// starts the next one, so a page is one file unless it has more than
/// `per_file` sections; the numbers a file leaves unused are never listed.
fn slots(first_of_page: &[bool], per_file: usize) -> Vec<u32> {
    let mut slots = Vec::with_capacity(first_of_page.len());
    let mut next = 0usize;
    let mut start = 0;
    while start < first_of_page.len() {
        let len = 1 + first_of_page[start + 1..]
            .iter()
            .take_while(|first| !**first)
            .count();
        let used = next % per_file;
        if used != 0 && used + len > per_file {
            next += per_file - used;
        }
        slots.extend((next..next + len).map(|n| n as u32));
        next += len;
        start += len;
    }
    slots
}

/// Whether `name` is named as an index's own files are: `index.js`,
/// `c-<hex of a prefix>.js`, `d-<number>.js`.
pub fn is_index_file(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".js") else {
        return false;
    };
    let part = |prefix: &str, digit: fn(&char) -> bool| {
        stem.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| digit(&c)))
    };
    stem == "index" || part("c-", char::is_ascii_hexdigit) || part("d-", char::is_ascii_digit)
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Every heading section of every page published in a language with content
/// in it (fallback copies are the other language's), with whether it is the
/// first of its page (the one the page title counts for) and the top-level
/// section its page is in. Read from the parsed bodies, which the index
/// itself does not need; a build reads them a few pages at a time, so that
/// it can free each page's body once its documents are read.
#[derive(Default)]
pub struct Documents(Vec<(Doc, bool, EntryId)>);

impl Documents {
    /// Every document of language `l`.
    pub fn read(site: &Site, l: usize) -> Documents {
        let mut documents = Documents::default();
        documents.read_pages(site, l, &site.views[l].reading_order);
        documents
    }

    /// Adds the documents of `pages` (a part of language `l`'s reading order,
    /// the parts in order).
    pub fn read_pages(&mut self, site: &Site, l: usize, pages: &[EntryId]) {
        let per_page: Vec<Vec<(Doc, bool, EntryId)>> = pages
            .par_iter()
            .map(|&id| page_documents(site, l, id))
            .collect();
        self.0.extend(per_page.into_iter().flatten());
    }
}

/// The documents of one page of language `l`: one per heading section.
fn page_documents(site: &Site, l: usize, id: EntryId) -> Vec<(Doc, bool, EntryId)> {
    let view = &site.views[l];
    let Some(placement) = view.placements[id].as_ref().filter(|p| p.content_lang == l) else {
        return Vec::new();
    };
    let Some(version) = &site.entries[id].versions[l] else {
        return Vec::new();
    };
    // The top-level section the page is in (the page itself at the top).
    let book = site.ancestors(id).get(1).copied().unwrap_or(id);
    let page = Arc::new(PageOfDoc {
        url: site.url(placement),
        title: version.front.title.clone(),
        path: trail(site, id, l),
    });
    let sections = sections_of(site, id, l).unwrap_or_else(|| {
        vec![TextSection {
            heading: None,
            text: version.front.description.clone(),
        }]
    });
    sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let first = i == 0;
            let (anchor, heading) = s.heading.filter(|_| !first).unwrap_or_default();
            (
                Doc::new(page.clone(), &anchor, &heading, &s.text),
                first,
                book,
            )
        })
        .collect()
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
    Some(text_sections(
        crate::markdown::lent(&source.content),
        &source.headings,
    ))
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

#[cfg(test)]
mod tests {
    use super::{best_first, keep, slots, Bm25, MAX_POSTINGS};

    #[test]
    fn the_index_knows_its_own_files_by_name() {
        for own in ["index.js", "c-6b6f.js", "c-c3bc6c.js", "d-0.js", "d-178.js"] {
            assert!(super::is_index_file(own), "{own}");
        }
        for other in [
            "c-.js",
            "d-x.js",
            "kaart.js",
            "d-1.json",
            "index.html",
            "c-6b6f.js.map",
        ] {
            assert!(!super::is_index_file(other), "{other}");
        }
    }

    #[test]
    fn a_list_cut_as_it_grows_keeps_the_best_of_the_whole() {
        // 2 000 documents, many with equal scores (the earlier one wins).
        let all: Vec<(u32, u32)> = (0..2000u32).map(|d| (d, (d * 7919) % 503)).collect();
        let mut whole = all.clone();
        best_first(&mut whole);
        let mut kept = Vec::new();
        for &posting in &all {
            keep(&mut kept, posting);
            assert!(kept.len() < 2 * MAX_POSTINGS);
        }
        best_first(&mut kept);
        assert_eq!(kept.len(), MAX_POSTINGS);
        assert_eq!(kept, whole);
    }

    #[test]
    fn a_rarer_word_and_a_shorter_section_score_higher() {
        let bm25 = Bm25::over([10.0, 20.0, 30.0].into_iter());
        assert!(bm25.score(1, 1.0, 20.0) > bm25.score(2, 1.0, 20.0));
        assert!(bm25.score(1, 1.0, 10.0) > bm25.score(1, 1.0, 30.0));
        assert!(bm25.score(1, 2.0, 20.0) > bm25.score(1, 1.0, 20.0));
    }

    #[test]
    fn a_page_that_does_not_fit_starts_the_next_file() {
        // Pages of 3, 2, 4 and 1 sections, 4 numbers to a file.
        let first = |lens: &[usize]| -> Vec<bool> {
            lens.iter().flat_map(|&n| (0..n).map(|i| i == 0)).collect()
        };
        assert_eq!(
            slots(&first(&[3, 2, 4, 1]), 4),
            [0, 1, 2, 4, 5, 8, 9, 10, 11, 12]
        );
        // A page bigger than a file starts one and runs on into the next.
        assert_eq!(slots(&first(&[1, 6, 1]), 4), [0, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(slots(&first(&[]), 4), Vec::<u32>::new());
    }
}
