//! The shape of the code (docs/architecture.md): data flows one way, so the
//! graph of `crate::` references between top-level modules has no cycle, the
//! model knows nothing of its outputs, and the outputs do not reach into each
//! other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path of a source file below `src/`, e.g. `render/site/body.rs` →
/// `["render", "site", "body"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its unit tests.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(at) if !l[..at].contains('"') => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file's module path and the `crate::a::b` paths it names.
fn references() -> Vec<(Vec<String>, BTreeSet<Vec<String>>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let module = module_path(path.strip_prefix(&src).unwrap());
        let text = code(&std::fs::read_to_string(path).unwrap());
        let mut named = BTreeSet::new();
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            let mut parts = Vec::new();
            let mut rest = rest;
            loop {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                if end == 0 {
                    break;
                }
                parts.push(rest[..end].to_string());
                match rest[end..].strip_prefix("::") {
                    Some(r) => rest = r,
                    None => break,
                }
            }
            if !parts.is_empty() {
                named.insert(parts);
            }
        }
        out.push((module, named));
    }
    out
}

#[test]
fn top_level_modules_form_no_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, named) in references() {
        let from = &module[0];
        if from == "main" || from == "lib" {
            continue;
        }
        for to in named {
            if &to[0] != from {
                graph.entry(from.clone()).or_default().insert(to[0].clone());
            }
        }
    }
    assert!(graph.len() > 10, "the references were read: {graph:?}");
    // Depth-first search; a node seen again while still on the stack closes a cycle.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|s| s == n) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for next in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(cycle) = visit(n, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}

/// The outputs below `render/` (`render/module` is what two of them share).
const OUTPUTS: &[&str] = &["site", "scorm"];

#[test]
fn the_model_knows_nothing_of_the_outputs_and_outputs_not_of_each_other() {
    let refs = references();
    let mut wrong = Vec::new();
    for (module, named) in &refs {
        for to in named {
            let model_to_output = matches!(module[0].as_str(), "content" | "course" | "source")
                && matches!(
                    to[0].as_str(),
                    "render" | "output" | "build" | "serve" | "theme"
                );
            let output = |m: &[String]| {
                (m.len() > 1 && m[0] == "render" && OUTPUTS.contains(&m[1].as_str()))
                    .then(|| m[1].clone())
            };
            let between_outputs =
                matches!((output(module), output(to)), (Some(a), Some(b)) if a != b);
            if model_to_output || between_outputs {
                wrong.push(format!(
                    "{} uses crate::{}",
                    module.join("::"),
                    to.join("::")
                ));
            }
        }
    }
    assert!(
        refs.iter().any(|(m, _)| m == &["render", "site", "body"]),
        "render/site/body.rs was read"
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}
