//! SARIF 2.1.0 for GitHub code scanning: rules with Markdown help, CWE tags and
//! `security-severity`; results with repo-relative URIs, full regions and fingerprints;
//! skipped files as tool execution notifications.

use std::collections::BTreeMap;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, CodeFlow, Invocation, Location, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, RunAutomationDetails, Sarif,
    ThreadFlow, ThreadFlowLocation, Tool, ToolComponent,
};

use super::region;
use crate::finding::Severity;
use crate::model::FileModel;
use crate::position::Span;
use crate::rules::{Rule, RULES};
use crate::scan::ScanResult;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/claimcheck/claimcheck";

pub fn render(result: &ScanResult) -> String {
    let log = Sarif::builder()
        .schema(SCHEMA.to_string())
        .version(json!("2.1.0"))
        .runs(vec![run(result)])
        .build();
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

fn run(result: &ScanResult) -> Run {
    let driver = ToolComponent::builder()
        .name("claimcheck".to_string())
        .semantic_version(env!("CARGO_PKG_VERSION").to_string())
        .version(env!("CARGO_PKG_VERSION").to_string())
        .information_uri(INFORMATION_URI.to_string())
        .rules(RULES.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let prints = result.findings.iter().map(|f| f.fingerprint.clone());
    let results: Vec<SarifResult> = result
        .findings
        .iter()
        .zip(prints)
        .map(|(f, print)| {
            let file = &result.files[f.file];
            let rule_index = RULES.iter().position(|r| r.id == f.rule).unwrap_or(0);
            let mut sarif_result = SarifResult::builder()
                .rule_id(f.rule.to_string())
                .rule_index(rule_index as i64)
                .level(result_level(f.severity))
                .message(text_message(format!("{}.\nFix: {}.", f.message, f.help)))
                .locations(vec![location(file, f.span, None)])
                .partial_fingerprints(BTreeMap::from([(
                    "primaryLocationLineHash".to_string(),
                    print,
                )]))
                .build();
            if !f.related.is_empty() {
                let related = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let mut loc = location(&result.files[r.file], r.span, Some(&r.message));
                        loc.id = Some(i as i64);
                        loc
                    })
                    .collect::<Vec<_>>();
                sarif_result.related_locations = Some(related);
                sarif_result.code_flows = Some(vec![code_flow(result, f)]);
            }
            sarif_result
        })
        .collect();
    let notifications: Vec<Notification> = result
        .skipped
        .iter()
        .map(|s| {
            Notification::builder()
                .level(json!("warning"))
                .message(text_message(format!("Skipped {}: {}", s.path, s.reason)))
                .locations(vec![Location::builder()
                    .physical_location(
                        PhysicalLocation::builder()
                            .artifact_location(artifact(&s.path))
                            .build(),
                    )
                    .build()])
                .build()
        })
        .collect();
    let mut invocation = Invocation::builder().execution_successful(true).build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }
    Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .automation_details(
            RunAutomationDetails::builder()
                .id("claimcheck/".to_string())
                .build(),
        )
        .column_kind(json!("utf16CodeUnits"))
        .invocations(vec![invocation])
        .results(results)
        .build()
}

/// Source to sink, so code scanning can show the path the data takes.
fn code_flow(result: &ScanResult, finding: &crate::finding::Finding) -> CodeFlow {
    let mut steps: Vec<ThreadFlowLocation> = finding
        .related
        .iter()
        .map(|r| {
            ThreadFlowLocation::builder()
                .location(location(&result.files[r.file], r.span, Some(&r.message)))
                .build()
        })
        .collect();
    steps.push(
        ThreadFlowLocation::builder()
            .location(location(
                &result.files[finding.file],
                finding.span,
                Some("used here"),
            ))
            .build(),
    );
    CodeFlow::builder()
        .thread_flows(vec![ThreadFlow::builder().locations(steps).build()])
        .build()
}

fn descriptor(rule: &'static Rule) -> ReportingDescriptor {
    let meta = rule.meta();
    let mut properties = BTreeMap::new();
    properties.insert(
        "security-severity".to_string(),
        json!(format!("{:.1}", meta.security_severity)),
    );
    properties.insert("precision".to_string(), json!(precision(rule)));
    properties.insert(
        "problem.severity".to_string(),
        json!(problem_severity(meta.severity)),
    );
    let full = meta
        .section("What it does")
        .and_then(|s| s.split("\n\n").next())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| meta.summary.clone());
    let help_text = format!(
        "{}\n\nBad:\n{}\n\nFixed:\n{}",
        meta.summary,
        meta.example("Example").unwrap_or(""),
        meta.example("Use instead").unwrap_or("")
    );
    ReportingDescriptor::builder()
        .id(rule.id.to_string())
        .name(pascal_name(rule.id))
        .short_description(plain(meta.summary.replace('`', "")))
        .full_description(plain(full.replace('`', "")))
        .help(
            MultiformatMessageString::builder()
                .text(help_text)
                .markdown(meta.body.to_string())
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(meta.severity)))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec![
                    "security".to_string(),
                    format!("external/cwe/cwe-{}", meta.cwe),
                ])
                .additional_properties(properties)
                .build(),
        )
        .build()
}

/// Rules that follow data or need whole-project facts report with less certainty than the
/// configuration checks, which read literal options.
fn precision(rule: &Rule) -> &'static str {
    if rule.id.starts_with("jwt/")
        && !matches!(
            rule.id,
            "jwt/decode-without-verify" | "jwt/unchecked-verify-error"
        )
    {
        "very-high"
    } else {
        "high"
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn result_level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low => ResultLevel::Note,
    }
}

fn problem_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "recommendation",
    }
}

/// `jwt/missing-algorithms` → `JwtMissingAlgorithms`.
fn pascal_name(id: &str) -> String {
    id.split(['/', '-'])
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn plain(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn text_message(text: String) -> Message {
    Message::builder().text(text).build()
}

fn location(file: &FileModel, span: Span, message: Option<&str>) -> Location {
    let (start, end) = region(file, span);
    let region = Region::builder()
        .start_line(start.line as i64)
        .start_column(start.column as i64)
        .end_line(end.line as i64)
        .end_column(end.column as i64)
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(artifact(&file.display_path))
        .region(region)
        .build();
    let mut location = Location::builder().physical_location(physical).build();
    location.message = message.map(|m| text_message(m.to_string()));
    location
}

/// Relative paths resolve against `%SRCROOT%` (the repository root in code scanning);
/// absolute ones become `file://` URIs.
fn artifact(path: &str) -> ArtifactLocation {
    if let Some(absolute) = path.strip_prefix('/') {
        ArtifactLocation::builder()
            .uri(format!("file:///{}", uri_escape(absolute)))
            .build()
    } else {
        ArtifactLocation::builder()
            .uri(uri_escape(path))
            .uri_base_id("%SRCROOT%".to_string())
            .build()
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
fn uri_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
