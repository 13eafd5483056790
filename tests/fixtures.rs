//! The fixture harness: every file under `testdata/` is annotated with `// expect: RULE` above
//! each line where a finding must start and `// ok: RULE` above look-alikes that must not be
//! flagged. A missing finding or an extra one fails. Each folder under `testdata/apps/` is
//! scanned as one project; every other file is scanned on its own.
//!
//! Expectations for rules that are catalogued but not implemented yet are set aside, so
//! fixtures can be written whole before the rule lands. A finding the analyzer is known to
//! miss today is written `// todo: RULE -- why`: it must not be reported (if it is, turn the
//! `todo` into an `expect`), and it shows the gap in the fixture instead of hiding it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use claimcheck::config::Config;
use claimcheck::scan::{scan, ScanOptions};

const SOURCE_EXTENSIONS: &[&str] = &["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"];

/// (path, 1-based line) → rule ids, with repeats.
type Marks = BTreeMap<(String, u32), Vec<String>>;

#[test]
fn every_fixture_matches_its_annotations() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for target in fixture_targets(Path::new("testdata")) {
        checked += 1;
        failures.extend(check_target(&target));
    }
    assert!(checked > 0, "no fixtures found under testdata/");
    assert!(
        failures.is_empty(),
        "{} fixture mismatch(es):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Single files, and app folders (scanned whole).
fn fixture_targets(root: &Path) -> Vec<PathBuf> {
    let mut targets = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if dir.file_name().is_some_and(|n| n == "apps") {
                    targets.push(path);
                } else {
                    stack.push(path);
                }
            } else if is_source(&path) {
                targets.push(path);
            }
        }
    }
    targets.sort();
    targets
}

fn is_source(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SOURCE_EXTENSIONS.contains(&e))
}

fn check_target(target: &Path) -> Vec<String> {
    let config = Config::discover(target)
        .map(|p| Config::load(&p).expect("fixture config loads"))
        .unwrap_or_default();
    // Every fixture is scanned twice: parsing everything (whose files give the annotations),
    // and with the lexical prefilter, which must find exactly the same.
    let mut results = Vec::new();
    for no_prefilter in [true, false] {
        let options = ScanOptions {
            paths: vec![target.to_path_buf()],
            no_prefilter,
            ..ScanOptions::default()
        };
        match scan(&options, &config) {
            Ok(result) => results.push(result),
            Err(e) => return vec![format!("{}: scan failed: {e}", target.display())],
        }
    }
    let (everything, prefiltered) = (&results[0], &results[1]);
    let mut expected = Marks::new();
    for file in &everything.files {
        expected.extend(annotations(&file.display_path, &file.source));
    }
    for rules in expected.values_mut() {
        rules.retain(|id| claimcheck::rules::by_id(id).is_none_or(|r| r.implemented()));
    }
    let mut failures = compare(&expected, &marks_of(everything), everything);
    let (all, filtered) = (marks_of(everything), marks_of(prefiltered));
    if all != filtered {
        failures.push(format!(
            "{}: findings differ with the prefilter: without {all:?}, with {filtered:?}",
            target.display()
        ));
    }
    failures
}

fn marks_of(result: &claimcheck::scan::ScanResult) -> Marks {
    let mut actual = Marks::new();
    for f in &result.findings {
        let file = &result.files[f.file];
        let line = file.lines.line_of(f.span.start) as u32 + 1;
        actual
            .entry((file.display_path.clone(), line))
            .or_default()
            .push(f.rule.to_string());
    }
    for rules in actual.values_mut() {
        rules.sort();
    }
    actual
}

fn compare(expected: &Marks, actual: &Marks, result: &claimcheck::scan::ScanResult) -> Vec<String> {
    let mut failures = Vec::new();
    let mut keys: Vec<_> = expected.keys().chain(actual.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let mut want = expected.get(&key).cloned().unwrap_or_default();
        let mut got = actual.get(&key).cloned().unwrap_or_default();
        want.sort();
        got.sort();
        for rule in multiset_minus(&want, &got) {
            failures.push(format!("{}:{}: missed {rule}", key.0, key.1));
        }
        for rule in multiset_minus(&got, &want) {
            let message = result
                .findings
                .iter()
                .find(|f| {
                    let file = &result.files[f.file];
                    f.rule == rule
                        && file.display_path == key.0
                        && file.lines.line_of(f.span.start) as u32 + 1 == key.1
                })
                .map(|f| f.message.clone())
                .unwrap_or_default();
            failures.push(format!(
                "{}:{}: unexpected {rule} ({message})",
                key.0, key.1
            ));
        }
    }
    failures
}

fn multiset_minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest = b.to_vec();
    let mut out = Vec::new();
    for item in a {
        match rest.iter().position(|x| x == item) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(item.clone()),
        }
    }
    out
}

/// `// expect:` lines; consecutive annotation lines all apply to the next code line.
fn annotations(path: &str, source: &str) -> Marks {
    let mut marks = Marks::new();
    let mut pending: Vec<String> = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(ids) = trimmed.strip_prefix("// expect:") {
            pending.extend(
                ids.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            );
            continue;
        }
        if trimmed.starts_with("// ok:") || trimmed.starts_with("// todo:") {
            continue;
        }
        if !pending.is_empty() {
            marks
                .entry((path.to_string(), index as u32 + 1))
                .or_default()
                .append(&mut pending);
        }
    }
    marks
}

/// The prefilter parses the files that can matter, with what they import, and nothing else.
#[test]
fn prefilter_parses_only_components_that_can_hold_a_finding() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    };
    write(
        "routes.js",
        "const repo = require('./repo');\nrequire('express').Router().get('/x', repo.load);\n",
    );
    write("repo.js", "const store = require('./store');\nexports.load = (req, res) => store.read(req.params.id);\n");
    write("store.js", "exports.read = (id) => id;\n");
    write(
        "math.js",
        "const util = require('./util');\nexports.add = (a, b) => util.sum(a, b);\n",
    );
    write("util.js", "exports.sum = (a, b) => a + b;\n");
    let parsed = |no_prefilter| {
        let options = ScanOptions {
            paths: vec![dir.path().to_path_buf()],
            no_prefilter,
            ..ScanOptions::default()
        };
        let result = scan(&options, &Config::default()).expect("scan");
        let mut names: Vec<String> = result
            .files
            .iter()
            .filter_map(|f| f.path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        names.sort();
        names
    };
    assert_eq!(parsed(false), ["repo.js", "routes.js", "store.js"]);
    assert_eq!(parsed(true).len(), 5);
}
