//! `raamat serve`: build, serve the output on a local address, watch the
//! sources, rebuild what a change affects, and reload open pages.

#[cfg(test)]
mod edits_test;
mod http;
mod watch;

pub use http::mime_type;

use crate::build::{build_session, BuildOptions, BuildReport, Session, Update};
use crate::content::EntryId;
use crate::diagnostics::{Diagnostic, Severity};
use crate::usage::UsageError;
use http::State;
use std::any::Any;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::Instant;
use watch::Change;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// The first port to try; the next free one is used if it is taken.
    pub port: u16,
}

/// What the serve loop tells the person running it.
pub trait Console: Send {
    /// The server listens at `addr`.
    fn ready(&mut self, addr: SocketAddr);
    /// A full build finished (successfully or not).
    fn built(&mut self, report: &BuildReport);
    /// A page was updated on its own, with these problems.
    fn updated(&mut self, files: &[PathBuf], diagnostics: &[Diagnostic], millis: f64);
    /// The search index and offline copies caught up with the pages updated
    /// on their own, with these problems.
    fn caught_up(&mut self, _diagnostics: &[Diagnostic], _millis: f64) {}
    /// A build panicked (a bug in raamat) with this message. The server goes
    /// on with the last good output; open pages show the same in the overlay.
    fn internal_error(&mut self, message: &str) {
        eprintln!("{}", internal_error_text(message));
    }
}

/// What the terminal and the overlay say when a build panicked.
pub(crate) fn internal_error_text(message: &str) -> String {
    format!(
        "raamat hit an internal error while rebuilding: {message}; \
         the last good version stays. Please report this."
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The message a panic was started with.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

fn bind(addr: IpAddr, first: u16) -> std::io::Result<TcpListener> {
    let mut last = None;
    for port in first..=first.saturating_add(50) {
        match TcpListener::bind(SocketAddr::new(addr, port)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
        if first == 0 {
            break;
        }
    }
    Err(last.expect("at least one attempt"))
}

fn overlay(diagnostics: &[Diagnostic], root: &Path) -> String {
    crate::report::to_html(diagnostics, root)
}

fn has_errors(d: &[Diagnostic]) -> bool {
    d.iter().any(|d| d.severity == Severity::Error)
}

/// Updates each changed page on its own; `None` if any of them needs a full
/// build, or if files saved together gave errors.
fn update_pages(session: &mut Session, files: &[PathBuf]) -> Option<Update> {
    let mut all = Update {
        diagnostics: Vec::new(),
        written: Vec::new(),
        changed: Vec::new(),
        undone: true,
    };
    // Deleted files first: a renamed page's new file may take its old URL.
    let mut files: Vec<&PathBuf> = files.iter().collect();
    files.sort_by_key(|f| f.exists());
    for f in &files {
        let one = session.update_page(f)?;
        all.diagnostics.extend(one.diagnostics);
        all.written.extend(one.written);
        all.changed.extend(one.changed);
        all.undone &= one.undone;
    }
    // Files saved together may need each other (a new page and the edit that
    // links to it): each was checked against the model without the ones after
    // it, so only a full build can tell whether the errors are real.
    if files.len() > 1 && has_errors(&all.diagnostics) {
        return None;
    }
    Some(all)
}

/// Which open pages an update concerns, and how they take it.
#[derive(Clone, Copy)]
enum Reach {
    /// The pages written; they take the new version in place (only text
    /// changed) or else reload (a course's pages carry scripts with state).
    Written { in_place: bool },
    /// Every page, in place (the theme changed).
    Everywhere,
}

/// What one rebuild produced.
enum Outcome {
    /// The changed pages, course or theme were updated on their own.
    Updated {
        files: Vec<PathBuf>,
        update: Update,
        reach: Reach,
    },
    /// A full build ran.
    Built(BuildReport, Option<Box<Session>>),
    /// A full build could not start (a usage error, such as a broken raamat.toml).
    Refused(String),
}

/// Rebuilds what `change` affects: on its own if it can, else everything.
fn rebuild(
    change: &Change,
    session: Option<&mut Session>,
    needs_full: bool,
    root: &Path,
    build_opts: &BuildOptions,
) -> Outcome {
    let updated = match (change, session, needs_full) {
        (Change::Pages(files), Some(s), false) => {
            update_pages(s, files).map(|u| (files.clone(), u, Reach::Written { in_place: true }))
        }
        (Change::Course(id), Some(s), false) => s.update_course(id).map(|u| {
            let files = vec![root.join("courses").join(id)];
            (files, u, Reach::Written { in_place: false })
        }),
        (Change::Theme(files), Some(s), false) => {
            Some((files.clone(), s.update_theme(), Reach::Everywhere))
        }
        _ => None,
    };
    if let Some((files, update, reach)) = updated {
        return Outcome::Updated {
            files,
            update,
            reach,
        };
    }
    match build_session(build_opts) {
        Ok((report, session)) => Outcome::Built(report, session.map(Box::new)),
        Err(e) => Outcome::Refused(e.to_string()),
    }
}

/// What the serve loop keeps between changes.
struct Rebuilder<'a> {
    root: PathBuf,
    state: &'a State,
    /// The last good build's, for updating pages and courses on their own.
    session: Option<Session>,
    /// After errors, or a panic, only a full build can tell whether all is
    /// well again; but see `broken`.
    needs_full: bool,
    /// The files saved in a page update that gave errors and was taken back
    /// (the model and the output as they were before it): the model lacks
    /// only their new text, so an update that reads all of them again can
    /// tell on its own whether all is well. Empty after any other errors.
    broken: Vec<PathBuf>,
    /// Pages updated on their own since the search index and the offline
    /// copies were last made (language and entry).
    behind: Vec<(usize, EntryId)>,
}

impl Rebuilder<'_> {
    /// Runs one rebuild and shows its outcome. A panic inside `rebuild` is
    /// caught: it is shown like errors, the last good output stays served,
    /// and the next change gets a full build.
    fn step<F>(&mut self, console: &mut dyn Console, rebuild: F)
    where
        F: FnOnce(Option<&mut Session>, bool) -> Outcome,
    {
        let start = Instant::now();
        let (session, needs_full) = (self.session.as_mut(), self.needs_full);
        // A panic may leave the session half updated; it is not used again
        // until a full build has replaced it (needs_full).
        let outcome = catch_unwind(AssertUnwindSafe(|| rebuild(session, needs_full)));
        let root = &self.root;
        match outcome {
            Err(panic) => self.panicked(console, panic.as_ref()),
            Ok(Outcome::Updated {
                files,
                update,
                reach,
            }) => {
                let diagnostics = &update.diagnostics;
                console.updated(&files, diagnostics, start.elapsed().as_secs_f64() * 1000.0);
                if has_errors(diagnostics) {
                    // Until a full build passes, or an update of the files
                    // they name, a later edit elsewhere must not hide these.
                    self.needs_full = true;
                    self.broken = match update.undone {
                        true => files.clone(),
                        false => Vec::new(),
                    };
                    self.state.errors(overlay(diagnostics, root));
                } else {
                    (self.needs_full, self.broken) = (false, Vec::new());
                    self.behind.extend(&update.changed);
                    self.state.set_behind(!self.behind.is_empty());
                    match reach {
                        Reach::Written { in_place } => {
                            self.state.updated(Some(&update.written), in_place)
                        }
                        Reach::Everywhere => self.state.updated(None, true),
                    }
                }
            }
            Ok(Outcome::Built(report, new_session)) => {
                console.built(&report);
                if report.succeeded() {
                    self.session = new_session.map(|s| *s);
                    (self.needs_full, self.broken) = (false, Vec::new());
                    self.all_behind();
                    self.state.reload();
                } else {
                    (self.needs_full, self.broken) = (true, Vec::new());
                    self.state.errors(overlay(&report.diagnostics, root));
                }
            }
            Ok(Outcome::Refused(e)) => {
                (self.needs_full, self.broken) = (true, Vec::new());
                self.state.errors(format!("<p>{}</p>", escape(&e)));
            }
        }
    }

    /// Rebuilds what `change` affects, then, if the preview asked for them
    /// (`wanted`), makes the search index and the offline copies catch up.
    fn take(
        &mut self,
        console: &mut dyn Console,
        change: Option<Change>,
        wanted: bool,
        build_opts: &BuildOptions,
    ) {
        if let Some(change) = change {
            if self.fixed_by(&change) {
                self.needs_full = false;
            }
            let root = self.root.clone();
            self.step(console, |session, needs_full| {
                rebuild(&change, session, needs_full, &root, build_opts)
            });
        }
        if wanted {
            self.catch_up(console);
        }
    }

    /// Whether `change` saves again every file of a page update that was
    /// taken back: then the session is as good as before that update, and
    /// the change can be made on its own.
    fn fixed_by(&self, change: &Change) -> bool {
        let Change::Pages(files) = change else {
            return false;
        };
        !self.broken.is_empty() && self.broken.iter().all(|b| files.contains(b))
    }

    /// After a full build, which leaves the search index and the offline
    /// copies to be made when they are asked for: all of them are behind.
    fn all_behind(&mut self) {
        self.behind = self
            .session
            .as_ref()
            .map(Session::everything)
            .unwrap_or_default();
        self.state.set_behind(!self.behind.is_empty());
    }

    /// Makes the search index and the offline copies again for the pages
    /// updated on their own since they were made. A language's index is made
    /// whole, which on a big site takes longer than an edit: this runs when
    /// the preview asks for them ([`Change::Wanted`]), not after each edit.
    /// Open pages stay as they are.
    fn catch_up(&mut self, console: &mut dyn Console) {
        self.catch_up_behind(console);
        // Up to date, or as much as they can be until a full build.
        self.state.set_behind(false);
    }

    /// [`Rebuilder::catch_up`]'s work, if there is any and a session to do it.
    fn catch_up_behind(&mut self, console: &mut dyn Console) {
        if self.needs_full {
            // Kept: an update that fixes the errors makes the session good again.
            return;
        }
        let behind = std::mem::take(&mut self.behind);
        if behind.is_empty() {
            return;
        }
        let config = |s: &&mut Session| s.site.config.search || s.site.config.offline_copies;
        let Some(session) = self.session.as_mut().filter(config) else {
            return;
        };
        let start = Instant::now();
        match catch_unwind(AssertUnwindSafe(|| session.update_search(&behind))) {
            Err(panic) => self.panicked(console, panic.as_ref()),
            Ok(update) => {
                let millis = start.elapsed().as_secs_f64() * 1000.0;
                console.caught_up(&update.diagnostics, millis);
                if has_errors(&update.diagnostics) {
                    (self.needs_full, self.broken) = (true, Vec::new());
                    self.state.errors(overlay(&update.diagnostics, &self.root));
                }
            }
        }
    }

    /// Shows a panic (a bug in raamat) like errors; the last good output
    /// stays served, and only a full build is trusted after it.
    fn panicked(&mut self, console: &mut dyn Console, panic: &(dyn Any + Send)) {
        let message = panic_message(panic);
        (self.needs_full, self.broken) = (true, Vec::new());
        console.internal_error(&message);
        self.state
            .errors(format!("<p>{}</p>", escape(&internal_error_text(&message))));
    }
}

/// Runs until the process is stopped. Returns only on a usage error, which
/// includes a server that cannot start where it was asked to (address,
/// output folder) or cannot watch the sources.
pub fn serve(opts: &ServeOptions, console: &mut dyn Console) -> Result<(), UsageError> {
    let root = opts.build.root.clone();
    let out = opts
        .build
        .out
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let build_opts = BuildOptions {
        out: Some(out.clone()),
        preview: true,
        ..opts.build.clone()
    };
    // A panic in the first build still starts the server, with the previous
    // output (if any) and the overlay.
    let (report, session, panicked) =
        match catch_unwind(AssertUnwindSafe(|| build_session(&build_opts))) {
            Ok(Ok((report, session))) => (Some(report), session, None),
            Ok(Err(e)) => return Err(e),
            Err(panic) => (None, None, Some(panic_message(panic.as_ref()))),
        };
    if let Some(report) = &report {
        console.built(report);
    }
    std::fs::create_dir_all(&out)
        .map_err(|e| UsageError::Refused(format!("cannot create {}: {e}", out.display())))?;
    let base_path = session
        .as_ref()
        .map_or("/".into(), |s: &Session| s.site.config.base_path());
    let state = Arc::new(State::new(out.clone(), base_path));
    let failed = report.filter(|r| !r.succeeded());
    if let Some(report) = &failed {
        state.errors(overlay(&report.diagnostics, &root));
    }
    if let Some(message) = &panicked {
        console.internal_error(message);
        state.errors(format!("<p>{}</p>", escape(&internal_error_text(message))));
    }
    let listener = bind(opts.bind, opts.port).map_err(|e| {
        UsageError::Refused(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| UsageError::Refused(e.to_string()))?;
    http::start(listener, Arc::clone(&state))
        .map_err(|e| UsageError::Refused(format!("cannot start the server on {addr}: {e}")))?;
    let (tx, changes) = channel();
    let wanted = tx.clone();
    state.on_asking(move || {
        let _ = wanted.send(Change::Wanted);
    });
    watch::watch(&root, &out, tx)
        .map_err(|e| UsageError::Refused(format!("cannot watch the sources: {e}")))?;
    console.ready(addr);

    let mut rebuilder = Rebuilder {
        root: root.clone(),
        state: &state,
        session,
        needs_full: failed.is_some() || panicked.is_some(),
        broken: Vec::new(),
        behind: Vec::new(),
    };
    rebuilder.all_behind();
    while let Ok(first) = changes.recv() {
        // Changes that came during the last rebuild (a checkout, a search
        // and replace over many files) are rebuilt as one; then, if the
        // preview asked for them, the search index and offline copies.
        let (mut change, mut wanted): (Option<Change>, bool) = (None, false);
        for next in std::iter::once(first).chain(changes.try_iter()) {
            match next {
                Change::Wanted => wanted = true,
                next => {
                    change = Some(match change.take() {
                        Some(before) => before.merge(next),
                        None => next,
                    })
                }
            }
        }
        rebuilder.take(console, change, wanted, &build_opts);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Recorder {
        built: usize,
        internal_errors: Vec<String>,
    }

    impl Console for Recorder {
        fn ready(&mut self, _: SocketAddr) {}
        fn built(&mut self, _: &BuildReport) {
            self.built += 1;
        }
        fn updated(&mut self, _: &[PathBuf], _: &[Diagnostic], _: f64) {}
        fn internal_error(&mut self, message: &str) {
            self.internal_errors.push(message.to_string());
        }
    }

    fn good_build(out: &Path) -> Outcome {
        let report = BuildReport {
            out: out.to_path_buf(),
            ..BuildReport::default()
        };
        Outcome::Built(report, None)
    }

    /// A page and a new page it links to, saved together: checked one after
    /// the other, the link looks broken; a full build finds it is not.
    #[test]
    fn files_saved_together_that_need_each_other_get_a_full_build() {
        let dir = tempfile::tempdir().unwrap();
        let (root, mut session) = crate::build::tests::session(dir.path());
        let page = root.join("content/osa/a.et.md");
        let new = root.join("content/osa/b.et.md");
        std::fs::write(&page, "+++\ntitle = \"Alfa\"\n+++\nVaata [Beetat](b.md).\n").unwrap();
        std::fs::write(&new, "+++\ntitle = \"Beeta\"\n+++\nTekst.\n").unwrap();
        assert!(update_pages(&mut session, &[page, new]).is_none());
        // One file's own errors are its own: shown, no full build.
        let broken = root.join("content/osa/c.et.md");
        std::fs::write(
            &broken,
            "+++\ntitle = \"Gamma\"\n+++\nVaata [puuduvat](puudub.md).\n",
        )
        .unwrap();
        let update = update_pages(&mut session, &[broken]).expect("on its own");
        assert!(update
            .diagnostics
            .iter()
            .any(|d| d.message.contains("puudub.md")));
    }

    #[test]
    fn a_panicking_rebuild_is_shown_and_the_next_build_clears_it() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::new(dir.path().to_path_buf(), "/".into());
        let first_id = *state.build_id.lock().unwrap();
        let mut rebuilder = Rebuilder {
            root: dir.path().to_path_buf(),
            state: &state,
            session: None,
            needs_full: false,
            broken: Vec::new(),
            behind: Vec::new(),
        };
        let mut console = Recorder::default();

        rebuilder.step(&mut console, |_, _| panic!("index {} out of range", 7));
        let shown = state.current_errors().expect("the overlay shows the panic");
        assert!(
            shown.contains(
                "raamat hit an internal error while rebuilding: index 7 out of range; \
                 the last good version stays. Please report this."
            ),
            "{shown}"
        );
        assert_eq!(console.internal_errors, ["index 7 out of range"]);
        assert_eq!(*state.build_id.lock().unwrap(), first_id, "no reload");
        assert!(
            rebuilder.needs_full,
            "after a panic only a full build can be trusted"
        );

        // A panic carrying markup is escaped in the overlay.
        rebuilder.step(&mut console, |_, _| panic!("<b>&</b>"));
        let shown = state.current_errors().unwrap();
        assert!(shown.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{shown}");

        // The loop goes on: the next change asks for a full build, whose
        // success clears the overlay and reloads the pages.
        let mut asked_full = None;
        rebuilder.step(&mut console, |_, needs_full| {
            asked_full = Some(needs_full);
            good_build(dir.path())
        });
        assert_eq!(asked_full, Some(true));
        assert_eq!(console.built, 1);
        assert_eq!(state.current_errors(), None);
        assert_eq!(*state.build_id.lock().unwrap(), first_id + 1);
        assert!(!rebuilder.needs_full);
    }
}
