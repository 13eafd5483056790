//! GitHub Actions workflow commands (`::error file=...::message`), shown as annotations.

use std::fmt::Write;

use super::{plural, region};
use crate::finding::Severity;
use crate::scan::ScanResult;

/// GitHub shows about this many annotations of a kind per step.
const SHOWN_PER_STEP: usize = 10;

pub fn render(result: &ScanResult) -> String {
    let mut out = String::new();
    for f in &result.findings {
        let file = &result.files[f.file];
        let (start, end) = region(file, f.span);
        let level = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "notice",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&file.display_path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("{} ({})", f.rule, f.severity)),
            escape_data(&format!("{}. Fix: {}.", f.message, f.help)),
        );
    }
    let total = result.findings.len();
    if total > SHOWN_PER_STEP {
        let _ = writeln!(
            out,
            "::notice title=claimcheck::{}",
            escape_data(&format!(
                "{} in total; GitHub shows only about {SHOWN_PER_STEP} annotations per step, so {} may be hidden here. Upload the SARIF output (--format sarif) to code scanning to see them all.",
                plural(total, "finding", "findings"),
                plural(total - SHOWN_PER_STEP, "more", "more")
            ))
        );
    }
    out
}

/// Escaping for a command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a command's `key=value` properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
