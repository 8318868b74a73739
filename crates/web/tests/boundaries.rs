//! The shape of the crate, checked: the kernel imports no feature; a feature uses another only
//! through what that feature's `mod.rs` exports (`crate::features::library::store_image`, never
//! `crate::features::library::service::store_image`); and features depend on one another in one
//! direction only (no cycle, however long).
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its text stripped of `//` comments (doc comments name
/// other features freely).
fn rust_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read a source folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read a source file");
                found.push((path, code_only(&text)));
            }
        }
    }
    found.sort();
    found
}

fn code_only(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The features: the folders of `src/features`.
fn features() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(source_root().join("features"))
        .expect("src/features")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Each `features::NAME` in `code`, with what follows it (`::item`, `::module::item`, `::{…}`).
fn feature_paths(code: &str) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("features::") {
        let after = &rest[at + "features::".len()..];
        let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let tail = &after[name.len()..];
        let end = if tail.starts_with("::{") {
            tail.find('}').map_or(tail.len(), |i| i + 1)
        } else {
            tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len())
        };
        paths.push((name, tail[..end].to_owned()));
        rest = after;
    }
    paths
}

/// Whether `tail` (what follows `features::NAME`) reaches past the feature's own exports: a
/// lowercase name followed by `::` is one of its modules.
fn reaches_inside(tail: &str) -> bool {
    let inner = tail.strip_prefix("::").unwrap_or(tail);
    let inner = inner.strip_prefix('{').map_or(inner, |i| i.trim_end_matches('}'));
    inner.split(',').map(str::trim).any(|item| {
        let first = item.split("::").next().unwrap_or_default();
        item.contains("::") && first.chars().next().is_some_and(|c| c.is_ascii_lowercase())
    })
}

#[test]
fn the_kernel_imports_no_feature() {
    for (path, code) in rust_files(&source_root().join("kernel")) {
        assert!(!code.contains("features::"), "{} imports a feature", path.display());
    }
}

#[test]
fn features_use_each_other_only_through_their_exports() {
    let mut offences = Vec::new();
    for feature in features() {
        for (path, code) in rust_files(&source_root().join("features").join(&feature)) {
            assert!(!code.contains("super::super"), "{} climbs out of its feature", path.display());
            for (other, tail) in feature_paths(&code) {
                if other != feature && reaches_inside(&tail) {
                    offences.push(format!("{}: features::{other}{tail}", path.display()));
                }
            }
        }
    }
    assert!(offences.is_empty(), "reaching into another feature's modules:\n{}", offences.join("\n"));
}

#[test]
fn features_depend_on_each_other_without_cycles() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for feature in features() {
        let uses = edges.entry(feature.clone()).or_default();
        for (_, code) in rust_files(&source_root().join("features").join(&feature)) {
            uses.extend(feature_paths(&code).into_iter().map(|(name, _)| name).filter(|n| *n != feature));
        }
    }
    for start in edges.keys() {
        let mut stack: Vec<Vec<&String>> = vec![vec![start]];
        while let Some(path) = stack.pop() {
            let last = path[path.len() - 1];
            for next in edges.get(last).into_iter().flatten() {
                let cycle: Vec<&str> = path.iter().map(|s| s.as_str()).chain([next.as_str()]).collect();
                assert!(next != start, "a cycle between features: {}", cycle.join(" → "));
                if !path.contains(&next) {
                    stack.push(path.iter().copied().chain([next]).collect());
                }
            }
        }
    }
}

#[test]
fn the_checks_catch_what_they_are_for() {
    let code =
        "use crate::features::library::service::store_image;\nuse crate::features::taxonomy::{CategoryRef, api::x};";
    let paths = feature_paths(code);
    assert_eq!(paths[0], ("library".to_owned(), "::service::store_image".to_owned()));
    assert!(reaches_inside(&paths[0].1));
    assert!(reaches_inside(&paths[1].1), "{paths:?}");
    assert!(!reaches_inside("::store_image"));
    assert!(!reaches_inside("::{CategoryRef, category_filter}"));
    assert!(!reaches_inside("::Format::from_file"), "an exported type's associated function");
}
