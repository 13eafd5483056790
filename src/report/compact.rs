//! `path:line:col: severity rule-id message`, one finding a line (editors and grep read it).

use std::fmt::Write;

use super::region;
use crate::scan::ScanResult;

pub fn render(result: &ScanResult) -> String {
    let mut out = String::new();
    for f in &result.findings {
        let file = &result.files[f.file];
        let (start, _) = region(file, f.span);
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {} {}",
            file.display_path, start.line, start.column, f.severity, f.rule, f.message
        );
    }
    out
}
