//! `claimcheck-disable` comments: parsed while indexing, applied when reporting.

use crate::position::Span;

/// Which lines a directive covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveScope {
    /// `claimcheck-disable-line`: the comment's own line (0-based).
    Line(u32),
    /// `claimcheck-disable-next-line`: the line after the comment (0-based).
    NextLine(u32),
    /// `/* claimcheck-disable */`: from this line (0-based) to the end of the file; before any
    /// code that is the whole file.
    FromLine(u32),
}

/// One suppression comment.
#[derive(Debug, Clone)]
pub struct Directive {
    pub scope: DirectiveScope,
    /// Rule ids or family prefixes (`jwt/`); empty means every rule.
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// The comment, for `--report-unused-disable-directives`.
    pub span: Span,
}

impl Directive {
    /// Parses a comment's text (with its `//` or `/* */`) into a directive, if it is one.
    pub fn parse(comment: &str, line: u32, span: Span) -> Option<Directive> {
        let body = comment
            .strip_prefix("//")
            .or_else(|| {
                comment
                    .strip_prefix("/*")
                    .map(|c| c.strip_suffix("*/").unwrap_or(c))
            })?
            .trim();
        let body = body.strip_prefix("claimcheck-")?;
        let (scope, rest) = if let Some(rest) = body.strip_prefix("disable-next-line") {
            (DirectiveScope::NextLine(line + 1), rest)
        } else if let Some(rest) = body.strip_prefix("disable-line") {
            (DirectiveScope::Line(line), rest)
        } else if let Some(rest) = body.strip_prefix("disable") {
            (DirectiveScope::FromLine(line), rest)
        } else {
            return None;
        };
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return None;
        }
        let (ids, reason) = match rest.split_once("--") {
            Some((ids, reason)) => (
                ids,
                Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
            ),
            None => (rest, None),
        };
        let rules = ids
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .collect();
        Some(Directive {
            scope,
            rules,
            reason,
            span,
        })
    }

    /// Whether this directive silences `rule` reported on 0-based `line`.
    pub fn covers(&self, rule: &str, line: u32) -> bool {
        let on_line = match self.scope {
            DirectiveScope::Line(l) | DirectiveScope::NextLine(l) => l == line,
            DirectiveScope::FromLine(l) => line >= l,
        };
        on_line
            && (self.rules.is_empty()
                || self
                    .rules
                    .iter()
                    .any(|r| r == rule || (r.ends_with('/') && rule.starts_with(r.as_str()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        let d = Directive::parse(
            "// claimcheck-disable-next-line jwt/missing-issuer, jwt/missing-audience -- internal",
            4,
            Span::default(),
        )
        .unwrap();
        assert_eq!(d.scope, DirectiveScope::NextLine(5));
        assert_eq!(d.rules, ["jwt/missing-issuer", "jwt/missing-audience"]);
        assert_eq!(d.reason.as_deref(), Some("internal"));
        assert!(d.covers("jwt/missing-issuer", 5));
        assert!(!d.covers("jwt/missing-issuer", 4));

        let d = Directive::parse("/* claimcheck-disable jwt/ */", 0, Span::default()).unwrap();
        assert!(d.covers("jwt/none-algorithm", 99));
        assert!(d.reason.is_none());

        assert!(Directive::parse("// claimcheck-disabled", 0, Span::default()).is_none());
        assert!(Directive::parse("// eslint-disable-line", 0, Span::default()).is_none());
    }
}
