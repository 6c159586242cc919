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
    let mut child = Command::new(env!("CARGO_BIN_EXE_raamat"))
        .args(["serve", "--quiet", "--port", "0", "--root"])
        .arg(root)
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

/// Status code and body of a raw GET (the path is sent exactly as given).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
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
    events.wait_for("event: reload");
    let (_, html) = get(server.port, "/et/a/");
    assert!(html.contains("Muudetud tekst."), "{html}");
    // A title change affects other pages (navigation, links): they are rebuilt too.
    std::fs::write(
        root.join("content/a.et.md"),
        md("Uus pealkiri", "", "Muudetud tekst.\n"),
    )
    .unwrap();
    events.wait_for("event: reload");
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
    // Fixing it reloads.
    std::fs::write(
        root.join("content/a.et.md"),
        md("Esimene", "", "Parandatud.\n"),
    )
    .unwrap();
    events.wait_for("event: reload");
    assert!(get(server.port, "/et/a/").1.contains("Parandatud."));
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
    events.wait_for("event: reload");
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
