//! Snapshots of how each output format reads, on a small sample folder.

use claimcheck::config::Config;
use claimcheck::report::{render, Format, RenderOptions};
use claimcheck::scan::{scan, ScanOptions, ScanResult};

fn sample() -> ScanResult {
    let options = ScanOptions {
        paths: vec!["testdata/formats".into()],
        jobs: Some(1),
        ..ScanOptions::default()
    };
    scan(&options, &Config::default()).expect("sample scans")
}

fn rendered(format: Format) -> String {
    let options = RenderOptions {
        color: false,
        statistics: false,
        report_unused_directives: false,
    };
    let text = render(&sample(), format, options);
    text.replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

#[test]
fn human() {
    insta::assert_snapshot!(rendered(Format::Human));
}

#[test]
fn compact() {
    insta::assert_snapshot!(rendered(Format::Compact));
}

#[test]
fn json() {
    insta::assert_snapshot!(rendered(Format::Json));
}

/// Rule help is each doc verbatim (checked by the meta tests); it is left out here so the
/// snapshot shows the structure of the log, not every doc edit.
#[test]
fn sarif() {
    let mut log: serde_json::Value =
        serde_json::from_str(&rendered(Format::Sarif)).expect("SARIF is JSON");
    if let Some(rules) = log
        .pointer_mut("/runs/0/tool/driver/rules")
        .and_then(|r| r.as_array_mut())
    {
        for rule in rules {
            rule["help"] = serde_json::json!("[rule doc]");
            rule["fullDescription"] = serde_json::json!("[rule doc]");
        }
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&log).expect("serialises"));
}

#[test]
fn github() {
    insta::assert_snapshot!(rendered(Format::Github));
}

#[test]
fn statistics() {
    let options = RenderOptions {
        color: false,
        statistics: true,
        report_unused_directives: true,
    };
    insta::assert_snapshot!(render(&sample(), Format::Human, options)
        .split("Statistics")
        .nth(1)
        .unwrap_or_default()
        .to_string());
}
