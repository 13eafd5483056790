//! The JSON format: a stable, documented schema (see README, "JSON output").
//! Version 1; fields are only ever added.

use std::collections::BTreeMap;

use serde::Serialize;

use super::region;
use crate::position::Position;
use crate::scan::ScanResult;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    findings: Vec<JsonFinding<'a>>,
    skipped: Vec<JsonSkipped<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    path: &'a str,
    start: Position,
    end: Position,
    message: &'a str,
    help: &'a str,
    fingerprint: String,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    start: Position,
    end: Position,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSkipped<'a> {
    path: &'a str,
    reason: &'static str,
    detail: String,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_skipped: usize,
    files_not_analysed: usize,
    findings: usize,
    suppressed: usize,
    by_severity: BTreeMap<&'static str, usize>,
    by_rule: BTreeMap<&'static str, usize>,
}

pub fn render(result: &ScanResult) -> String {
    let prints = result.findings.iter().map(|f| f.fingerprint.clone());
    let findings = result
        .findings
        .iter()
        .zip(prints)
        .map(|(f, fingerprint)| {
            let file = &result.files[f.file];
            let (start, end) = region(file, f.span);
            JsonFinding {
                rule: f.rule,
                severity: f.severity.as_str(),
                path: &file.display_path,
                start,
                end,
                message: &f.message,
                help: &f.help,
                fingerprint,
                related: f
                    .related
                    .iter()
                    .map(|r| {
                        let rf = &result.files[r.file];
                        let (start, end) = region(rf, r.span);
                        JsonRelated {
                            path: &rf.display_path,
                            start,
                            end,
                            message: &r.message,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let mut by_severity = BTreeMap::new();
    let mut by_rule = BTreeMap::new();
    for f in &result.findings {
        *by_severity.entry(f.severity.as_str()).or_insert(0) += 1;
        *by_rule.entry(f.rule).or_insert(0) += 1;
    }
    let output = Output {
        version: 1,
        tool: Tool {
            name: "claimcheck",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings,
        skipped: result
            .skipped
            .iter()
            .map(|s| JsonSkipped {
                path: &s.path,
                reason: s.reason.label(),
                detail: s.reason.to_string(),
            })
            .collect(),
        summary: Summary {
            files_scanned: result.files.len(),
            files_skipped: result.skipped.len(),
            files_not_analysed: result.not_analysed,
            findings: result.findings.len(),
            suppressed: result.suppressed,
            by_severity,
            by_rule,
        },
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
