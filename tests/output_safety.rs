//! The output folder is raamat's alone: every unsafe `--out` is refused with
//! exit 2 and a sentence before anything is touched, an output is replaced
//! only when it carries raamat's marker, and a killed build never leaves the
//! site without an output.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn raamat_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_raamat"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run raamat")
}

/// Every file and folder below `dir` with its content (symlinks as their
/// target): unlike `common::snapshot`, folders and links count too.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
        let bytes = if e.path_is_symlink() {
            std::fs::read_link(e.path())
                .unwrap()
                .to_string_lossy()
                .as_bytes()
                .to_vec()
        } else if e.file_type().is_file() {
            std::fs::read(e.path()).unwrap()
        } else {
            b"<dir>".to_vec()
        };
        all.insert(rel, bytes);
    }
    all
}

fn site() -> Fixture {
    Fixture::new()
        .file("content/a.et.md", &md("A", "", "Tekst.\n"))
        .file("content/a.ru.md", &md("А", "", "Текст.\n"))
}

/// Runs `raamat build --out <out>` in the site folder and checks that it is
/// refused with exit 2, a sentence, and nothing changed in `watched`.
fn assert_refused(root: &Path, out: &str, watched: &Path, expect: &str) {
    let before = tree(watched);
    let o = raamat_in(root, &["build", "--out", out]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "--out {out}: {stderr}");
    assert!(
        stderr.contains(expect) && stderr.contains("hint:"),
        "--out {out}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(before, tree(watched), "--out {out} changed files");
}

#[test]
fn source_folders_and_the_site_itself_are_refused() {
    let f = site();
    let root = f.write();
    let tmp = f.tmp();
    for (out, expect) in [
        ("content", "the site's content/ folder"),
        ("public/../content", "the site's content/ folder"),
        ("x/../content/pub", "the site's content/ folder"),
        ("content/pub", "the site's content/ folder"),
        ("raamat.toml", "the site's file raamat.toml"),
        (".", "is the same as the site folder"),
        ("..", "above the site folder"),
        ("/", "root of the file system"),
    ] {
        assert_refused(&root, out, tmp, expect);
    }
    assert!(!root.join("x").exists(), "no folder was created for x/..");
}

#[cfg(unix)]
#[test]
fn a_symlink_into_the_sources_is_refused() {
    let f = site();
    let root = f.write();
    std::os::unix::fs::symlink(root.join("content"), root.join("public")).unwrap();
    assert_refused(&root, "public", f.tmp(), "the site's content/ folder");
    std::os::unix::fs::symlink(f.tmp().join("nowhere"), root.join("dangling")).unwrap();
    assert_refused(&root, "dangling/out", f.tmp(), "cannot be used");
}

#[test]
fn folders_that_are_not_raamats_are_refused() {
    let f = site();
    let root = f.write();
    let tmp = f.tmp();

    let home = tmp.join("home");
    std::fs::create_dir_all(home.join("Documents")).unwrap();
    std::fs::write(home.join("Documents/aruanne.odt"), "minu fail").unwrap();
    std::fs::write(home.join(".bashrc"), "export X=1").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_raamat"))
        .current_dir(&root)
        .env("HOME", &home)
        .args(["build", "--out"])
        .arg(&home)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not made by raamat"));
    assert_eq!(
        std::fs::read_to_string(home.join("Documents/aruanne.odt")).unwrap(),
        "minu fail"
    );

    let repo = tmp.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    assert_refused(&root, repo.to_str().unwrap(), tmp, "git repository");
    // Even an (empty) repository with raamat's marker is not replaced.
    std::fs::write(repo.join(".raamat-output"), "").unwrap();
    assert_refused(&root, repo.to_str().unwrap(), tmp, "git repository");

    let other_site = tmp.join("other");
    std::fs::create_dir_all(&other_site).unwrap();
    std::fs::write(other_site.join("raamat.toml"), "base_url = \"x\"").unwrap();
    assert_refused(&root, other_site.to_str().unwrap(), tmp, "project folder");

    let file = tmp.join("notes.txt");
    std::fs::write(&file, "märkmed").unwrap();
    assert_refused(&root, file.to_str().unwrap(), tmp, "is a file");
}

#[test]
fn an_output_of_an_older_raamat_is_refused_with_what_to_do() {
    let f = site();
    let root = f.write();
    let public = root.join("public");
    std::fs::create_dir_all(public.join("et")).unwrap();
    for name in ["index.html", "sitemap.xml", "et/index.html"] {
        std::fs::write(public.join(name), "<html></html>").unwrap();
    }
    assert_refused(&root, "public", f.tmp(), "older raamat");
    let o = raamat_in(&root, &["build"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "the default output too");
    assert!(stderr.contains("delete it (rm -r"), "{stderr}");
    // Doing what the hint says works.
    std::fs::remove_dir_all(&public).unwrap();
    let o = raamat_in(&root, &["build", "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(public.join(".raamat-output").is_file());
}

#[test]
fn serve_refuses_the_same_way_before_serving() {
    let f = site();
    let root = f.write();
    let before = tree(f.tmp());
    let o = raamat_in(&root, &["serve", "--port", "0", "--out", "content"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("content/ folder"));
    assert_eq!(before, tree(f.tmp()));
}

#[test]
fn raamats_own_output_is_replaced_and_an_empty_folder_accepted() {
    let f = site();
    let root = f.write();
    let empty = f.tmp().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = raamat_in(
        &root,
        &["build", "--quiet", "--out", empty.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(empty.join("et/a/index.html").is_file());
    assert!(empty.join(".raamat-output").is_file());
    std::fs::write(empty.join("stale.html"), "vana").unwrap();
    let o = raamat_in(
        &root,
        &["build", "--quiet", "--out", empty.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        !empty.join("stale.html").exists(),
        "a rebuild replaces the whole output"
    );
    let names = staging_leftovers(f.tmp());
    assert!(names.is_empty(), "staging folders left: {names:?}");
}

#[test]
fn staging_folders_of_killed_builds_are_removed_by_the_next_build() {
    let f = site();
    let root = f.write();
    // Folders as a build killed with SIGKILL leaves them (no process has
    // these ids: they are above Linux's largest pid).
    let killed_new = root.join(".public.raamat-new-4194400");
    let killed_old = root.join(".public.raamat-old-4194401");
    for d in [&killed_new, &killed_old] {
        std::fs::create_dir_all(d.join("et")).unwrap();
        std::fs::write(d.join("et/index.html"), "pooleli").unwrap();
    }
    let o = raamat_in(&root, &["build", "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!killed_new.exists() && !killed_old.exists());
    let gitignore = raamat::scaffold::new_site(&f.tmp().join("uus")).unwrap();
    assert!(gitignore.iter().any(|p| p.ends_with(".gitignore")));
    let text = std::fs::read_to_string(f.tmp().join("uus/.gitignore")).unwrap();
    assert!(text.lines().any(|l| l == "/.public.raamat-*/"), "{text}");
}

/// While builds are started and killed at every stage, a reader always finds
/// the previous or the new output, never none, and the next build cleans up.
/// (That the swap itself is one atomic step is tested in `output::staging`.)
#[cfg(unix)]
#[test]
fn a_killed_build_never_leaves_a_moment_without_output() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    let mut f = site();
    for n in 0..150 {
        f.set(
            &format!("content/osa/leht{n}.et.md"),
            &md(&format!("Leht {n}"), "", &"Lõik teksti.\n\n".repeat(40)),
        );
    }
    let root = f.write();
    let o = raamat_in(&root, &["build", "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    let page = root.join("public/et/osa/leht7/index.html");
    assert!(page.is_file());

    let stop = Arc::new(AtomicBool::new(false));
    let (missing, looks) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let reader = {
        let (stop, missing, looks, page) =
            (stop.clone(), missing.clone(), looks.clone(), page.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if !page.is_file() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
                looks.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let started = Instant::now();
    for round in 0..16u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_raamat"))
            .current_dir(&root)
            .args(["build", "--quiet"])
            .spawn()
            .unwrap();
        // Let every other build finish (each swaps the output in); kill the
        // others at different stages.
        if round % 2 == 1 {
            std::thread::sleep(Duration::from_millis(round * 7 % 120));
            let _ = child.kill();
        }
        let _ = child.wait();
        assert!(started.elapsed() < Duration::from_secs(120));
    }
    stop.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    assert!(
        looks.load(Ordering::Relaxed) > 100,
        "the reader kept looking"
    );
    assert_eq!(
        missing.load(Ordering::Relaxed),
        0,
        "the output was missing at some moment"
    );
    let o = raamat_in(&root, &["build", "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    let left = staging_leftovers(&root);
    assert!(left.is_empty(), "{left:?}");
}
