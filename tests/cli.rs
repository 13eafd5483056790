//! The command line as users and CI run it: exit codes, discovery, config errors, determinism.

use std::path::Path;
use std::process::{Command, Output};

fn claimcheck(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("claimcheck runs")
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Scans a throwaway project made of `files` (a `package.json` is added) in compact format.
fn scan_compact(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "package.json", "{}");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    stdout(&claimcheck(&[".", "--format", "compact"], dir.path()))
}

/// An Express app with an aws-sdk v2 DocumentClient, for route tests (four lines).
const DOCS_APP: &str = "const express = require('express');\n\
const AWS = require('aws-sdk');\n\
const docs = new AWS.DynamoDB.DocumentClient();\n\
const app = express();\n";

const VULNERABLE: &str = "const jwt = require('jsonwebtoken');\nmodule.exports = (t) => jwt.verify(t, process.env.KEY);\n";
const CLEAN: &str = "const jwt = require('jsonwebtoken');\nmodule.exports = (t) => jwt.verify(t, process.env.KEY, { algorithms: ['RS256'], audience: 'api', issuer: 'idp' });\n";

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn exit_codes_for_clean_vulnerable_and_missing_paths() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clean/a.js", CLEAN);
    write(dir.path(), "bad/a.js", VULNERABLE);
    assert_eq!(claimcheck(&["clean"], dir.path()).status.code(), Some(0));
    assert_eq!(claimcheck(&["bad"], dir.path()).status.code(), Some(1));
    assert_eq!(
        claimcheck(&["check", "bad"], dir.path()).status.code(),
        Some(1)
    );
    let missing = claimcheck(&["nope"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains("nope") && err.lines().count() == 1, "{err}");
    assert_eq!(
        claimcheck(&["bad", "--exit-zero"], dir.path())
            .status
            .code(),
        Some(0)
    );
    // missing-algorithms is high; the medium audience/issuer findings stay under --fail-on high
    assert_eq!(
        claimcheck(&["bad", "--fail-on", "critical"], dir.path())
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        claimcheck(&["bad", "--fail-on", "high"], dir.path())
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        claimcheck(
            &["bad", "--select", "jwt/missing-issuer", "--fail-on", "high"],
            dir.path()
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        claimcheck(&["bad", "--select", "jwt/bogus"], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        claimcheck(&["bad", "--format", "yaml"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn discovery_honours_gitignore_and_skips_dependencies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "generated/\n");
    write(root, "src/app.ts", VULNERABLE);
    write(root, "generated/app.js", VULNERABLE);
    write(root, "node_modules/lib/index.js", VULNERABLE);
    write(root, ".hidden/app.js", VULNERABLE);
    write(root, "types/app.d.ts", VULNERABLE);
    write(root, "dist/app.min.js", VULNERABLE);
    let out = claimcheck(&[".", "--format", "json"], root);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().all(|p| *p == "src/app.ts"), "{paths:?}");
    assert!(!paths.is_empty());
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0]["reason"], "minified");

    // Explicit files are scanned as given, even ignored ones.
    let out = claimcheck(&["generated/app.js", "--format", "compact"], root);
    assert!(
        stdout(&out).starts_with("generated/app.js:2:"),
        "{}",
        stdout(&out)
    );
    // --no-ignore brings the ignored and dependency files back.
    let out = claimcheck(
        &[
            "--no-ignore",
            "--format",
            "compact",
            "--select",
            "jwt/missing-algorithms",
        ],
        root,
    );
    let text = stdout(&out);
    assert!(
        text.contains("node_modules/lib/index.js") && text.contains("generated/app.js"),
        "{text}"
    );
}

#[test]
fn config_errors_name_the_key_and_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.js", VULNERABLE);
    write(dir.path(), "claimcheck.toml", "selcet = [\"jwt/\"]\n");
    let out = claimcheck(&["."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("selcet") && err.contains("claimcheck.toml"),
        "{err}"
    );

    write(
        dir.path(),
        "claimcheck.toml",
        "[severity]\n\"jwt/missing-issuer\" = \"urgent\"\n",
    );
    let err = String::from_utf8_lossy(&claimcheck(&["."], dir.path()).stderr).into_owned();
    assert!(
        err.contains("jwt/missing-issuer") && err.contains("urgent"),
        "{err}"
    );
}

#[test]
fn config_selects_rules_overrides_severity_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/a.js", VULNERABLE);
    write(dir.path(), "scripts/b.js", VULNERABLE);
    write(
        dir.path(),
        "claimcheck.toml",
        "select = [\"jwt/\"]\nignore = [\"jwt/missing-audience\"]\nexclude = [\"scripts/**\"]\n[severity]\n\"jwt/missing-algorithms\" = \"low\"\n",
    );
    let out = claimcheck(&["--format", "compact"], dir.path());
    let text = stdout(&out);
    assert!(!text.contains("scripts/"), "{text}");
    assert!(!text.contains("missing-audience"), "{text}");
    assert!(text.contains("low jwt/missing-algorithms"), "{text}");
    assert!(text.contains("medium jwt/missing-issuer"), "{text}");
}

#[test]
fn output_is_identical_across_thread_counts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let one = claimcheck(&["testdata", "--format", "json", "-j", "1"], root);
    let two = claimcheck(&["testdata", "--format", "json", "-j", "2"], root);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn rules_and_explain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = claimcheck(&["rules"], root);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("jwt/missing-algorithms"));
    let out = claimcheck(&["explain", "jwt/none-algorithm"], root);
    assert!(stdout(&out).contains("## Why is this bad?"));
    assert_eq!(
        claimcheck(&["explain", "jwt/nope"], root).status.code(),
        Some(2)
    );
}

#[test]
fn output_file_and_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.js",
        "/* claimcheck-disable jwt/missing-audience, jwt/missing-issuer -- internal tokens */\nconst jwt = require('jsonwebtoken');\n// claimcheck-disable-next-line jwt/missing-algorithms\nmodule.exports = (t) => jwt.verify(t, process.env.KEY);\n",
    );
    let out = claimcheck(
        &["a.js", "-o", "report.sarif", "--format", "sarif"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let sarif = std::fs::read_to_string(dir.path().join("report.sarif")).unwrap();
    assert!(sarif.contains("\"results\": []"), "{sarif}");
}

#[test]
fn baseline_hides_known_findings_across_line_shifts() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/a.js", VULNERABLE);
    let out = claimcheck(&["src", "--write-baseline", "baseline.json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    let baseline: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 3, "{text}");

    assert_eq!(
        claimcheck(&["src", "--baseline", "baseline.json"], dir.path())
            .status
            .code(),
        Some(0)
    );
    write(
        dir.path(),
        "src/a.js",
        &format!("// a new first line\n\n{VULNERABLE}"),
    );
    assert_eq!(
        claimcheck(&["src", "--baseline", "baseline.json"], dir.path())
            .status
            .code(),
        Some(0)
    );
    write(
        dir.path(),
        "src/a.js",
        &format!("{VULNERABLE}module.exports.sign = (p) => jwt.sign(p, 'hard-coded', {{ expiresIn: '1h' }});\n"),
    );
    let out = claimcheck(
        &["src", "--baseline", "baseline.json", "--format", "compact"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("jwt/hardcoded-secret") && text.lines().count() == 1,
        "{text}"
    );
}

#[test]
fn named_files_are_reported_alone_within_their_project() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "package.json", "{}");
    write(dir.path(), "src/a.js", VULNERABLE);
    write(dir.path(), "src/b.js", VULNERABLE);
    let out = claimcheck(&["src/a.js", "--format", "compact"], dir.path());
    let text = stdout(&out);
    assert!(text.lines().all(|l| l.starts_with("src/a.js:")), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
}

/// A decode's payload trusted in another file: the message names that file and its line.
#[test]
fn decode_sink_in_another_file_is_named_by_path_and_line() {
    let text = scan_compact(&[
        (
            "auth.js",
            "const jwt = require('jsonwebtoken');\n\nexports.claimsOf = (req) => jwt.decode(req.get('authorization'));\n",
        ),
        (
            "routes.js",
            "const express = require('express');\n\
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');\n\
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');\n\
const { claimsOf } = require('./auth');\n\
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n\
const app = express();\n\
app.get('/profile', async (req, res) => {\n\
  const claims = claimsOf(req);\n\
  const { Item } = await ddb.send(new GetCommand({ TableName: 'Users', Key: { userId: claims.sub } }));\n\
  res.json(Item);\n\
});\n",
        ),
    ]);
    let decode = text
        .lines()
        .find(|l| l.contains("jwt/decode-without-verify"))
        .unwrap_or_default();
    assert!(decode.starts_with("auth.js:3:"), "{text}");
    assert!(
        decode.contains("selects a DynamoDB item (routes.js:9)"),
        "{text}"
    );
}

/// A route whose path cannot be read is named as such, not by its mount point.
#[test]
fn unreadable_route_path_is_not_shown_as_its_mount() {
    let app = format!(
        "{DOCS_APP}app.delete(/^\\/items\\/(\\w+)$/, async (req, res) => {{\n\
  await docs.delete({{ TableName: 'Items', Key: {{ id: req.params[0] }} }}).promise();\n\
  res.end();\n\
}});\n"
    );
    let text = scan_compact(&[("app.js", &app)]);
    assert!(
        text.contains("app.js:5:1: high express/unauthenticated-data-route this route writes"),
        "{text}"
    );
}

/// A file with a syntax error is analysed around it, and says so.
#[test]
fn syntax_errors_are_reported_with_the_findings_around_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "package.json", "{}");
    write(
        dir.path(),
        "broken.js",
        &format!("{VULNERABLE}function (( {{\n"),
    );
    let out = claimcheck(&[".", "--format", "json", "--exit-zero"], dir.path());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0]["reason"], "syntax-errors");
    assert!(
        !report["findings"].as_array().unwrap().is_empty(),
        "{report}"
    );
}

/// A route that reads the item and then deletes it is described by its delete.
#[test]
fn open_route_is_described_by_its_write() {
    let app = format!(
        "{DOCS_APP}app.delete('/items/:id', async (req, res) => {{\n\
  const {{ Item }} = await docs.get({{ TableName: 'Items', Key: {{ id: req.params.id }} }}).promise();\n\
  if (!Item) return res.sendStatus(404);\n\
  await docs.delete({{ TableName: 'Items', Key: {{ id: req.params.id }} }}).promise();\n\
  res.end();\n\
}});\n"
    );
    let text = scan_compact(&[("app.js", &app)]);
    assert!(
        text.contains("`/items/:id` writes to DynamoDB (line 8)"),
        "{text}"
    );
}

/// A hook on a few staged files must not print a line for every bundle of the project it
/// reads around them: the named files' skips are listed, the others only counted.
#[test]
fn named_files_list_only_their_own_skips() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "package.json", "{}");
    write(dir.path(), "src/a.js", VULNERABLE);
    write(dir.path(), "src/b.min.js", VULNERABLE);
    write(dir.path(), "src/c.js", &format!("{VULNERABLE}\0"));
    write(dir.path(), "src/staged.min.js", VULNERABLE);
    let out = claimcheck(
        &[
            "src/a.js",
            "src/staged.min.js",
            "--statistics",
            "--format",
            "compact",
        ],
        dir.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("src/staged.min.js: minified"), "{err}");
    assert!(!err.contains("b.min.js") && !err.contains("c.js"), "{err}");
    assert!(
        err.contains("other files of the project skipped (scan the project to list them): 2"),
        "{err}"
    );

    // Scanned as a project, every skip is listed.
    let out = claimcheck(&["."], dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("b.min.js") && err.contains("src/c.js"),
        "{err}"
    );
}

/// Bad files are reported as skipped (or analysed in part) and the scan goes on.
#[test]
fn hostile_inputs_are_reported_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "vulnerable.js", VULNERABLE);
    std::fs::write(
        root.join("bom-crlf.js"),
        format!("\u{feff}{}", VULNERABLE.replace('\n', "\r\n")),
    )
    .unwrap();
    std::fs::write(root.join("binary.js"), b"\x00\x01\x02\x03 binary").unwrap();
    std::fs::write(root.join("latin1.js"), b"const s = '\xe9\xe8';\n").unwrap();
    std::fs::write(root.join("empty.ts"), b"").unwrap();
    write(
        root,
        "broken.js",
        "const jwt = require('jsonwebtoken');\nfunction (( {\n",
    );
    write(root, "bundle.min.js", "var a=1;");
    write(
        root,
        "deep.js",
        // Names a JWT library so that the prefilter parses it.
        &format!(
            "const jwt = require('jsonwebtoken');\nx = {}1{};\n",
            "[\n".repeat(5000),
            "]\n".repeat(5000)
        ),
    );
    write(root, "name with spaces ü.js", VULNERABLE);
    std::os::unix::fs::symlink("nowhere.js", root.join("dangling.js")).unwrap();
    std::os::unix::fs::symlink("loop-b.js", root.join("loop-a.js")).unwrap();
    std::os::unix::fs::symlink("loop-a.js", root.join("loop-b.js")).unwrap();
    let fifo = Command::new("mkfifo").arg(root.join("pipe.js")).status();
    let out = claimcheck(&[".", "--format", "json"], root);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"vulnerable.js")
            && paths.contains(&"bom-crlf.js")
            && paths.contains(&"name with spaces ü.js"),
        "{paths:?}"
    );
    // BOM and CRLF: the column is that of `jwt.verify` on line 2.
    let bom = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "bom-crlf.js")
        .unwrap();
    assert_eq!(bom["start"]["line"], 2);
    assert_eq!(bom["start"]["column"], 25);
    let skipped: Vec<(String, String)> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let reason = |p: &str| {
        skipped
            .iter()
            .find(|(path, _)| path == p)
            .map(|(_, r)| r.as_str())
    };
    assert_eq!(reason("binary.js"), Some("binary"));
    assert_eq!(reason("latin1.js"), Some("not-utf8"));
    assert_eq!(reason("bundle.min.js"), Some("minified"));
    assert_eq!(reason("deep.js"), Some("partly-too-deep"));
    assert_eq!(reason("dangling.js"), Some("symlink"));
    assert_eq!(reason("loop-a.js"), Some("symlink"));
    if fifo.is_ok_and(|s| s.success()) {
        assert_eq!(reason("pipe.js"), Some("not-regular-file"));
    }
}
