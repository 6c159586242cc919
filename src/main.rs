//! The `raamat` command line: parses arguments, calls the library, prints, exits.

use clap::{Parser, Subcommand};
use raamat::build::{BuildOptions, BuildReport};
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn Markdown handbooks into a bilingual website.
///
/// Run `raamat build` in the folder that holds raamat.toml. The site is written
/// to public/. Errors name the file and line to fix; the previous public/ is
/// kept when the build fails.
#[derive(Parser)]
#[command(name = "raamat", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website into public/ (or --out DIR).
    Build {
        /// The site's folder (where raamat.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site. Replaced only when the build succeeds.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also publish pages marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, drafts } => {
            match raamat::build(&BuildOptions { root, out, drafts }) {
                Ok(report) => {
                    print_report(&report);
                    if report.succeeded() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                }
                Err(usage) => {
                    eprintln!("error: {usage}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn print_report(report: &BuildReport) {
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
    if !report.untranslated.is_empty() {
        eprintln!("not translated:");
        for u in &report.untranslated {
            eprintln!(
                "  {} missing in {} (translate {})",
                if u.path.is_empty() {
                    "(home page)"
                } else {
                    &u.path
                },
                u.lang,
                u.source.display()
            );
        }
    }
    for (path, size) in &report.packages {
        eprintln!("package {path} ({:.1} kB)", *size as f64 / 1000.0);
    }
    let secs = report.elapsed.as_secs_f64();
    if report.succeeded() {
        let pages: Vec<String> = report
            .pages
            .iter()
            .map(|(lang, n, fallback)| {
                if *fallback > 0 {
                    format!("{lang} {n} ({fallback} untranslated)")
                } else {
                    format!("{lang} {n}")
                }
            })
            .collect();
        println!(
            "built site → {} · pages: {} · {} package(s) · {} warning(s) · {secs:.2} s",
            report.out.display(),
            pages.join(", "),
            report.packages.len(),
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
