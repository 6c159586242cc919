//! `raamat serve`: a real server process, a raw event-stream client and plain
//! HTTP requests, against a fixture site.

mod common;

use common::{md, Fixture};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_raamat"));
    command
        .args(["serve", "--quiet", "--port", "0", "--root"])
        .arg(root);
    start_with(command)
}

/// Starts `command` (a `raamat serve` on port 0) and reads its address.
fn start_with(mut command: Command) -> Server {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("raamat serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok());
    let port = port.unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, port }
}

/// Sends `request` exactly as given and returns the status code and the whole
/// response: what arrived before the server closed (or reset) the connection.
/// Bounded: a response that does not end within 10 s ends the read.
fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    // The server may answer and close before it has read all of a long request.
    let _ = s.write_all(request);
    let mut response = Vec::new();
    let mut buf = [0u8; 8192];
    while let Ok(n @ 1..) = s.read(&mut buf) {
        response.extend_from_slice(&buf[..n]);
    }
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// Status code and body of a raw GET (the path is sent exactly as given).
fn get(port: u16, path: &str) -> (u16, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    let (status, response) = raw(port, request.as_bytes());
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// An open page's view of the server: the Server-Sent Events stream.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__raamat/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let mut e = Events {
            stream,
            seen: String::new(),
        };
        e.wait_for("event: hello");
        e
    }

    /// Reads until `needle` arrives; returns what came with it.
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut buf = [0u8; 8192];
        // A message ends with a blank line; it may arrive in several reads.
        let complete = |seen: &str| {
            seen.split_once(needle)
                .is_some_and(|(_, after)| after.contains("\n\n"))
        };
        while !complete(&self.seen) {
            assert!(
                Instant::now() < deadline,
                "no `{needle}` within 10 s; got {:?}",
                self.seen
            );
            self.stream
                .set_read_timeout(Some(Duration::from_millis(500)))
                .unwrap();
            if let Ok(n) = self.stream.read(&mut buf) {
                self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
        let (_, after) = self.seen.split_once(needle).unwrap();
        let message = after.split("\n\n").next().unwrap_or("").to_string();
        self.seen = after.to_string();
        message
    }
}

fn site() -> Fixture {
    Fixture::new()
        .file("content/a.et.md", &md("Esimene", "", "Algne tekst.\n"))
        .file("content/a.ru.md", &md("Первая", "", "Исходный текст.\n"))
        .file(
            "content/b.et.md",
            &md("Teine", "", "Vaata [esimest](a.md).\n"),
        )
}

#[test]
fn an_edit_reloads_open_pages_with_the_new_html() {
    let f = site();
    let root = f.write();
    let server = start(&root);
    let (status, html) = get(server.port, "/et/a/");
    assert_eq!(status, 200);
    assert!(html.contains("Algne tekst."));
    assert!(
        html.contains("/__raamat/livereload.js"),
        "the preview page gets the reload script"
    );
    let mut events = Events::open(server.port);
    std::fs::write(
        root.join("content/a.et.md"),
        md("Esimene", "", "Muudetud tekst.\n"),
    )
    .unwrap();
    // Only the text changed: the open page of it takes the new text in place.
    // Its translation is made again too (its preview notice may change), but
    // came out the same: it is not named, and its open tabs are left alone.
    let message = events.wait_for("event: update");
    assert!(
        message.contains(r#""pages":["/et/a/"]"#) && message.contains(r#""in_place":true"#),
        "{message}"
    );
    let (_, html) = get(server.port, "/et/a/");
    assert!(html.contains("Muudetud tekst."), "{html}");
    // A title change affects the pages that list it: they are updated too.
    std::fs::write(
        root.join("content/a.et.md"),
        md("Uus pealkiri", "", "Muudetud tekst.\n"),
    )
    .unwrap();
    events.wait_for("event: update");
    let (_, other) = get(server.port, "/et/b/");
    assert!(
        other.contains("Uus pealkiri"),
        "the sidebar of another page shows the new title"
    );
    // The built site itself never carries the reload script.
    let on_disk = std::fs::read_to_string(root.join("public/et/a/index.html")).unwrap();
    assert!(!on_disk.contains("livereload"));
}

#[test]
fn an_editors_save_through_a_backup_file_is_a_page_update_not_a_full_build() {
    let f = site();
    let root = f.write();
    let server = start(&root);
    let mut events = Events::open(server.port);
    // vim's way: a probe file made and removed, the page renamed to a
    // backup, written anew, the backup removed.
    let content = root.join("content");
    std::fs::write(content.join("4913"), "").unwrap();
    std::fs::remove_file(content.join("4913")).unwrap();
    std::fs::rename(content.join("a.et.md"), content.join("a.et.md~")).unwrap();
    std::fs::write(
        content.join("a.et.md"),
        md("Esimene", "", "Vimiga muudetud.\n"),
    )
    .unwrap();
    std::fs::remove_file(content.join("a.et.md~")).unwrap();
    let message = events.wait_for("event: ");
    assert!(
        message.starts_with("update") && message.contains(r#""pages":["/et/a/"]"#),
        "the page alone is updated, not the whole site rebuilt: {message}"
    );
    assert!(get(server.port, "/et/a/").1.contains("Vimiga muudetud."));
    // A JetBrains IDE's way: a temporary file renamed over the page.
    std::fs::write(
        content.join("a.et.md___jb_tmp___"),
        md("Esimene", "", "IDE-ga muudetud.\n"),
    )
    .unwrap();
    std::fs::rename(content.join("a.et.md"), content.join("a.et.md___jb_old___")).unwrap();
    std::fs::rename(content.join("a.et.md___jb_tmp___"), content.join("a.et.md")).unwrap();
    std::fs::remove_file(content.join("a.et.md___jb_old___")).unwrap();
    // The renames may reach the watcher as more than one change.
    let mut seen = events.wait_for("event: ");
    while !get(server.port, "/et/a/").1.contains("IDE-ga muudetud.") {
        seen.push_str(&events.wait_for("event: "));
    }
    assert!(
        seen.starts_with("update") && !seen.contains("reload"),
        "no full build: {seen}"
    );
}

/// The pages an update event names.
fn updated_pages(message: &str) -> Vec<String> {
    let data = message.split_once("data: ").expect("data").1;
    let json: serde_json::Value = serde_json::from_str(data).expect("JSON");
    json["pages"]
        .as_array()
        .expect("a list of pages")
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_title_or_weight_change_updates_the_pages_that_list_it_and_no_others() {
    let page = |title: &str, weight: i64| md(title, &format!("weight = {weight}"), "Tekst.\n");
    let f = Fixture::new()
        .file("content/osa/_index.et.md", &page("Osa", 1))
        .file("content/osa/a.et.md", &page("Alfa", 1))
        .file("content/osa/b.et.md", &page("Beeta", 2))
        .file("content/osa/c.et.md", &page("Gamma", 3))
        .file("content/muu/_index.et.md", &page("Muu", 2))
        .file("content/muu/d.et.md", &page("Delta", 1))
        .file("content/muu/e.et.md", &page("Epsilon", 2));
    let root = f.write();
    let server = start(&root);
    let mut events = Events::open(server.port);

    std::fs::write(root.join("content/osa/b.et.md"), page("Beeta uus", 2)).unwrap();
    let pages = updated_pages(&events.wait_for("event: update"));
    for listed in ["/et/osa/", "/et/osa/a/", "/et/osa/b/", "/et/osa/c/"] {
        assert!(pages.iter().any(|p| p == listed), "{listed} in {pages:?}");
        assert!(
            get(server.port, listed).1.contains("Beeta uus"),
            "{listed} shows the new title"
        );
    }
    assert!(
        !pages.iter().any(|p| p.starts_with("/et/muu/")),
        "another section's pages do not show it: {pages:?}"
    );
    assert!(get(server.port, "/et/osa/print/").1.contains("Beeta uus"));

    // Alfa moves to the end: the order of the section and its neighbours change.
    std::fs::write(root.join("content/osa/a.et.md"), page("Alfa", 9)).unwrap();
    events.wait_for("event: update");
    let next_of = |path: &str| {
        let html = get(server.port, path).1;
        let doc = scraper::Html::parse_document(&html);
        let next = scraper::Selector::parse("a[rel=next]").unwrap();
        doc.select(&next)
            .next()
            .map(|a| a.value().attr("href").unwrap_or("").to_string())
    };
    assert_eq!(next_of("/et/osa/").as_deref(), Some("/et/osa/b/"));
    assert_eq!(next_of("/et/osa/c/").as_deref(), Some("/et/osa/a/"));
    assert_eq!(next_of("/et/osa/a/").as_deref(), Some("/et/muu/"));
    // The same pages as a full build of the same sources gives.
    let fresh = root.join("fresh");
    let status = Command::new(env!("CARGO_BIN_EXE_raamat"))
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&fresh)
        .status()
        .unwrap();
    assert!(status.success());
    for page in [
        "osa",
        "osa/a",
        "osa/b",
        "osa/c",
        "muu",
        "muu/d",
        "muu/e",
        "osa/print",
        "search",
    ] {
        let served =
            std::fs::read_to_string(root.join(format!("public/et/{page}/index.html"))).unwrap();
        let built = std::fs::read_to_string(fresh.join(format!("et/{page}/index.html"))).unwrap();
        assert_eq!(served, built, "et/{page}");
    }
}

/// Every page and the sitemap of an output folder, by path below it.
fn pages_of(out: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.ends_with(".html") || name == "sitemap.xml"
        })
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap();
            let text = std::fs::read_to_string(e.path()).unwrap();
            (rel.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

/// The next message on the event stream, which must be an update (a full
/// build tells open pages to reload); the pages it names.
fn next_update(events: &mut Events) -> Vec<String> {
    let message = events.wait_for("event: ");
    assert!(
        message.starts_with("update"),
        "an update of the pages concerned, not a full build: {message}"
    );
    updated_pages(&message)
}

#[test]
fn pages_added_deleted_and_renamed_in_a_section_are_updated_without_a_full_build() {
    let page = |title: &str, weight: i64| md(title, &format!("weight = {weight}"), "Tekst.\n");
    let f = Fixture::new()
        .missing("fallback")
        .file("content/osa/_index.et.md", &page("Osa", 1))
        .file("content/osa/_index.ru.md", &page("Раздел", 1))
        .file(
            "content/osa/alfa.et.md",
            &md("Alfa", "weight = 1", "## Tekst\n\nTekst.\n"),
        )
        .file("content/osa/alfa.ru.md", &page("Альфа", 1))
        .file("content/osa/gamma.et.md", &page("Gamma", 3))
        .file("content/osa/delta.et.md", &page("Delta", 4))
        .file("content/muu/_index.et.md", &page("Muu", 2))
        .file("content/muu/kappa.et.md", &page("Kappa", 1));
    let root = f.write();
    let server = start(&root);
    let mut events = Events::open(server.port);

    // New, between Alfa and Gamma, Estonian only; a link to Alfa's heading.
    let beeta = md("Beeta", "weight = 2", "Vaata [Alfat](alfa.md#tekst).\n");
    std::fs::write(root.join("content/osa/beeta.et.md"), &beeta).unwrap();
    let pages = next_update(&mut events);
    for listed in [
        "/et/osa/beeta/",
        "/ru/osa/beeta/",
        "/et/osa/",
        "/et/osa/alfa/",
        "/et/osa/gamma/",
    ] {
        assert!(pages.iter().any(|p| p == listed), "{listed} in {pages:?}");
    }
    assert!(
        !pages.iter().any(|p| p.starts_with("/et/muu/")),
        "another section's pages do not list it: {pages:?}"
    );
    let (status, html) = get(server.port, "/et/osa/beeta/");
    assert_eq!(status, 200);
    assert!(
        html.contains("Beeta") && html.contains("href=\"/et/osa/alfa/#tekst\""),
        "{html}"
    );

    // Deleted: its pages go (an open tab of one is told), its neighbours change.
    std::fs::remove_file(root.join("content/osa/gamma.et.md")).unwrap();
    let pages = next_update(&mut events);
    for listed in ["/et/osa/gamma/", "/et/osa/beeta/", "/et/osa/delta/"] {
        assert!(pages.iter().any(|p| p == listed), "{listed} in {pages:?}");
    }
    assert_eq!(get(server.port, "/et/osa/gamma/").0, 404);
    assert!(!get(server.port, "/et/osa/").1.contains("Gamma"));

    // Renamed: the old page goes, the new one comes, at once.
    std::fs::rename(
        root.join("content/osa/beeta.et.md"),
        root.join("content/osa/beeta-uus.et.md"),
    )
    .unwrap();
    let pages = next_update(&mut events);
    for listed in ["/et/osa/beeta/", "/et/osa/beeta-uus/", "/et/osa/alfa/"] {
        assert!(pages.iter().any(|p| p == listed), "{listed} in {pages:?}");
    }
    assert_eq!(get(server.port, "/et/osa/beeta/").0, 404);
    assert_eq!(get(server.port, "/et/osa/beeta-uus/").0, 200);

    // Every page and the sitemap as the preview's full build of the same
    // sources makes them, and no other files.
    let served = pages_of(&root.join("public"));
    assert!(
        served.contains_key("et/osa/beeta-uus/index.html") && served.contains_key("sitemap.xml")
    );
    drop(events);
    drop(server);
    let server = start(&root);
    let mut events = Events::open(server.port);
    let built = pages_of(&root.join("public"));
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>()
    );
    for (rel, html) in &built {
        assert_eq!(&served[rel], html, "{rel}");
    }

    // A page another page links to, deleted: the full build names the link.
    std::fs::remove_file(root.join("content/osa/alfa.et.md")).unwrap();
    let errors = events.wait_for("event: errors");
    assert!(
        errors.contains("beeta-uus.et.md") && errors.contains("alfa.md"),
        "{errors}"
    );
    std::fs::write(
        root.join("content/osa/alfa.et.md"),
        md("Alfa", "weight = 1", "## Tekst\n\nTekst.\n"),
    )
    .unwrap();
    events.wait_for("event: reload");

    // A new page at a URL another page has: the full build names both files.
    std::fs::write(
        root.join("content/osa/beeta-kaks.et.md"),
        md("Beeta kaks", "slug = \"beeta-uus\"", "Tekst.\n"),
    )
    .unwrap();
    let errors = events.wait_for("event: errors");
    assert!(
        errors.contains("beeta-kaks.et.md") && errors.contains("beeta-uus.et.md"),
        "{errors}"
    );
}

#[test]
fn a_heading_edit_updates_the_page_and_those_that_link_to_it_without_a_full_build() {
    let f = Fixture::new()
        .file("content/osa/_index.et.md", &md("Osa", "", ""))
        .file(
            "content/osa/alfa.et.md",
            &md("Alfa", "weight = 1", "## Tekst\n\nTekst.\n"),
        )
        .file(
            "content/osa/beeta.et.md",
            &md("Beeta", "weight = 2", "Vaata [teksti](alfa.md#tekst).\n"),
        )
        .file(
            "content/osa/gamma.et.md",
            &md("Gamma", "weight = 3", "Tekst.\n"),
        );
    let root = f.write();
    let server = start(&root);
    let mut events = Events::open(server.port);
    let alfa = root.join("content/osa/alfa.et.md");

    // A new heading: its anchor is new. An update, not a full build; the
    // page that links to Alfa comes out the same and is not written.
    std::fs::write(
        &alfa,
        md("Alfa", "weight = 1", "## Tekst\n\nTekst.\n\n## Lisa\n"),
    )
    .unwrap();
    let pages = next_update(&mut events);
    assert!(pages.iter().any(|p| p == "/et/osa/alfa/"), "{pages:?}");
    assert!(
        !pages
            .iter()
            .any(|p| p.ends_with("/beeta/") || p.ends_with("/gamma/")),
        "{pages:?}"
    );
    assert!(get(server.port, "/et/osa/alfa/").1.contains("id=\"lisa\""));

    // The heading a link points at, renamed: the link's page says so.
    std::fs::write(&alfa, md("Alfa", "weight = 1", "## Sisu\n\nTekst.\n")).unwrap();
    let errors = events.wait_for("event: errors");
    assert!(
        errors.contains("content/osa/beeta.et.md") && errors.contains("tekst"),
        "{errors}"
    );
    assert!(
        get(server.port, "/et/osa/alfa/").1.contains("id=\"tekst\""),
        "the last good page stays"
    );
    // Put back: checked on its own (the errors came from Alfa's update, not
    // from a full build), and the overlay goes.
    std::fs::write(&alfa, md("Alfa", "weight = 1", "## Tekst\n\nTekst.\n")).unwrap();
    next_update(&mut events);

    // The same pages as the preview's full build of the same sources makes.
    let served = pages_of(&root.join("public"));
    drop(events);
    drop(server);
    let _server = start(&root);
    assert_eq!(served, pages_of(&root.join("public")));
}

#[test]
fn a_template_edit_updates_every_page_and_a_broken_one_keeps_the_last_good_pages() {
    let f = site();
    let root = f.write();
    // The site's own copy of page.html, unchanged at first.
    let original = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/page.html"), &original).unwrap();
    let server = start(&root);
    let mut events = Events::open(server.port);

    let marked = original.replacen(
        "{% block main %}",
        "{% block main %}<p>Mall muudetud</p>",
        1,
    );
    assert_ne!(marked, original, "page.html has a main block");
    std::fs::write(root.join("templates/page.html"), &marked).unwrap();
    let message = events.wait_for("event: update");
    assert!(message.contains(r#""pages":null"#), "every page: {message}");
    for page in ["/et/a/", "/et/b/", "/ru/a/"] {
        assert!(get(server.port, page).1.contains("Mall muudetud"), "{page}");
    }

    std::fs::write(
        root.join("templates/page.html"),
        marked.replacen("{% block main %}", "{% block main %}{% if %}", 1),
    )
    .unwrap();
    let message = events.wait_for("event: errors");
    assert!(message.contains("page.html"), "{message}");
    assert!(
        get(server.port, "/et/a/").1.contains("Mall muudetud"),
        "the last good pages stay"
    );

    std::fs::write(root.join("templates/page.html"), &original).unwrap();
    events.wait_for("event: reload");
    assert!(!get(server.port, "/et/a/").1.contains("Mall muudetud"));
}

#[test]
fn a_site_template_edit_leaves_the_packages_and_a_question_template_edit_remakes_them() {
    let toml = "id = \"k\"\nversion = \"1.0.0\"\ncompletion = \"all-pages\"\n[title]\net = \"Kursus\"\nru = \"Курс\"\n";
    let module = md(
        "Moodul",
        "",
        "Tekst.\n\n### ? Kes? {#q-kes}\n\n- [x] Mina\n- [ ] Sina\n",
    );
    let f = site()
        .file("courses/k/course.toml", toml)
        .file("courses/k/01-a.et.md", &module)
        .file("courses/k/01-a.ru.md", &module);
    let root = f.write();
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let page = std::fs::read_to_string(theme.join("page.html")).unwrap();
    let question = std::fs::read_to_string(theme.join("question.html")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/page.html"), &page).unwrap();
    std::fs::write(root.join("templates/question.html"), &question).unwrap();
    let server = start(&root);
    let zip = root.join("public/courses/k/k-et-scorm12.zip");
    let built = std::fs::metadata(&zip).unwrap().modified().unwrap();
    let mut events = Events::open(server.port);

    std::fs::write(
        root.join("templates/page.html"),
        page.replacen(
            "{% block main %}",
            "{% block main %}<p>Mall muudetud</p>",
            1,
        ),
    )
    .unwrap();
    events.wait_for("event: update");
    assert!(get(server.port, "/et/a/").1.contains("Mall muudetud"));
    assert_eq!(
        std::fs::metadata(&zip).unwrap().modified().unwrap(),
        built,
        "the packages do not use page.html: not made again"
    );

    let marked = question.replacen("<fieldset>", "<fieldset><p>Küsimuse mall</p>", 1);
    assert_ne!(marked, question, "question.html has a fieldset");
    std::fs::write(root.join("templates/question.html"), &marked).unwrap();
    events.wait_for("event: update");
    assert!(get(server.port, "/et/courses/k/01-a/")
        .1
        .contains("Küsimuse mall"));
    let mut package = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut index = String::new();
    std::io::Read::read_to_string(&mut package.by_name("index.html").unwrap(), &mut index).unwrap();
    assert!(
        index.contains("Küsimuse mall"),
        "the package has the new form"
    );
}

#[test]
fn a_broken_edit_shows_the_errors_and_keeps_the_last_good_page() {
    let f = site();
    let root = f.write();
    let server = start(&root);
    let mut events = Events::open(server.port);
    std::fs::write(
        root.join("content/a.et.md"),
        md("Esimene", "", "Uus [katkine link](puudub.md).\n"),
    )
    .unwrap();
    let message = events.wait_for("event: errors");
    assert!(
        message.contains("puudub.md"),
        "the overlay names the broken link: {message}"
    );
    assert!(
        message.contains("content/a.et.md:4"),
        "and its file and line: {message}"
    );
    let (status, html) = get(server.port, "/et/a/");
    assert_eq!(status, 200);
    assert!(
        html.contains("Algne tekst."),
        "the last good page is still served"
    );
    // A page opened now gets the errors at once.
    let mut late = Events::open(server.port);
    let late_message = late.wait_for("event: errors");
    assert!(late_message.contains("puudub.md"), "{late_message}");
    // Broken again: still errors, the page as it was.
    std::fs::write(
        root.join("content/a.et.md"),
        md("Esimene", "", "Uus [katkine link](puudub-ka.md).\n"),
    )
    .unwrap();
    assert!(events.wait_for("event: errors").contains("puudub-ka.md"));
    // Fixed: the page alone is updated (no full build), and the overlay goes.
    std::fs::write(
        root.join("content/a.et.md"),
        md("Esimene", "", "Parandatud.\n"),
    )
    .unwrap();
    let pages = next_update(&mut events);
    assert!(pages.iter().any(|p| p == "/et/a/"), "{pages:?}");
    assert!(get(server.port, "/et/a/").1.contains("Parandatud."));
    // And a page opened now gets no errors: the next message is the next update.
    let mut late = Events::open(server.port);
    std::fs::write(
        root.join("content/b.et.md"),
        md("Teine", "", "Vaata [esimest](a.md) uuesti.\n"),
    )
    .unwrap();
    next_update(&mut late);
}

#[test]
fn a_site_that_never_built_shows_its_errors_and_then_the_page() {
    let f = site().file(
        "content/a.et.md",
        &md("Esimene", "", "Uus [katkine link](puudub.md).\n"),
    );
    let root = f.write();
    let server = start(&root);
    // No output at all: a page that carries the live-reload script, which
    // shows the errors over it and follows the fix.
    let (status, html) = get(server.port, "/et/a/");
    assert_eq!(status, 404);
    assert!(html.contains("not been built yet"), "{html}");
    assert!(html.contains("/__raamat/livereload.js"), "{html}");
    let mut events = Events::open(server.port);
    assert!(events.wait_for("event: errors").contains("puudub.md"));
    std::fs::write(
        root.join("content/a.et.md"),
        md("Esimene", "", "Parandatud.\n"),
    )
    .unwrap();
    events.wait_for("event: reload");
    let (status, html) = get(server.port, "/et/a/");
    assert_eq!(status, 200);
    assert!(html.contains("Parandatud."));
}

#[test]
fn paths_outside_the_output_folder_are_not_served() {
    let f = site();
    let root = f.write();
    std::fs::write(root.join("secret.txt"), "salajane").unwrap();
    let server = start(&root);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/et/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/../raamat.toml",
    ] {
        let (status, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("salajane") && !body.contains("base_url"),
            "{path} leaked a file"
        );
    }
    let (status, body) = get(server.port, "/ru/nope/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Страница не найдена"),
        "the language's own 404 page"
    );
}

#[test]
fn zip_and_css_have_their_mime_types() {
    let f = site();
    let root = f.write();
    let server = start(&root);
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(s, "HEAD /theme/style.css HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut head = String::new();
    s.read_to_string(&mut head).unwrap();
    assert!(head.contains("Content-Type: text/css"), "{head}");
    assert!(!head.contains("font-family"), "HEAD has no body");
    assert_eq!(
        raamat::serve::mime_type(std::path::Path::new("k.zip")),
        "application/zip"
    );
}

#[test]
fn errors_stay_shown_until_every_broken_file_is_fixed() {
    let f = site();
    let root = f.write();
    let server = start(&root);
    let mut events = Events::open(server.port);
    std::fs::write(
        root.join("content/a.et.md"),
        md("Esimene", "", "[katki](puudub.md)\n"),
    )
    .unwrap();
    events.wait_for("event: errors");
    // Another page is edited while a.et.md is still broken: still an error, not a reload.
    std::fs::write(
        root.join("content/b.et.md"),
        md("Teine", "", "Uus tekst.\n"),
    )
    .unwrap();
    let message = events.wait_for("event: ");
    assert!(
        message.starts_with("errors"),
        "expected the errors again, got {message:?}"
    );
    assert!(message.contains("puudub.md"));
    // b.et.md broken as well; fixing a.et.md alone leaves b's errors shown.
    std::fs::write(
        root.join("content/b.et.md"),
        md("Teine", "", "[katki](puudub-ka.md)\n"),
    )
    .unwrap();
    let message = events.wait_for("event: errors");
    assert!(message.contains("puudub-ka.md"), "{message}");
    std::fs::write(root.join("content/a.et.md"), md("Esimene", "", "Korras.\n")).unwrap();
    let message = events.wait_for("event: ");
    assert!(
        message.starts_with("errors")
            && message.contains("puudub-ka.md")
            && !message.contains("puudub.md"),
        "b's errors, not a's: {message:?}"
    );
}

#[test]
fn a_course_edit_rebuilds_its_pages_and_packages() {
    let toml = "id = \"k\"\nversion = \"1.0.0\"\ncompletion = \"all-pages\"\n[title]\net = \"Kursus\"\nru = \"Курс\"\n";
    let module = |text: &str| {
        md(
            "Moodul",
            "",
            &format!("{text}\n\n### ? Kes? {{#q-kes}}\n\n- [x] Mina\n- [ ] Sina\n"),
        )
    };
    let f = site()
        .file("courses/k/course.toml", toml)
        .file("courses/k/01-a.et.md", &module("Algne."))
        .file("courses/k/01-a.ru.md", &module("Исходный."));
    let root = f.write();
    let server = start(&root);
    let zip = root.join("public/courses/k/k-et-scorm12.zip");
    let before = std::fs::read(&zip).unwrap();
    let other_page = std::fs::metadata(root.join("public/et/a/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    let mut events = Events::open(server.port);
    std::fs::write(root.join("courses/k/01-a.et.md"), module("Muudetud.")).unwrap();
    // A course page carries a quiz with state: open pages of it reload.
    let message = events.wait_for("event: update");
    assert!(
        message.contains(r#""/et/courses/k/01-a/""#) && message.contains(r#""in_place":false"#),
        "{message}"
    );
    assert!(get(server.port, "/et/courses/k/01-a/")
        .1
        .contains("Muudetud."));
    assert_ne!(
        std::fs::read(&zip).unwrap(),
        before,
        "the package is rebuilt"
    );
    let after = std::fs::metadata(root.join("public/et/a/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        other_page, after,
        "pages outside the course are not written again"
    );
    // A question without a right answer: the overlay, and the package stays.
    let rebuilt = std::fs::read(&zip).unwrap();
    std::fs::write(
        root.join("courses/k/01-a.et.md"),
        module("Muudetud.").replace("[x] Mina", "[ ] Mina"),
    )
    .unwrap();
    let message = events.wait_for("event: errors");
    assert!(message.contains("no correct answer"), "{message}");
    assert_eq!(std::fs::read(&zip).unwrap(), rebuilt);
}

#[test]
fn a_burst_of_requests_is_answered_in_full() {
    const THREADS: usize = 50;
    const EACH: usize = 100;
    let f = site();
    let root = f.write();
    let server = start(&root);
    let (status, expected) = get(server.port, "/et/a/");
    assert_eq!(status, 200);
    assert!(expected.contains("Algne tekst."));
    let started = Instant::now();
    let answered: usize = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| {
                    for _ in 0..EACH {
                        let (status, body) = get(server.port, "/et/a/");
                        assert_eq!(status, 200);
                        assert!(body == expected, "a different body: {body:?}");
                    }
                    EACH
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).sum()
    });
    assert_eq!(answered, THREADS * EACH);
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(30),
        "{answered} requests took {took:?}"
    );
}

#[test]
fn slow_connections_do_not_hold_up_other_requests() {
    let f = site();
    let root = f.write();
    let server = start(&root);
    // Clients that start a request and never finish it.
    let slow: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            s.write_all(b"GET /et/a/ HT").unwrap();
            s
        })
        .collect();
    for _ in 0..20 {
        let started = Instant::now();
        let (status, body) = get(server.port, "/et/b/");
        let took = started.elapsed();
        assert_eq!(status, 200);
        assert!(body.contains("Teine"));
        assert!(took < Duration::from_secs(5), "a request took {took:?}");
    }
    drop(slow);
}

#[test]
fn a_request_head_that_never_ends_is_dropped() {
    let f = site();
    let root = f.write();
    let server = start(&root);
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.write_all(b"GET /et/a/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 64];
    // The server's limit is 10 s for a whole request head; it closes without an answer.
    let read = s.read(&mut buf);
    let took = started.elapsed();
    assert!(matches!(read, Ok(0)), "{read:?} after {took:?}");
    assert!(
        took > Duration::from_secs(5) && took < Duration::from_secs(15),
        "{took:?}"
    );
}

#[test]
fn open_pages_do_not_starve_requests_and_are_capped() {
    let f = site();
    let root = f.write();
    let server = start(&root);
    // More open pages than the server has workers, up to its limit of 64.
    let pages: Vec<Events> = (0..64).map(|_| Events::open(server.port)).collect();
    let (status, body) = get(server.port, "/et/a/");
    assert_eq!(status, 200);
    assert!(body.contains("Algne tekst."));
    let (status, _) = get(server.port, "/__raamat/events");
    assert_eq!(status, 503, "one stream more than the limit");
    drop(pages);
    // Closed pages free their places (noticed on the next registration).
    let mut again = Events::open(server.port);
    std::fs::write(
        root.join("content/a.et.md"),
        md("Esimene", "", "Muudetud tekst.\n"),
    )
    .unwrap();
    again.wait_for("event: update");
}

#[test]
fn oversized_malformed_and_other_requests_get_their_status() {
    let f = site();
    let root = f.write();
    let server = start(&root);
    let port = server.port;
    let request = |target: &str, headers: &str| {
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n")
    };

    // A URL over 8 KiB: 414, from raamat.
    let long_url = format!("/et/{}", "a".repeat(20_000));
    let (status, response) = raw(port, request(&long_url, "").as_bytes());
    assert_eq!(status, 414, "{response}");
    // 200 header fields of 100 bytes: more than 100 fields, 431 from hyper.
    let many: String = (0..200)
        .map(|i| format!("X-Pad-{i:03}: {}\r\n", "v".repeat(100 - 13)))
        .collect();
    assert_eq!(raw(port, request("/et/a/", &many).as_bytes()).0, 431);
    // One 20 kB header field: over 16 KiB of headers, 431 from raamat.
    let big = format!("X-Big: {}\r\n", "v".repeat(20_000));
    assert_eq!(raw(port, request("/et/a/", &big).as_bytes()).0, 431);
    // A head over 64 KiB that has not ended: 431 from hyper, whatever part is long.
    let huge_url = format!("/et/{}", "a".repeat(100_000));
    assert_eq!(raw(port, request(&huge_url, "").as_bytes()).0, 431);
    // Not HTTP: 400 from hyper.
    assert_eq!(raw(port, b"\x00\x01 nonsense\r\n\r\n").0, 400);
    assert_eq!(
        raw(port, b"GET /et/a/ HTTP/1.1\r\nno colon here\r\n\r\n").0,
        400
    );
    // Neither GET nor HEAD: 405 saying what is allowed.
    let (status, response) = raw(
        port,
        b"POST /et/a/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab",
    );
    assert_eq!(status, 405);
    assert!(response.contains("Allow: GET, HEAD"), "{response}");
    // Limits are limits, not a ban: a long but allowed request is still served.
    let ok_url = format!("/et/a/?{}", "q".repeat(7_000));
    let ok_headers = format!("X-Big: {}\r\n", "v".repeat(12_000));
    let (status, response) = raw(port, request(&ok_url, &ok_headers).as_bytes());
    assert_eq!(status, 200);
    assert!(response.contains("Algne tekst."));
    // And the server is still there.
    assert_eq!(get(port, "/et/a/").0, 200);
}

/// Counts the CPU time a process used, in clock ticks (1/100 s on Linux).
#[cfg(target_os = "linux")]
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may contain spaces): state is the
    // 3rd field of the whole line, utime the 14th and stime the 15th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn running_out_of_file_handles_does_not_spin() {
    const LIMIT: usize = 64;
    let f = site();
    let root = f.write();
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -n {LIMIT} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_raamat"))
        .args(["serve", "--quiet", "--port", "0", "--root"])
        .arg(&root);
    let server = start_with(command);
    let pid = server.child.id();
    let open_files = || {
        std::fs::read_dir(format!("/proc/{pid}/fd"))
            .unwrap()
            .count()
    };
    // Connections the server accepts until it has no file handle left; the
    // rest wait in the listen queue, so the listener stays ready.
    let held: Vec<TcpStream> = (0..LIMIT + 40)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    let deadline = Instant::now() + Duration::from_secs(5);
    while open_files() < LIMIT {
        assert!(
            Instant::now() < deadline,
            "the server never ran out: {} open",
            open_files()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Out of handles, a busy accept loop would use a whole core.
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid) - before;
    assert!(
        used < 40,
        "{used} ticks of CPU in 2 s while out of file handles"
    );
    // Once handles come back, requests are answered again.
    drop(held);
    let started = Instant::now();
    let (status, body) = get(server.port, "/et/a/");
    assert_eq!(status, 200);
    assert!(body.contains("Algne tekst."));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "{took:?}");
}
