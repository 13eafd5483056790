//! Registration that could drift is guarded here: every rule has a well-formed doc whose
//! metadata matches its id, a unique id, and fixtures with positives and negatives.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use claimcheck::rules::{meta, RULES};

const SECTIONS: &[&str] = &[
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Decisions",
    "References",
];

#[test]
fn rule_ids_are_unique_and_docs_match() {
    let mut ids = BTreeSet::new();
    for rule in RULES {
        assert!(ids.insert(rule.id), "duplicate rule id {}", rule.id);
        let parsed = meta::parse(rule.doc).unwrap_or_else(|e| panic!("{}: {e}", rule.id));
        assert_eq!(parsed.id, rule.id, "doc front matter id");
        assert!(parsed.cwe > 0, "{}: CWE", rule.id);
        assert!(
            (0.0..=10.0).contains(&parsed.security_severity),
            "{}: security_severity",
            rule.id
        );
        assert!(
            !parsed.summary.is_empty() && !parsed.summary.ends_with('.'),
            "{}: summary must be one line without a final period",
            rule.id
        );
        for section in SECTIONS {
            assert!(
                parsed.section(section).is_some(),
                "{}: doc lacks `## {section}`",
                rule.id
            );
        }
        assert!(
            parsed.example("Example").is_some(),
            "{}: bad example",
            rule.id
        );
        assert!(
            parsed.example("Use instead").is_some(),
            "{}: fixed example",
            rule.id
        );
    }
}

#[test]
fn every_doc_file_is_registered() {
    let mut on_disk = BTreeSet::new();
    for family in std::fs::read_dir("rules").expect("rules/ exists").flatten() {
        for doc in std::fs::read_dir(family.path())
            .expect("family folder")
            .flatten()
        {
            let path = doc.path();
            if path.extension().is_some_and(|e| e == "md") {
                let family = family.file_name().to_string_lossy().into_owned();
                let name = path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                on_disk.insert(format!("{family}/{name}"));
            }
        }
    }
    let registered: BTreeSet<String> = RULES.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(on_disk, registered, "rules/ docs and the registry differ");
}

/// Each implemented rule has at least this many `expect` and `ok` annotations in testdata/.
const MIN_CASES: usize = 8;

#[test]
fn implemented_rules_have_positive_and_negative_fixtures() {
    let mut positives: BTreeMap<String, usize> = BTreeMap::new();
    let mut negatives: BTreeMap<String, usize> = BTreeMap::new();
    count_annotations(Path::new("testdata"), &mut positives, &mut negatives);
    for rule in RULES.iter().filter(|r| r.implemented()) {
        let pos = positives.get(rule.id).copied().unwrap_or(0);
        let neg = negatives.get(rule.id).copied().unwrap_or(0);
        assert!(
            pos >= MIN_CASES && neg >= MIN_CASES,
            "{}: {pos} positive and {neg} negative fixture cases (need {MIN_CASES} each)",
            rule.id
        );
    }
    for id in positives.keys().chain(negatives.keys()) {
        assert!(
            RULES.iter().any(|r| r.id == id),
            "fixture annotation names unknown rule `{id}`"
        );
    }
}

fn count_annotations(
    dir: &Path,
    positives: &mut BTreeMap<String, usize>,
    negatives: &mut BTreeMap<String, usize>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            count_annotations(&path, positives, negatives);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for line in text.lines() {
            let line = line.trim();
            let (ids, counts) = if let Some(ids) = line.strip_prefix("// expect:") {
                (ids, &mut *positives)
            } else if let Some(ids) = line.strip_prefix("// ok:") {
                (ids, &mut *negatives)
            } else {
                continue;
            };
            for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                *counts.entry(id.to_string()).or_insert(0) += 1;
            }
        }
    }
}

#[test]
fn readme_rule_table_matches_the_docs() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let start = readme
        .find("<!-- rules-table:start -->\n")
        .expect("table start marker")
        + "<!-- rules-table:start -->\n".len();
    let end = readme
        .find("<!-- rules-table:end -->")
        .expect("table end marker");
    let expected = claimcheck::rules::markdown_table();
    assert_eq!(
        &readme[start..end],
        expected,
        "README rule table is stale; replace it with:\n{expected}"
    );
}
