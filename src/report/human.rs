//! Terminal output: miette frames with the code in view, then a one-line summary.

use std::fmt::Write;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};

use super::{plural, severity_counts, RenderOptions};
use crate::finding::{Finding, Severity};
use crate::scan::ScanResult;

pub fn render(result: &ScanResult, options: RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for finding in &result.findings {
        let report = diagnostic(result, finding);
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            let _ = writeln!(out, "{}: {}", finding.rule, finding.message);
        }
        out.push('\n');
    }
    if options.report_unused_directives {
        out.push_str(&unused_directives(result));
    }
    if options.statistics {
        out.push_str(&statistics(result));
    }
    out.push_str(&summary(result));
    out
}

fn diagnostic(result: &ScanResult, finding: &Finding) -> Report {
    let file = &result.files[finding.file];
    let severity = match finding.severity {
        Severity::Critical | Severity::High => miette::Severity::Error,
        Severity::Medium => miette::Severity::Warning,
        Severity::Low => miette::Severity::Advice,
    };
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(format!("{} severity", finding.severity)),
        finding.span.range(),
    )];
    labels.extend(
        finding
            .related
            .iter()
            .filter(|r| r.file == finding.file)
            .map(|r| LabeledSpan::new_with_span(Some(r.message.clone()), r.span.range())),
    );
    let diag = MietteDiagnostic::new(finding.message.clone())
        .with_code(finding.rule)
        .with_severity(severity)
        .with_help(finding.help.clone())
        .with_labels(labels);
    Report::new(diag).with_source_code(
        NamedSource::new(file.display_path.clone(), file.source.clone())
            .with_language("javascript"),
    )
}

/// `--report-unused-disable-directives`: one line per suppression that silenced nothing.
pub fn unused_directives(result: &ScanResult) -> String {
    let mut out = String::new();
    for d in result.directives.iter().filter(|d| !d.used) {
        let file = &result.files[d.file];
        let pos = file.lines.position(&file.source, d.directive.span.start);
        let _ = writeln!(
            out,
            "{}:{}:{}: unused claimcheck-disable directive (no finding to suppress)",
            file.display_path, pos.line, pos.column
        );
    }
    out
}

/// `--statistics`: counts per rule, skipped files with reasons, suppressions without a reason.
pub fn statistics(result: &ScanResult) -> String {
    let mut out = String::from("Statistics\n");
    let mut by_rule: Vec<(&str, usize)> = Vec::new();
    for f in &result.findings {
        match by_rule.iter_mut().find(|(r, _)| *r == f.rule) {
            Some((_, n)) => *n += 1,
            None => by_rule.push((f.rule, 1)),
        }
    }
    by_rule.sort();
    for (rule, n) in &by_rule {
        let _ = writeln!(out, "  {n:>5}  {rule}");
    }
    let _ = writeln!(out, "  files scanned: {}", result.files.len());
    let _ = writeln!(out, "  files skipped: {}", result.skipped.len());
    for s in &result.skipped {
        let _ = writeln!(out, "    {}: {}", s.path, s.reason);
    }
    if result.context_skipped > 0 {
        let _ = writeln!(
            out,
            "  other files of the project skipped (scan the project to list them): {}",
            result.context_skipped
        );
    }
    let _ = writeln!(out, "  findings suppressed: {}", result.suppressed);
    if result.baselined > 0 {
        let _ = writeln!(out, "  findings in the baseline: {}", result.baselined);
    }
    let unexplained: Vec<_> = result
        .directives
        .iter()
        .filter(|d| d.directive.reason.is_none())
        .collect();
    let _ = writeln!(
        out,
        "  suppressions without a `-- reason`: {}",
        unexplained.len()
    );
    for d in unexplained {
        let file = &result.files[d.file];
        let pos = file.lines.position(&file.source, d.directive.span.start);
        let _ = writeln!(out, "    {}:{}", file.display_path, pos.line);
    }
    out.push('\n');
    out
}

pub fn summary(result: &ScanResult) -> String {
    let mut scanned = plural(result.files.len(), "file", "files");
    if result.not_analysed > 0 {
        // Otherwise a scan of a large tree looks as if it had missed most of it.
        scanned.push_str(&format!(
            " (and {} importing nothing the rules look at)",
            plural(result.not_analysed, "file", "files")
        ));
    }
    let skipped = if result.skipped.is_empty() {
        String::new()
    } else {
        format!(", {} skipped: see --statistics", result.skipped.len())
    };
    if result.findings.is_empty() {
        return format!("No problems found in {scanned}{skipped}.\n");
    }
    let counts: Vec<String> = severity_counts(&result.findings)
        .into_iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let mut files: Vec<usize> = result.findings.iter().map(|f| f.file).collect();
    files.dedup();
    format!(
        "Found {} ({}) in {} ({scanned} scanned{skipped}).\n",
        plural(result.findings.len(), "problem", "problems"),
        counts.join(", "),
        plural(files.len(), "file", "files"),
    )
}
