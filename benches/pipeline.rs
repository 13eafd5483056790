//! Per-file pipeline on the fixtures: parse only (the baseline) against the whole per-file
//! pipeline (parse, index, link, check), timed alternately in one run so the machine's noise
//! hits both. Run with `cargo bench --bench pipeline`; the ratio is what to compare in review.

use claimcheck::config::Config;
use claimcheck::parse::{parse, Dialect};
use claimcheck::scan::check_bytes;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ROUNDS: usize = 7;

fn fixtures(dir: &Path, out: &mut Vec<(PathBuf, Dialect, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixtures(&path, out);
        } else if let Some(dialect) = Dialect::for_path(&path) {
            if let Ok(bytes) = std::fs::read(&path) {
                out.push((path, dialect, bytes));
            }
        }
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let mut files = Vec::new();
    fixtures(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata")),
        &mut files,
    );
    let bytes: usize = files.iter().map(|(_, _, b)| b.len()).sum();
    let config = Config::default();
    let budget = Duration::from_secs(10);
    let (mut parse_times, mut full_times) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for (_, dialect, content) in &files {
            let text = String::from_utf8_lossy(content);
            std::hint::black_box(parse(*dialect, &text, budget).ok());
        }
        parse_times.push(start.elapsed());
        let start = Instant::now();
        for (path, dialect, content) in &files {
            let display = path.display().to_string();
            std::hint::black_box(check_bytes(&display, *dialect, content.clone(), &config).ok());
        }
        full_times.push(start.elapsed());
    }
    let (parse_min, parse_max) = (parse_times.iter().min(), parse_times.iter().max());
    let (full_min, full_max) = (full_times.iter().min(), full_times.iter().max());
    let (parse_med, full_med) = (median(parse_times.clone()), median(full_times.clone()));
    let mb = bytes as f64 / 1e6;
    println!(
        "{} fixture files, {mb:.2} MB, {ROUNDS} rounds (median, min-max)",
        files.len()
    );
    println!(
        "parse only     {:>8.1} ms ({:?}-{:?})  {:.1} MB/s",
        parse_med.as_secs_f64() * 1e3,
        parse_min.unwrap_or(&parse_med),
        parse_max.unwrap_or(&parse_med),
        mb / parse_med.as_secs_f64()
    );
    println!(
        "full per-file  {:>8.1} ms ({:?}-{:?})  {:.1} MB/s",
        full_med.as_secs_f64() * 1e3,
        full_min.unwrap_or(&full_med),
        full_max.unwrap_or(&full_med),
        mb / full_med.as_secs_f64()
    );
    println!(
        "full / parse-only ratio: {:.2}",
        full_med.as_secs_f64() / parse_med.as_secs_f64()
    );
    // Where the time goes: the slowest files, for whoever profiles next.
    let mut slowest: Vec<(Duration, &PathBuf)> = files
        .iter()
        .map(|(path, dialect, content)| {
            let display = path.display().to_string();
            let start = Instant::now();
            std::hint::black_box(check_bytes(&display, *dialect, content.clone(), &config).ok());
            (start.elapsed(), path)
        })
        .collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (time, path) in slowest.iter().take(5) {
        println!("  {:>7.1} ms  {}", time.as_secs_f64() * 1e3, path.display());
    }
}
