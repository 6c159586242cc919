//! Replays every input in `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/`
//! (inputs that once made raamat panic or hang) through the same entry points
//! the fuzz targets use. A panic fails the test and names the file.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["seeds", "regressions"] {
        let dir = root.join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} panics", path.display());
            count += 1;
        }
    }
    assert!(count > 0, "no inputs for {target}");
}

#[test]
fn front_matter() {
    replay("front_matter", raamat::fuzzing::front_matter);
}

#[test]
fn markdown() {
    replay("markdown", raamat::fuzzing::markdown);
}

#[test]
fn questions() {
    replay("questions", raamat::fuzzing::questions);
}

#[test]
fn course_toml() {
    replay("course_toml", raamat::fuzzing::course_toml);
}

#[test]
fn link() {
    replay("link", raamat::fuzzing::link);
}
