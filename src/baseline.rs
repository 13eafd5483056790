//! Fingerprints and baselines: adopting claimcheck on a codebase with existing findings.
//!
//! A fingerprint is the rule, the path and the finding's line with whitespace removed, plus
//! which occurrence of that triple it is: inserting lines elsewhere does not change it, and
//! fixing the code does. SARIF's `partialFingerprints` and the baseline share it.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::model::FileModel;

/// Fills in the fingerprint of every finding (which must be in output order).
pub fn fingerprint(findings: &mut [Finding], files: &[FileModel]) {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    for f in findings {
        let file = &files[f.file];
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
        f.fingerprint = format!("{hash:016x}:{n}");
    }
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

/// The baseline file: small, sorted, meant to be committed and reviewed.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

impl Baseline {
    pub fn of(findings: &[Finding], files: &[FileModel]) -> Baseline {
        let set: BTreeSet<Entry> = findings
            .iter()
            .map(|f| Entry {
                path: files[f.file].display_path.clone(),
                rule: f.rule.to_string(),
                fingerprint: f.fingerprint.clone(),
            })
            .collect();
        Baseline {
            version: 1,
            findings: set.into_iter().collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("invalid baseline {}: {e}", path.display()))?;
        if baseline.version != 1 {
            return Err(format!(
                "baseline {} has version {}; this claimcheck reads version 1",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| format!("cannot write baseline {}: {e}", path.display()))
    }

    /// Drops the findings the baseline already records; returns how many.
    pub fn filter(&self, findings: &mut Vec<Finding>, files: &[FileModel]) -> usize {
        let known: BTreeSet<(&str, &str, &str)> = self
            .findings
            .iter()
            .map(|e| (e.path.as_str(), e.rule.as_str(), e.fingerprint.as_str()))
            .collect();
        let before = findings.len();
        findings.retain(|f| {
            !known.contains(&(
                files[f.file].display_path.as_str(),
                f.rule,
                f.fingerprint.as_str(),
            ))
        });
        before - findings.len()
    }
}
