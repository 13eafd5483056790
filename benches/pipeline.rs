//! Per-file pipeline on the fixtures, stage by stage: parse only (the baseline), then parse
//! plus the copy into claimcheck's flat tree, plus the file's index, and the whole per-file
//! pipeline (parse, index, link, check), timed alternately in one run so the machine's noise
//! hits all alike. Run with `cargo bench --bench pipeline`; the ratios are what to compare in
//! review, and the steps between them say which stage a change made dearer.

use claimcheck::config::Config;
use claimcheck::model::ast::Ast;
use claimcheck::model::FileModel;
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

/// One timed stage of the per-file pipeline, run over every fixture.
struct Stage {
    name: &'static str,
    run: fn(&(PathBuf, Dialect, Vec<u8>), &Config),
    times: Vec<Duration>,
}

fn parse_text(dialect: Dialect, content: &[u8]) -> Option<(String, tree_sitter::Tree)> {
    let text = String::from_utf8_lossy(content).into_owned();
    let tree = parse(dialect, &text, Duration::from_secs(10)).ok()?;
    Some((text, tree))
}

fn parse_stage((_, dialect, content): &(PathBuf, Dialect, Vec<u8>), _: &Config) {
    std::hint::black_box(parse_text(*dialect, content));
}

/// Parsing plus the copy into claimcheck's own tree: the least any analysis of tree-sitter's
/// tree pays, whatever it then does.
fn copy_stage((_, dialect, content): &(PathBuf, Dialect, Vec<u8>), _: &Config) {
    if let Some((_, tree)) = parse_text(*dialect, content) {
        std::hint::black_box(Ast::new(&tree, *dialect));
    }
}

/// Up to the per-file model (bindings, calls, JWT uses), without the project's dataflow.
fn index_stage((path, dialect, content): &(PathBuf, Dialect, Vec<u8>), config: &Config) {
    if let Some((text, tree)) = parse_text(*dialect, content) {
        let ast = Ast::new(&tree, *dialect);
        drop(tree);
        let display = path.display().to_string();
        std::hint::black_box(FileModel::build(
            path.clone(),
            display,
            *dialect,
            text,
            ast,
            config.max_nesting,
        ));
    }
}

fn full_stage((path, dialect, content): &(PathBuf, Dialect, Vec<u8>), config: &Config) {
    let display = path.display().to_string();
    std::hint::black_box(check_bytes(&display, *dialect, content.clone(), config).ok());
}

fn main() {
    let mut files = Vec::new();
    fixtures(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata")),
        &mut files,
    );
    let bytes: usize = files.iter().map(|(_, _, b)| b.len()).sum();
    let config = Config::default();
    let mut stages = [
        ("parse only", parse_stage as fn(&_, &_)),
        ("+ flat tree", copy_stage),
        ("+ file index", index_stage),
        ("full per-file", full_stage),
    ]
    .map(|(name, run)| Stage {
        name,
        run,
        times: Vec::new(),
    });
    // Alternating rounds, so the machine's noise hits every stage alike.
    for _ in 0..ROUNDS {
        for stage in &mut stages {
            let start = Instant::now();
            for file in &files {
                (stage.run)(file, &config);
            }
            stage.times.push(start.elapsed());
        }
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} fixture files, {mb:.2} MB, {ROUNDS} rounds (median, min-max, ratio to parse only)",
        files.len()
    );
    let baseline = median(stages[0].times.clone()).as_secs_f64();
    for stage in &stages {
        let med = median(stage.times.clone());
        let min = stage.times.iter().min().copied().unwrap_or(med);
        let max = stage.times.iter().max().copied().unwrap_or(med);
        println!(
            "{:<14} {:>8.1} ms ({:?}-{:?})  {:>5.1} MB/s  {:.2}x",
            stage.name,
            med.as_secs_f64() * 1e3,
            min,
            max,
            mb / med.as_secs_f64(),
            med.as_secs_f64() / baseline
        );
    }
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
