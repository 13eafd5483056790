//! Rule metadata parsed from the docs in `rules/`: the single source of truth for a rule's
//! severity, CWE and summary, shown by `rules`, `explain`, SARIF and the README.

use std::sync::OnceLock;

use serde::Deserialize;

use super::{Rule, RULES};
use crate::finding::Severity;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    severity: Severity,
    security_severity: f64,
    cwe: u32,
    summary: String,
}

/// A rule's metadata and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: String,
    pub severity: Severity,
    pub security_severity: f64,
    pub cwe: u32,
    pub summary: String,
    /// The Markdown body after the front matter.
    pub body: &'static str,
}

impl RuleMeta {
    /// The fenced code block under a `## heading` of the body (the bad or the fixed example).
    pub fn example(&self, heading: &str) -> Option<&'static str> {
        let section = section(self.body, heading)?;
        let start = section.find("```")?;
        let after_fence = &section[start + 3..];
        let code_start = after_fence.find('\n')? + 1;
        let code = &after_fence[code_start..];
        Some(code[..code.find("```")?].trim_end())
    }

    /// The plain text of a `## heading` section.
    pub fn section(&self, heading: &str) -> Option<&'static str> {
        section(self.body, heading).map(str::trim)
    }
}

fn section<'a>(body: &'a str, heading: &str) -> Option<&'a str> {
    let marker = format!("## {heading}\n");
    let start = body.find(&marker)? + marker.len();
    let rest = &body[start..];
    let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
    Some(&rest[..end])
}

/// Splits a doc into its TOML front matter and body.
pub fn parse(doc: &'static str) -> Result<RuleMeta, String> {
    let rest = doc
        .strip_prefix("+++\n")
        .ok_or("doc must start with a `+++` front matter line")?;
    let end = rest
        .find("\n+++")
        .ok_or("front matter is not closed by `+++`")?;
    let front: FrontMatter = toml::from_str(&rest[..end]).map_err(|e| e.to_string())?;
    let body = rest[end + 4..].trim_start_matches('\n');
    Ok(RuleMeta {
        id: front.id,
        severity: front.severity,
        security_severity: front.security_severity,
        cwe: front.cwe,
        summary: front.summary,
        body,
    })
}

/// The parsed metadata of `rule` (docs are ours and checked by a meta test, so a broken one is
/// a build defect, reported loudly).
pub fn of(rule: &Rule) -> &'static RuleMeta {
    static ALL: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        RULES
            .iter()
            .map(|r| parse(r.doc).unwrap_or_else(|e| panic!("rules/{}.md is malformed: {e}", r.id)))
            .collect()
    });
    let index = RULES
        .iter()
        .position(|r| std::ptr::eq(r, rule))
        .unwrap_or_else(|| panic!("{} is not in the registry", rule.id));
    &all[index]
}
