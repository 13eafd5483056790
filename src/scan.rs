//! The pipeline: discover → parse+index (parallel) → check → filter (suppressions, selection,
//! severity overrides) → sorted findings. Rendering is the caller's (see `report`).

use std::path::PathBuf;
use std::time::Duration;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{selector_matches, Config};
use crate::discover::{discover, io_reason, Candidate};
use crate::finding::Finding;
use crate::model::flow::Settings;
use crate::model::FileModel;
use crate::parse::{parse, ParseFailure};
use crate::rules::{self, Rule};
use crate::suppress::Directive;

/// Why a file was not analysed. Every skip is counted and reported, never silent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SkipReason {
    TooLarge {
        size: u64,
        limit: u64,
    },
    Minified,
    Binary,
    NotUtf8,
    Unreadable(String),
    Symlink,
    NotRegularFile,
    NotSource,
    ParseTimeout {
        budget_ms: u64,
    },
    ParseFailed,
    TooDeep {
        limit: usize,
    },
    /// Not a skip: the file was analysed except for syntax nested deeper than the limit.
    PartlyTooDeep {
        limit: usize,
    },
    /// Not a skip: the dataflow analysis ran out of its step budget in this file.
    PartlyAnalysed,
    /// Not a skip: the file has syntax errors; the code around them was analysed.
    PartlySyntaxErrors,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::TooLarge { size, limit } => {
                write!(f, "larger than the size limit ({size} bytes > {limit})")
            }
            SkipReason::Minified => f.write_str("minified or generated code"),
            SkipReason::Binary => f.write_str("binary content"),
            SkipReason::NotUtf8 => f.write_str("not valid UTF-8"),
            SkipReason::Unreadable(why) => write!(f, "unreadable: {why}"),
            SkipReason::Symlink => f.write_str("symbolic link (not followed)"),
            SkipReason::NotRegularFile => f.write_str("not a regular file"),
            SkipReason::NotSource => f.write_str("not a JavaScript or TypeScript file"),
            SkipReason::ParseTimeout { budget_ms } => {
                write!(f, "parsing took longer than the {budget_ms} ms budget")
            }
            SkipReason::ParseFailed => f.write_str("the parser gave up on it"),
            SkipReason::TooDeep { limit } => {
                write!(f, "syntax nested deeper than {limit} levels")
            }
            SkipReason::PartlyTooDeep { limit } => write!(
                f,
                "analysed except for code nested deeper than {limit} levels"
            ),
            SkipReason::PartlyAnalysed => {
                f.write_str("analysed in part: the dataflow analysis reached its step budget")
            }
            SkipReason::PartlySyntaxErrors => {
                f.write_str("analysed around syntax errors: what did not parse was not checked")
            }
        }
    }
}

impl SkipReason {
    /// A short machine-readable label.
    pub fn label(&self) -> &'static str {
        match self {
            SkipReason::TooLarge { .. } => "too-large",
            SkipReason::Minified => "minified",
            SkipReason::Binary => "binary",
            SkipReason::NotUtf8 => "not-utf8",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Symlink => "symlink",
            SkipReason::NotRegularFile => "not-regular-file",
            SkipReason::NotSource => "not-source",
            SkipReason::ParseTimeout { .. } => "parse-timeout",
            SkipReason::ParseFailed => "parse-failed",
            SkipReason::TooDeep { .. } => "too-deep",
            SkipReason::PartlyTooDeep { .. } => "partly-too-deep",
            SkipReason::PartlyAnalysed => "partly-analysed",
            SkipReason::PartlySyntaxErrors => "syntax-errors",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
}

/// What the user asked for on the command line (the config file adds to it).
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub no_ignore: bool,
    pub jobs: Option<usize>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Report only findings this baseline does not record.
    pub baseline: Option<PathBuf>,
    /// When only files are named, analyse their projects for context (what the command line
    /// does for pre-commit); otherwise the files are analysed on their own.
    pub project_context: bool,
    /// Parse every file, not only those the lexical prefilter finds relevant (for comparison).
    pub no_prefilter: bool,
}

/// A suppression comment and whether it silenced anything.
#[derive(Debug, Clone)]
pub struct DirectiveUse {
    pub file: usize,
    pub directive: Directive,
    pub used: bool,
}

/// Everything a scan produced.
pub struct ScanResult {
    pub files: Vec<FileModel>,
    pub skipped: Vec<Skipped>,
    /// When only some files are reported (pre-commit), how many other files of their projects
    /// were skipped or analysed in part: counted, not listed with the named files' skips.
    pub context_skipped: usize,
    /// Reported findings, sorted by (path, line, column, rule).
    pub findings: Vec<Finding>,
    pub suppressed: usize,
    /// Findings left out because the baseline records them.
    pub baselined: usize,
    pub directives: Vec<DirectiveUse>,
    pub rules: Vec<&'static Rule>,
    /// Files read but not parsed: nothing in their import component imports a package the
    /// rules know (see `prefilter`).
    pub not_analysed: usize,
}

/// Runs the whole pipeline.
pub fn scan(options: &ScanOptions, config: &Config) -> Result<ScanResult, String> {
    let discovered = discover(
        &options.paths,
        config,
        options.no_ignore,
        options.project_context,
    )?;
    let discovered_report_only = discovered.report_only.clone();
    let active = active_rules(options, config);
    let settings = settings(config);
    let pool = worker_pool(options.jobs)?;
    let timings = std::env::var_os("CLAIMCHECK_TIMINGS").is_some();
    let started = std::time::Instant::now();
    let phase = |name: &str| {
        if timings {
            eprintln!(
                "claimcheck: {name} done at {:.3}s",
                started.elapsed().as_secs_f64()
            );
        }
    };
    let (files, mut skipped, raw, not_analysed) = pool.install(|| {
        let mut skipped = Vec::new();
        let wanted: Vec<&Candidate> = if options.no_prefilter {
            discovered.files.iter().collect()
        } else {
            let (wanted, unfit) = prefilter(&discovered.files, config);
            skipped.extend(unfit);
            phase("prefilter");
            wanted
        };
        let not_analysed = discovered
            .files
            .len()
            .saturating_sub(wanted.len() + skipped.len());
        let keep_syntax = total_size(&wanted) <= KEEP_SYNTAX_UP_TO;
        let outcomes: Vec<Result<FileModel, Skipped>> = wanted
            .par_iter()
            .map(|candidate| load(candidate, config, keep_syntax))
            .collect();
        let mut files = Vec::new();
        for outcome in outcomes {
            match outcome {
                Ok(model) => files.push(model),
                Err(skip) => skipped.push(skip),
            }
        }
        phase("parse+index");
        crate::link::link(&mut files, &settings);
        phase("link");
        let raw: Vec<Finding> = files
            .par_iter()
            .enumerate()
            .flat_map_iter(|(index, _)| {
                let mut found = Vec::new();
                rules::check_file(&files, index, &active, &settings, &mut found);
                found
            })
            .collect();
        (files, skipped, raw, not_analysed)
    });
    skipped.extend(discovered.skipped);
    skipped.extend(files.iter().filter_map(|f| {
        f.truncated_at_depth.map(|limit| Skipped {
            path: f.display_path.clone(),
            reason: SkipReason::PartlyTooDeep { limit },
        })
    }));
    skipped.extend(files.iter().filter(|f| f.flow.incomplete).map(|f| Skipped {
        path: f.display_path.clone(),
        reason: SkipReason::PartlyAnalysed,
    }));
    skipped.extend(
        files
            .iter()
            .filter(|f| f.has_syntax_errors)
            .map(|f| Skipped {
                path: f.display_path.clone(),
                reason: SkipReason::PartlySyntaxErrors,
            }),
    );
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let mut context_skipped = discovered.context_skipped;
    if let Some(reported) = &discovered_report_only {
        let before = skipped.len();
        skipped.retain(|s| reported.contains(&s.path));
        context_skipped += before - skipped.len();
    }

    let mut directives: Vec<DirectiveUse> = files
        .iter()
        .enumerate()
        .flat_map(|(file, model)| {
            model.directives.iter().map(move |d| DirectiveUse {
                file,
                directive: d.clone(),
                used: false,
            })
        })
        .collect();
    let mut findings = Vec::new();
    let mut suppressed = 0;
    for mut finding in raw {
        let line = files[finding.file].lines.line_of(finding.span.start) as u32;
        let mut silenced = false;
        for d in directives.iter_mut().filter(|d| d.file == finding.file) {
            if d.directive.covers(finding.rule, line) {
                d.used = true;
                silenced = true;
            }
        }
        if silenced {
            suppressed += 1;
            continue;
        }
        if let Some(&level) = config.severity.get(finding.rule) {
            finding.severity = level;
        }
        findings.push(finding);
    }
    if let Some(reported) = &discovered_report_only {
        findings.retain(|f| reported.contains(&files[f.file].display_path));
        directives.retain(|d| reported.contains(&files[d.file].display_path));
    }
    sort_findings(&mut findings, &files);
    crate::baseline::fingerprint(&mut findings, &files);
    let baselined = match &options.baseline {
        Some(path) => crate::baseline::Baseline::load(path)?.filter(&mut findings, &files),
        None => 0,
    };
    Ok(ScanResult {
        files,
        skipped,
        context_skipped,
        findings,
        suppressed,
        baselined,
        directives,
        rules: active,
        not_analysed,
    })
}

/// Up to this much source, the index stage's syntax trees (about seven times their source)
/// are kept for the link stage, so each file is parsed once; beyond it, each component's files
/// are parsed again when it is analysed and dropped after, so memory follows the largest
/// component rather than the project.
const KEEP_SYNTAX_UP_TO: u64 = 32 << 20;

fn total_size(files: &[&Candidate]) -> u64 {
    files
        .iter()
        .filter_map(|c| std::fs::metadata(&c.path).ok())
        .map(|m| m.len())
        .sum()
}

/// The analysis's tunables, from the config.
fn settings(config: &Config) -> Settings {
    Settings {
        owner_attributes: config.owner_attributes.clone(),
        public_paths: config.public_paths.clone(),
        auth_middleware: config.auth_middleware.clone(),
        max_nesting: config.max_nesting,
        parse_budget_ms: config.file_time_budget_ms,
    }
}

fn worker_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        // Syntax walks are bounded, but deep (legal) nesting still wants room.
        .stack_size(WORKER_STACK)
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))
}

/// The benchmark baseline: discover, read and parse every file in parallel, drop the trees.
/// Returns (parsed, skipped).
pub fn parse_only(options: &ScanOptions, config: &Config) -> Result<(usize, usize), String> {
    let discovered = discover(&options.paths, config, options.no_ignore, false)?;
    let pool = worker_pool(options.jobs)?;
    let parsed = pool.install(|| {
        discovered
            .files
            .par_iter()
            .filter(|candidate| {
                let Ok(bytes) = read(candidate) else {
                    return false;
                };
                let Ok(text) = admit(candidate, bytes, config) else {
                    return false;
                };
                let budget = Duration::from_millis(config.file_time_budget_ms);
                parse(candidate.dialect, &text, budget).is_ok()
            })
            .count()
    });
    Ok((parsed, discovered.files.len() - parsed))
}

/// The files worth parsing (see `prefilter`), and the ones that cannot be read or parsed at all.
fn prefilter<'c>(
    candidates: &'c [Candidate],
    config: &Config,
) -> (Vec<&'c Candidate>, Vec<Skipped>) {
    let lexed: Vec<Result<crate::prefilter::Lexed, Skipped>> = candidates
        .par_iter()
        .map(|candidate| lex_file(candidate, config))
        .collect();
    let mut fit = Vec::new();
    let mut skipped = Vec::new();
    for (candidate, outcome) in candidates.iter().zip(lexed) {
        match outcome {
            Ok(lexed) => fit.push((candidate, lexed)),
            Err(skip) => skipped.push(skip),
        }
    }
    let (fit, lexed): (Vec<&Candidate>, Vec<crate::prefilter::Lexed>) = fit.into_iter().unzip();
    let paths: Vec<std::path::PathBuf> = fit.iter().map(|c| c.path.clone()).collect();
    let keep = crate::prefilter::relevant(&paths, &lexed);
    let wanted = fit
        .into_iter()
        .zip(keep)
        .filter_map(|(candidate, keep)| keep.then_some(candidate))
        .collect();
    (wanted, skipped)
}

/// Output order: (path, line, column, rule), whatever the thread count.
fn sort_findings(findings: &mut [Finding], files: &[FileModel]) {
    findings.sort_by(|a, b| {
        let fa = &files[a.file];
        let fb = &files[b.file];
        (fa.display_path.as_str(), a.span.start, a.rule, a.span.end).cmp(&(
            fb.display_path.as_str(),
            b.span.start,
            b.rule,
            b.span.end,
        ))
    });
}

/// The rules that run: `select` (CLI over config; empty = all implemented) minus `ignore`.
pub fn active_rules(options: &ScanOptions, config: &Config) -> Vec<&'static Rule> {
    let select = if options.select.is_empty() {
        &config.select
    } else {
        &options.select
    };
    rules::RULES
        .iter()
        .filter(|r| r.implemented())
        .filter(|r| select.is_empty() || select.iter().any(|s| selector_matches(s, r.id)))
        .filter(|r| {
            !options
                .ignore
                .iter()
                .chain(&config.ignore)
                .any(|s| selector_matches(s, r.id))
        })
        .collect()
}

/// Reads, checks and indexes one file.
fn load(candidate: &Candidate, config: &Config, keep_syntax: bool) -> Result<FileModel, Skipped> {
    let bytes = read(candidate)?;
    index_bytes(candidate, bytes, config, keep_syntax).map_err(|reason| Skipped {
        path: candidate.display.clone(),
        reason,
    })
}

fn read(candidate: &Candidate) -> Result<Vec<u8>, Skipped> {
    std::fs::read(&candidate.path).map_err(|e| Skipped {
        path: candidate.display.clone(),
        reason: SkipReason::Unreadable(match e.kind() {
            std::io::ErrorKind::NotFound => "it disappeared during the scan".to_string(),
            _ => io_reason(&e),
        }),
    })
}

/// The prefilter's pass over one file: the same admission checks as parsing, then the lexical
/// scan. The text is dropped; the few files kept are read again to parse.
fn lex_file(candidate: &Candidate, config: &Config) -> Result<crate::prefilter::Lexed, Skipped> {
    let bytes = read(candidate)?;
    let text = admit(candidate, bytes, config).map_err(|reason| Skipped {
        path: candidate.display.clone(),
        reason,
    })?;
    Ok(crate::prefilter::lex(&text))
}

/// Checks, parses and indexes a file's content.
fn index_bytes(
    candidate: &Candidate,
    bytes: Vec<u8>,
    config: &Config,
    keep_syntax: bool,
) -> Result<FileModel, SkipReason> {
    let text = admit(candidate, bytes, config)?;
    let budget = Duration::from_millis(config.file_time_budget_ms);
    let tree = parse(candidate.dialect, &text, budget).map_err(|failure| match failure {
        ParseFailure::TimedOut => SkipReason::ParseTimeout {
            budget_ms: config.file_time_budget_ms,
        },
        ParseFailure::Failed => SkipReason::ParseFailed,
    })?;
    let ast = crate::model::ast::Ast::new(&tree, candidate.dialect);
    drop(tree);
    let mut model = FileModel::build(
        candidate.path.clone(),
        candidate.display.clone(),
        candidate.dialect,
        text,
        ast,
        config.max_nesting,
    );
    if !keep_syntax {
        model.ast = None;
    }
    Ok(model)
}

/// The text of a file fit to parse: not too large, not binary, UTF-8 (BOM dropped), not minified.
fn admit(candidate: &Candidate, bytes: Vec<u8>, config: &Config) -> Result<String, SkipReason> {
    if bytes.len() as u64 > config.max_file_size {
        return Err(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit: config.max_file_size,
        });
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Err(SkipReason::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|_| SkipReason::NotUtf8)?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    if looks_minified(&candidate.display, &text) {
        return Err(SkipReason::Minified);
    }
    Ok(text)
}

/// Runs the whole per-file pipeline on `bytes` as if read from `display`: the entry point of
/// the fuzz target and the no-panic property tests.
pub fn check_bytes(
    display: &str,
    dialect: crate::parse::Dialect,
    bytes: Vec<u8>,
    config: &Config,
) -> Result<Vec<Finding>, SkipReason> {
    let settings = settings(config);
    let candidate = Candidate {
        path: PathBuf::from(display),
        display: display.to_string(),
        dialect,
    };
    // The same stack the scan's workers have (deep but legal nesting wants room).
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn_scoped(scope, || {
                let model = index_bytes(&candidate, bytes, config, true)?;
                let mut files = [model];
                crate::link::link(&mut files, &settings);
                let [model] = files;
                let rules: Vec<&'static Rule> =
                    rules::RULES.iter().filter(|r| r.implemented()).collect();
                let mut findings = Vec::new();
                rules::check_file(
                    std::slice::from_ref(&model),
                    0,
                    &rules,
                    &settings,
                    &mut findings,
                );
                Ok(findings)
            })
            .map_err(|_| SkipReason::ParseFailed)?;
        worker.join().unwrap_or(Err(SkipReason::ParseFailed))
    })
}

/// Stack size of the threads that analyse files.
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// Bundles and minified builds: a `.min.` name, or long lines on average in a file of some
/// size. Hand-written code averages well under 100 characters a line.
fn looks_minified(display: &str, text: &str) -> bool {
    let name = display.rsplit('/').next().unwrap_or(display);
    if name.contains(".min.") {
        return true;
    }
    if text.len() < 4096 {
        return false;
    }
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    text.len() / lines > 300
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project too large to keep its syntax trees is parsed again per component; that path
    /// must find exactly what the kept trees find.
    #[test]
    fn trees_parsed_again_give_the_same_facts_as_kept_ones() {
        let config = Config::default();
        let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/apps"));
        let found = discover(&[root], &config, false, false).expect("discovers");
        let settings = settings(&config);
        let facts = |keep: bool| {
            let mut files: Vec<FileModel> = found
                .files
                .iter()
                .filter_map(|c| load(c, &config, keep).ok())
                .collect();
            crate::link::link(&mut files, &settings);
            files
                .iter()
                .map(|f| without_node_ids(&format!("{:?}", f.flow)))
                .collect::<Vec<_>>()
        };
        let kept = facts(true);
        assert!(
            kept.iter().any(|f| f.contains("span")),
            "the apps hold facts"
        );
        assert_eq!(kept, facts(false));
    }

    /// A route registration is named by its node's id, an address that differs between two
    /// copies of a tree.
    fn without_node_ids(facts: &str) -> String {
        let mut parts = facts.split("registration: Some(");
        let mut out = parts.next().unwrap_or_default().to_string();
        for part in parts {
            out.push_str("registration: Some(_");
            out.push_str(part.trim_start_matches(|c: char| c.is_ascii_digit()));
        }
        out
    }
}
