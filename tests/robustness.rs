//! No input makes the pipeline panic: random token soup in all three grammars, every fixture
//! cut off at many points, and pathological nesting. (The fuzz target in `fuzz/` explores
//! further; these run on every `cargo test`.)

use claimcheck::config::Config;
use claimcheck::parse::Dialect;
use claimcheck::scan::check_bytes;

/// A small deterministic generator, so a failure reproduces.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const TOKENS: &[&str] = &[
    "const",
    "let",
    "var",
    "function",
    "async",
    "await",
    "return",
    "if",
    "else",
    "try",
    "catch",
    "throw",
    "new",
    "class",
    "this",
    "import",
    "export",
    "from",
    "require",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ";",
    ".",
    "...",
    "=>",
    "=",
    "===",
    "!==",
    "||",
    "??",
    "&&",
    "!",
    "?",
    ":",
    "+",
    "`",
    "${",
    "'",
    "\"",
    "req",
    "res",
    "next",
    "params",
    "body",
    "user",
    "sub",
    "jwt",
    "verify",
    "decode",
    "sign",
    "'jsonwebtoken'",
    "'@aws-sdk/lib-dynamodb'",
    "GetCommand",
    "send",
    "Key",
    "TableName",
    "KeyConditionExpression",
    "':id'",
    "router",
    "get",
    "'/x/:id'",
    "algorithms",
    "'none'",
    "['HS256', 'RS256']",
    "expressjwt",
    "<T>",
    "as",
    "any",
    "\n",
    "// claimcheck-disable-next-line",
    "/*",
    "*/",
    "0",
    "1e3",
    "null",
    "undefined",
];

const DIALECTS: &[(Dialect, &str)] = &[
    (Dialect::JavaScript, "soup.js"),
    (Dialect::TypeScript, "soup.ts"),
    (Dialect::Tsx, "soup.tsx"),
];

#[test]
fn token_soup_never_panics() {
    let config = Config::default();
    let mut rng = XorShift(0x5eed_cafe_f00d_d00d);
    for round in 0..600 {
        let len = 5 + (rng.next() % 300) as usize;
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(rng.pick(TOKENS));
            text.push(' ');
        }
        let (dialect, name) = DIALECTS[round % DIALECTS.len()];
        let _ = check_bytes(name, dialect, text.into_bytes(), &config);
    }
}

#[test]
fn truncated_fixtures_never_panic() {
    let config = Config::default();
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from("testdata")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Some(dialect) = Dialect::for_path(&path) {
                files.push((path, dialect));
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!files.is_empty());
    for (path, dialect) in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.to_string_lossy().into_owned();
        // Cut points at every 1/16 of the file, plus a few bytes in: mid-token, mid-string,
        // mid-UTF-8 sequence.
        for i in 1..16 {
            let cut = bytes.len() * i / 16;
            for extra in [0, 1, 3] {
                let end = (cut + extra).min(bytes.len());
                let _ = check_bytes(&name, dialect, bytes[..end].to_vec(), &config);
            }
        }
    }
}

#[test]
fn pathological_nesting_is_bounded() {
    let config = Config::default();
    let deep = |open: &str, close: &str, n: usize| {
        let mut text = String::from("const jwt = require('jsonwebtoken');\nx = ");
        for _ in 0..n {
            text.push_str(open);
            text.push('\n');
        }
        for _ in 0..n {
            text.push_str(close);
            text.push('\n');
        }
        text.push_str(";\njwt.verify(t, k);\n");
        text
    };
    // Nested parentheses are left out: tree-sitter's error recovery on 50,000 of them (an
    // arrow-parameter ambiguity) may swallow what follows; they are covered for no-panic below.
    for (open, close) in [
        ("[", "]"),
        ("f(", ")"),
        ("{a:", "}"),
        ("!", ""),
        ("a +", "a"),
    ] {
        let text = deep(open, close, 50_000);
        let findings = check_bytes("deep.js", Dialect::JavaScript, text.into_bytes(), &config)
            .expect("a deep file is analysed in its ordinary parts");
        assert!(
            findings.iter().any(|f| f.rule == "jwt/missing-algorithms"),
            "the finding after the deep expression ({open}) was lost"
        );
    }
}

#[test]
fn nested_parentheses_never_panic() {
    let config = Config::default();
    let text = format!("x = {}1{};\n", "(".repeat(50_000), ")".repeat(50_000));
    let _ = check_bytes("parens.js", Dialect::JavaScript, text.into_bytes(), &config);
}

/// Functions nested in functions inside a route: every middleware is asked whether it
/// authenticates, and each nested function used to be walked once per enclosing level and
/// call (240 nested IIFEs did not finish in a minute; found by hand after a fuzzing crash).
#[test]
fn nested_functions_in_a_route_take_bounded_work() {
    let config = Config::default();
    let depth = 300;
    let route = |open: &str, close: &str| {
        format!(
            "const jwt = require('jsonwebtoken');\nconst app = require('express')();\n\
             app.get('/x', (req, res, next) => {{\n{}jwt.decode(req.query.t);\n{}}});\n\
             jwt.verify(t, k);\n",
            open.repeat(depth),
            close.repeat(depth)
        )
    };
    for (open, close) in [
        ("(() => {\n", "})();\n"),
        ("(function () {\n", "}).call(this);\n"),
        ("[1].forEach((i) => {\n", "});\n"),
        ("if (req.a) {\n", "}\n"),
        ("try {\n", "} catch (e) { next(e); }\n"),
        ("new Promise((resolve) => {\n", "});\n"),
    ] {
        let text = route(open, close);
        let findings = check_bytes("nested.js", Dialect::JavaScript, text.into_bytes(), &config)
            .expect("a nested file is analysed");
        assert!(
            findings.iter().any(|f| f.rule == "jwt/missing-algorithms"),
            "the finding after the nested route ({open}) was lost"
        );
    }
}

/// A value built from itself, statement after statement, nests as deep as the file is long:
/// dropping or joining it one level per stack frame overflowed the stack (`x = {a: x}` 100,000
/// times), and spreads kept every earlier spread (`x = {...x}`: quadratic, then a hang).
#[test]
fn values_built_from_themselves_stay_bounded() {
    let config = Config::default();
    for step in [
        "x = {a: x};",
        "x = {...x, a: 1};",
        "x = [x];",
        "x = {a: [x], b: x};",
    ] {
        let text = format!(
            "const jwt = require('jsonwebtoken');\nconst app = require('express')();\n\
             app.get('/x', (req, res) => {{\nlet x = req.query.a;\n{}\nres.json(x);\n}});\n\
             jwt.verify(t, k);\n",
            format!("{step}\n").repeat(40_000)
        );
        let findings = check_bytes("grow.js", Dialect::JavaScript, text.into_bytes(), &config)
            .expect("the file is analysed");
        assert!(
            findings.iter().any(|f| f.rule == "jwt/missing-algorithms"),
            "the finding after `{step}` repeated was lost"
        );
    }
}

/// Inputs that once crashed the pipeline (from fuzzing), kept as they were found.
#[test]
fn inputs_that_once_crashed_are_analysed() {
    let config = Config::default();
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/crashes"));
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/crashes")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    for path in entries {
        let bytes = std::fs::read(&path).expect("read crash input");
        let dialect = Dialect::for_path(&path).unwrap_or(Dialect::JavaScript);
        let name = path.display().to_string();
        let _ = check_bytes(&name, dialect, bytes, &config);
    }
}
