//! `claimcheck.toml`: rule selection, severity overrides, excludes and the catalog's tunables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::finding::Severity;
use crate::rules;

pub const FILE_NAME: &str = "claimcheck.toml";

pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;
pub const DEFAULT_MAX_NESTING: usize = 1_000;
pub const DEFAULT_FILE_TIME_BUDGET_MS: u64 = 5_000;

const DEFAULT_OWNER_ATTRIBUTES: &[&str] = &[
    "userId",
    "ownerId",
    "owner",
    "user_id",
    "owner_id",
    "tenantId",
    "tenant_id",
    "accountId",
    "account_id",
    "username",
    "sub",
    "createdBy",
];
const DEFAULT_PUBLIC_PATHS: &[&str] = &[
    "login", "signin", "signup", "register", "auth", "token", "health", "webhook", "callback",
];

/// The file as written (every key optional; unknown keys are errors so typos are not ignored).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    max_file_size: Option<u64>,
    max_nesting: Option<usize>,
    file_time_budget_ms: Option<u64>,
    severity: Option<BTreeMap<String, String>>,
    analysis: Option<AnalysisFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AnalysisFile {
    owner_attributes: Option<Vec<String>>,
    public_paths: Option<Vec<String>>,
    auth_middleware: Option<Vec<String>>,
}

/// The settings in force for a scan.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the config file was found, if any.
    pub source: Option<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Globs (gitignore syntax) relative to the config file's folder.
    pub exclude: Vec<String>,
    pub max_file_size: u64,
    pub max_nesting: usize,
    pub file_time_budget_ms: u64,
    pub severity: BTreeMap<String, Severity>,
    pub owner_attributes: Vec<String>,
    pub public_paths: Vec<String>,
    pub auth_middleware: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source: None,
            select: Vec::new(),
            ignore: Vec::new(),
            exclude: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_nesting: DEFAULT_MAX_NESTING,
            file_time_budget_ms: DEFAULT_FILE_TIME_BUDGET_MS,
            severity: BTreeMap::new(),
            owner_attributes: to_strings(DEFAULT_OWNER_ATTRIBUTES),
            public_paths: to_strings(DEFAULT_PUBLIC_PATHS),
            auth_middleware: Vec::new(),
        }
    }
}

fn to_strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
        Config::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
        let bad = |msg: String| format!("invalid config {}: {msg}", path.display());
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            let at = line.map(|l| format!(":{l}")).unwrap_or_default();
            // Type errors do not name the key; the line they point at does.
            let key = line
                .and_then(|l| text.lines().nth(l - 1))
                .and_then(|l| l.split_once('='))
                .map(|(key, _)| key.trim().trim_matches('"'))
                .filter(|key| !key.is_empty() && !e.message().contains(&format!("`{key}`")))
                .map(|key| format!("`{key}`: "))
                .unwrap_or_default();
            format!(
                "invalid config {}{at}: {key}{}",
                path.display(),
                one_line(e.message())
            )
        })?;
        let mut config = Config {
            source: Some(path.to_path_buf()),
            ..Config::default()
        };
        for (key, list) in [("select", &file.select), ("ignore", &file.ignore)] {
            for selector in list.iter().flatten() {
                check_selector(selector).map_err(|e| bad(format!("`{key}`: {e}")))?;
            }
        }
        config.select = file.select.unwrap_or_default();
        config.ignore = file.ignore.unwrap_or_default();
        config.exclude = file.exclude.unwrap_or_default();
        if let Some(size) = file.max_file_size {
            if size == 0 {
                return Err(bad("`max-file-size` must be more than 0 bytes".into()));
            }
            config.max_file_size = size;
        }
        if let Some(depth) = file.max_nesting {
            if depth < 16 {
                return Err(bad("`max-nesting` must be at least 16".into()));
            }
            config.max_nesting = depth;
        }
        if let Some(ms) = file.file_time_budget_ms {
            if ms == 0 {
                return Err(bad("`file-time-budget-ms` must be more than 0".into()));
            }
            config.file_time_budget_ms = ms;
        }
        for (id, level) in file.severity.unwrap_or_default() {
            if rules::by_id(&id).is_none() {
                return Err(bad(format!("`severity`: unknown rule `{id}`")));
            }
            let level = Severity::parse(&level).ok_or_else(|| {
                bad(format!(
                    "`severity.\"{id}\"`: `{level}` is not one of low, medium, high, critical"
                ))
            })?;
            config.severity.insert(id, level);
        }
        if let Some(analysis) = file.analysis {
            if let Some(v) = analysis.owner_attributes {
                config.owner_attributes = v;
            }
            if let Some(v) = analysis.public_paths {
                config.public_paths = v;
            }
            if let Some(v) = analysis.auth_middleware {
                config.auth_middleware = v;
            }
        }
        Ok(config)
    }

    /// Finds `claimcheck.toml` in `start` or the nearest folder above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = std::fs::canonicalize(start).ok()?;
        let mut dir = if start.is_dir() {
            Some(start.as_path())
        } else {
            start.parent()
        };
        while let Some(d) = dir {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent();
        }
        None
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A rule id (`jwt/none-algorithm`) or a family prefix (`jwt/`, `jwt`).
pub fn check_selector(selector: &str) -> Result<(), String> {
    if matches_any_rule(selector) {
        Ok(())
    } else {
        Err(format!(
            "`{selector}` is neither a rule id nor a family (see `claimcheck rules`)"
        ))
    }
}

fn matches_any_rule(selector: &str) -> bool {
    rules::RULES
        .iter()
        .any(|r| selector_matches(selector, r.id))
}

/// Whether `selector` names `rule` or its family.
pub fn selector_matches(selector: &str, rule: &str) -> bool {
    if selector == rule {
        return true;
    }
    let family = selector.trim_end_matches('/');
    !family.is_empty()
        && rule
            .strip_prefix(family)
            .is_some_and(|r| r.starts_with('/'))
}
