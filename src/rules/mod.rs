//! The rule registry: every catalog rule, its doc (embedded from `rules/`), and its check.

pub mod jwt;
pub mod meta;

use crate::finding::{Finding, Related};
use crate::model::FileModel;
use crate::position::Span;
pub use meta::RuleMeta;

/// What a rule sees: one file's model (the project view joins it when linking lands).
pub struct Context<'a> {
    pub file: &'a FileModel,
    pub file_index: usize,
    rule: &'static Rule,
    findings: &'a mut Vec<Finding>,
}

impl Context<'_> {
    /// Reports a finding of the running rule at `span`.
    pub fn report(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.report_with(span, message, help, Vec::new());
    }

    pub fn report_with(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
        related: Vec<Related>,
    ) {
        let duplicate = self
            .findings
            .iter()
            .any(|f| f.rule == self.rule.id && f.span == span && f.file == self.file_index);
        if duplicate {
            return;
        }
        self.findings.push(Finding {
            rule: self.rule.id,
            severity: self.rule.meta().severity,
            file: self.file_index,
            span,
            message: message.into(),
            help: help.into(),
            related,
        });
    }
}

pub type Check = fn(&mut Context);

/// A catalog rule.
pub struct Rule {
    pub id: &'static str,
    /// The rule's doc: TOML front matter and Markdown body.
    pub doc: &'static str,
    /// `None` for rules the catalog defines that are not implemented yet.
    pub check: Option<Check>,
}

impl Rule {
    pub fn meta(&self) -> &'static RuleMeta {
        meta::of(self)
    }

    pub fn implemented(&self) -> bool {
        self.check.is_some()
    }
}

macro_rules! rule {
    ($id:literal, $doc:literal, $check:expr) => {
        Rule {
            id: $id,
            doc: include_str!(concat!("../../rules/", $doc, ".md")),
            check: $check,
        }
    };
}

/// Every rule of the catalog, in catalog order.
pub static RULES: &[Rule] = &[
    rule!(
        "jwt/missing-algorithms",
        "jwt/missing-algorithms",
        Some(jwt::missing_algorithms::check)
    ),
    rule!(
        "jwt/none-algorithm",
        "jwt/none-algorithm",
        Some(jwt::none_algorithm::check)
    ),
    rule!(
        "jwt/algorithm-confusion",
        "jwt/algorithm-confusion",
        Some(jwt::algorithm_confusion::check)
    ),
    rule!(
        "jwt/missing-audience",
        "jwt/missing-audience",
        Some(jwt::missing_audience::check)
    ),
    rule!(
        "jwt/missing-issuer",
        "jwt/missing-issuer",
        Some(jwt::missing_issuer::check)
    ),
    rule!(
        "jwt/ignore-expiration",
        "jwt/ignore-expiration",
        Some(jwt::ignore_expiration::check)
    ),
    rule!(
        "jwt/unchecked-verify-error",
        "jwt/unchecked-verify-error",
        None
    ),
    rule!(
        "jwt/decode-without-verify",
        "jwt/decode-without-verify",
        None
    ),
    rule!(
        "jwt/hardcoded-secret",
        "jwt/hardcoded-secret",
        Some(jwt::hardcoded_secret::check)
    ),
    rule!(
        "jwt/sign-without-expiry",
        "jwt/sign-without-expiry",
        Some(jwt::sign_without_expiry::check)
    ),
    rule!("ddb/key-from-request", "ddb/key-from-request", None),
    rule!(
        "ddb/condition-from-request",
        "ddb/condition-from-request",
        None
    ),
    rule!("ddb/expression-injection", "ddb/expression-injection", None),
    rule!(
        "ddb/key-from-unverified-token",
        "ddb/key-from-unverified-token",
        None
    ),
    rule!(
        "express/unauthenticated-data-route",
        "express/unauthenticated-data-route",
        None
    ),
];

pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Runs `rules` over one file, appending to `findings`.
pub fn check_file(
    file: &FileModel,
    file_index: usize,
    rules: &[&'static Rule],
    findings: &mut Vec<Finding>,
) {
    for &rule in rules {
        if let Some(check) = rule.check {
            let mut ctx = Context {
                file,
                file_index,
                rule,
                findings,
            };
            check(&mut ctx);
        }
    }
}

/// The README's rule table, generated from the docs (a meta test keeps the README in step).
pub fn markdown_table() -> String {
    let mut out =
        String::from("| rule | severity | CWE | what it finds |\n| --- | --- | --- | --- |\n");
    for rule in RULES {
        let meta = rule.meta();
        let planned = if rule.implemented() { "" } else { " (planned)" };
        out.push_str(&format!(
            "| `{}` | {} | {} | {}{planned} |\n",
            rule.id, meta.severity, meta.cwe, meta.summary
        ));
    }
    out
}
