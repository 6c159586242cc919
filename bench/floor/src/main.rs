//! The raw floor of a static-site build, for bench/compare.py and bench/guard.py:
//! read every `.md` below a folder, drop the front matter, render the Markdown with
//! pulldown-cmark (tables, footnotes, heading attributes) and write
//! `<out>/<path without .md>/index.html`, on all cores (std::thread::scope).
//! No templates, no links, no navigation: what any generator must at least do.
//!
//! Usage: raamat-floor <content-dir> <out-dir>

use pulldown_cmark::{html, Options, Parser};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let path = e.path();
        if e.file_type()?.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// The text after a `+++` or `---` front matter block (all of it when there is none).
fn body(text: &str) -> &str {
    for fence in ["+++", "---"] {
        if let Some(rest) = text.strip_prefix(fence) {
            if let Some(end) = rest.find(&format!("\n{fence}")) {
                let after = &rest[end + 1 + fence.len()..];
                return after.strip_prefix('\n').unwrap_or(after);
            }
        }
    }
    text
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: raamat-floor <content-dir> <out-dir>");
        std::process::exit(2);
    }
    let (src, out) = (Path::new(&args[1]), Path::new(&args[2]));
    let mut files = Vec::new();
    collect(src, &mut files).expect("read the content folder");
    files.sort();
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_SMART_PUNCTUATION);
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut html_out = String::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let text = std::fs::read_to_string(file).expect("read a page");
                    html_out.clear();
                    html_out.push_str("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
                    html::push_html(&mut html_out, Parser::new_ext(body(&text), opts));
                    html_out.push_str("</body></html>\n");
                    let rel = file.strip_prefix(src).unwrap().with_extension("");
                    let dir = out.join(rel);
                    std::fs::create_dir_all(&dir).expect("create the output folder");
                    std::fs::write(dir.join("index.html"), &html_out).expect("write a page");
                }
            });
        }
    });
    println!("{} pages", files.len());
}
