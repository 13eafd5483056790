//! The rule registry: every catalog rule, its doc (embedded from `rules/`), and its check.

pub mod ddb;
pub mod express;
pub mod jwt;
pub mod meta;

use crate::finding::{Finding, Related};
use crate::model::flow::Settings;
use crate::model::FileModel;
use crate::position::Span;
pub use meta::RuleMeta;

/// What a rule sees: one file's model (the project view joins it when linking lands).
pub struct Context<'a> {
    pub file: &'a FileModel,
    /// Every file of the scan (a flow can start in another file).
    pub files: &'a [FileModel],
    pub file_index: usize,
    settings: &'a Settings,
    rule: &'static Rule,
    findings: &'a mut Vec<Finding>,
}

impl Context<'_> {
    /// The catalog's tunables (owner-like attributes, public paths).
    pub fn settings(&self) -> &Settings {
        self.settings
    }

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
        self.report_in(self.file_index, span, message, help, related);
    }

    /// Reports in another file of the scan (a key built in a service, used in a repository).
    pub fn report_in(
        &mut self,
        file: usize,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
        related: Vec<Related>,
    ) {
        let duplicate = self
            .findings
            .iter()
            .any(|f| f.rule == self.rule.id && f.span == span && f.file == file);
        if duplicate {
            return;
        }
        self.findings.push(Finding {
            rule: self.rule.id,
            severity: self.rule.meta().severity,
            file,
            span,
            message: message.into(),
            help: help.into(),
            related,
            fingerprint: String::new(),
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

/// A registry entry: the doc lives at `rules/<id>.md`.
macro_rules! rule {
    ($id:literal, $check:expr) => {
        Rule {
            id: $id,
            doc: include_str!(concat!("../../rules/", $id, ".md")),
            check: $check,
        }
    };
}

/// Every rule of the catalog, in catalog order.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    rule!("jwt/missing-algorithms", Some(jwt::missing_algorithms::check)),
    rule!("jwt/none-algorithm", Some(jwt::none_algorithm::check)),
    rule!("jwt/algorithm-confusion", Some(jwt::algorithm_confusion::check)),
    rule!("jwt/missing-audience", Some(jwt::missing_audience::check)),
    rule!("jwt/missing-issuer", Some(jwt::missing_issuer::check)),
    rule!("jwt/ignore-expiration", Some(jwt::ignore_expiration::check)),
    rule!("jwt/unchecked-verify-error", Some(jwt::unchecked_verify_error::check)),
    rule!("jwt/decode-without-verify", Some(jwt::decode_without_verify::check)),
    rule!("jwt/hardcoded-secret", Some(jwt::hardcoded_secret::check)),
    rule!("jwt/sign-without-expiry", Some(jwt::sign_without_expiry::check)),
    rule!("ddb/key-from-request", Some(ddb::key_from_request::check)),
    rule!("ddb/condition-from-request", Some(ddb::condition_from_request::check)),
    rule!("ddb/expression-injection", Some(ddb::expression_injection::check)),
    rule!("ddb/key-from-unverified-token", Some(ddb::key_from_unverified_token::check)),
    rule!("express/unauthenticated-data-route", Some(express::unauthenticated_data_route::check)),
];

pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Runs `rules` over one file, appending to `findings`.
pub fn check_file(
    files: &[FileModel],
    file_index: usize,
    rules: &[&'static Rule],
    settings: &Settings,
    findings: &mut Vec<Finding>,
) {
    for &rule in rules {
        if let Some(check) = rule.check {
            let mut ctx = Context {
                file: &files[file_index],
                files,
                file_index,
                settings,
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
