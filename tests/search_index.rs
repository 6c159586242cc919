//! Output 3, the search index (src/render/search/): what a reader's query can reach.

mod common;
use common::*;
use std::path::Path;

/// Every `c-*.js` chunk of a language's index, as text.
fn chunks(out: &Path, lang: &str) -> Vec<(String, String)> {
    let dir = out.join("search").join(lang);
    let mut all: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            name.starts_with("c-")
                .then(|| (name, std::fs::read_to_string(e.path()).unwrap()))
        })
        .collect();
    all.sort();
    all
}

/// The data of a chunk file: `raamatSearch.chunk("et","pr",{…});` → `{…}`,
/// with the forms written as endings after their stem (`e`) in `f`, as
/// search.js puts them.
fn chunk_data(text: &str) -> serde_json::Value {
    let json = text.split_once(',').unwrap().1.split_once(',').unwrap().1;
    let mut data: serde_json::Value =
        serde_json::from_str(json.trim_end().trim_end_matches(");")).unwrap();
    for run in data["e"].as_array().cloned().unwrap_or_default() {
        let stem = run[0].as_str().unwrap();
        for ending in &run.as_array().unwrap()[1..] {
            data["f"][format!("{stem}{}", ending.as_str().unwrap())] = stem.into();
        }
    }
    data
}

/// The stem the index gives word form `form`.
fn stem_of(out: &Path, lang: &str, form: &str) -> Option<String> {
    for (_, text) in chunks(out, lang) {
        let v = chunk_data(&text);
        if let Some(s) = v["f"][form].as_str() {
            return Some(s.to_string());
        }
    }
    None
}

fn site() -> Built {
    Fixture::new()
        .file(
            "content/vorgustik.et.md",
            &md("Võrgustikutöö", "", "Sissejuhatus.\n\n## Riskikonverents {#riskikonverents}\n\nVõrgustikutöös osaleb MARAC-i meeskond. Võrgustikutööd juhib juhtumikorraldaja.\n"),
        )
        .file(
            "content/vorgustik.ru.md",
            &md("Сетевая работа", "", "## Конференция\n\nВ сетевой работе участвует команда. О договоре и договорах.\n"),
        )
        .file("courses/k/course.toml", "id = \"k\"\nversion = \"1\"\nlanguages = [\"et\"]\ncompletion = \"all-pages\"\n[title]\net = \"K\"\n")
        .file(
            "courses/k/01-a.et.md",
            &md("Moodul", "", "Kursuse tekst.\n\n### ? Mis lill? {#q-lill}\n\n- [x] Sinilill\n- [ ] Karikakar\n"),
        )
        .build()
        .ok()
}

#[test]
fn inflected_forms_share_a_stem_in_both_languages() {
    let built = site();
    let a = stem_of(&built.out, "et", "võrgustikutöös").expect("võrgustikutöös indexed");
    assert_eq!(Some(a.clone()), stem_of(&built.out, "et", "võrgustikutööd"));
    assert_eq!(
        stem_of(&built.out, "ru", "договоре"),
        stem_of(&built.out, "ru", "договорах")
    );
    // An acronym with a case ending gives the acronym as a word of its own.
    assert!(stem_of(&built.out, "et", "marac").is_some());
}

#[test]
fn quiz_answers_are_not_indexed_but_course_text_is() {
    let built = site();
    let all: String = chunks(&built.out, "et")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(all.contains("\"kursuse\""), "course text is searchable");
    assert!(
        !all.contains("sinilill") && !all.contains("karikakar"),
        "answers stay out"
    );
}

#[test]
fn every_page_section_is_a_document_with_its_anchor() {
    let built = site();
    let mut docs = String::new();
    for n in 0.. {
        match std::fs::read_to_string(built.out.join(format!("search/et/d-{n}.js"))) {
            Ok(text) => docs.push_str(&text),
            Err(_) => break,
        }
    }
    assert!(docs.starts_with("raamatSearch.docs(\"et\",0,"));
    // A section's anchor: in its URL, or given alone after another section
    // of the same page (docs/search.md).
    assert!(
        docs.contains("/et/vorgustik/#riskikonverents")
            || docs.contains(r#"{"a":"riskikonverents","#),
        "{docs}"
    );
    let meta = std::fs::read_to_string(built.out.join("search/et/index.js")).unwrap();
    assert!(meta.starts_with("raamatSearch.meta(\"et\","));
    assert!(
        built.out.join("et/search/index.html").is_file(),
        "the search page"
    );
}

#[test]
fn a_frequent_word_stays_small_and_chunks_are_bounded() {
    // 400 pages that all use the same words: postings are capped, chunks split.
    let mut f = Fixture::new();
    for i in 0..400 {
        f = f.file(
            &format!("content/leht-{i}.et.md"),
            &md(
                &format!("Leht {i}"),
                "",
                &format!(
                    "Juhtumikorraldaja kirjutab juhtumiplaani. Sõna{i} ja võrgustikutöö {i}.\n"
                ),
            ),
        );
    }
    let built = f.build().ok();
    for (name, text) in chunks(&built.out, "et") {
        assert!(text.len() < 100 * 1024, "{name} is {} bytes", text.len());
    }
    let s = stem_of(&built.out, "et", "juhtumikorraldaja").unwrap();
    let postings: usize = chunks(&built.out, "et")
        .iter()
        .filter_map(|(_, t)| {
            let v = chunk_data(t);
            v["p"][&s].as_array().map(|a| a.len() / 2)
        })
        .sum();
    // docs/search.md: at most 300 documents per stem.
    assert_eq!(postings, 300);
}

/// The files of the zip at `path`, in a temporary folder.
fn unzipped(path: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let zip = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    zip::ZipArchive::new(zip)
        .unwrap()
        .extract(dir.path())
        .unwrap();
    dir
}

/// A site with one handbook, `pere`, of one page.
fn with_handbook() -> Fixture {
    Fixture::new()
        .file(
            "content/pere/_index.et.md",
            &md("Perejuhend", "", "Juhend.\n"),
        )
        .file(
            "content/pere/toetus.et.md",
            &md("Peretoetus", "", "Toetusest.\n"),
        )
}

#[test]
fn a_handbooks_offline_copy_lists_its_own_pages_for_readers_without_javascript() {
    let built = with_handbook()
        .file(
            "content/kool/_index.et.md",
            &md("Koolijuhend", "", "Juhend.\n"),
        )
        .file("content/kool/tugi.et.md", &md("Õpitugi", "", "Toest.\n"))
        .build()
        .ok();
    let site_page = std::fs::read_to_string(built.out.join("et/search/index.html")).unwrap();
    assert!(site_page.contains("Peretoetus") && site_page.contains("Õpitugi"));

    let zip = std::fs::File::open(built.out.join("et/pere.zip")).expect("et/pere.zip");
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let name = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().to_string())
        .find(|n| n.ends_with("et/search/index.html"))
        .expect("the copy has the search page");
    let mut page = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut page).unwrap();
    assert!(page.contains("Peretoetus"), "the handbook's page is listed");
    assert!(
        !page.contains("Õpitugi") && !page.contains("Koolijuhend"),
        "the other handbook's pages are not: {page}"
    );
    assert!(
        page.contains("data-offline-root"),
        "search.js finds the copy's files"
    );
}

/// A handbook's copy lists the word forms its own pages have: the forms of
/// its words on other pages of the site are the site index's to list.
#[test]
fn a_handbooks_copy_lists_the_forms_its_pages_have() {
    let built = with_handbook()
        .file(
            "content/pere/taotlus.et.md",
            &md("Taotlus", "", "Taotlused ja toetustele lisatakse otsus.\n"),
        )
        .file(
            "content/kool/_index.et.md",
            &md("Koolijuhend", "", "Toetustest ja taotlusele.\n"),
        )
        .build()
        .ok();
    let copy = unzipped(&built.out.join("et/pere.zip"));
    let copy = copy.path().join("pere-et");
    for form in ["taotlused", "toetustele", "toetusest"] {
        assert!(stem_of(&copy, "et", form).is_some(), "{form} in the copy");
    }
    // The same stems as `toetustele` and `taotlused` (Snowball's Estonian).
    for form in ["toetustest", "taotlusele"] {
        let stem = stem_of(&built.out, "et", form).unwrap_or_else(|| panic!("{form} on the site"));
        assert_eq!(
            stem_of(&copy, "et", form),
            None,
            "{form} is not in the copy"
        );
        let listed = chunks(&copy, "et")
            .iter()
            .any(|(_, text)| chunk_data(text)["p"].get(&stem).is_some());
        assert!(listed, "{form}'s stem {stem} is in the copy");
    }
}

#[test]
fn a_word_deep_in_a_long_section_is_found() {
    // A section of one long stretch of text, with no heading to cut it: the
    // last paragraph's words must be searchable too, not only the excerpt's.
    let filler = "Juhtumikorraldaja kohtub perega ja kirjeldab olukorda. ".repeat(60);
    let body = format!("{filler}\n\nLõpuks allkirjastatakse kokkuleppeprotokoll.\n");
    let built = Fixture::new()
        .file("content/pikk.et.md", &md("Pikk peatükk", "", &body))
        .file(
            "content/pikk.ru.md",
            &md(
                "Длинная глава",
                "",
                &format!(
                    "{}\n\nВ конце подписывается соглашение-протокол.\n",
                    "Куратор встречается с семьёй и описывает ситуацию. ".repeat(60)
                ),
            ),
        )
        .build()
        .ok();
    assert!(body.chars().count() > 3000);
    assert!(
        stem_of(&built.out, "et", "kokkuleppeprotokoll").is_some(),
        "the last word of a long Estonian section is in the index"
    );
    assert!(
        stem_of(&built.out, "ru", "подписывается").is_some(),
        "the last words of a long Russian section are in the index"
    );
}

#[test]
fn a_site_without_search_has_no_index_page_or_box_anywhere() {
    let fixture = |search: Option<&str>| match search {
        Some(line) => with_handbook().config(line),
        None => with_handbook(),
    };
    let box_in = |html: &str| html.contains("class=\"site-search\"");
    let zip_names = |out: &Path| {
        let zip = std::fs::File::open(out.join("et/pere.zip")).expect("et/pere.zip");
        let mut zip = zip::ZipArchive::new(zip).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().to_string())
            .collect();
        let page = names
            .iter()
            .find(|n| n.ends_with("et/pere/toetus/index.html"))
            .unwrap();
        let mut html = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(page).unwrap(), &mut html).unwrap();
        (names, html)
    };

    let with = fixture(None).build().ok();
    assert!(box_in(&with.read("/et/pere/toetus/")));
    assert!(with.exists("/et/search/") && with.out.join("search/et/index.js").is_file());
    let (names, html) = zip_names(&with.out);
    assert!(names.iter().any(|n| n.ends_with("et/search/index.html")) && box_in(&html));

    let without = fixture(Some("search = false")).build().ok();
    for lang in ["et", "ru"] {
        assert!(
            !without.exists(&format!("/{lang}/search/")),
            "{lang} search page"
        );
        assert!(
            !without.out.join("search").join(lang).exists(),
            "{lang} index"
        );
        assert!(!box_in(&without.read(&format!("/{lang}/"))), "{lang} box");
    }
    assert!(!box_in(&without.read("/et/pere/toetus/")));
    assert!(without.report.search.is_empty());
    let (names, html) = zip_names(&without.out);
    assert!(!names.iter().any(|n| n.contains("search/")), "{names:?}");
    assert!(html.contains("Toetusest") && !box_in(&html));
}

/// Every document of a language's index by the number postings give it, with
/// its URL filled in as search.js does, and the file it is in.
fn documents(out: &Path, lang: &str) -> std::collections::BTreeMap<u64, (String, u64)> {
    let meta = std::fs::read_to_string(out.join(format!("search/{lang}/index.js"))).unwrap();
    let meta: serde_json::Value = serde_json::from_str(
        meta.split_once(',')
            .unwrap()
            .1
            .trim_end()
            .trim_end_matches(");"),
    )
    .unwrap();
    let per_file = meta["perFile"].as_u64().unwrap();
    let mut all = std::collections::BTreeMap::new();
    for n in 0.. {
        let Ok(text) = std::fs::read_to_string(out.join(format!("search/{lang}/d-{n}.js"))) else {
            break;
        };
        let list: Vec<serde_json::Value> =
            serde_json::from_str(&chunk_data_of_docs(&text)).unwrap();
        let mut url = String::new();
        for (i, d) in list.iter().enumerate() {
            url = match (d["url"].as_str(), d["a"].as_str()) {
                (Some(u), _) => u.to_string(),
                (None, Some(a)) => format!("{}#{a}", url.split('#').next().unwrap()),
                _ => panic!("d-{n}.js: a document without url or anchor: {d}"),
            };
            all.insert(n * per_file + i as u64, (url.clone(), n));
        }
    }
    all
}

/// `raamatSearch.docs("et",3,[…]);` → `[…]`.
fn chunk_data_of_docs(text: &str) -> String {
    let json = text.split_once(',').unwrap().1.split_once(',').unwrap().1;
    json.trim_end().trim_end_matches(");").to_string()
}

#[test]
fn a_pages_sections_come_in_one_file_and_every_result_finds_its_section() {
    // Pages of 1 to 14 sections and one of 41, one word each section alone has.
    let mut f = Fixture::new();
    let mut unique = Vec::new();
    for page in 0..13 {
        let mut body = format!("Sissejuhatus leheküljele {page}.\n");
        let sections = if page == 12 { 40 } else { page + page % 3 };
        for s in 1..=sections {
            let word = format!("eriline{page}x{s}sõna");
            body.push_str(&format!(
                "\n## Osa {s} {{#osa-{s}}}\n\nSiin on {word} ja muu tekst.\n"
            ));
            unique.push((word, format!("/et/leht-{page}/#osa-{s}")));
        }
        f = f.file(
            &format!("content/leht-{page}.et.md"),
            &md(&format!("Leht {page}"), &format!("weight = {page}"), &body),
        );
    }
    let built = f.build().ok();
    let docs = documents(&built.out, "et");

    // Each word's best document is the section that has it, by the number its posting gives.
    let all_chunks: Vec<serde_json::Value> = chunks(&built.out, "et")
        .iter()
        .map(|(_, t)| chunk_data(t))
        .collect();
    for (word, url) in &unique {
        let stem = stem_of(&built.out, "et", word).unwrap_or_else(|| panic!("{word} indexed"));
        let best = all_chunks
            .iter()
            .find_map(|c| c["p"][&stem].as_array().map(|p| p[0].as_u64().unwrap()))
            .unwrap_or_else(|| panic!("postings of {stem}"));
        let (found, _) = docs
            .get(&best)
            .unwrap_or_else(|| panic!("{word}: document {best} is in no file"));
        assert!(found.ends_with(url.as_str()), "{word}: {found}, not {url}");
    }
    // A page's sections share a file, unless there are more than a file holds.
    let mut files_of_page = std::collections::BTreeMap::new();
    for (url, file) in docs.values() {
        let page = url.split('#').next().unwrap().to_string();
        files_of_page
            .entry(page)
            .or_insert_with(std::collections::BTreeSet::new)
            .insert(*file);
    }
    assert!(files_of_page.len() >= 13, "{files_of_page:?}");
    for (page, files) in &files_of_page {
        let expected = if page.ends_with("/leht-12/") { 3 } else { 1 };
        assert_eq!(files.len(), expected, "{page}: files {files:?}");
    }
}

/// The URLs of the documents the index at `out` lists for `form`'s stem,
/// best first.
fn best_documents(out: &Path, lang: &str, form: &str) -> Vec<String> {
    let stem = stem_of(out, lang, form).unwrap_or_else(|| panic!("{form} indexed"));
    let docs = documents(out, lang);
    let postings: Vec<u64> = chunks(out, lang)
        .iter()
        .find_map(|(_, t)| {
            chunk_data(t)["p"][&stem]
                .as_array()
                .map(|p| p.iter().step_by(2).map(|d| d.as_u64().unwrap()).collect())
        })
        .unwrap_or_else(|| panic!("postings of {stem}"));
    postings.iter().map(|d| docs[d].0.clone()).collect()
}

/// A handbook of 30 pages whose word `peretoetus` is in 750 sections, more
/// than a stem keeps (300); scores differ by how often it comes and how
/// long the section is.
fn frequent_word_handbook(f: Fixture) -> Fixture {
    let mut f = f.file(
        "content/pere/_index.et.md",
        &md("Perejuhend", "", "Juhend.\n"),
    );
    for page in 0..30 {
        let mut body = String::new();
        for s in 0..100 {
            let often = if s % 4 == 0 {
                "Peretoetus. ".repeat(1 + (page * 7 + s * 3) % 5)
            } else {
                String::new()
            };
            let other = "Muu lause. ".repeat((page + s * 11) % 13);
            body.push_str(&format!(
                "\n## Osa {s} {{#osa-{s}}}\n\n{often}{other}Lõpp.\n"
            ));
        }
        f = f.file(
            &format!("content/pere/leht-{page}.et.md"),
            &md(&format!("Leht {page}"), "", &body),
        );
    }
    f
}

/// A handbook's offline copy is searched on its own: it ranks its sections
/// by its own pages, so what other handbooks say changes the site's index,
/// not the copy's.
#[test]
fn a_handbooks_copy_ranks_by_its_own_pages_whatever_other_handbooks_say() {
    let alone = frequent_word_handbook(Fixture::new()).build().ok();
    let on_site = best_documents(&alone.out, "et", "peretoetus");
    assert_eq!(on_site.len(), 300);
    let copy = unzipped(&alone.out.join("et/pere.zip"));
    let in_copy = best_documents(&copy.path().join("pere-et"), "et", "peretoetus");
    assert_eq!(in_copy.len(), 300);

    // Another handbook, with the word in long and short sections, changes
    // the site's scores, not the copy's.
    let mut f = frequent_word_handbook(Fixture::new()).file(
        "content/kool/_index.et.md",
        &md("Koolijuhend", "", "Juhend.\n"),
    );
    for page in 0..5 {
        let body = format!(
            "{}\n",
            "Peretoetus ja muu pikk lause. ".repeat(20 * page + 1)
        );
        f = f.file(
            &format!("content/kool/leht-{page}.et.md"),
            &md(&format!("Kool {page}"), "", &body),
        );
    }
    let beside = f.build().ok();
    assert_ne!(
        best_documents(&beside.out, "et", "peretoetus")[..300],
        on_site[..]
    );
    let copy_beside = unzipped(&beside.out.join("et/pere.zip"));
    let pere = copy_beside.path().join("pere-et");
    assert_eq!(best_documents(&pere, "et", "peretoetus"), in_copy);
    let files = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir.join("search"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(
        files(&pere),
        files(&copy.path().join("pere-et")),
        "the copy's index is the same file for file"
    );
}
