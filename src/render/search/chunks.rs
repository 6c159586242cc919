//! The chunk files of an index: every word's entries (`f`: form → stem, `g`:
//! form without diacritics → stems, `p`: stem → documents), grouped by the
//! first letters of the word, a group that grows too big split by one more
//! letter. A form that begins with its stem, as nearly all do, is not in `f`
//! but in a run of `e`: `[stem, ending, ending, …]` for forms next to each
//! other in order. With a real vocabulary `f` was most of an index's bytes,
//! each form writing its stem again in full; `search.js` makes the `f`
//! entries back from the runs.
//!
//! A language with a real vocabulary has hundreds of thousands of forms, and
//! each handbook's offline copy has chunks of its own: the words are put in
//! order once per language, in a few flat lists; a selection of documents
//! measures each of its words' entries, sizes the chunks from those lengths
//! and writes each chunk's JSON once, when it is handed to the writer.

use rayon::prelude::*;

/// A chunk bigger than this (bytes of JSON) is split by one more letter.
const CHUNK_SPLIT: usize = 48 * 1024;
/// Letters a prefix grows to at most: past it a chunk stays as big as it is.
const LONGEST_PREFIX: usize = 6;
/// No stem.
const NONE: u32 = u32::MAX;

/// Every word form seen: the form, the form without its diacritics if it
/// differs, and its stem (a number).
pub type Forms = Vec<(String, Option<String>, u32)>;

/// Every word a language's chunks may list, in order: a form seen, a form
/// without its diacritics, a stem, or several of these. Hundreds of
/// thousands of them, so each is a few numbers into flat lists.
pub struct Vocabulary {
    /// Every word, one after another.
    text: String,
    words: Vec<Entry>,
    /// The forms each word is without diacritics, one list after another,
    /// as their stem and form numbers, in the order of the stems: a copy
    /// lists a stem there only for a form its pages have.
    folded: Vec<(u32, u32)>,
    /// Each stem in quotes, one after another, and where each ends.
    stems: String,
    stem_ends: Vec<u32>,
    /// Each form's word, and its word without diacritics ([`NONE`]: the
    /// same), by the form's number in [`Forms`]; each stem's word: a
    /// handbook's copy lists the forms its pages have, and their stems.
    word_of_form: Vec<(u32, u32)>,
    word_of_stem: Vec<u32>,
}

#[derive(Clone, Copy)]
struct Entry {
    /// Where the word ends in `text` (it starts where the one before ends).
    end: u32,
    /// Where its stems as a form without diacritics end in `folded`.
    folded_end: u32,
    /// As a form: its stem ([`NONE`]: not a form).
    form: u32,
    /// As a stem: its number ([`NONE`]: not a stem).
    stem: u32,
    /// The word's length as a JSON string, and, for a form that begins with
    /// its stem, its ending's ([`NONE`]: it does not): measured once, not by
    /// each handbook's copy.
    quoted: u32,
    ending: u32,
}

/// One word of a selection, and the length of its `f`, `g` and `p` entries
/// as JSON (0: not listed).
struct Word {
    entry: u32,
    lengths: [u32; 3],
    /// The stem the word begins with as a form ([`NONE`]: none): then its `f`
    /// entry is its ending in a run of `e`, and `lengths[0]` the ending's length.
    run: u32,
}

/// The words of a selection. Their entries are written when their chunk is:
/// the site's index lists every word of the language, and its posting lists
/// as text would be a hundred megabytes at a time on a big site.
struct Words<'a> {
    vocabulary: &'a Vocabulary,
    postings: &'a [Vec<(u32, u32)>],
    numbers: &'a [u32],
    /// Per word, whether the selection has it as a form ([`FORM`]) or as
    /// the form without diacritics of one ([`FOLDED`]) (`None`: every word).
    shown: Option<Vec<u8>>,
    words: Vec<Word>,
}

const FORM: u8 = 1;
const FOLDED: u8 = 2;

impl Words<'_> {
    fn word(&self, w: &Word) -> &str {
        self.vocabulary.word(w.entry as usize)
    }

    fn listed(&self, s: u32) -> bool {
        s != NONE && !self.postings[s as usize].is_empty()
    }

    fn shows(&self, entry: u32, role: u8) -> bool {
        let shown = self.shown.as_ref();
        shown.is_none_or(|shown| shown[entry as usize] & role != 0)
    }

    /// The stem of word `entry` as a form listed ([`NONE`]: not listed).
    fn form_stem(&self, entry: u32) -> u32 {
        let s = self.vocabulary.words[entry as usize].form;
        match self.listed(s) && self.shows(entry, FORM) {
            true => s,
            false => NONE,
        }
    }

    /// The stem word `entry` begins with, as a listed form ([`NONE`]: none).
    fn run(&self, entry: u32) -> u32 {
        match self.vocabulary.words[entry as usize].ending {
            NONE => NONE,
            _ => self.form_stem(entry),
        }
    }

    /// The stems listed of word `entry` as a form without diacritics: of
    /// the forms the selection has.
    fn folded(&self, entry: u32) -> impl Iterator<Item = u32> + '_ {
        let shown = self.shows(entry, FOLDED);
        let has = move |f: u32| self.shows(self.vocabulary.word_of_form[f as usize].0, FORM);
        let last = std::cell::Cell::new(NONE);
        let folded = self.vocabulary.folded_of(entry as usize).iter();
        folded
            .filter(move |&&(s, f)| shown && self.listed(s) && has(f))
            .map(|&(s, _)| s)
            .filter(move |&s| last.replace(s) != s)
    }

    /// The length of what [`Words::write`] writes, counted: a big site's
    /// index has hundreds of thousands of words, each measured to size its
    /// chunk before it is written.
    fn length(&self, entry: u32, map: usize, run: u32) -> usize {
        let v = self.vocabulary;
        let e = v.words[entry as usize];
        let (word, ending) = (e.quoted as usize, e.ending as usize);
        let digits = |n: u32| n.checked_ilog10().unwrap_or(0) as usize + 1;
        match map {
            0 if run != NONE => ending,
            0 if self.form_stem(entry) != NONE => word + 1 + v.stem(e.form).len(),
            1 => {
                let (n, stems) = self
                    .folded(entry)
                    .fold((0, 0), |(n, len), s| (n + 1, len + v.stem(s).len()));
                match n {
                    0 => 0,
                    _ => word + 3 + stems + (n - 1),
                }
            }
            2 if self.listed(e.stem) => {
                let list = &self.postings[e.stem as usize];
                let numbers: usize = list
                    .iter()
                    .map(|&(d, score)| digits(self.numbers[d as usize]) + digits(score) + 2)
                    .sum();
                word + 2 + numbers
            }
            _ => 0,
        }
    }

    /// Writes entry `map` (0: `f`, 1: `g`, 2: `p`) of word `w`, if listed;
    /// for a word in a run of `e`, its ending.
    fn write(&self, w: &Word, map: usize, out: &mut String) {
        let v = self.vocabulary;
        let e = v.words[w.entry as usize];
        let word = v.word(w.entry as usize);
        match map {
            0 if w.run != NONE => push_quoted(out, &word[v.stem(w.run).len() - 2..]),
            0 if self.form_stem(w.entry) != NONE => {
                push_quoted(out, word);
                out.push(':');
                out.push_str(v.stem(e.form));
            }
            1 => {
                let mut stems = self.folded(w.entry);
                if let Some(first) = stems.next() {
                    push_quoted(out, word);
                    out.push_str(":[");
                    out.push_str(v.stem(first));
                    for s in stems {
                        out.push(',');
                        out.push_str(v.stem(s));
                    }
                    out.push(']');
                }
            }
            2 if self.listed(e.stem) => {
                push_quoted(out, word);
                out.push_str(":[");
                let mut digits = itoa::Buffer::new();
                for (k, &(d, score)) in self.postings[e.stem as usize].iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    out.push_str(digits.format(self.numbers[d as usize]));
                    out.push(',');
                    out.push_str(digits.format(score));
                }
                out.push(']');
            }
            _ => {}
        }
    }
}

/// Offsets into the flat lists: a language's index is far below 4 GiB.
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("an index under 4 GiB")
}

/// The length of `s` as a JSON string.
fn quoted_length(s: &str) -> usize {
    match needs_escaping(s) {
        true => serde_json::to_string(s).expect("a string serializes").len(),
        false => s.len() + 2,
    }
}

fn needs_escaping(s: &str) -> bool {
    s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20)
}

/// `s` as a JSON string. Words are letters and digits, which JSON writes as
/// they are; anything else is escaped.
fn push_quoted(out: &mut String, s: &str) {
    if needs_escaping(s) {
        out.push_str(&serde_json::to_string(s).expect("a string serializes"));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

impl Vocabulary {
    /// The words of `forms` and `stems`.
    pub fn new(forms: Forms, stems: Vec<String>) -> Vocabulary {
        #[derive(Clone, Copy)]
        enum Role {
            /// Form number, stem.
            Form(u32, u32),
            Folded(u32, u32),
            Stem(u32),
        }
        let mut roles: Vec<(&str, Role)> = Vec::with_capacity(forms.len() * 2 + stems.len());
        for (f, (form, folded, stem)) in forms.iter().enumerate() {
            roles.push((form, Role::Form(f as u32, *stem)));
            if let Some(folded) = folded {
                roles.push((folded, Role::Folded(f as u32, *stem)));
            }
        }
        roles.extend(
            stems
                .iter()
                .enumerate()
                .map(|(s, stem)| (stem.as_str(), Role::Stem(s as u32))),
        );
        roles.par_sort_unstable_by(|a, b| a.0.cmp(b.0));

        let mut v = Vocabulary {
            text: String::new(),
            words: Vec::new(),
            folded: Vec::new(),
            stems: String::new(),
            stem_ends: Vec::with_capacity(stems.len()),
            word_of_form: vec![(NONE, NONE); forms.len()],
            word_of_stem: vec![NONE; stems.len()],
        };
        for roles in roles.chunk_by(|a, b| a.0 == b.0) {
            let (mut form, mut stem) = (NONE, NONE);
            let mut folded = Vec::new();
            let word = v.words.len() as u32;
            for &(_, role) in roles {
                match role {
                    Role::Form(f, s) => {
                        form = s;
                        v.word_of_form[f as usize].0 = word;
                    }
                    Role::Folded(f, s) => {
                        folded.push((s, f));
                        v.word_of_form[f as usize].1 = word;
                    }
                    Role::Stem(s) => {
                        stem = s;
                        v.word_of_stem[s as usize] = word;
                    }
                }
            }
            folded.sort_unstable_by(|&(a, f), &(b, g)| {
                stems[a as usize].cmp(&stems[b as usize]).then(f.cmp(&g))
            });
            v.folded.extend(folded);
            let word = roles[0].0;
            let ending = match form {
                NONE => None,
                s => word.strip_prefix(stems[s as usize].as_str()),
            };
            let simple = |s: u32| s == NONE || !needs_escaping(&stems[s as usize]);
            let ending = match ending.filter(|_| simple(form)) {
                Some(ending) => offset(quoted_length(ending)),
                None => NONE,
            };
            v.text.push_str(word);
            v.words.push(Entry {
                end: offset(v.text.len()),
                folded_end: offset(v.folded.len()),
                form,
                stem,
                quoted: offset(quoted_length(word)),
                ending,
            });
        }
        for stem in &stems {
            push_quoted(&mut v.stems, stem);
            v.stem_ends.push(offset(v.stems.len()));
        }
        v
    }

    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.words[i - 1].end };
        &self.text[start as usize..self.words[i].end as usize]
    }

    fn folded_of(&self, i: usize) -> &[(u32, u32)] {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].folded_end
        };
        &self.folded[start as usize..self.words[i].folded_end as usize]
    }

    /// Stem `s` in quotes.
    fn stem(&self, s: u32) -> &str {
        let start = if s == 0 {
            0
        } else {
            self.stem_ends[s as usize - 1]
        };
        &self.stems[start as usize..self.stem_ends[s as usize] as usize]
    }

    /// Makes the chunks of a selection of documents, keyed by the first `len`
    /// characters of their words, and hands each to `write` as its prefix and
    /// JSON, as soon as it is made; gives what `write` gave, in the order of
    /// the prefixes. `postings` gives each stem's documents in the selection,
    /// best first, as their place in it and their score; `numbers` the number
    /// each place has in the index; `forms` the forms the selection has, by
    /// their numbers in [`Forms`] (`None`: every form). A stem without
    /// documents is left out, and so are its forms.
    pub fn chunks<R: Send>(
        &self,
        postings: &[Vec<(u32, u32)>],
        numbers: &[u32],
        forms: Option<&[u32]>,
        len: usize,
        write: impl Fn(&str, String) -> R + Sync,
    ) -> Vec<R> {
        let words = self.select(postings, numbers, forms);
        let mut groups = Vec::new();
        group(&words, &words.words, len, &mut groups);
        groups
            .into_par_iter()
            .map(|(prefix, members)| write(&prefix, json(&words, members)))
            .collect()
    }

    /// The words with entries in a selection, in order, with their lengths.
    fn select<'a>(
        &'a self,
        postings: &'a [Vec<(u32, u32)>],
        numbers: &'a [u32],
        forms: Option<&[u32]>,
    ) -> Words<'a> {
        let mut selection = Words {
            vocabulary: self,
            postings,
            numbers,
            shown: None,
            words: Vec::new(),
        };
        let named: Vec<u32> = match forms {
            None => (0..self.words.len() as u32).collect(),
            Some(forms) => {
                let mut shown = vec![0u8; self.words.len()];
                let mut named = Vec::with_capacity(forms.len() * 2);
                for &f in forms {
                    let (form, folded) = self.word_of_form[f as usize];
                    shown[form as usize] |= FORM;
                    named.push(form);
                    if folded != NONE {
                        shown[folded as usize] |= FOLDED;
                        named.push(folded);
                    }
                }
                named.extend(
                    (0..postings.len())
                        .filter(|&s| !postings[s].is_empty())
                        .map(|s| self.word_of_stem[s]),
                );
                named.sort_unstable();
                named.dedup();
                selection.shown = Some(shown);
                named
            }
        };
        let words: Vec<Word> = named
            .into_iter()
            .filter_map(|entry| {
                let run = selection.run(entry);
                let lengths = [0, 1, 2].map(|map| offset(selection.length(entry, map, run)));
                (lengths != [0; 3]).then_some(Word {
                    entry,
                    lengths,
                    run,
                })
            })
            .collect();
        selection.words = words;
        selection
    }
}

/// The words' groups by their first `len` characters, split further where too big.
fn group<'w>(all: &Words, words: &'w [Word], len: usize, out: &mut Vec<(String, &'w [Word])>) {
    let mut rest = words;
    while let Some(first) = rest.first() {
        let word = all.word(first);
        let cut = word.char_indices().nth(len).map_or(word.len(), |(i, _)| i);
        let prefix = &word[..cut];
        // Sorted words that share a prefix are next to each other. A word
        // shorter than `len` characters is its own prefix, and alone in it.
        let end = if prefix.chars().count() == len {
            rest.partition_point(|w| all.word(w).starts_with(prefix))
        } else {
            1
        };
        let (members, after) = rest.split_at(end);
        rest = after;
        let longer = members.iter().any(|w| all.word(w).len() > prefix.len());
        if size(all, members) > CHUNK_SPLIT && longer && len < LONGEST_PREFIX {
            // The word that is the prefix itself, which sorts first, stays here;
            // longer ones go one letter down.
            let here = usize::from(all.word(&members[0]) == prefix);
            if here == 1 {
                out.push((prefix.to_string(), &members[..1]));
            }
            group(all, &members[here..], len + 1, out);
        } else {
            out.push((prefix.to_string(), members));
        }
    }
}

/// The length of [`json`] of `words`.
fn size(all: &Words, words: &[Word]) -> usize {
    let listed = |n: usize| n.saturating_sub(1);
    let mut bytes = r#"{"f":{},"e":[],"g":{},"p":{}}"#.len();
    let (mut entries, mut runs, mut last) = ([0usize; 3], 0, NONE);
    for w in words {
        for (map, &len) in w.lengths.iter().enumerate() {
            bytes += len as usize;
            entries[map] += usize::from(len > 0);
        }
        if w.run != NONE {
            // `,ending`, and `[stem` and `]` for the first of a run.
            entries[0] -= 1;
            bytes += 1;
            if w.run != last {
                bytes += all.vocabulary.stem(w.run).len() + 2;
                runs += 1;
                last = w.run;
            }
        }
    }
    bytes + listed(runs) + entries.into_iter().map(listed).sum::<usize>()
}

/// `{"f":{…},"e":[…],"g":{…},"p":{…}}`, each in the order of its words.
fn json(all: &Words, words: &[Word]) -> String {
    let mut out = String::with_capacity(size(all, words));
    let entries = |out: &mut String, map: usize, keep: &dyn Fn(&Word) -> bool| {
        let mut first = true;
        for w in words.iter().filter(|w| w.lengths[map] > 0 && keep(w)) {
            if !first {
                out.push(',');
            }
            first = false;
            all.write(w, map, out);
        }
    };
    out.push_str("{\"f\":{");
    entries(&mut out, 0, &|w| w.run == NONE);
    out.push_str("},\"e\":[");
    let mut last = NONE;
    for w in words.iter().filter(|w| w.run != NONE) {
        if w.run != last {
            out.push_str(if last == NONE { "[" } else { "],[" });
            out.push_str(all.vocabulary.stem(w.run));
            last = w.run;
        }
        out.push(',');
        all.write(w, 0, &mut out);
    }
    out.push_str(if last == NONE {
        "],\"g\":{"
    } else {
        "]],\"g\":{"
    });
    entries(&mut out, 1, &|_| true);
    out.push_str("},\"p\":{");
    entries(&mut out, 2, &|_| true);
    out.push_str("}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Stems `ka…` (thousands: their chunk must be split) and `mõ…`, each with
    /// forms `-ga` and `-sse`; forms with `õ` fold to `o`. Besides, `k` (shorter
    /// than a prefix) and `ka` (a prefix itself). Each `mõ…` stem has a form
    /// that does not begin with it, `mö…`.
    fn vocabulary() -> (Vocabulary, Vec<String>, Forms) {
        let letters = ['a', 'd', 'e', 'i', 'k', 'l', 'm', 'õ', 'ü'];
        let name = |mut n: usize| {
            let mut s = String::new();
            loop {
                s.push(letters[n % letters.len()]);
                n /= letters.len();
                if n == 0 {
                    return s;
                }
            }
        };
        let mut stems: Vec<String> = vec!["k".into(), "ka".into()];
        stems.extend((0..3000).map(|n| format!("ka{}", name(n))));
        stems.extend((0..50).map(|n| format!("mõ{}", name(n))));
        let mut forms = Vec::new();
        for (s, stem) in stems.iter().enumerate() {
            for ending in ["", "ga", "sse"] {
                let form = format!("{stem}{ending}");
                let folded = form.contains('õ').then(|| form.replace('õ', "o"));
                forms.push((form, folded, s as u32));
            }
            if stem.starts_with("mõ") {
                let form = stem.replacen('õ', "ö", 1);
                forms.push((form.clone(), Some(form.replace(['õ', 'ö'], "o")), s as u32));
            }
        }
        (Vocabulary::new(forms.clone(), stems.clone()), stems, forms)
    }

    /// Every chunk's maps, by prefix, with the runs of `e` made `f` entries
    /// as search.js makes them.
    fn parsed(chunks: &[(String, String)]) -> BTreeMap<String, serde_json::Value> {
        let parse = |json: &str| {
            let mut chunk: serde_json::Value = serde_json::from_str(json).unwrap();
            for run in chunk["e"].as_array().unwrap().clone() {
                let stem = run[0].as_str().unwrap();
                for ending in &run.as_array().unwrap()[1..] {
                    let form = format!("{stem}{}", ending.as_str().unwrap());
                    chunk["f"][form] = serde_json::json!(stem);
                }
            }
            chunk
        };
        chunks
            .iter()
            .map(|(prefix, json)| (prefix.clone(), parse(json)))
            .collect()
    }

    /// The chunk search.js loads for `key`: the longest prefix of it listed.
    fn chunk_for<'a>(key: &str, prefixes: &'a BTreeMap<String, serde_json::Value>) -> &'a str {
        prefixes
            .keys()
            .filter(|p| key.starts_with(p.as_str()))
            .max_by_key(|p| p.len())
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no chunk for {key}"))
    }

    #[test]
    fn every_word_is_in_the_chunk_the_browser_loads_for_it_and_chunks_stay_small() {
        let (vocabulary, stems, forms) = vocabulary();
        let postings: Vec<Vec<(u32, u32)>> = (0..stems.len())
            .map(|s| vec![(s as u32, 100); 20])
            .collect();
        let numbers: Vec<u32> = (0..stems.len() as u32).collect();
        let chunks = vocabulary.chunks(&postings, &numbers, None, 2, |p, json| {
            (p.to_string(), json)
        });
        let by_prefix = parsed(&chunks);
        assert!(
            by_prefix.len() > 3,
            "the `ka` words are split: {:?}",
            by_prefix.keys()
        );
        assert!(by_prefix.contains_key("k") && by_prefix.contains_key("ka"));
        let mut seen = BTreeSet::new();
        for (prefix, chunk) in &by_prefix {
            let json = &chunks.iter().find(|(p, _)| p == prefix).unwrap().1;
            assert!(
                json.len() <= CHUNK_SPLIT || prefix.chars().count() == LONGEST_PREFIX,
                "{prefix}: {} bytes",
                json.len()
            );
            for map in ["f", "g", "p"] {
                for key in chunk[map].as_object().unwrap().keys() {
                    assert_eq!(chunk_for(key, &by_prefix), prefix, "{map} {key}");
                    seen.insert((map, key.clone()));
                }
            }
        }
        for (form, folded, s) in &forms {
            let stem = &stems[*s as usize];
            let chunk = &by_prefix[chunk_for(form, &by_prefix)];
            assert_eq!(chunk["f"][form], serde_json::json!(stem), "{form}");
            if let Some(folded) = folded {
                let chunk = &by_prefix[chunk_for(folded, &by_prefix)];
                let listed = chunk["g"][folded].as_array().unwrap();
                assert!(listed.contains(&serde_json::json!(stem)), "{folded}");
            }
        }
        let p = seen.iter().filter(|(map, _)| *map == "p").count();
        assert_eq!(p, stems.len(), "every stem's documents");

        let words = vocabulary.select(&postings, &numbers, None);
        let mut groups = Vec::new();
        group(&words, &words.words, 2, &mut groups);
        for (prefix, members) in groups {
            assert_eq!(
                json(&words, members).len(),
                size(&words, members),
                "{prefix}"
            );
        }
    }

    #[test]
    fn a_form_that_begins_with_its_stem_is_written_as_its_ending() {
        let (vocabulary, stems, _) = vocabulary();
        let postings: Vec<Vec<(u32, u32)>> = (0..stems.len())
            .map(|s| match stems[s].starts_with("mõ") {
                true => vec![(0, 300)],
                false => Vec::new(),
            })
            .collect();
        let chunks = vocabulary.chunks(&postings, &[7], None, 1, |p, json| (p.to_string(), json));
        let chunk: serde_json::Value = serde_json::from_str(&chunks[0].1).unwrap();
        let f: Vec<&String> = chunk["f"].as_object().unwrap().keys().collect();
        assert_eq!(
            f.len(),
            50,
            "only forms not beginning with their stem: {f:?}"
        );
        assert!(f.iter().all(|form| form.starts_with("mö")), "{f:?}");
        // `mõad` has forms `mõad`, `mõadga`, `mõadsse`, next to each other in
        // order: one run. Between `mõa`, `mõaga` and `mõasse` are the forms of
        // `mõad`, `mõae`, …: three.
        let runs = |stem: &str| -> Vec<serde_json::Value> {
            let all = chunk["e"].as_array().unwrap();
            all.iter().filter(|run| run[0] == stem).cloned().collect()
        };
        assert_eq!(runs("mõad"), [serde_json::json!(["mõad", "", "ga", "sse"])]);
        assert_eq!(
            runs("mõa"),
            [
                serde_json::json!(["mõa", ""]),
                serde_json::json!(["mõa", "ga"]),
                serde_json::json!(["mõa", "sse"])
            ]
        );
    }

    #[test]
    fn a_selection_finds_a_word_without_diacritics_only_as_the_forms_it_has() {
        // `kola` is `kõla` and `köla` without diacritics; the handbook has
        // `köla` and `kõlad`, not `kõla`: its `kola` means `köla` alone,
        // whatever other handbooks have.
        let stems: Vec<String> = vec!["kõla".into(), "köla".into()];
        let forms: Forms = vec![
            ("kõla".into(), Some("kola".into()), 0),
            ("köla".into(), Some("kola".into()), 1),
            ("kõlad".into(), Some("kolad".into()), 0),
        ];
        let vocabulary = Vocabulary::new(forms, stems);
        let postings = vec![vec![(0, 100)], vec![(0, 100)]];
        let chunk = |selection: Option<&[u32]>| {
            let chunks = vocabulary.chunks(&postings, &[0], selection, 1, |p, json| {
                (p.to_string(), json)
            });
            parsed(&chunks)["k"]["g"]["kola"].clone()
        };
        assert_eq!(chunk(Some(&[1, 2])), serde_json::json!(["köla"]));
        assert_eq!(chunk(None), serde_json::json!(["kõla", "köla"]));
    }

    #[test]
    fn a_selection_lists_its_stems_and_the_forms_it_has() {
        let (vocabulary, stems, forms) = vocabulary();
        // A handbook with every other stem of `mõ…`, whose pages have each of
        // those stems' forms but the one in `-sse`.
        let postings: Vec<Vec<(u32, u32)>> = (0..stems.len())
            .map(|s| match stems[s].starts_with("mõ") && s % 2 == 0 {
                true => vec![(0, 300)],
                false => Vec::new(),
            })
            .collect();
        let has = |form: &str, s: u32| !postings[s as usize].is_empty() && !form.ends_with("sse");
        let seen: Vec<u32> = (0..forms.len() as u32)
            .filter(|&f| has(&forms[f as usize].0, forms[f as usize].2))
            .collect();
        let chunks = vocabulary.chunks(&postings, &[7], Some(&seen), 1, |p, json| {
            (p.to_string(), json)
        });
        let by_prefix = parsed(&chunks);
        assert_eq!(by_prefix.keys().collect::<Vec<_>>(), ["m"]);
        let chunk = &by_prefix["m"];
        for (form, folded, s) in &forms {
            assert_eq!(chunk["f"].get(form).is_some(), has(form, *s), "{form}");
            if let Some(folded) = folded {
                assert_eq!(chunk["g"].get(folded).is_some(), has(form, *s), "{folded}");
            }
        }
        let p = chunk["p"].as_object().unwrap();
        assert_eq!(p.len(), 25);
        assert!(p.values().all(|list| list == &serde_json::json!([7, 300])));

        // Without a selection of forms, every form of the stems listed.
        let chunks = vocabulary.chunks(&postings, &[7], None, 1, |p, json| (p.to_string(), json));
        let chunk = &parsed(&chunks)["m"];
        for (form, _, s) in &forms {
            let listed = !postings[*s as usize].is_empty();
            assert_eq!(chunk["f"].get(form).is_some(), listed, "{form}");
        }
    }
}
