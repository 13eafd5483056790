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
