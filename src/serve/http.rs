//! A small HTTP/1.1 server for the live preview: GET and HEAD of files below
//! the output folder, the site's 404 pages, and a Server-Sent Events stream for
//! reload messages. Only for `raamat serve` on a local address.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const EVENTS_PATH: &str = "/__raamat/events";
pub const SCRIPT_PATH: &str = "/__raamat/livereload.js";
const LIVERELOAD_JS: &str = include_str!("livereload.js");

/// What the server shares with the rebuild loop.
pub struct State {
    pub out: PathBuf,
    /// The site's path prefix from `base_url` (`/` or `/juhend/`).
    pub base_path: String,
    /// Increased by every successful rebuild; pages reload when it changes.
    pub build_id: Mutex<u64>,
    /// The overlay's HTML while the last rebuild failed.
    pub errors_html: Mutex<Option<String>>,
    clients: Mutex<Vec<Sender<String>>>,
}

impl State {
    pub fn new(out: PathBuf, base_path: String) -> State {
        State {
            out,
            base_path,
            build_id: Mutex::new(start_id()),
            errors_html: Mutex::new(None),
            clients: Mutex::new(Vec::new()),
        }
    }

    fn send_all(&self, message: String) {
        self.clients
            .lock()
            .expect("clients lock")
            .retain(|c| c.send(message.clone()).is_ok());
    }

    /// Tells every open page to reload.
    pub fn reload(&self) {
        let id = {
            let mut id = self.build_id.lock().expect("build id lock");
            *id += 1;
            *id
        };
        *self.errors_html.lock().expect("errors lock") = None;
        self.send_all(format!("event: reload\ndata: {id}\n\n"));
    }

    /// Shows the errors on every open page; the pages stay as they are.
    pub fn errors(&self, html: String) {
        let data = serde_json::json!({ "html": html }).to_string();
        *self.errors_html.lock().expect("errors lock") = Some(html);
        self.send_all(format!("event: errors\ndata: {data}\n\n"));
    }
}

/// Differs between server runs, so pages open across a restart reload.
fn start_id() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_millis() as u64)
}

/// Serves until the process ends.
pub fn run(listener: TcpListener, state: Arc<State>) {
    for stream in listener.incoming().flatten() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            let _ = handle(stream, &state);
        });
    }
}

fn handle(stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.by_ref().take(8192).read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.by_ref().take(8192).read_line(&mut header)? == 0
            || header == "\r\n"
            || header == "\n"
        {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"only GET and HEAD",
            false,
        );
    }
    let head = method == "HEAD";
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        return events(stream, state);
    }
    if path == SCRIPT_PATH {
        return respond(
            &mut stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            LIVERELOAD_JS.as_bytes(),
            head,
        );
    }
    match resolve(&state.out, &state.base_path, path) {
        Some(file) => {
            let bytes = std::fs::read(&file)?;
            let mime = mime_type(&file);
            let body = if mime.starts_with("text/html") {
                inject(bytes)
            } else {
                bytes
            };
            respond(&mut stream, "200 OK", mime, &body, head)
        }
        None => {
            let page = not_found_page(&state.out, &state.base_path, path);
            let body = page
                .map(inject)
                .unwrap_or_else(|| b"404 Not Found".to_vec());
            respond(
                &mut stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
                head,
            )
        }
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    mime: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Keeps the connection open and forwards reload and error messages.
fn events(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    let (tx, rx): (Sender<String>, Receiver<String>) = channel();
    state.clients.lock().expect("clients lock").push(tx);
    let id = *state.build_id.lock().expect("build id lock");
    write!(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n")?;
    write!(stream, "retry: 300\nevent: hello\ndata: {id}\n\n")?;
    if let Some(html) = state.errors_html.lock().expect("errors lock").clone() {
        write!(
            stream,
            "event: errors\ndata: {}\n\n",
            serde_json::json!({ "html": html })
        )?;
    }
    stream.flush()?;
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => stream.write_all(message.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

/// Adds the live-reload script; only the preview server does this.
fn inject(mut html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(pos) => {
            let mut s = text.into_owned();
            s.insert_str(pos, &tag);
            s.into_bytes()
        }
        None => {
            html.extend_from_slice(tag.as_bytes());
            html
        }
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file a URL path names inside `out`, or `None` (404). Never leaves `out`:
/// `..`, backslashes and NUL are refused after percent-decoding, and the
/// result must still be inside `out` once links are resolved.
pub fn resolve(out: &Path, base_path: &str, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let rest = decoded
        .strip_prefix(base_path)
        .or_else(|| decoded.strip_prefix('/'))?;
    let mut file = out.to_path_buf();
    for segment in rest.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let real = file.canonicalize().ok()?;
    let root = out.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

/// The language's 404 page for paths under a language prefix, else the root one.
fn not_found_page(out: &Path, base_path: &str, url_path: &str) -> Option<Vec<u8>> {
    let rest = url_path.strip_prefix(base_path).unwrap_or(url_path);
    let lang = rest.split('/').find(|s| !s.is_empty()).unwrap_or("");
    let candidates = [
        (!lang.is_empty() && !lang.contains("..")).then(|| out.join(lang).join("404.html")),
        Some(out.join("404.html")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|p| std::fs::read(p).ok())
}

pub fn mime_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("vtt") => "text/vtt; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        Some("mp3") => "audio/mpeg",
        Some("ogg") => "audio/ogg",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("et")).unwrap();
        std::fs::write(out.join("et/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        assert!(resolve(&out, "/", "/et/").is_some());
        assert!(resolve(&out, "/", "/../secret.txt").is_none());
        assert!(resolve(&out, "/", "/%2e%2e/secret.txt").is_none());
        assert!(resolve(&out, "/", "/et/%2E%2E/%2e%2e/secret.txt").is_none());
        assert!(resolve(&out, "/", "/et/..%5c..%5csecret.txt").is_none());
        assert!(
            resolve(&out, "/", "/").is_none(),
            "no listing of a folder without index.html"
        );
    }
}
