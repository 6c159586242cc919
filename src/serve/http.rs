//! The preview server of `raamat serve`: GET and HEAD of files below the
//! output folder, the site's 404 pages, and a Server-Sent Events stream for
//! reload messages. Only for a local address.
//!
//! HTTP/1.1 is hyper's. One thread runs a single-threaded tokio runtime on
//! which every connection is a task (not a thread), at most
//! [`MAX_CONNECTIONS`] at a time; files are read and pages prepared on tokio's
//! blocking pool of at most [`WORKERS`] threads. An event stream is a task
//! that waits for messages, so open pages hold no thread at all.

use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

pub const EVENTS_PATH: &str = "/__raamat/events";
pub const SCRIPT_PATH: &str = "/__raamat/livereload.js";
const LIVERELOAD_JS: &str = include_str!("livereload.js");

/// Threads that read files and prepare responses.
pub const WORKERS: usize = 8;
/// Open connections; further ones wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 512;
/// Open event streams (pages with live reload); more are answered 503.
pub const MAX_EVENT_STREAMS: usize = 64;
/// A request target longer than this is answered 414.
pub const MAX_URL: usize = 8 * 1024;
/// Header fields adding up to more than this (names, values and their
/// separators) are answered 431.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// More header fields than this are answered 431 (by hyper).
pub const MAX_HEADERS: usize = 100;
/// The most hyper buffers for a request line and its headers; a head that
/// does not end within it is answered 431 (by hyper). Above the two limits
/// before, so that those can give their own answers.
pub const MAX_HEAD: usize = 64 * 1024;
/// A connection that has not sent a whole request head within this time
/// (slow clients, idle keep-alive connections) is closed.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// An event stream without news gets a comment this often, which also notices
/// closed pages.
const PING: Duration = Duration::from_secs(15);
/// Messages waiting for one event stream; a page that reads none of them is
/// disconnected (its browser reconnects and gets the current state).
const STREAM_QUEUE: usize = 16;

/// What the server shares with the rebuild loop.
pub struct State {
    pub out: PathBuf,
    /// The site's path prefix from `base_url` (`/` or `/juhend/`).
    pub base_path: String,
    /// Increased by every successful rebuild; pages reload when it changes.
    pub build_id: Mutex<u64>,
    /// The overlay's HTML while the last rebuild failed.
    pub errors_html: Mutex<Option<String>>,
    clients: Mutex<Vec<mpsc::Sender<Bytes>>>,
    /// Whether the search index and the offline copies are behind pages
    /// updated on their own: a request for them asks (`ask`) for them to be
    /// made again and waits, so that edits never wait for that.
    behind: Mutex<bool>,
    caught_up: Condvar,
    ask: Mutex<Option<Asker>>,
}

type Asker = Box<dyn Fn() + Send>;

/// How long a request for the search index or an offline copy waits for
/// them to catch up (a full build may be running first).
const CATCH_UP_WAIT: Duration = Duration::from_secs(30);

/// A lock that a panic elsewhere does not make unusable: the data behind these
/// locks is always whole (a number, an option, a list).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl State {
    pub fn new(out: PathBuf, base_path: String) -> State {
        State {
            out,
            base_path,
            build_id: Mutex::new(start_id()),
            errors_html: Mutex::new(None),
            clients: Mutex::new(Vec::new()),
            behind: Mutex::new(false),
            caught_up: Condvar::new(),
            ask: Mutex::new(None),
        }
    }

    /// How a request asks for the search index and offline copies to catch up.
    pub fn on_asking(&self, ask: impl Fn() + Send + 'static) {
        *lock(&self.ask) = Some(Box::new(ask));
    }

    /// The search index and offline copies are behind (`true`) or up to date.
    pub fn set_behind(&self, behind: bool) {
        *lock(&self.behind) = behind;
        if !behind {
            self.caught_up.notify_all();
        }
    }

    /// Before a file of the search index or an offline copy is read: if they
    /// are behind, asks for them to catch up and waits until they have.
    fn wait_caught_up(&self) {
        let behind = lock(&self.behind);
        if !*behind {
            return;
        }
        if let Some(ask) = lock(&self.ask).as_ref() {
            ask();
        }
        let waited = self
            .caught_up
            .wait_timeout_while(behind, CATCH_UP_WAIT, |behind| *behind);
        drop(waited.unwrap_or_else(PoisonError::into_inner));
    }

    /// Sends to every open page; drops those that are gone or do not keep up.
    fn send_all(&self, message: String) {
        let message = Bytes::from(message);
        lock(&self.clients).retain(|c| c.try_send(message.clone()).is_ok());
    }

    /// Tells every open page to reload.
    pub fn reload(&self) {
        let id = self.next_build();
        self.send_all(format!("event: reload\ndata: {id}\n\n"));
    }

    /// Tells open pages which pages were written on their own (`written`:
    /// paths below the output folder; `None`: every page). A page that is one
    /// of them takes the new version in place if `in_place`, else it reloads;
    /// others stay as they are.
    pub fn updated(&self, written: Option<&[String]>, in_place: bool) {
        let id = self.next_build();
        let pages: Option<Vec<String>> = written.map(|written| {
            written
                .iter()
                .filter(|rel| rel.ends_with(".html"))
                .map(|rel| {
                    let page = rel.strip_suffix("index.html").unwrap_or(rel);
                    format!("{}{page}", self.base_path)
                })
                .collect()
        });
        let data =
            serde_json::json!({ "id": id.to_string(), "pages": pages, "in_place": in_place });
        self.send_all(format!("event: update\ndata: {data}\n\n"));
    }

    /// A new build id; the errors shown are gone.
    fn next_build(&self) -> u64 {
        let id = {
            let mut id = lock(&self.build_id);
            *id += 1;
            *id
        };
        *lock(&self.errors_html) = None;
        id
    }

    /// Shows the errors on every open page; the pages stay as they are.
    pub fn errors(&self, html: String) {
        let data = serde_json::json!({ "html": html }).to_string();
        *lock(&self.errors_html) = Some(html);
        self.send_all(format!("event: errors\ndata: {data}\n\n"));
    }

    /// The overlay's HTML, if one is shown.
    #[cfg(test)]
    pub fn current_errors(&self) -> Option<String> {
        lock(&self.errors_html).clone()
    }
}

/// Differs between server runs, so pages open across a restart reload.
fn start_id() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_millis() as u64)
}

/// Starts serving on a thread of its own, until the process ends.
pub fn start(listener: TcpListener, state: Arc<State>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(WORKERS)
        .thread_name("raamat-http-worker")
        .build()?;
    let listener = {
        let _context = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    std::thread::Builder::new()
        .name("raamat-http".into())
        .spawn(move || runtime.block_on(accept_loop(listener, state)))?;
    Ok(())
}

/// The wait after a failed `accept`. Errors such as "too many open files"
/// (EMFILE) leave the connection in the listen queue, so the listener stays
/// ready and an immediate retry would fail again at once, round after round:
/// a busy loop. Waiting, longer each time up to a second, lets connections
/// close and file handles come back.
#[derive(Debug, Default)]
pub(crate) struct Backoff {
    delay: Option<Duration>,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(10);
    const MOST: Duration = Duration::from_secs(1);

    /// The next wait.
    pub(crate) fn next_delay(&mut self) -> Duration {
        let delay = self.delay.map_or(Self::FIRST, |d| (d * 2).min(Self::MOST));
        self.delay = Some(delay);
        delay
    }

    /// True while accepting fails (so that it is reported once per streak).
    pub(crate) fn failing(&self) -> bool {
        self.delay.is_some()
    }

    pub(crate) fn reset(&mut self) {
        self.delay = None;
    }
}

/// Errors about one connection that the client already gave up; the next
/// `accept` may well succeed.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused
    )
}

async fn accept_loop(listener: tokio::net::TcpListener, state: Arc<State>) {
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut backoff = Backoff::default();
    loop {
        // At the limit, stop accepting until a connection ends.
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return;
        };
        match listener.accept().await {
            Ok((stream, _)) => {
                backoff.reset();
                tokio::spawn(connection(stream, Arc::clone(&state), permit));
            }
            Err(e) if is_connection_error(&e) => {}
            Err(e) => {
                if !backoff.failing() {
                    eprintln!("raamat serve: cannot accept connections ({e}); retrying");
                }
                tokio::time::sleep(backoff.next_delay()).await;
            }
        }
    }
}

async fn connection(
    stream: tokio::net::TcpStream,
    state: Arc<State>,
    _permit: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |request| {
        let state = Arc::clone(&state);
        async move { Ok::<_, Infallible>(answer(request, state).await) }
    });
    // Ends when the client closes, after a request with `Connection: close`,
    // on a malformed or oversized request (answered first), or after
    // HEAD_TIMEOUT without a whole request head.
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_headers(MAX_HEADERS)
        // Header names as browsers and the earlier server spell them.
        .title_case_headers(true)
        .max_header_size(MAX_HEAD)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

async fn answer(request: Request<Incoming>, state: Arc<State>) -> Response<Body> {
    if let Some(refusal) = refuse(&request) {
        return refusal;
    }
    let head = request.method() == Method::HEAD;
    let path = request.uri().path().to_owned();
    if path == EVENTS_PATH {
        return events(&state, head);
    }
    on_worker(move || serve_path(&state, &path, head)).await
}

/// The answer to a request that gets no content: too long, too large, or
/// neither GET nor HEAD.
fn refuse<B>(request: &Request<B>) -> Option<Response<Body>> {
    let head = request.method() == Method::HEAD;
    // A client sending such requests is not one to keep talking to.
    let closing = |mut response: Response<Body>| {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
        Some(response)
    };
    if request.uri().to_string().len() > MAX_URL {
        return closing(plain(StatusCode::URI_TOO_LONG, "URL too long", head));
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return closing(plain(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request headers too large",
            head,
        ));
    }
    if request.method() != Method::GET && !head {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD", false);
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(response);
    }
    None
}

/// Runs `work` on the worker pool. A panic there becomes a 500 for this
/// request; the worker, the connection's task and the server go on.
pub(crate) async fn on_worker<F>(work: F) -> Response<Body>
where
    F: FnOnce() -> Response<Body> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(response) => response,
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "raamat hit an internal error while answering this request. Please report this.",
            false,
        ),
    }
}

/// The live-reload script, a file of the output folder, or a 404 page.
fn serve_path(state: &State, path: &str, head: bool) -> Response<Body> {
    if path == SCRIPT_PATH {
        return respond(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            LIVERELOAD_JS.as_bytes().to_vec(),
            head,
        );
    }
    // Made again only when asked for, by reading them (`State::behind`): the
    // search index (`search/<lang>/…`) and the offline copies (`<lang>/<book>.zip`;
    // a course's packages are made with its pages).
    let rel = path.strip_prefix(state.base_path.as_str()).unwrap_or(path);
    let derived = (rel.starts_with("search/") && rel.ends_with(".js"))
        || (rel.ends_with(".zip") && rel.matches('/').count() == 1);
    if derived {
        state.wait_caught_up();
    }
    // Read before the file: a build's pages are written before its id is
    // given out, so the page is at least as new as the id it carries.
    let build = *lock(&state.build_id);
    let Some(file) = resolve(&state.out, &state.base_path, path) else {
        return not_found(state, path, head);
    };
    match std::fs::read(&file) {
        Ok(bytes) => {
            let mime = mime_type(&file);
            let body = if mime.starts_with("text/html") {
                inject(bytes, build)
            } else {
                bytes
            };
            respond(StatusCode::OK, mime, body, head)
        }
        // Gone since `resolve`: a rebuild replaced the output folder.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => not_found(state, path, head),
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "cannot read the file",
            head,
        ),
    }
}

/// Shown when there is no output at all: the first build failed and there
/// was no earlier one. With the live-reload script, so that the errors show
/// over it and the tab goes to the page once they are fixed.
const NOTHING_BUILT: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n<title>raamat: not built yet</title>\n<body>\n<p>The site has not been built yet: its errors are shown over this page. It appears here as soon as they are fixed.</p>\n</body>\n</html>\n";

fn not_found(state: &State, path: &str, head: bool) -> Response<Body> {
    let build = *lock(&state.build_id);
    let page = not_found_page(&state.out, &state.base_path, path).or_else(|| {
        let nothing = !state.out.join("index.html").exists();
        nothing.then(|| NOTHING_BUILT.as_bytes().to_vec())
    });
    let body = page
        .map(|page| inject(page, build))
        .unwrap_or_else(|| b"404 Not Found".to_vec());
    respond(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        body,
        head,
    )
}

/// A response with `Cache-Control: no-store`; for HEAD without the body but
/// with its length.
fn respond(status: StatusCode, mime: &'static str, body: Vec<u8>, head: bool) -> Response<Body> {
    let length = HeaderValue::from(body.len());
    let mut response = Response::new(if head {
        Body::empty()
    } else {
        Body::full(body)
    });
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(CONTENT_LENGTH, length);
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn plain(status: StatusCode, text: &'static str, head: bool) -> Response<Body> {
    respond(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
        head,
    )
}

/// Opens an event stream: `hello` with the build id, the errors shown now if
/// any, then every reload and errors message, and a ping when nothing else
/// was sent for a while. The stream is a task of the runtime, not a thread.
fn events(state: &State, head: bool) -> Response<Body> {
    let body = if head {
        Body::empty()
    } else {
        let mut clients = lock(&state.clients);
        clients.retain(|c| !c.is_closed());
        if clients.len() >= MAX_EVENT_STREAMS {
            return plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "too many open pages",
                false,
            );
        }
        let (tx, rx) = mpsc::channel(STREAM_QUEUE);
        // Under the clients lock: no message can come between these and the
        // stream's registration.
        let mut first = format!(
            "retry: 300\nevent: hello\ndata: {}\n\n",
            *lock(&state.build_id)
        );
        if let Some(html) = lock(&state.errors_html).as_ref() {
            first.push_str(&format!(
                "event: errors\ndata: {}\n\n",
                serde_json::json!({ "html": html })
            ));
        }
        // The queue is new and empty: this cannot fail.
        let _ = tx.try_send(Bytes::from(first));
        clients.push(tx);
        Body::events(rx)
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A response body: bytes known in advance, or an event stream.
pub(crate) enum Body {
    Full(Option<Bytes>),
    Events {
        messages: mpsc::Receiver<Bytes>,
        ping: Pin<Box<tokio::time::Sleep>>,
    },
}

impl Body {
    fn empty() -> Body {
        Body::Full(None)
    }

    fn full(bytes: Vec<u8>) -> Body {
        Body::Full((!bytes.is_empty()).then(|| Bytes::from(bytes)))
    }

    /// Must be called within the runtime (it starts a timer).
    fn events(messages: mpsc::Receiver<Bytes>) -> Body {
        Body::Events {
            messages,
            ping: Box::pin(tokio::time::sleep(PING)),
        }
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Events { messages, ping } => {
                let next = match messages.poll_recv(cx) {
                    // The server dropped this stream: end it.
                    Poll::Ready(None) => return Poll::Ready(None),
                    Poll::Ready(Some(message)) => message,
                    Poll::Pending => match ping.as_mut().poll(cx) {
                        Poll::Ready(()) => Bytes::from_static(b": ping\n\n"),
                        Poll::Pending => return Poll::Pending,
                    },
                };
                ping.as_mut().reset(tokio::time::Instant::now() + PING);
                Poll::Ready(Some(Ok(Frame::data(next))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Events { .. } => SizeHint::default(),
        }
    }
}

/// Adds the live-reload script; only the preview server does this. `build`
/// is the build the page is from: a tab that opens its event stream after a
/// newer build was announced learns from the stream's `hello` that it is
/// behind.
fn inject(mut html: Vec<u8>, build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-build=\"{build}\"></script>");
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

/// The file a URL path names inside `out`, or `None` (404). Never leaves `out`:
/// `..`, backslashes and NUL are refused after percent-decoding, and the
/// result must still be inside `out` once links are resolved.
pub fn resolve(out: &Path, base_path: &str, url_path: &str) -> Option<PathBuf> {
    let decoded = crate::content::paths::percent_decode_strict(url_path)?;
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

    /// While the search index is behind, a request for one of its files asks
    /// for it to catch up and gets the file made then; a page or a course's
    /// package does not wait.
    #[test]
    fn a_search_file_waits_for_the_index_to_catch_up_and_a_page_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_path_buf();
        std::fs::create_dir_all(out.join("search/et")).unwrap();
        std::fs::write(out.join("search/et/index.js"), "old").unwrap();
        std::fs::write(out.join("index.html"), "page").unwrap();
        let state = Arc::new(State::new(out.clone(), "/".into()));
        let asked = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (state2, asked2) = (Arc::clone(&state), Arc::clone(&asked));
        state.on_asking(move || {
            asked2.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            // The serve loop, a little later: the index made again.
            let (state, out) = (Arc::clone(&state2), out.clone());
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                std::fs::write(out.join("search/et/index.js"), "new").unwrap();
                state.set_behind(false);
            });
        });
        let body = |response: Response<Body>| match response.into_body() {
            Body::Full(Some(bytes)) => bytes.to_vec(),
            _ => panic!("a whole body"),
        };
        state.set_behind(true);
        let page = serve_path(&state, "/", false);
        assert_eq!(page.status(), StatusCode::OK);
        let package = serve_path(&state, "/courses/k/k-et-scorm12.zip", false);
        assert_eq!(package.status(), StatusCode::NOT_FOUND);
        let asked_now = asked.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(asked_now, 0, "a page or a course's package does not ask");
        let index = serve_path(&state, "/search/et/index.js", false);
        assert_eq!(body(index), b"new");
        assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 1);
        // Up to date: the next request neither asks nor waits.
        let index = serve_path(&state, "/search/et/index.js", false);
        assert_eq!(body(index), b"new");
        assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    /// A page names the build it is from, so a tab that missed that build's
    /// announcement can tell it is behind.
    #[test]
    fn a_page_names_the_build_it_is_from() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<body>page</body>").unwrap();
        let state = State::new(dir.path().to_path_buf(), "/".into());
        let page = |state: &State| match serve_path(state, "/", false).into_body() {
            Body::Full(Some(bytes)) => String::from_utf8(bytes.to_vec()).unwrap(),
            _ => panic!("a whole body"),
        };
        let tag =
            |id: u64| format!("<script src=\"{SCRIPT_PATH}\" data-build=\"{id}\"></script></body>");
        let first = *lock(&state.build_id);
        assert_eq!(page(&state), format!("<body>page{}", tag(first)));
        state.updated(None, true);
        let now = *lock(&state.build_id);
        assert_ne!(now, first);
        assert!(page(&state).ends_with(&tag(now)));
    }

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

    #[test]
    fn a_panic_while_answering_is_a_500_and_the_worker_goes_on() {
        // One worker only: if the panic took it down, the second request
        // would never be answered.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .max_blocking_threads(1)
            .build()
            .unwrap();
        let status = |work: fn() -> Response<Body>| runtime.block_on(on_worker(work)).status();
        assert_eq!(
            status(|| panic!("a bug while answering")),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            status(|| plain(StatusCode::OK, "fine", false)),
            StatusCode::OK
        );
    }

    #[test]
    fn failing_accepts_wait_longer_each_time_up_to_a_second() {
        let mut backoff = Backoff::default();
        assert!(!backoff.failing());
        let delays: Vec<Duration> = (0..10).map(|_| backoff.next_delay()).collect();
        assert_eq!(delays[0], Duration::from_millis(10));
        assert!(delays.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(delays[9], Duration::from_secs(1));
        assert!(backoff.failing());
        backoff.reset();
        assert_eq!(backoff.next_delay(), Duration::from_millis(10));
    }
}
