//! Parse only what can matter.
//!
//! Every finding needs a JWT library, Express or a DynamoDB client somewhere in the files that
//! import one another (the components the link stage analyses). A cheap pass over each file's
//! text finds its import specifiers and whether it names one of those; files whose whole
//! component names none are never parsed. The lexical import graph over-approximates the
//! parsed one (any string after `require(`, `from`, `import` or `import(`), so a component
//! here is a union of the parsed components: the findings are the same as parsing everything
//! (`--no-prefilter`, checked by a test over every fixture).

use memchr::memmem;
use std::path::PathBuf;

/// Words whose absence from a whole component means no rule can fire there: the packages the
/// rules know (jsonwebtoken, jose, jwt-decode, express-jwt, passport, express, the AWS SDKs) and
/// the DynamoDB vocabulary a client passed in from elsewhere still uses.
const TRIGGERS: &[&str] = &[
    "jsonwebtoken",
    "jose",
    "jwt",
    "Jwt",
    "JWT",
    "passport",
    "express",
    "Router",
    "aws-sdk",
    "dynamodb",
    "Dynamo",
    "DocumentClient",
    "TableName",
];

/// What the lexical pass learns about one file.
#[derive(Debug, Default, Clone)]
pub struct Lexed {
    /// Strings that may be import specifiers, in order of appearance, without duplicates.
    pub specifiers: Vec<String>,
    /// The file names a trigger word.
    pub triggers: bool,
}

/// Scans a file's text for import specifiers and trigger words.
pub fn lex(text: &str) -> Lexed {
    let bytes = text.as_bytes();
    let triggers = TRIGGERS
        .iter()
        .any(|word| memmem::find(bytes, word.as_bytes()).is_some());
    let mut specifiers: Vec<String> = Vec::new();
    for quote in memchr::memchr3_iter(b'\'', b'"', b'`', bytes) {
        if !after_import_keyword(&bytes[..quote]) {
            continue;
        }
        let rest = &bytes[quote + 1..];
        let Some(end) = rest
            .iter()
            .take(512)
            .position(|&b| b == bytes[quote] || b == b'\n')
        else {
            continue;
        };
        if rest[end] != bytes[quote] {
            continue;
        }
        if let Ok(spec) = std::str::from_utf8(&rest[..end]) {
            if !spec.is_empty() && !specifiers.iter().any(|s| s == spec) {
                specifiers.push(spec.to_string());
            }
        }
    }
    Lexed {
        specifiers,
        triggers,
    }
}

/// Whether the text before a quote ends with `require(`, `import(`, `from` or `import`
/// (spaces allowed between).
fn after_import_keyword(before: &[u8]) -> bool {
    let mut end = before.len();
    let skip_space = |mut i: usize| {
        while i > 0 && before[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        i
    };
    end = skip_space(end);
    let parenthesised = end > 0 && before[end - 1] == b'(';
    if parenthesised {
        end = skip_space(end - 1);
    }
    let word_start = before[..end]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$'))
        .map_or(0, |i| i + 1);
    let word = &before[word_start..end];
    let preceded_by_dot = word_start > 0 && before[word_start - 1] == b'.';
    match word {
        b"require" | b"import" => !preceded_by_dot || word == b"require",
        b"from" => !parenthesised,
        _ => false,
    }
}

/// Which files to parse: those in a lexical import component where some file names a trigger.
pub fn relevant(paths: &[PathBuf], lexed: &[Lexed]) -> Vec<bool> {
    let specifiers: Vec<Vec<&str>> = lexed
        .iter()
        .map(|l| l.specifiers.iter().map(String::as_str).collect())
        .collect();
    let modules = crate::link::resolve_modules(paths, &specifiers);
    let mut keep = vec![false; paths.len()];
    for component in crate::link::components(&modules) {
        if component.iter().any(|&i| lexed[i].triggers) {
            for i in component {
                keep[i] = true;
            }
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_specifiers_in_every_import_form() {
        let lexed = lex(concat!(
            "const a = require('./a');\n",
            "import b from \"../b\";\n",
            "import './c';\n",
            "export { d } from './d';\n",
            "const e = await import(`./e`);\n",
            "const f = require ( './f' );\n",
            "const label = 'not an import';\n",
        ));
        assert_eq!(
            lexed.specifiers,
            ["./a", "../b", "./c", "./d", "./e", "./f"]
        );
        assert!(!lexed.triggers);
    }

    #[test]
    fn trigger_words_mark_the_file() {
        assert!(lex("const jwt = require('jsonwebtoken');").triggers);
        assert!(lex("import { GetCommand } from '@aws-sdk/lib-dynamodb';").triggers);
        assert!(!lex("module.exports = (a, b) => a + b;").triggers);
    }

    #[test]
    fn unterminated_strings_and_odd_bytes_do_not_panic() {
        for text in ["require('", "from \"x\n\"", "import(`", "'", "é from 'ü'"] {
            let _ = lex(text);
        }
    }
}
