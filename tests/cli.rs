//! The `raamat` binary: exit codes and what it prints.

mod common;
use common::*;
use std::process::{Command, Output};

fn raamat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_raamat"))
        .args(args)
        .output()
        .expect("run raamat")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn show(o: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn successful_build_exits_0() {
    let f = Fixture::new().file("content/a.et.md", &md("A", "", "x\n"));
    let root = f.write();
    let out = f.default_out();
    let o = raamat(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(out.join("et/a/index.html").is_file());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("built"), "{}", show(&o));
    // The untranslated page is listed for translators.
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("a missing in ru"), "{}", show(&o));
    assert!(stderr.contains("content/a.et.md"), "{}", show(&o));
}

#[test]
fn content_error_exits_1_and_names_file_and_line() {
    let f = Fixture::new().file("content/a.et.md", &md("A", "", "x\n\n[katki](b.md)\n"));
    let root = f.write();
    let out = f.default_out();
    let o = raamat(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("error: link to `b.md`"), "{}", show(&o));
    assert!(stderr.contains("content/a.et.md:6:"), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("build failed: 1 error"),
        "{}",
        show(&o)
    );
    assert!(!out.exists());
}

#[test]
fn missing_config_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = raamat(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", show(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("raamat.toml"), "{}", show(&o));
    assert!(stderr.contains("hint:"), "{}", show(&o));
    assert!(!tmp.path().join("public").exists());
}

#[test]
fn missing_config_in_current_folder_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_raamat"))
        .arg("build")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", show(&o));
}

#[test]
fn output_inside_content_is_refused_with_2() {
    let f = Fixture::new();
    let root = f.write();
    let bad = root.join("content/public");
    let o = raamat(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2, "{}", show(&o));
    assert!(!bad.exists());
    assert!(
        root.join("content/_index.et.md").is_file(),
        "sources untouched"
    );
}

#[test]
fn version_is_printed() {
    let o = raamat(&["--version"]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("raamat {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_arguments_are_a_usage_error() {
    let o = raamat(&["build", "--no-such-flag"]);
    assert_eq!(code(&o), 2, "{}", show(&o));
}
