//! Parse only what can matter.
//!
//! Every finding needs a package the rules know (a JWT library, Express, a DynamoDB client)
//! imported somewhere in the files that import one another (the components the link stage
//! analyses), or a token decoded by hand. A cheap pass over each file's text finds its import
//! specifiers and whether it is such a *seed*; files whose whole component holds no seed are
//! never parsed. The link stage applies the same test (`is_seed`) to the components it
//! analyses, and the lexical import graph over-approximates the parsed one (any string after
//! `require(`, `from`, `import` or `import(`), so a component here is a union of the parsed
//! components: the findings are the same as parsing everything (`--no-prefilter`, checked by a
//! test over every fixture).

use memchr::memmem;
use std::path::PathBuf;

/// Packages whose imports the analysis recognises: the JWT libraries, Passport, Express and the
/// DynamoDB SDKs (v2 `aws-sdk` and its subpaths, v3 clients). Matched by package name, so
/// `aws-sdk/clients/dynamodb` and `jose/jwt/verify` count.
const KNOWN_PACKAGES: &[&str] = &[
    "jsonwebtoken",
    "express-jwt",
    "passport-jwt",
    "jose",
    "jwt-decode",
    "passport",
    "express",
    "aws-sdk",
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/lib-dynamodb",
];

/// What the lexical pass learns about one file.
#[derive(Debug, Default, Clone)]
pub struct Lexed {
    /// Strings that may be import specifiers, in order of appearance, without duplicates.
    pub specifiers: Vec<String>,
    /// The file imports a known package or decodes a token by hand.
    pub seed: bool,
}

/// Scans a file's text for import specifiers and whether it is a seed.
pub fn lex(text: &str) -> Lexed {
    let specifiers = specifiers(text);
    let seed = specifiers.iter().any(|s| names_known_package(s)) || decodes_by_hand(text);
    Lexed { specifiers, seed }
}

/// Whether the analysis of a component holding this file can find anything (see `lex`).
pub fn is_seed(text: &str) -> bool {
    lex(text).seed
}

/// `jsonwebtoken`, `@aws-sdk/lib-dynamodb`, `aws-sdk/clients/dynamodb`, `node:`-free names.
fn names_known_package(specifier: &str) -> bool {
    let mut segments = specifier.split('/');
    let first = segments.next().unwrap_or("");
    let package = if first.starts_with('@') {
        let Some(name) = segments.next() else {
            return false;
        };
        &specifier[..first.len() + 1 + name.len()]
    } else {
        first
    };
    KNOWN_PACKAGES.contains(&package)
}

/// A hand-made decode takes the payload part of a token and base64-decodes it:
/// `atob(token.split('.')[1])`. This finds `split` with a one-dot string indexed by `[1]` in a
/// file that names `base64` or `atob` (spaces allowed anywhere, as the analysis ignores them):
/// a superset of what the analysis recognises as a manual decode.
fn decodes_by_hand(text: &str) -> bool {
    let bytes = text.as_bytes();
    let skip_space = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    // Each step: skip spaces, then expect one byte (`None` = the opening quote, remembered).
    let expect = |at: usize| {
        let mut i = at + "split".len();
        let mut quote = 0u8;
        for want in [
            Some(b'('),
            None,
            Some(b'.'),
            Some(0),
            Some(b')'),
            Some(b'['),
            Some(b'1'),
            Some(b']'),
        ] {
            i = skip_space(i);
            let Some(&got) = bytes.get(i) else {
                return false;
            };
            let ok = match want {
                None => {
                    quote = got;
                    matches!(got, b'\'' | b'"' | b'`')
                }
                Some(0) => got == quote,
                Some(byte) => got == byte,
            };
            if !ok {
                return false;
            }
            i += 1;
        }
        true
    };
    (memmem::find(bytes, b"base64").is_some() || memmem::find(bytes, b"atob").is_some())
        && memmem::find_iter(bytes, b"split").any(expect)
}

/// Strings after an import keyword, in order, without duplicates.
fn specifiers(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut specifiers: Vec<String> = Vec::new();
    for quote in memchr::memchr3_iter(b'\'', b'"', b'`', bytes) {
        if !after_import_keyword(&bytes[..quote]) || in_comment_line(&bytes[..quote]) {
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
    specifiers
}

/// Whether the line so far is a comment: it starts with `//`, or with `/*` or `*` (a block
/// comment's line) and does not close it. Documentation that shows `require('express')` is not an
/// import; a real import never starts a line with `*` (nor is it inside an unclosed `/*`).
fn in_comment_line(before: &[u8]) -> bool {
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let indent = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(line.len());
    let code = &line[indent..];
    if code.starts_with(b"//") {
        return true;
    }
    (code.starts_with(b"*") || code.starts_with(b"/*")) && memmem::find(code, b"*/").is_none()
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

/// Which files to parse: those in a lexical import component that holds a seed.
pub fn relevant(paths: &[PathBuf], lexed: &[Lexed]) -> Vec<bool> {
    let specifiers: Vec<Vec<&str>> = lexed
        .iter()
        .map(|l| l.specifiers.iter().map(String::as_str).collect())
        .collect();
    let modules = crate::link::resolve_modules(paths, &specifiers);
    let mut keep = vec![false; paths.len()];
    for component in crate::link::components(&modules) {
        if component.iter().any(|&i| lexed[i].seed) {
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
        assert!(!lexed.seed);
    }

    #[test]
    fn imports_of_known_packages_make_seeds() {
        assert!(lex("const jwt = require('jsonwebtoken');").seed);
        assert!(lex("import { GetCommand } from '@aws-sdk/lib-dynamodb';").seed);
        assert!(lex("const D = require('aws-sdk/clients/dynamodb');").seed);
        assert!(lex("import { jwtVerify } from 'jose/jwt/verify';").seed);
        assert!(lex("import express from \"express\";").seed);
        // Words are not imports, and look-alike packages are other packages.
        assert!(!lex("// uses jsonwebtoken and DynamoDB TableName, express Router").seed);
        assert!(!lex("require('express-validator'); require('@aws-sdk/client-s3');").seed);
        assert!(!lex("import x from '@aws-sdk';").seed);
        assert!(!lex("module.exports = (a, b) => a + b;").seed);
    }

    #[test]
    fn a_token_split_on_dots_is_a_seed() {
        assert!(lex("const p = atob(t.split('.')[1]);").seed);
        assert!(lex("JSON.parse(Buffer.from(h.split ( \" . \" )[1], 'base64'))").seed);
        assert!(lex("atob(x.split(`.`) [ 1 ])").seed);
        assert!(!lex("base64(v.split('.')[0]); p.split('/')[1]; v.split('..')[1]").seed);
        assert!(!lex("const [, minor] = version.split('.'); minor.split('.')[1];").seed);
    }

    #[test]
    fn imports_shown_in_comments_are_not_imports() {
        let lexed = lex(concat!(
            "/**\n",
            " * const jwt = require('jsonwebtoken');\n",
            " */\n",
            "// import express from 'express';\n",
            "/* a */ const db = require('./db');\n",
            "  /* b */ import x from './x';\n",
        ));
        assert_eq!(lexed.specifiers, ["./db", "./x"]);
        assert!(!lexed.seed);
    }

    #[test]
    fn unterminated_strings_and_odd_bytes_do_not_panic() {
        for text in ["require('", "from \"x\n\"", "import(`", "'", "é from 'ü'"] {
            let _ = lex(text);
        }
    }
}
