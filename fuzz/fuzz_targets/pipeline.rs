//! The whole per-file pipeline (checks, parse, index, dataflow, rules) on arbitrary bytes, as
//! JavaScript, TypeScript and TSX (the first byte picks the grammar).
#![no_main]

use claimcheck::config::Config;
use claimcheck::parse::Dialect;
use claimcheck::scan::check_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (dialect, name) = match selector % 3 {
        0 => (Dialect::JavaScript, "fuzz.js"),
        1 => (Dialect::TypeScript, "fuzz.ts"),
        _ => (Dialect::Tsx, "fuzz.tsx"),
    };
    let config = Config::default();
    let _ = check_bytes(name, dialect, rest.to_vec(), &config);
});
