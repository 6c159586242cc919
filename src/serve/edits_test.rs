//! `serve` against a fresh start: seeded random series of the saves an author
//! makes (text, titles, descriptions, weights, slugs, headings, links,
//! pictures and drafts; new, deleted and renamed pages, translations and
//! sections; course modules' text, links, pictures and answers, in a course
//! of one language and one of two; the site's page
//! template; the site's and the course's settings and a UI string; several
//! files at once; broken links and templates, and their fixes), each sorted
//! by the watcher's rules
//! and taken by the serve loop as it comes. After every save, the preview
//! must show errors exactly when a build of the same files has them, and
//! otherwise hold what a `serve` started afresh on the same files makes,
//! byte for byte: every page, the sitemap, and, once the preview asked for
//! them, the search index and the offline copies. The same series also
//! check `raamat build` over its last output against a build into an empty
//! folder.

use super::*;
use std::collections::BTreeMap;

/// xorshift64*: the same series for a seed on every machine.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One Markdown file of the site, as the author last saved it.
#[derive(Clone)]
struct Page {
    title: String,
    weight: i64,
    draft: bool,
    headings: Vec<String>,
    /// Targets as written: `beeta.md`, `@/muu/kappa.md#taust`.
    links: Vec<String>,
    text: String,
    /// A course module's question: its id and right answer.
    question: Option<(String, String)>,
    description: Option<String>,
    /// Day of November 2026.
    date: Option<usize>,
    slug: Option<String>,
    /// Shows the picture [`PICTURE`] (from its own folder).
    picture: bool,
    /// A course module that is the final test.
    test: bool,
}

impl Page {
    fn markdown(&self) -> String {
        let mut draft = if self.draft { "draft = true\n" } else { "" }.to_string();
        if self.test {
            draft.push_str("test = true\n");
        }
        if let Some(d) = &self.description {
            draft.push_str(&format!("description = \"{d}\"\n"));
        }
        if let Some(day) = self.date {
            draft.push_str(&format!("date = 2026-11-{day:02}\n"));
        }
        if let Some(slug) = &self.slug {
            draft.push_str(&format!("slug = \"{slug}\"\n"));
        }
        // A module is placed by its file name.
        let weight = match self.question {
            None => format!("weight = {}\n", self.weight),
            Some(_) => String::new(),
        };
        let mut s = format!(
            "+++\ntitle = \"{}\"\n{weight}{draft}+++\n{}\n",
            self.title, self.text
        );
        if self.picture {
            s.push_str("\n![Skeem](pilt.png)\n");
        }
        for (i, link) in self.links.iter().enumerate() {
            s.push_str(&format!("\nVaata [viidet {i}]({link}).\n"));
        }
        for h in &self.headings {
            s.push_str(&format!("\n## {h}\n\n{} ({h}).\n", self.text));
        }
        if let Some((id, answer)) = &self.question {
            s.push_str(&format!(
                "\n### ? Mida teha? {{#{id}}}\n\n- [x] {answer}\n- [ ] Mitte midagi\n"
            ));
        }
        s
    }
}

/// A picture in a section's folder, made and deleted by the author.
const PICTURE: &str = "content/osa/pilt.png";
/// A picture in the bilingual course's folder, for its modules.
const COURSE_PICTURE: &str = "courses/m/pilt.png";

/// The files of settings the author changes: each written from a few
/// choices ([`Settings`]).
const CONFIG: &str = "raamat.toml";
const COURSE: &str = "courses/k/course.toml";
const COURSE_M: &str = "courses/m/course.toml";
const STRINGS: &str = "i18n/et.toml";

/// What the author has set: in `raamat.toml`, whether untranslated pages
/// fall back, the Russian title, search, offline copies and print pages; in
/// the course's `course.toml`, its version, SCORM versions, completion rule,
/// pass mark and title, and which packages the bilingual course gets; a
/// site's own Estonian UI string, or none.
#[derive(Clone, Copy, Default)]
struct Settings {
    omit: bool,
    ru_title: usize,
    no_search: bool,
    no_copies: bool,
    no_print: bool,
    version: usize,
    scorm: usize,
    completion: usize,
    pass_mark: usize,
    course_title: usize,
    /// The bilingual course's packages: one of both languages and one of
    /// each, one of each, or one of both.
    m_packages: usize,
    home: Option<usize>,
}

impl Settings {
    fn config(&self) -> String {
        let missing = ["fallback", "omit"][usize::from(self.omit)];
        let ru_title = match self.ru_title {
            0 => "Сайт".to_string(),
            n => format!("Сайт {n}"),
        };
        format!(
            "base_url = \"https://x.example/\"\nmissing_translation = \"{missing}\"\n\
             search = {}\noffline_copies = {}\nprint_pages = {}\n\n\
             [[languages]]\ncode = \"et\"\nname = \"Eesti\"\ntitle = \"Sait\"\ndescription = \"Sait.\"\n\n\
             [[languages]]\ncode = \"ru\"\nname = \"Русский\"\ntitle = \"{ru_title}\"\ndescription = \"Сайт.\"\n",
            !self.no_search, !self.no_copies, !self.no_print
        )
    }

    fn course(&self) -> String {
        let scorm = ["[\"1.2\", \"2004\"]", "[\"1.2\"]", "[\"2004\"]"][self.scorm];
        let completion = ["all-pages", "pass-test", "all-pages-and-pass-test"][self.completion];
        let pass_mark = [80, 50, 100][self.pass_mark];
        let title = match self.course_title {
            0 => "Kursus".to_string(),
            n => format!("Kursus {n}"),
        };
        format!(
            "id = \"k\"\nversion = \"1.0.{}\"\ncompletion = \"{completion}\"\n\
             scorm = {scorm}\npass_mark = {pass_mark}\nlanguages = [\"et\"]\n[title]\net = \"{title}\"\n",
            self.version
        )
    }

    fn course_m(&self) -> String {
        let packages = ["both", "each", "all"][self.m_packages];
        format!(
            "id = \"m\"\nversion = \"2.0.0\"\ncompletion = \"all-pages\"\n\
             languages = [\"et\", \"ru\"]\npackage_languages = \"{packages}\"\nscorm = [\"2004\"]\n\
             [title]\net = \"Võrgustik\"\nru = \"Сеть\"\n"
        )
    }

    fn strings(&self) -> Option<String> {
        self.home.map(|v| format!("home = \"Esileht {v}\"\n"))
    }
}

/// The site's own copy of the default theme's page template, which the
/// author edits (and now and then breaks).
const TEMPLATE: &str = "templates/page.html";

fn template(version: usize, broken: bool) -> String {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html");
    let page = std::fs::read_to_string(theme).unwrap();
    let edited = page.replacen(
        "<nav class=\"sidebar\"",
        &format!("<nav data-v=\"{version}\" class=\"sidebar\""),
        1,
    );
    assert_ne!(edited, page, "the default page template has a sidebar");
    match broken {
        true => edited + "{% if %}\n",
        false => edited,
    }
}

const NEW_SECTIONS: [&str; 3] = ["uus", "lisa", "osa/teine"];
const NAMES: [&str; 8] = [
    "alfa", "beeta", "gamma", "delta", "eta", "kappa", "lambda", "sigma",
];
const HEADINGS: [&str; 6] = ["Taust", "Sammud", "Lisad", "Kontakt", "Обзор", "Шаги"];
const WORDS: [&str; 8] = [
    "Töötaja",
    "täidab",
    "hindamise",
    "pöördumise",
    "järel;",
    "õigus",
    "šabloon",
    "ülevaade.",
];

/// `content/<section>/<name>.<lang>.md` → section, name, language (a
/// section's own file is named `_index`).
fn parts(rel: &str) -> Option<(&str, &str, &str)> {
    let rest = rel.strip_prefix("content/")?;
    let (section, file) = rest.rsplit_once('/')?;
    let (name, lang) = file.strip_suffix(".md")?.rsplit_once('.')?;
    Some((section, name, lang))
}

struct Author<'a> {
    root: &'a Path,
    dice: Dice,
    /// Every page file, sections' own files too.
    pages: BTreeMap<String, Page>,
    /// The course's modules.
    modules: BTreeMap<String, Page>,
    /// The site's page template: its version, and whether it is broken.
    template: Option<(usize, bool)>,
    /// The pictures' versions, if they are there: the section's, the course's.
    picture: Option<u8>,
    course_picture: Option<u8>,
    settings: Settings,
}

impl Author<'_> {
    fn write(&self, rel: &str) -> PathBuf {
        let path = self.root.join(rel);
        let text = match rel {
            TEMPLATE => self.template.map(|(v, broken)| template(v, broken)),
            // Not a real PNG: raamat copies it as it is.
            PICTURE => self.picture.map(|v| format!("\u{89}PNG\r\n{v}")),
            COURSE_PICTURE => self.course_picture.map(|v| format!("\u{89}PNG\r\n{v}")),
            CONFIG => Some(self.settings.config()),
            COURSE => Some(self.settings.course()),
            COURSE_M => Some(self.settings.course_m()),
            STRINGS => self.settings.strings(),
            _ => self
                .pages
                .get(rel)
                .or_else(|| self.modules.get(rel))
                .map(Page::markdown),
        };
        match text {
            Some(text) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
            }
            // Made and deleted in one save, it never was.
            None => match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("{e}"),
                _ => {}
            },
        }
        path
    }

    fn sentence(&mut self) -> String {
        let n = 3 + self.dice.below(6);
        (0..n)
            .map(|_| *self.dice.pick(&WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A link from the page at `from` to another page, in its section or
    /// not, sometimes to a heading, now and then to nothing.
    fn link(&mut self, from: &str) -> String {
        // A course module links with the path from content/.
        let (section, _, lang) = parts(from).unwrap_or(("", "", "et"));
        let targets: Vec<String> = self
            .pages
            .keys()
            .filter(|t| *t != from && !t.contains("/_index."))
            .cloned()
            .collect();
        if targets.is_empty() || self.dice.chance(5) {
            return "puudub.md".into();
        }
        let target = self.dice.pick(&targets).clone();
        let (to_section, name, _) = parts(&target).unwrap();
        let mut link = match to_section == section {
            true => format!("{name}.md"),
            false => format!("@/{to_section}/{name}.md"),
        };
        // A heading of the version in the linking page's language, if any.
        let same = format!("content/{to_section}/{name}.{lang}.md");
        let headings = &self
            .pages
            .get(&same)
            .unwrap_or(&self.pages[&target])
            .headings;
        if !headings.is_empty() && self.dice.chance(40) {
            let h = self.dice.pick(headings).to_lowercase();
            link.push('#');
            link.push_str(&h);
        }
        link
    }

    /// The sections there are (with a file of their own in some language).
    fn sections(&self) -> Vec<String> {
        let mut sections: Vec<String> = self
            .pages
            .keys()
            .filter(|k| k.contains("/_index."))
            .map(|k| parts(k).unwrap().0.to_string())
            .collect();
        sections.dedup();
        sections
    }

    fn new_page(&mut self, lang: &str) -> Page {
        let title = format!("Leht {}", self.dice.below(1000));
        let text = self.sentence();
        Page {
            title: match lang {
                "ru" => format!("Страница {}", &title[5..]),
                _ => title,
            },
            weight: self.dice.below(10) as i64,
            draft: false,
            headings: Vec::new(),
            links: Vec::new(),
            text,
            question: None,
            description: None,
            date: None,
            slug: None,
            picture: false,
            test: false,
        }
    }

    /// Makes one save (of one or two files) and gives the files it touched.
    fn save(&mut self) -> Vec<PathBuf> {
        let mut touched = match self.dice.below(100) {
            0..=3 => {
                // A picture comes or goes.
                let (picture, file) = match self.dice.chance(50) {
                    true => (&mut self.picture, PICTURE),
                    false => (&mut self.course_picture, COURSE_PICTURE),
                };
                *picture = match *picture {
                    Some(_) if self.dice.chance(40) => None,
                    _ => Some(self.dice.below(200) as u8),
                };
                vec![file.into()]
            }
            4..=7 => self.edit_template(),
            8..=15 => self.edit_module(),
            16..=23 => self.edit_settings(),
            _ => self.edit(),
        };
        if self.dice.chance(15) {
            touched.extend(self.edit());
        }
        touched.sort();
        touched.dedup();
        touched.iter().map(|rel| self.write(rel)).collect()
    }

    /// Changes one file in the model, or makes, deletes or renames one;
    /// gives the files touched.
    fn edit(&mut self) -> Vec<String> {
        let files: Vec<String> = self.pages.keys().cloned().collect();
        let rel = self.dice.pick(&files).clone();
        let (section, name, lang) = parts(&rel).unwrap();
        let (section, name, lang) = (section.to_string(), name.to_string(), lang.to_string());
        let kind = self.dice.below(100);
        let day = 1 + self.dice.below(28);
        let text = self.sentence();
        let link = self.link(&rel);
        let several = self.pages.len() > 3;
        let index = name == "_index";
        let sections = self.sections();
        let page = self.pages.get_mut(&rel).unwrap();
        match kind {
            0..=17 => page.text = text,
            18..=19 => page.description = Some(text),
            20 => {
                page.date = match page.date {
                    Some(_) if day.is_multiple_of(3) => None,
                    _ => Some(day),
                }
            }
            21 if !index => {
                page.slug = match page.slug {
                    Some(_) => None,
                    None => Some(format!("{name}-teisiti")),
                }
            }
            22..=23 if section == "osa" && !index => page.picture = !page.picture,
            24 => {
                // A heading the page has already: the second one's anchor differs.
                if let Some(h) = page.headings.first().cloned() {
                    page.headings.push(h);
                }
            }
            25..=34 => page.title = format!("{} {}", page.title.split(' ').next().unwrap(), kind),
            35..=41 => page.weight = (page.weight + 3) % 10,
            42..=51 => {
                let h = HEADINGS[kind % HEADINGS.len()].to_string();
                match page.headings.iter().position(|x| *x == h) {
                    Some(i) => {
                        page.headings.remove(i);
                    }
                    None => page.headings.push(h),
                }
            }
            52..=61 => page.links.push(link),
            62..=67 if !page.links.is_empty() => {
                page.links.pop();
            }
            94..=96 if !index => page.draft = !page.draft,
            97..=99 => {
                // A new section, in one language first.
                let free: Vec<&str> = NEW_SECTIONS
                    .iter()
                    .copied()
                    .filter(|s| !sections.iter().any(|t| t == s))
                    .collect();
                let Some(&new) = free.first() else {
                    page.text = text;
                    return vec![rel];
                };
                let new = format!("content/{new}/_index.et.md");
                let mut page = self.new_page("et");
                page.title = format!("Osa {}", page.title);
                self.pages.insert(new.clone(), page);
                return vec![new];
            }
            68..=77 => {
                // A new page, or a translation of one there is.
                let free: Vec<&str> = NAMES
                    .iter()
                    .copied()
                    .filter(|n| !self.pages.keys().any(|k| parts(k).unwrap().1 == *n))
                    .collect();
                let new = match (free.is_empty(), self.dice.chance(30)) {
                    (false, false) => {
                        let s = self.dice.pick(&sections).clone();
                        let lang = if self.dice.chance(25) { "ru" } else { "et" };
                        format!("content/{s}/{}.{lang}.md", self.dice.pick(&free))
                    }
                    _ => {
                        let other = if lang == "et" { "ru" } else { "et" };
                        format!("content/{section}/{name}.{other}.md")
                    }
                };
                if !self.pages.contains_key(&new) {
                    let page = self.new_page(parts(&new).unwrap().2);
                    self.pages.insert(new.clone(), page);
                }
                return vec![new];
            }
            78..=87 if several && !index => {
                self.pages.remove(&rel);
            }
            88..=93 if !index => {
                // Renamed: the old file goes, a new name comes, in one save.
                let page = self.pages.remove(&rel).unwrap();
                let new = format!(
                    "content/{section}/{name}-{}.{lang}.md",
                    self.dice.below(100)
                );
                self.pages.insert(new.clone(), page);
                return vec![rel, new];
            }
            _ => page.text = text,
        }
        vec![rel]
    }

    /// Makes, changes, breaks or deletes the site's page template.
    fn edit_template(&mut self) -> Vec<String> {
        let version = self.dice.below(1000);
        self.template = match (self.template, self.dice.below(10)) {
            (Some(_), 0..=1) => None,
            (_, 2) => Some((version, true)),
            _ => Some((version, false)),
        };
        vec![TEMPLATE.into()]
    }

    /// Changes one setting of the site, the course or the UI strings.
    fn edit_settings(&mut self) -> Vec<String> {
        let n = 1 + self.dice.below(9);
        let s = &mut self.settings;
        let file = match self.dice.below(12) {
            0 => {
                s.omit = !s.omit;
                CONFIG
            }
            1 => {
                s.ru_title = n % 3;
                CONFIG
            }
            2 => {
                s.no_search = !s.no_search;
                CONFIG
            }
            3 => {
                s.no_copies = !s.no_copies;
                CONFIG
            }
            4 => {
                s.no_print = !s.no_print;
                CONFIG
            }
            5 => {
                s.version = n;
                COURSE
            }
            6 => {
                s.scorm = n % 3;
                COURSE
            }
            7 => {
                s.completion = n % 3;
                COURSE
            }
            8 => {
                s.pass_mark = n % 3;
                COURSE
            }
            9 => {
                s.course_title = n % 3;
                COURSE
            }
            10 => {
                s.m_packages = n % 3;
                COURSE_M
            }
            _ => {
                s.home = match s.home {
                    Some(_) if n < 4 => None,
                    _ => Some(n),
                };
                STRINGS
            }
        };
        vec![file.into()]
    }

    /// Changes a course module's text, links, picture, answer, whether it is
    /// the final test or a draft; makes or deletes a module.
    fn edit_module(&mut self) -> Vec<String> {
        let files: Vec<String> = self.modules.keys().cloned().collect();
        let rel = self.dice.pick(&files).clone();
        let kind = self.dice.below(8);
        if kind == 7 {
            // A module of the one-language course comes or goes.
            let extra: Vec<String> = files
                .iter()
                .filter(|f| f.starts_with("courses/k/") && !f.contains("/0"))
                .cloned()
                .collect();
            if !extra.is_empty() && self.dice.chance(50) {
                let gone = self.dice.pick(&extra).clone();
                self.modules.remove(&gone);
                return vec![gone];
            }
            let n = 10 + self.dice.below(90);
            let title = format!("Lisa {n}");
            let rel = format!("courses/k/{n}-lisa.et.md");
            let module = Page {
                question: Some((format!("q-lisa-{n}"), self.sentence())),
                title,
                ..self.new_page("et")
            };
            self.modules.insert(rel.clone(), module);
            return vec![rel];
        }
        let (text, link) = (self.sentence(), self.link(&rel));
        let module = self.modules.get_mut(&rel).unwrap();
        match kind {
            0 => module.text = text,
            // The picture of the module's own folder (only course `m` has one).
            4 => module.picture = !module.picture,
            5 => module.test = !module.test,
            6 => module.draft = !module.draft,
            1 => module.links.push(link),
            2 if !module.links.is_empty() => {
                module.links.pop();
            }
            _ => {
                if let Some((_, answer)) = &mut module.question {
                    *answer = text;
                }
            }
        }
        vec![rel]
    }

    /// The author reads the errors and takes out every link and picture of
    /// the files they name (most mistakes made here), publishes the other
    /// languages of a module named, and, for an error in a course's
    /// settings or its final test, has no final test and a completion rule
    /// that needs none.
    fn fix(&mut self, diagnostics: &[Diagnostic]) -> Vec<PathBuf> {
        let mut touched = Vec::new();
        for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            let rel = d.file.to_string_lossy().replace('\\', "/");
            if rel == TEMPLATE {
                self.template = self.template.map(|(v, _)| (v, false));
                touched.push(rel);
            } else if rel == COURSE
                || rel == COURSE_M
                || (self.modules.contains_key(&rel) && d.message.contains("test = true"))
            {
                // The course's rule needs no final test, and no module is one
                // (the errors: no final test for the rule, two of them, or
                // one in a language only).
                if rel == COURSE {
                    self.settings.completion = 0;
                }
                let folder = &rel[..rel.rfind('/').map_or(0, |i| i + 1)];
                for (file, module) in &mut self.modules {
                    if file.starts_with(folder) && module.test {
                        module.test = false;
                        touched.push(file.clone());
                    }
                }
                touched.push(rel);
            } else if let Some(page) = self.pages.get_mut(&rel).or(self.modules.get_mut(&rel)) {
                page.links.clear();
                page.picture = false;
                page.slug = None;
                touched.push(rel.clone());
                // A module's other language lacks this one: it is published again.
                if let Some((stem, _)) = rel.rsplit_once('.').and_then(|(r, _)| r.rsplit_once('.'))
                {
                    for (other, module) in self.modules.range_mut(stem.to_string()..) {
                        if !other.starts_with(&format!("{stem}.")) {
                            break;
                        }
                        if module.draft {
                            module.draft = false;
                            touched.push(other.clone());
                        }
                    }
                }
            }
        }
        touched.sort();
        touched.dedup();
        assert!(
            !touched.is_empty(),
            "errors in no file edited: {diagnostics:?}"
        );
        touched.iter().map(|rel| self.write(rel)).collect()
    }
}

/// Every file below `out`, by path, but the search index and the offline
/// copies unless `derived`.
fn files_of(out: &Path, derived: bool) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(out).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (derived || !made_later(&rel)).then(|| (rel, std::fs::read(e.path()).unwrap()))
        })
        .collect()
}

/// The search index and the offline copies: `serve` makes them when the
/// preview asks for them.
fn made_later(rel: &str) -> bool {
    rel.starts_with("search/") || rel.ends_with(".zip")
}

/// Counts full builds and updates on their own.
#[derive(Default)]
struct Quiet {
    built: usize,
    updated: usize,
}

impl Console for Quiet {
    fn ready(&mut self, _: SocketAddr) {}
    fn built(&mut self, _: &BuildReport) {
        self.built += 1;
    }
    fn updated(&mut self, _: &[PathBuf], _: &[Diagnostic], _: f64) {
        self.updated += 1;
    }
    fn internal_error(&mut self, message: &str) {
        panic!("serve panicked: {message}");
    }
}

/// Building `root` into `out`, as `serve` does (`preview`) or `build`.
fn options(root: &Path, out: &Path, preview: bool) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.to_path_buf()),
        drafts: false,
        preview,
    }
}

/// The serve loop after its first build, which left the search index and
/// the offline copies to be made when they are asked for.
fn started<'a>(root: &Path, state: &'a State, session: Option<Session>) -> Rebuilder<'a> {
    let mut rebuilder = Rebuilder {
        root: root.to_path_buf(),
        state,
        session,
        needs_full: false,
        broken: Vec::new(),
        behind: Vec::new(),
    };
    rebuilder.all_behind();
    rebuilder
}

/// A fresh `serve` of `root` into `out`, asked for its search index and
/// offline copies: its files, or the errors of its build.
fn fresh(root: &Path, out: &Path) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let _ = std::fs::remove_dir_all(out);
    let (report, session) = build_session(&options(root, out, true)).unwrap();
    if !report.succeeded() {
        return Err(report.diagnostics);
    }
    let state = State::new(out.to_path_buf(), "/".into());
    let mut rebuilder = started(root, &state, session);
    rebuilder.catch_up(&mut Quiet::default());
    assert_eq!(state.current_errors(), None);
    Ok(files_of(out, true))
}

/// Writes the files the author does not edit; gives the pages and the
/// course's modules, to be written.
fn site(root: &Path) -> (BTreeMap<String, Page>, BTreeMap<String, Page>) {
    for (rel, text) in [
        (
            "content/_index.et.md",
            "+++\ntitle = \"Avaleht\"\n+++\nTere.\n",
        ),
        (
            "content/_index.ru.md",
            "+++\ntitle = \"Главная\"\n+++\nПривет.\n",
        ),
    ] {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let page = |title: &str, weight: i64, headings: &[&str], links: &[&str]| Page {
        title: title.into(),
        weight,
        draft: false,
        headings: headings.iter().map(|h| h.to_string()).collect(),
        links: links.iter().map(|l| l.to_string()).collect(),
        text: "Töötaja täidab hindamise lehe.".into(),
        question: None,
        description: None,
        date: None,
        slug: None,
        picture: false,
        test: false,
    };
    let module = |title: &str, links: &[&str]| Page {
        question: Some((format!("q-{}", title.to_lowercase()), "Hinnata".into())),
        ..page(title, 0, &[], links)
    };
    let modules = BTreeMap::from([
        (
            "courses/k/01-algus.et.md".into(),
            module("Algus", &["@/osa/alfa.md#sammud"]),
        ),
        ("courses/k/02-lopp.et.md".into(), module("Lopp", &[])),
        // A course in both languages.
        (
            "courses/m/01-sissejuhatus.et.md".into(),
            Page {
                question: Some(("q-abi".into(), "Kaardistada".into())),
                ..page("Sissejuhatus", 0, &[], &["@/osa/beeta.md"])
            },
        ),
        (
            "courses/m/01-sissejuhatus.ru.md".into(),
            Page {
                question: Some(("q-abi".into(), "Составить карту".into())),
                ..page("Введение", 0, &[], &[])
            },
        ),
        (
            "courses/m/02-kokkuvote.et.md".into(),
            Page {
                question: Some(("q-kokku".into(), "Kokku leppida".into())),
                ..page("Kokkuvõte", 0, &[], &[])
            },
        ),
        (
            "courses/m/02-kokkuvote.ru.md".into(),
            Page {
                question: Some(("q-kokku".into(), "Договориться".into())),
                ..page("Итоги", 0, &[], &["@/osa/alfa.md#taust"])
            },
        ),
    ]);
    let pages = BTreeMap::from([
        (
            "content/osa/_index.et.md".into(),
            page("Juhend", 1, &[], &[]),
        ),
        (
            "content/osa/_index.ru.md".into(),
            page("Руководство", 1, &[], &[]),
        ),
        ("content/muu/_index.et.md".into(), page("Kord", 2, &[], &[])),
        (
            "content/osa/alam/_index.et.md".into(),
            page("Alaosa", 3, &["Taust"], &[]),
        ),
        (
            "content/osa/alam/teeta.et.md".into(),
            page("Teeta", 1, &[], &["@/osa/alfa.md"]),
        ),
        (
            "content/osa/alfa.et.md".into(),
            page("Alfa", 1, &["Taust", "Sammud"], &[]),
        ),
        (
            "content/osa/alfa.ru.md".into(),
            page("Альфа", 1, &["Taust"], &[]),
        ),
        (
            "content/osa/beeta.et.md".into(),
            page("Beeta", 2, &[], &["alfa.md#sammud"]),
        ),
        (
            "content/muu/gamma.et.md".into(),
            page("Gamma", 1, &["Lisad"], &["@/osa/beeta.md"]),
        ),
        ("content/muu/delta.et.md".into(), page("Delta", 2, &[], &[])),
    ]);
    (pages, modules)
}

/// Plays `saves` saves from `seed`; gives how many were compared with a
/// fresh start (the others had errors), updated on their own, fully built.
/// The site in `root`, written, and its author, who plays from `seed`.
fn author_of(root: &Path, seed: u64) -> Author<'_> {
    std::fs::create_dir_all(root).unwrap();
    let (pages, modules) = site(root);
    let author = Author {
        root,
        dice: Dice(seed),
        pages,
        modules,
        template: None,
        picture: None,
        course_picture: None,
        settings: Settings::default(),
    };
    for rel in author.pages.keys().chain(author.modules.keys()) {
        author.write(rel);
    }
    for rel in [CONFIG, COURSE, COURSE_M] {
        author.write(rel);
    }
    author
}

fn replay(seed: u64, saves: usize) -> [usize; 3] {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let mut author = author_of(&root, seed);
    let out = root.join("public");
    let reference = dir.path().join("reference");
    let build_opts = options(&root, &out, true);
    let (report, session) = build_session(&build_opts).unwrap();
    assert!(report.succeeded(), "{:?}", report.diagnostics);
    let state = State::new(out.clone(), "/".into());
    let mut serve = started(&root, &state, session);
    let mut errors: Option<Vec<Diagnostic>> = None;
    let mut log = Vec::new();
    let mut console = Quiet::default();
    let mut compared = 0;
    for step in 0..saves {
        let files = match &errors {
            Some(diagnostics) if author.dice.chance(50) => author.fix(diagnostics),
            _ => author.save(),
        };
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        log.push(names.join(" + "));
        let wanted = author.dice.chance(30);
        serve.take(
            &mut console,
            watch::classify(&root, &files),
            wanted,
            &build_opts,
        );
        let expected = fresh(&root, &reference);
        let shown = state.current_errors();
        let context = || {
            format!(
                "seed {seed}, save {step}: {}\nsaves:\n{}",
                log.last().unwrap(),
                log.join("\n")
            )
        };
        match expected {
            Err(diagnostics) => {
                assert!(
                    shown.is_some(),
                    "a build has errors, the preview shows none: {diagnostics:?}\n{}",
                    context()
                );
                errors = Some(diagnostics);
            }
            Ok(expected) => {
                assert_eq!(
                    shown,
                    None,
                    "the preview shows errors a build has not\n{}",
                    context()
                );
                errors = None;
                let caught_up = wanted || serve.behind.is_empty();
                let served = files_of(&out, caught_up);
                let mut expected = expected;
                expected.retain(|rel, _| caught_up || !made_later(rel));
                let differ: Vec<&String> = expected
                    .keys()
                    .chain(served.keys())
                    .filter(|rel| expected.get(*rel) != served.get(*rel))
                    .collect();
                if !differ.is_empty() {
                    let keep = std::env::temp_dir().join("raamat-edits-differ");
                    let _ = std::fs::remove_dir_all(&keep);
                    for (side, files) in [("served", &served), ("expected", &expected)] {
                        for rel in &differ {
                            if let Some(bytes) = files.get(*rel) {
                                let path = keep.join(side).join(rel);
                                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                                std::fs::write(path, bytes).unwrap();
                            }
                        }
                    }
                }
                compared += 1;
                assert!(
                    differ.is_empty(),
                    "the preview differs from a fresh start in {differ:?}\n{}",
                    context()
                );
            }
        }
    }
    [compared, console.updated, console.built]
}

#[test]
fn random_saves_leave_the_preview_as_a_fresh_start_makes_it() {
    let mut sums = [0; 3];
    for seed in 1..=12 {
        let counts = replay(seed * 0x9E37_79B9_7F4A_7C15, 50);
        sums.iter_mut().zip(counts).for_each(|(sum, n)| *sum += n);
    }
    let [compared, updated, built] = sums;
    eprintln!("{compared} saves compared; {updated} updated on their own, {built} full builds");
    // The series make both kinds, and most saves build without errors.
    assert!(compared > 400 && updated > 300 && built > 80, "{sums:?}");
}

/// `raamat build` over its last output (hard links to unchanged files, the
/// compressed bytes of unchanged files of the offline copies and packages)
/// gives what a build into an empty folder gives, after any save; a build
/// with errors leaves the last good output as it was; `raamat check` reports
/// what the build reports.
#[test]
fn random_saves_rebuilt_over_the_last_output_give_a_fresh_builds_files() {
    let mut compared = 0;
    for seed in 1..=4u64 {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let mut author = author_of(&root, seed * 0xD1B5_4A32_D192_ED03);
        let (out, fresh) = (dir.path().join("out"), dir.path().join("fresh"));
        let build = |out: &Path| crate::build::build(&options(&root, out, false)).unwrap();
        assert!(build(&out).succeeded());
        let mut last_good = files_of(&out, true);
        let mut errors: Option<Vec<Diagnostic>> = None;
        for step in 0..30 {
            match &errors {
                Some(diagnostics) if author.dice.chance(50) => author.fix(diagnostics),
                _ => author.save(),
            };
            let report = build(&out);
            let _ = std::fs::remove_dir_all(&fresh);
            let expected = build(&fresh);
            assert_eq!(
                report.succeeded(),
                expected.succeeded(),
                "seed {seed}, save {step}"
            );
            // `raamat check` says what the build says.
            let checked = crate::check::check(&root, false).unwrap();
            let shown = |ds: &[Diagnostic]| ds.iter().map(|d| format!("{d}\n")).collect::<String>();
            assert_eq!(
                shown(&checked.diagnostics),
                shown(&report.diagnostics),
                "seed {seed}, save {step}: check and build differ"
            );
            let now = files_of(&out, true);
            if report.succeeded() {
                let expected = files_of(&fresh, true);
                let differ: Vec<&String> = expected
                    .keys()
                    .chain(now.keys())
                    .filter(|rel| expected.get(*rel) != now.get(*rel))
                    .collect();
                assert!(differ.is_empty(), "seed {seed}, save {step}: {differ:?}");
                (last_good, errors) = (now, None);
                compared += 1;
            } else {
                assert!(
                    now == last_good,
                    "seed {seed}, save {step}: the last good output changed"
                );
                errors = Some(report.diagnostics);
            }
        }
    }
    assert!(compared > 80, "{compared} of 120 saves built");
}
