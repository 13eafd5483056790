//! Snapshots of how each output format reads, on one small sample file.

use claimcheck::config::Config;
use claimcheck::report::{render, Format, RenderOptions};
use claimcheck::scan::{scan, ScanOptions, ScanResult};

fn sample() -> ScanResult {
    let options = ScanOptions {
        paths: vec!["testdata/formats/auth.js".into()],
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

#[test]
fn sarif() {
    insta::assert_snapshot!(rendered(Format::Sarif));
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
