//! What a rule reports: plain data, rendered later by one of the report formats.

use serde::{Deserialize, Serialize};

use crate::position::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A secondary location that explains a finding (where a value came from).
#[derive(Clone, Debug)]
pub struct Related {
    /// Index of the file in the scan's file list.
    pub file: usize,
    pub span: Span,
    pub message: String,
}

/// One problem found in the code.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// Index of the file in the scan's file list.
    pub file: usize,
    pub span: Span,
    pub message: String,
    /// How to fix it, in one sentence.
    pub help: String,
    pub related: Vec<Related>,
    /// Stable identity across edits elsewhere in the file (see `baseline::fingerprint`).
    pub fingerprint: String,
}
