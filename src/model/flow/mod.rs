//! Dataflow inside a file: values from the request and from tokens, followed through
//! assignments, destructuring, templates, the file's own functions and callbacks, to DynamoDB
//! calls; guards that tie a value to the caller mark it owned.
//!
//! The analysis is an abstract interpretation over each handler's syntax, run while the tree
//! is alive. Functions of the file are evaluated at their call sites with the arguments' values
//! (bounded depth), so a key built in a helper is reported in the helper and explained back to
//! `req.params`.

pub mod ddb;
mod env;
pub mod eval;
pub mod facts;
pub mod graph;
pub mod guards;
pub mod project;
pub mod routes;
pub mod tokens;
pub mod value;

pub use facts::FlowFacts;

/// The catalog's tunables the analysis reads.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub owner_attributes: Vec<String>,
    pub public_paths: Vec<String>,
    pub auth_middleware: Vec<String>,
    /// Syntax deeper than this is not walked (the file is reported as partly analysed).
    pub max_nesting: usize,
    /// Parse time budget per file (the project stage parses a large project's files again).
    pub parse_budget_ms: u64,
}

impl Settings {
    pub fn is_owner_attribute(&self, name: &str) -> bool {
        self.owner_attributes.iter().any(|a| a == name)
    }

    /// A path is public when one of its segments is, or starts with, a public word
    /// (`/auth/login`, `/health-check`); parameters (`:id`) never match.
    pub fn is_public_path(&self, path: &str) -> bool {
        // A segment is the word, in any case, or starts with it and goes on with a non-letter.
        let names = |seg: &str, word: &str| {
            seg.get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word))
                && seg[word.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_ascii_alphabetic())
        };
        path.split('/')
            .filter(|seg| !seg.is_empty() && !seg.starts_with(':'))
            .any(|seg| self.public_paths.iter().any(|word| names(seg, word)))
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;

    #[test]
    fn a_public_path_has_a_segment_naming_a_public_word() {
        let settings = Settings {
            public_paths: vec!["health".into(), "Login".into()],
            ..Settings::default()
        };
        for public in [
            "/health",
            "/HEALTH",
            "/api/login",
            "/health-check",
            "/login_v2",
            "/x/health/",
        ] {
            assert!(settings.is_public_path(public), "{public}");
        }
        for private in [
            "/",
            "",
            "/healthz",
            "/loginx",
            "/users/:health",
            "/héalth",
            "/é",
            "/heal",
        ] {
            assert!(!settings.is_public_path(private), "{private}");
        }
    }
}
