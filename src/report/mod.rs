//! Rendering a scan: one module per format. Findings are data; only `human` knows a terminal.

pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::finding::{Finding, Severity};
use crate::model::FileModel;
use crate::position::{Position, Span};
use crate::scan::ScanResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Compact,
    Json,
    Sarif,
    Github,
}

/// Rendering choices that are not part of the scan.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    pub statistics: bool,
    pub report_unused_directives: bool,
}

pub fn render(result: &ScanResult, format: Format, options: RenderOptions) -> String {
    match format {
        Format::Human => human::render(result, options),
        Format::Compact => compact::render(result),
        Format::Json => json::render(result),
        Format::Sarif => sarif::render(result),
        Format::Github => github::render(result),
    }
}

/// Where a span starts and ends, as users count.
pub fn region(file: &FileModel, span: Span) -> (Position, Position) {
    (
        file.lines.position(&file.source, span.start),
        file.lines.position(&file.source, span.end),
    )
}

/// A fingerprint that survives edits elsewhere in the file: the rule, the path and the
/// finding's line with whitespace removed, plus which occurrence of that triple it is.
/// Baselines and SARIF `partialFingerprints` share it.
pub fn fingerprints(result: &ScanResult) -> Vec<String> {
    let mut seen: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    result
        .findings
        .iter()
        .map(|f| {
            let file = &result.files[f.file];
            let line = file.lines.line_of(f.span.start);
            let code: String = file
                .lines
                .line_text(&file.source, line)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let hash = fnv1a(&[
                f.rule.as_bytes(),
                file.display_path.as_bytes(),
                code.as_bytes(),
            ]);
            let n = seen.entry(hash).or_insert(0);
            *n += 1;
            format!("{hash:016x}:{n}")
        })
        .collect()
}

/// FNV-1a: tiny, and stable across Rust versions (unlike `DefaultHasher`).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Counts per severity, highest first, for summaries.
pub fn severity_counts(findings: &[Finding]) -> Vec<(Severity, usize)> {
    [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ]
    .into_iter()
    .map(|s| (s, findings.iter().filter(|f| f.severity == s).count()))
    .filter(|&(_, n)| n > 0)
    .collect()
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
