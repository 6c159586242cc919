//! The `raamat` command line: parses arguments, calls the library, prints, exits.

use clap::{Args, Parser, Subcommand, ValueEnum};
use raamat::build::{BuildOptions, BuildReport};
use raamat::diagnostics::Diagnostic;
use raamat::report;
use raamat::scaffold::NewError;
use raamat::serve::{Console, ServeOptions};
use raamat::usage::UsageError;
use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// A build makes and frees millions of small strings on every core; glibc's
// allocator spent a fifth of the build's time in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn Markdown handbooks and courses into a bilingual website and SCORM packages.
///
/// Run the commands in the folder that holds raamat.toml (or pass --root).
/// Errors name the file, line and column to fix; a failed build keeps the
/// previous output.
#[derive(Parser)]
#[command(name = "raamat", version, about, long_about)]
struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each untranslated page in `check`.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct SiteArgs {
    /// The site's folder (where raamat.toml is).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Also publish pages marked draft = true.
    #[arg(long)]
    drafts: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website and course packages into public/ (or --out DIR).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site. Replaced only when the build succeeds.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Preview the site in a browser; it updates by itself when you save a file.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site (default: public/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Address to listen on. Only change it if you know you need to.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Port; if it is taken, the next free one is used.
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Run every check without writing the site; show what is not translated.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// text for people, json for scripts and CI
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail (exit code 1) on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Create a site, a page or a course in every language.
    #[command(subcommand)]
    New(New),
    /// Keep translations true: record what they were made from, hand pages to a
    /// translator as XLIFF and bring the translations back.
    #[command(subcommand)]
    Translate(Translate),
}

#[derive(Subcommand)]
enum Translate {
    /// Record that the translations below PATH… match today's originals
    /// (writes `translated_from` into their front matter, nothing else).
    Mark {
        /// Translations, originals or folders, e.g. content/handbook courses.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The language of the translations, e.g. ru.
        #[arg(long)]
        lang: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write an XLIFF 2.0 file for a translator or translation agency.
    Export {
        /// Originals or folders to export (default: all).
        paths: Vec<PathBuf>,
        /// The language to translate into, e.g. ru.
        #[arg(long)]
        lang: String,
        /// Only pages with no translation yet.
        #[arg(long)]
        missing: bool,
        /// Only translations older than their original (with --missing: both).
        #[arg(long)]
        stale: bool,
        /// The XLIFF file to write.
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write the translations of a filled-in XLIFF file into the site.
    Import {
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum New {
    /// A new site in DIR, with a sample handbook chapter and course.
    Site { dir: PathBuf },
    /// A page: SECTION/NAME under content/, e.g. handbook/kriisiabi.
    Page {
        path: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A course under courses/ID with an introduction module and a final test.
    Course {
        id: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

fn main() -> ExitCode {
    // mimalloc's arenas asked for transparent huge pages: 2 MiB of memory
    // for every page touched, a quarter more memory on a small site, no
    // measurable gain in time on a big one.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    match cli.command {
        Command::Build { site, out } => build(site, out, verbosity),
        Command::Serve {
            site,
            out,
            bind,
            port,
        } => serve(site, out, bind, port, verbosity),
        Command::Check {
            site,
            format,
            strict,
        } => check(site, format, strict, verbosity),
        Command::New(what) => new(what, verbosity),
        Command::Translate(what) => translate(what, verbosity),
    }
}

/// Every command's usage error: the message, exit code 2.
fn usage_error(e: UsageError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

/// Diagnostics, quiet mode keeping only errors.
fn print_diagnostics(diagnostics: &[Diagnostic], root: &Path, verbosity: Verbosity) {
    let shown: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            verbosity != Verbosity::Quiet || d.severity == raamat::diagnostics::Severity::Error
        })
        .cloned()
        .collect();
    // A closed stderr leaves nothing to report to.
    let _ = report::eprint_diagnostics(&shown, root);
}

fn show_progress(verbosity: Verbosity) -> bool {
    verbosity != Verbosity::Quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
}

fn build(site: SiteArgs, out: Option<PathBuf>, verbosity: Verbosity) -> ExitCode {
    let opts = BuildOptions {
        root: site.root.clone(),
        out,
        drafts: site.drafts,
        preview: false,
    };
    let progress = show_progress(verbosity).then(raamat::build::progress_bar);
    match raamat::build::build_with_progress(&opts, progress.as_ref()) {
        Ok(report) => {
            print_report(&report, &site.root, verbosity);
            if report.succeeded() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(usage) => usage_error(usage),
    }
}

fn print_report(report: &BuildReport, root: &Path, verbosity: Verbosity) {
    print_diagnostics(&report.diagnostics, root, verbosity);
    if verbosity == Verbosity::Quiet {
        return;
    }
    if !report.untranslated.is_empty() {
        eprintln!("not translated:");
        for u in &report.untranslated {
            let path = if u.path.is_empty() {
                "(home page)"
            } else {
                &u.path
            };
            eprintln!(
                "  {path} missing in {} (translate {})",
                u.lang,
                u.source.display()
            );
        }
    }
    if let Some(sentence) = &report.unknown_provenance {
        eprintln!("{sentence}");
    }
    for (path, size) in &report.packages {
        eprintln!("package {path} ({:.1} kB)", *size as f64 / 1000.0);
    }
    for (path, size) in &report.offline {
        eprintln!("offline copy {path} ({:.1} kB)", *size as f64 / 1000.0);
    }
    for (lang, documents, bytes) in &report.search {
        eprintln!(
            "search index {lang}: {documents} sections ({:.1} kB)",
            *bytes as f64 / 1000.0
        );
    }
    let secs = report.elapsed.as_secs_f64();
    if report.succeeded() {
        let pages: Vec<String> = report
            .pages
            .iter()
            .map(|(lang, n, fallback)| {
                let stale = report
                    .stale
                    .iter()
                    .find(|(l, _)| l == lang)
                    .map_or(0, |(_, s)| *s);
                let notes: Vec<String> = [(*fallback, "untranslated"), (stale, "stale")]
                    .iter()
                    .filter(|(k, _)| *k > 0)
                    .map(|(k, what)| format!("{k} {what}"))
                    .collect();
                if notes.is_empty() {
                    format!("{lang} {n}")
                } else {
                    format!("{lang} {n} ({})", notes.join(", "))
                }
            })
            .collect();
        let kb: usize = report.packages.iter().map(|(_, s)| s).sum();
        println!(
            "built site → {} · pages: {} · {} package(s), {:.1} kB · {} warning(s) · {secs:.2} s",
            report.out.display(),
            pages.join(", "),
            report.packages.len(),
            kb as f64 / 1000.0,
            report.warnings()
        );
    } else {
        println!(
            "build failed: {} error(s), {} warning(s) · {secs:.2} s · {} left unchanged",
            report.errors(),
            report.warnings(),
            report.out.display()
        );
    }
}

/// Prints what `raamat serve` does.
struct Terminal {
    root: PathBuf,
    verbosity: Verbosity,
}

impl Console for Terminal {
    fn ready(&mut self, addr: SocketAddr) {
        println!(
            "Serving {} at http://{addr}/ (press Ctrl-C to stop)",
            self.root.display()
        );
    }

    fn built(&mut self, report: &BuildReport) {
        print_report(report, &self.root, self.verbosity);
    }

    fn updated(&mut self, files: &[PathBuf], diagnostics: &[Diagnostic], millis: f64) {
        print_diagnostics(diagnostics, &self.root, self.verbosity);
        if self.verbosity != Verbosity::Quiet {
            let names: Vec<String> = files
                .iter()
                .map(|f| {
                    f.strip_prefix(&self.root)
                        .unwrap_or(f)
                        .display()
                        .to_string()
                })
                .collect();
            let failed = diagnostics
                .iter()
                .any(|d| d.severity == raamat::diagnostics::Severity::Error);
            let what = if failed { "not updated" } else { "updated" };
            println!("{what}: {} · {millis:.0} ms", names.join(", "));
        }
    }

    fn caught_up(&mut self, diagnostics: &[Diagnostic], millis: f64) {
        print_diagnostics(diagnostics, &self.root, self.verbosity);
        if self.verbosity != Verbosity::Quiet {
            println!("search and offline copies updated · {millis:.0} ms");
        }
    }
}

fn serve(
    site: SiteArgs,
    out: Option<PathBuf>,
    bind: IpAddr,
    port: u16,
    verbosity: Verbosity,
) -> ExitCode {
    let opts = ServeOptions {
        build: BuildOptions {
            root: site.root.clone(),
            out: out.clone(),
            drafts: site.drafts,
            preview: false,
        },
        bind,
        port,
    };
    let out_dir = out.unwrap_or_else(|| site.root.join("public"));
    // Ctrl-C: remove a half-written staging folder, keep the last good output.
    let cleanup_out = out_dir.clone();
    let _ = ctrlc::set_handler(move || {
        raamat::output::remove_staging(&cleanup_out);
        println!();
        std::process::exit(0);
    });
    let mut console = Terminal {
        root: site.root,
        verbosity,
    };
    match raamat::serve::serve(&opts, &mut console) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(e),
    }
}

fn check(site: SiteArgs, format: Format, strict: bool, verbosity: Verbosity) -> ExitCode {
    let report = match raamat::check::check(&site.root, site.drafts) {
        Ok(r) => r,
        Err(usage) => return usage_error(usage),
    };
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report.to_json()).expect("JSON")
        ),
        Format::Text => {
            print_diagnostics(&report.diagnostics, &site.root, verbosity);
            if verbosity != Verbosity::Quiet {
                print!("{}", report.coverage_table());
                print!("{}", report.stale_list());
                if let Some(sentence) = &report.unknown_sentence {
                    println!("{sentence}");
                    if verbosity == Verbosity::Verbose {
                        for (file, _) in &report.unknown {
                            println!("  provenance unknown: {file}");
                        }
                    }
                }
                if verbosity == Verbosity::Verbose {
                    for (path, lang, source) in &report.untranslated {
                        println!("  not in {lang}: {path} ({source})");
                    }
                }
                println!(
                    "check: {} error(s), {} warning(s), {} untranslated page(s), {} stale translation(s)",
                    report.errors(),
                    report.warnings(),
                    report.untranslated.len(),
                    report.stale.len()
                );
            }
        }
    }
    ExitCode::from(report.exit_code(strict))
}

fn translate(what: Translate, verbosity: Verbosity) -> ExitCode {
    use raamat::translation::{mark, xliff, State};
    let say = |line: String| {
        if verbosity != Verbosity::Quiet {
            println!("{line}");
        }
    };
    match what {
        Translate::Mark { paths, lang, root } => match mark::mark(&root, &paths, &lang) {
            Ok(marked) => {
                for m in &marked {
                    let was = match m.was {
                        State::Stale => " (was stale)",
                        _ => "",
                    };
                    say(format!(
                        "marked {} as translated from {}{was}",
                        m.translation.display(),
                        m.original.display()
                    ));
                }
                say(format!("{} translation(s) marked", marked.len()));
                ExitCode::SUCCESS
            }
            Err(e) => usage_error(e),
        },
        Translate::Export {
            paths,
            lang,
            missing,
            stale,
            output,
            root,
        } => {
            let opts = xliff::ExportOptions {
                lang,
                missing,
                stale,
                paths,
                out: output.clone(),
            };
            match xliff::export(&root, &opts) {
                Ok(s) => {
                    say(format!(
                        "wrote {}: {} page(s), {} unit(s), {} to translate, {} words",
                        output.display(),
                        s.files,
                        s.units,
                        s.to_translate,
                        s.words
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => usage_error(e),
            }
        }
        Translate::Import { file, root } => match xliff::import(&root, &file) {
            Ok(s) => {
                for w in &s.written {
                    let what = if w.created { "created" } else { "updated" };
                    say(format!("{what} {}", w.file.display()));
                }
                for (original, units) in &s.incomplete {
                    eprintln!(
                        "warning: {} not imported: no translation for unit(s) {}",
                        original.display(),
                        units.join(", ")
                    );
                }
                say(format!(
                    "{} file(s) written, {} page(s) left out; run raamat check next",
                    s.written.len(),
                    s.incomplete.len()
                ));
                ExitCode::SUCCESS
            }
            Err(xliff::ImportError::Usage(e)) => usage_error(e),
            Err(xliff::ImportError::Mismatch(problems)) => {
                eprintln!("error: nothing was imported: the file does not match today's originals");
                for p in &problems {
                    eprintln!("  {p}");
                }
                eprintln!("  hint: export the pages again (raamat translate export) and carry the translations over in the translation tool");
                ExitCode::from(1)
            }
        },
    }
}

fn new(what: New, verbosity: Verbosity) -> ExitCode {
    let (root, result) = match what {
        New::Site { dir } => (dir.clone(), raamat::scaffold::new_site(&dir)),
        New::Page { path, root } => (
            root.clone(),
            raamat::scaffold::new_page(&root, &path, raamat::i18n::dates::Date::today()),
        ),
        New::Course { id, root } => (root.clone(), raamat::scaffold::new_course(&root, &id)),
    };
    match result {
        Ok(files) => {
            if verbosity != Verbosity::Quiet {
                for f in &files {
                    println!("created {}", root.join(f).display());
                }
                println!("Fill in the TODO markers; raamat check lists them.");
            }
            ExitCode::SUCCESS
        }
        Err(NewError::Usage(e)) => usage_error(e),
        Err(NewError::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
