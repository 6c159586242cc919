//! `raamat serve`: build, serve the output on a local address, watch the
//! sources, rebuild what a change affects, and reload open pages.

mod http;
mod watch;

pub use http::{mime_type, resolve};

use crate::build::{build_session, BuildOptions, BuildReport, Session, UsageError};
use crate::diagnostics::{Diagnostic, Severity};
use http::State;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
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

/// Updates each changed page on its own; `None` if any of them needs a full build.
fn update_pages(session: &mut Session, files: &[PathBuf]) -> Option<Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    for f in files {
        diagnostics.extend(session.update_page(f)?);
    }
    Some(diagnostics)
}

/// Runs until the process is stopped. Returns only on a usage error or when
/// the server cannot start.
pub fn serve(opts: &ServeOptions, console: &mut dyn Console) -> Result<(), String> {
    let root = opts.build.root.clone();
    let out = opts
        .build
        .out
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let build_opts = BuildOptions {
        out: Some(out.clone()),
        ..opts.build.clone()
    };
    let (report, mut session) =
        build_session(&build_opts).map_err(|e: UsageError| e.to_string())?;
    console.built(&report);
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let base_path = session
        .as_ref()
        .map_or("/".into(), |s: &Session| s.site.config.base_path());
    let state = Arc::new(State::new(out.clone(), base_path));
    if !report.succeeded() {
        state.errors(overlay(&report.diagnostics, &root));
    }
    let listener = bind(opts.bind, opts.port)
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    http::start(listener, Arc::clone(&state))
        .map_err(|e| format!("cannot start the server on {addr}: {e}"))?;
    let changes =
        watch::watch(&root, &out).map_err(|e| format!("cannot watch the sources: {e}"))?;
    console.ready(addr);

    // After a failed full build, only a full build can tell whether all is well again.
    let mut needs_full = !report.succeeded();
    for change in changes {
        let start = Instant::now();
        let updated = match (&change, session.as_mut(), needs_full) {
            (Change::Pages(files), Some(s), false) => {
                update_pages(s, files).map(|d| (files.clone(), d))
            }
            (Change::Course(id), Some(s), false) => s
                .update_course(id)
                .map(|d| (vec![root.join("courses").join(id)], d)),
            _ => None,
        };
        if let Some((files, diagnostics)) = updated {
            console.updated(&files, &diagnostics, start.elapsed().as_secs_f64() * 1000.0);
            if has_errors(&diagnostics) {
                // Until a full build passes, a later edit elsewhere must not hide these.
                needs_full = true;
                state.errors(overlay(&diagnostics, &root));
            } else {
                state.reload();
            }
            continue;
        }
        match build_session(&build_opts) {
            Ok((report, new_session)) => {
                console.built(&report);
                if report.succeeded() {
                    session = new_session;
                    needs_full = false;
                    state.reload();
                } else {
                    needs_full = true;
                    state.errors(overlay(&report.diagnostics, &root));
                }
            }
            Err(e) => {
                needs_full = true;
                state.errors(format!(
                    "<p>{}</p>",
                    e.to_string().replace('&', "&amp;").replace('<', "&lt;")
                ));
            }
        }
    }
    Ok(())
}
