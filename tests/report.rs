//! The diagnostics printer: locations, excerpts with markers, hints, colour
//! and the HTML overlay.

use codespan_reporting::term::termcolor::Buffer;
use raamat::diagnostics::Diagnostic;
use raamat::report::{to_html, to_text, write_diagnostics, Style};
use std::path::Path;

const CYRILLIC: &str =
    "---\ntitle = \"Привет\"\n---\nЭто [ссылка](нет.md) в тексте.\nПоследняя строка.\n";

fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

/// The line in `text` that shows source line `n` (`"n │ …"`), and the line under it.
fn source_and_marker(text: &str, n: usize) -> (&str, &str) {
    let lines: Vec<&str> = text.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{n} │ ")))
        .unwrap_or_else(|| panic!("no source line {n} in:\n{text}"));
    (lines[i], lines[i + 1])
}

/// Char index of the first `^` and the number of them.
fn carets(marker: &str) -> (usize, usize) {
    let chars: Vec<char> = marker.chars().collect();
    let first = chars.iter().position(|&c| c == '^').expect("a caret");
    let count = chars[first..].iter().take_while(|&&c| c == '^').count();
    (first, count)
}

#[test]
fn cyrillic_error_points_at_the_right_char() {
    // Column 5 of line 3 is the `[` of the link: 5 chars, but 8 bytes, in.
    let text = "Заголовок\n\nЭто [ссылка](нет.md) в тексте.\n";
    let dir = site(&[("content/intro.ru.md", text.as_bytes())]);
    let d = Diagnostic::error("content/intro.ru.md", 3, "the link target does not exist")
        .at_column(5)
        .with_hint("check the file name after the link text");
    let out = to_text(&[d], dir.path());

    assert!(
        out.contains("error: the link target does not exist"),
        "{out}"
    );
    assert!(out.contains("content/intro.ru.md:3:5"), "{out}");
    assert!(
        out.contains("= hint: check the file name after the link text"),
        "{out}"
    );

    let (src, marker) = source_and_marker(&out, 3);
    assert!(src.ends_with("Это [ссылка](нет.md) в тексте."), "{out}");
    // Where the source text starts in the excerpt line, in chars.
    let text_start = src.chars().count() - "Это [ссылка](нет.md) в тексте.".chars().count();
    let (first, count) = carets(marker);
    assert_eq!(first, text_start + 4, "caret under column 5:\n{out}");
    let marked: String = src.chars().skip(first).take(count).collect();
    assert_eq!(
        marked, "[ссылка](нет.md)",
        "the whole link is underlined:\n{out}"
    );
}

#[test]
fn word_underlined_and_single_char_fallback() {
    let dir = site(&[("content/a.et.md", CYRILLIC.as_bytes())]);
    let word = Diagnostic::warning("content/a.et.md", 5, "unknown word").at_column(1);
    let punct = Diagnostic::error("content/a.et.md", 5, "stray full stop").at_column(17);
    let out = to_text(&[word], dir.path());
    let (src, marker) = source_and_marker(&out, 5);
    let (first, count) = carets(marker);
    assert_eq!(
        src.chars().skip(first).take(count).collect::<String>(),
        "Последняя"
    );
    assert!(out.starts_with("warning: unknown word"), "{out}");

    let out = to_text(&[punct], dir.path());
    let (src, marker) = source_and_marker(&out, 5);
    let (first, count) = carets(marker);
    assert_eq!(count, 1, "{out}");
    assert_eq!(src.chars().nth(first), Some('.'), "{out}");
    assert!(out.contains("content/a.et.md:5:17"), "{out}");
}

#[test]
fn line_zero_prints_path_and_hint_without_excerpt() {
    let dir = site(&[("content/intro.md", CYRILLIC.as_bytes())]);
    let d = Diagnostic::error(
        "content/intro.md",
        0,
        "the file name does not say its language",
    )
    .with_hint("rename it to intro.et.md or intro.ru.md");
    let out = to_text(&[d], dir.path());
    assert!(
        out.contains("error: the file name does not say its language"),
        "{out}"
    );
    assert!(out.contains("content/intro.md"), "{out}");
    assert!(!out.contains("content/intro.md:"), "no line number: {out}");
    assert!(
        out.contains("= hint: rename it to intro.et.md or intro.ru.md"),
        "{out}"
    );
    assert!(!out.contains('│'), "no excerpt: {out}");
    assert!(!out.contains("Привет"), "no excerpt: {out}");
}

#[test]
fn missing_file_and_odd_positions_do_not_panic() {
    let dir = site(&[
        ("content/a.et.md", CYRILLIC.as_bytes()),
        ("content/bad.et.md", b"title\n\xff\xfe ok \xc3\n"),
        ("content/crlf.et.md", "üks\r\nkõik on hästi\r\n".as_bytes()),
        ("content/empty.et.md", b""),
    ]);
    let diags = vec![
        Diagnostic::error("content/missing.et.md", 4, "gone")
            .at_column(2)
            .with_hint("restore it"),
        Diagnostic::error("content/a.et.md", 99, "line past the end").at_column(3),
        Diagnostic::error("content/a.et.md", 4, "column past the end").at_column(500),
        Diagnostic::error("content/a.et.md", 4, "column at the end").at_column(31),
        Diagnostic::error("content/a.et.md", 4, "column unknown"),
        Diagnostic::error("content/bad.et.md", 2, "not UTF-8").at_column(3),
        Diagnostic::error("content/crlf.et.md", 2, "crlf").at_column(12),
        Diagnostic::error("content/empty.et.md", 1, "empty").at_column(1),
        Diagnostic::error("content/empty.et.md", 2, "empty, line 2"),
        Diagnostic::error("content", 1, "a folder").at_column(1),
    ];
    let out = to_text(&diags, dir.path());
    let html = to_html(&diags, dir.path());
    for d in &diags {
        assert!(out.contains(&format!("error: {}", d.message)), "{out}");
        assert!(html.contains(&d.message), "{html}");
    }
    // Unreadable or out of range: the location as given, no excerpt.
    assert!(out.contains("content/missing.et.md:4:2"), "{out}");
    assert!(out.contains("= hint: restore it"), "{out}");
    assert!(out.contains("content/a.et.md:99:3"), "{out}");
    // Columns past the end keep the number but mark the end of the line.
    assert!(out.contains("content/a.et.md:4:500"), "{out}");
    // Unknown column: the line's first char.
    assert!(out.contains("content/a.et.md:4:1"), "{out}");
    // CRLF: the carriage return is not part of the line.
    let crlf = to_text(&diags[6..7], dir.path());
    let (src, marker) = source_and_marker(&crlf, 2);
    assert!(!src.contains('\r'), "{crlf:?}");
    let (first, _) = carets(marker);
    assert_eq!(src.chars().nth(first), Some('t'), "{crlf}");
}

#[test]
fn several_diagnostics_in_one_file_keep_their_order() {
    let dir = site(&[("content/a.et.md", CYRILLIC.as_bytes())]);
    let diags = vec![
        Diagnostic::error("content/a.et.md", 2, "first").at_column(1),
        Diagnostic::warning("content/a.et.md", 4, "second").at_column(5),
    ];
    let out = to_text(&diags, dir.path());
    let a = out.find("error: first").expect("first");
    let b = out.find("warning: second").expect("second");
    assert!(a < b, "{out}");
    assert!(out.contains("content/a.et.md:2:1"), "{out}");
    assert!(out.contains("content/a.et.md:4:5"), "{out}");
}

#[test]
fn style_controls_colour() {
    let dir = site(&[("content/a.et.md", CYRILLIC.as_bytes())]);
    let diags = vec![
        Diagnostic::error("content/a.et.md", 4, "bad link")
            .at_column(5)
            .with_hint("fix it"),
        Diagnostic::warning("content/a.et.md", 0, "whole file").with_hint("look"),
    ];
    let mut coloured = Buffer::ansi();
    write_diagnostics(&mut coloured, &diags, dir.path(), &Style { color: true }).unwrap();
    let coloured = String::from_utf8(coloured.into_inner()).unwrap();
    assert!(coloured.contains("\x1b["), "{coloured:?}");

    let mut plain = Buffer::ansi();
    write_diagnostics(&mut plain, &diags, dir.path(), &Style { color: false }).unwrap();
    let plain = String::from_utf8(plain.into_inner()).unwrap();
    assert!(!plain.contains('\x1b'), "{plain:?}");
    assert_eq!(plain, to_text(&diags, dir.path()));
}

/// The only test that touches the environment.
#[test]
fn no_color_env_disables_colour() {
    let saved = std::env::var_os("NO_COLOR");
    std::env::set_var("NO_COLOR", "1");
    let with_value = Style::for_stderr();
    std::env::set_var("NO_COLOR", "");
    let empty = Style::for_stderr();
    match saved {
        Some(v) => std::env::set_var("NO_COLOR", v),
        None => std::env::remove_var("NO_COLOR"),
    }
    assert!(!with_value.color);
    assert!(!empty.color, "NO_COLOR set to any value, even empty");
}

#[test]
fn html_escapes_and_marks() {
    let dir = site(&[("content/a.et.md", CYRILLIC.as_bytes())]);
    let diags = vec![
        Diagnostic::error(
            "content/a.et.md",
            4,
            "bad <script>alert('x')</script> & more",
        )
        .at_column(5)
        .with_hint("use <b>bold</b>"),
        Diagnostic::warning("content/<b>.md", 0, "whole file")
            .on_page("content/<i>.et.md")
            .on_page("content/b.ru.md"),
    ];
    let html = to_html(&diags, dir.path());
    assert!(
        html.contains(
            "<p class=\"raamat-diag-pages\">on the pages of content/&lt;i&gt;.et.md and 1 other file</p>"
        ),
        "the pages it came up on: {html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"),
        "{html}"
    );
    assert!(
        html.contains("<article class=\"raamat-diag raamat-diag-error\">"),
        "{html}"
    );
    assert!(
        html.contains("<article class=\"raamat-diag raamat-diag-warning\">"),
        "{html}"
    );
    assert!(html.contains("class=\"raamat-diag-loc\""), "{html}");
    assert!(html.contains("content/a.et.md:4:5"), "{html}");
    assert!(html.contains("class=\"raamat-diag-src\""), "{html}");
    assert!(
        html.contains("<mark class=\"raamat-diag-mark\">[ссылка](нет.md)</mark>"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"raamat-diag-hint\">hint: use &lt;b&gt;bold&lt;/b&gt;</p>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<pre").count(),
        1,
        "no excerpt for line 0: {html}"
    );
    assert!(!html.contains("style="), "{html}");
    assert!(!html.contains("http"), "no external resources: {html}");

    // The caret line under the excerpt lines up with the marked text.
    let pre = html.split("<pre").nth(1).unwrap();
    let pre = &pre[pre.find('>').unwrap() + 1..pre.find("</pre>").unwrap()];
    let mut lines = pre.lines();
    let src = lines.next().unwrap();
    let marker = lines.next().unwrap();
    let before_mark = src.split("<mark").next().unwrap().chars().count();
    assert_eq!(
        marker.chars().position(|c| c == '^'),
        Some(before_mark),
        "{pre}"
    );
    assert_eq!(
        marker.matches('^').count(),
        "[ссылка](нет.md)".chars().count()
    );
}

#[test]
fn nothing_to_print() {
    assert_eq!(to_text(&[], Path::new(".")), "");
    assert_eq!(to_html(&[], Path::new(".")), "");
}
