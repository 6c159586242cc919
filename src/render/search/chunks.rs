//! The chunk files of an index: every word's entries (`f`: form → stem, `g`:
//! form without diacritics → stems, `p`: stem → documents), grouped by the
//! first letters of the word, a group that grows too big split by one more
//! letter.
//!
//! A language with a real vocabulary has hundreds of thousands of forms, and
//! each handbook's offline copy has chunks of its own: the words are put in
//! order once per language, with what every selection of documents shares
//! already as JSON, and each chunk is sized from its words' pieces of JSON
//! before it is written, once.

use rayon::prelude::*;

/// A chunk bigger than this (bytes of JSON) is split by one more letter.
const CHUNK_SPLIT: usize = 48 * 1024;
/// Letters a prefix grows to at most: past it a chunk stays as big as it is.
const LONGEST_PREFIX: usize = 6;

/// Every word form seen: the form, the form without its diacritics if it
/// differs, and its stem (a number).
pub type Forms = Vec<(String, Option<String>, u32)>;

/// Every word a language's chunks may list, in order.
pub struct Vocabulary {
    words: Vec<Entry>,
    /// Per stem: the words whose entries name it, by their place in `words`.
    /// A handbook lists a part of the stems, and looks at their words only.
    of_stem: Vec<Vec<u32>>,
    /// Each stem as JSON.
    stems: Vec<String>,
}

/// A word: a form seen, a form without its diacritics, a stem, or several of these.
/// A language has hundreds of thousands: kept small.
struct Entry {
    /// The word in quotes, as JSON writes it, and if it is a form, `:"stem"`
    /// after it: its `f` entry. (A word is letters and digits, which JSON
    /// writes as they are.)
    text: Box<str>,
    /// As a form: its stem.
    form: Option<u32>,
    /// As a form without diacritics: the stems of the forms it comes from,
    /// in the order of their text.
    folded: Box<[u32]>,
    /// As a stem: its number.
    stem: Option<u32>,
}

impl Entry {
    /// The word as JSON: `"word"`.
    fn quoted(&self) -> &str {
        let end = 1 + self.text[1..]
            .find('"')
            .map_or(self.text.len() - 1, |i| i + 1);
        &self.text[..end]
    }

    fn word(&self) -> &str {
        let quoted = self.quoted();
        &quoted[1..quoted.len() - 1]
    }
}

/// One word's entries in a chunk, as pieces of JSON (`"word":…`): its `f`
/// entry, and where its `g` and `p` entries are in the text of the selection.
/// (The site's index lists every word of the language: kept small.)
struct Word {
    /// Its place in the vocabulary.
    entry: u32,
    /// Whether its `f` entry is listed.
    f: bool,
    /// Where its `g` entry starts in the text, followed by its `p` entry;
    /// their lengths (0: not listed).
    at: u32,
    g: u32,
    p: u32,
}

/// The words of a selection, with the text their `g` and `p` entries are in.
struct Words<'a> {
    vocabulary: &'a Vocabulary,
    words: Vec<Word>,
    text: String,
}

impl Words<'_> {
    fn word(&self, w: &Word) -> &str {
        self.vocabulary.words[w.entry as usize].word()
    }

    fn pieces(&self, w: &Word) -> [Option<&str>; 3] {
        let (at, g, p) = (w.at as usize, w.g as usize, w.p as usize);
        [
            w.f.then(|| &*self.vocabulary.words[w.entry as usize].text),
            (g > 0).then(|| &self.text[at..at + g]),
            (p > 0).then(|| &self.text[at + g..at + g + p]),
        ]
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

impl Vocabulary {
    /// The words of `forms` and `stems`.
    pub fn new(forms: Forms, stems: Vec<String>) -> Vocabulary {
        #[derive(Clone, Copy)]
        enum Role {
            Form(u32),
            Folded(u32),
            Stem(u32),
        }
        let mut roles: Vec<(&str, Role)> = Vec::with_capacity(forms.len() * 2 + stems.len());
        for (form, folded, stem) in &forms {
            roles.push((form, Role::Form(*stem)));
            if let Some(folded) = folded {
                roles.push((folded, Role::Folded(*stem)));
            }
        }
        roles.extend(
            stems
                .iter()
                .enumerate()
                .map(|(s, stem)| (stem.as_str(), Role::Stem(s as u32))),
        );
        roles.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let quoted: Vec<String> = stems.par_iter().map(|s| quote(s)).collect();
        let by_word: Vec<&[(&str, Role)]> = roles.chunk_by(|a, b| a.0 == b.0).collect();
        let words: Vec<Entry> = by_word
            .into_par_iter()
            .map(|roles| {
                let mut text = quote(roles[0].0);
                debug_assert_eq!(
                    text.len(),
                    roles[0].0.len() + 2,
                    "a word JSON writes as it is"
                );
                let (mut form, mut folded, mut stem) = (None, Vec::new(), None);
                for &(_, role) in roles {
                    match role {
                        Role::Form(s) => form = Some(s),
                        Role::Folded(s) => folded.push(s),
                        Role::Stem(s) => stem = Some(s),
                    }
                }
                if let Some(s) = form {
                    text.push(':');
                    text.push_str(&quoted[s as usize]);
                }
                folded.sort_unstable_by(|&a, &b| stems[a as usize].cmp(&stems[b as usize]));
                folded.dedup();
                Entry {
                    text: text.into_boxed_str(),
                    form,
                    folded: folded.into_boxed_slice(),
                    stem,
                }
            })
            .collect();
        let mut of_stem = vec![Vec::new(); stems.len()];
        for (i, e) in words.iter().enumerate() {
            let named = e
                .form
                .into_iter()
                .chain(e.folded.iter().copied())
                .chain(e.stem);
            for s in named {
                if of_stem[s as usize].last() != Some(&(i as u32)) {
                    of_stem[s as usize].push(i as u32);
                }
            }
        }
        Vocabulary {
            words,
            of_stem,
            stems: quoted,
        }
    }

    /// Makes the chunks of a selection of documents, keyed by the first `len`
    /// characters of their words, and hands each to `write` as its prefix and
    /// JSON, as soon as it is made; gives what `write` gave, in the order of
    /// the prefixes. `postings` gives each stem's documents in the selection,
    /// best first, as their place in it and their score; `numbers` the number
    /// each place has in the index. A stem without documents is left out, and
    /// so are its forms.
    pub fn chunks<R: Send>(
        &self,
        postings: &[Vec<(u32, u32)>],
        numbers: &[u32],
        len: usize,
        write: impl Fn(&str, String) -> R + Sync,
    ) -> Vec<R> {
        let words = self.select(postings, numbers);
        let mut groups = Vec::new();
        group(&words, &words.words, len, &mut groups);
        groups
            .into_par_iter()
            .map(|(prefix, members)| write(&prefix, json(&words, members)))
            .collect()
    }

    /// The words with entries in a selection, in order. Written into one
    /// text, a piece after another: a handbook's copy lists a hundred
    /// thousand words, and every handbook is made at once on every core.
    fn select(&self, postings: &[Vec<(u32, u32)>], numbers: &[u32]) -> Words<'_> {
        let listed = |s: u32| !postings[s as usize].is_empty();
        let mut named: Vec<u32> = postings
            .iter()
            .zip(&self.of_stem)
            .filter(|(list, _)| !list.is_empty())
            .flat_map(|(_, words)| words.iter().copied())
            .collect();
        named.sort_unstable();
        named.dedup();
        let mut text = String::new();
        let mut digits = itoa::Buffer::new();
        let mut words = Vec::with_capacity(named.len());
        for &i in &named {
            let e = &self.words[i as usize];
            let f = e.form.is_some_and(listed);
            let at = text.len();
            for &s in e.folded.iter().filter(|&&s| listed(s)) {
                if text.len() == at {
                    text.push_str(e.quoted());
                    text.push_str(":[");
                } else {
                    text.push(',');
                }
                text.push_str(&self.stems[s as usize]);
            }
            if text.len() > at {
                text.push(']');
            }
            let g = text.len() - at;
            if let Some(s) = e.stem.filter(|&s| listed(s)) {
                text.push_str(e.quoted());
                text.push_str(":[");
                for (k, &(d, score)) in postings[s as usize].iter().enumerate() {
                    if k > 0 {
                        text.push(',');
                    }
                    text.push_str(digits.format(numbers[d as usize]));
                    text.push(',');
                    text.push_str(digits.format(score));
                }
                text.push(']');
            }
            let p = text.len() - at - g;
            if f || g > 0 || p > 0 {
                // A selection's text is a few hundred megabytes at most.
                let offset =
                    |n: usize| u32::try_from(n).expect("the text of a selection is under 4 GiB");
                words.push(Word {
                    entry: i,
                    f,
                    at: offset(at),
                    g: offset(g),
                    p: offset(p),
                });
            }
        }
        Words {
            vocabulary: self,
            words,
            text,
        }
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
    let mut bytes = r#"{"f":{},"g":{},"p":{}}"#.len();
    let mut counts = [0usize; 3];
    for w in words {
        for (i, piece) in all.pieces(w).into_iter().enumerate() {
            if let Some(piece) = piece {
                bytes += piece.len();
                counts[i] += 1;
            }
        }
    }
    bytes + counts.iter().map(|&n| n.saturating_sub(1)).sum::<usize>()
}

/// `{"f":{…},"g":{…},"p":{…}}`, each map in the order of its words.
fn json(all: &Words, words: &[Word]) -> String {
    let mut out = String::with_capacity(size(all, words));
    for (i, name) in ["f", "g", "p"].into_iter().enumerate() {
        out.push_str(if i == 0 { "{\"" } else { "},\"" });
        out.push_str(name);
        out.push_str("\":{");
        let mut first = true;
        for piece in words.iter().filter_map(|w| all.pieces(w)[i]) {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(piece);
        }
    }
    out.push_str("}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Stems `ka…` (thousands: their chunk must be split) and `mõ…`, each with
    /// forms `-ga` and `-sse`; forms with `õ` fold to `o`. Besides, `k` (shorter
    /// than a prefix) and `ka` (a prefix itself).
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
        }
        (Vocabulary::new(forms.clone(), stems.clone()), stems, forms)
    }

    /// Every chunk's maps, by prefix.
    fn parsed(chunks: &[(String, String)]) -> BTreeMap<String, serde_json::Value> {
        chunks
            .iter()
            .map(|(prefix, json)| (prefix.clone(), serde_json::from_str(json).unwrap()))
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
        let chunks = vocabulary.chunks(&postings, &numbers, 2, |p, json| (p.to_string(), json));
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
    }

    #[test]
    fn a_selection_lists_its_stems_and_their_forms_only() {
        let (vocabulary, stems, forms) = vocabulary();
        // A handbook with every other stem of `mõ…`.
        let postings: Vec<Vec<(u32, u32)>> = (0..stems.len())
            .map(|s| match stems[s].starts_with("mõ") && s % 2 == 0 {
                true => vec![(0, 300)],
                false => Vec::new(),
            })
            .collect();
        let chunks = vocabulary.chunks(&postings, &[7], 1, |p, json| (p.to_string(), json));
        let by_prefix = parsed(&chunks);
        assert_eq!(by_prefix.keys().collect::<Vec<_>>(), ["m"]);
        let chunk = &by_prefix["m"];
        for (form, folded, s) in &forms {
            let listed = !postings[*s as usize].is_empty();
            assert_eq!(chunk["f"].get(form).is_some(), listed, "{form}");
            if let Some(folded) = folded {
                assert_eq!(chunk["g"].get(folded).is_some(), listed, "{folded}");
            }
        }
        let p = chunk["p"].as_object().unwrap();
        assert_eq!(p.len(), 25);
        assert!(p.values().all(|list| list == &serde_json::json!([7, 300])));
    }
}
