//! Finding the files to scan: the `ignore` crate's walker (honours `.gitignore`), plus files
//! named on the command line, taken as given.

use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;

use crate::config::Config;
use crate::parse::Dialect;
use crate::scan::{SkipReason, Skipped};

/// A file to read and analyse.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub display: String,
    pub dialect: Dialect,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
    /// When only files were named (a pre-commit hook passes the staged ones), their display
    /// paths: their projects are analysed whole, but only findings in them are reported.
    pub report_only: Option<std::collections::BTreeSet<String>>,
    /// Files of those projects skipped (too large, unreadable) that were not named: counted,
    /// not listed, so a hook on three staged files does not print a line per bundle.
    pub context_skipped: usize,
}

/// Walks `paths`. A path that does not exist is an error that stops the scan.
pub fn discover(
    paths: &[PathBuf],
    config: &Config,
    no_ignore: bool,
    project_context: bool,
) -> Result<Discovered, String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut found = Discovered::default();
    let mut metas = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("cannot scan {}: {}", path.display(), io_reason(&e)))?;
        metas.push(meta);
    }
    let only_files = project_context && !paths.is_empty() && metas.iter().all(|m| m.is_file());
    if only_files {
        // The files' projects give the cross-file context; the files are what is reported.
        let mut roots: Vec<PathBuf> = paths.iter().filter_map(|p| project_root(p)).collect();
        roots.sort();
        roots.dedup();
        for root in &roots {
            walk(root, &cwd, config, no_ignore, &mut found)?;
        }
        found.report_only = Some(paths.iter().map(|p| display_path(p, &cwd)).collect());
    }
    for (path, meta) in paths.iter().zip(&metas) {
        if meta.is_file() {
            add_file(path, &cwd, meta.len(), config, &mut found);
        } else {
            walk(path, &cwd, config, no_ignore, &mut found)?;
        }
    }
    if let Some(reported) = &found.report_only {
        let before = found.skipped.len();
        found.skipped.retain(|s| reported.contains(&s.path));
        found.context_skipped = before - found.skipped.len();
    }
    found.files.sort_by(|a, b| a.display.cmp(&b.display));
    found.files.dedup_by(|a, b| a.display == b.display);
    found.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    found.skipped.dedup_by(|a, b| a.path == b.path);
    Ok(found)
}

fn walk(
    root: &Path,
    cwd: &Path,
    config: &Config,
    no_ignore: bool,
    found: &mut Discovered,
) -> Result<(), String> {
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(!no_ignore)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b));
    if !no_ignore {
        builder.filter_entry(|entry| entry.file_name() != "node_modules");
    }
    if !config.exclude.is_empty() {
        let base = config
            .source
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(root);
        let mut overrides = OverrideBuilder::new(base);
        for glob in &config.exclude {
            overrides
                .add(&format!("!{glob}"))
                .map_err(|e| format!("invalid `exclude` pattern `{glob}`: {e}"))?;
        }
        let overrides = overrides
            .build()
            .map_err(|e| format!("invalid `exclude` patterns: {e}"))?;
        builder.overrides(overrides);
    }
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = error_path(&err).unwrap_or_else(|| root.to_path_buf());
                found.skipped.push(Skipped {
                    path: display_path(&path, cwd),
                    reason: SkipReason::Unreadable(one_line(&err.to_string())),
                });
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            continue;
        }
        let path = entry.path();
        if Dialect::for_path(path).is_none() {
            continue;
        }
        if file_type.is_symlink() {
            // Not followed: a link can loop or point outside the project. Say so.
            found.skipped.push(Skipped {
                path: display_path(path, cwd),
                reason: SkipReason::Symlink,
            });
            continue;
        }
        if !file_type.is_file() {
            found.skipped.push(Skipped {
                path: display_path(path, cwd),
                reason: SkipReason::NotRegularFile,
            });
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        add_file(path, cwd, size, config, found);
    }
    Ok(())
}

fn add_file(path: &Path, cwd: &Path, size: u64, config: &Config, found: &mut Discovered) {
    let display = display_path(path, cwd);
    let Some(dialect) = Dialect::for_path(path) else {
        found.skipped.push(Skipped {
            path: display,
            reason: SkipReason::NotSource,
        });
        return;
    };
    if size > config.max_file_size {
        found.skipped.push(Skipped {
            path: display,
            reason: SkipReason::TooLarge {
                size,
                limit: config.max_file_size,
            },
        });
        return;
    }
    found.files.push(Candidate {
        path: path.to_path_buf(),
        display,
        dialect,
    });
}

/// The nearest folder above `file` that holds `claimcheck.toml`, `package.json` or `.git`.
pub fn project_root(file: &Path) -> Option<PathBuf> {
    let absolute = std::fs::canonicalize(file).ok()?;
    let mut dir = absolute.parent();
    while let Some(d) = dir {
        if ["claimcheck.toml", "package.json", ".git"]
            .iter()
            .any(|m| d.join(m).exists())
        {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// The path as reports show it: relative to the working directory when inside it, `/`-separated.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let shown = absolute
        .strip_prefix(cwd)
        .map(Path::to_path_buf)
        .unwrap_or(absolute);
    let mut parts = Vec::new();
    for part in shown.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if parts.last().is_some_and(|p: &String| p != "..") {
                    parts.pop();
                } else {
                    parts.push("..".to_string());
                }
            }
            std::path::Component::RootDir => parts.push(String::new()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => one_line(&err.to_string()),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
