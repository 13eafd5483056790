//! Choosing a grammar for a file and running tree-sitter on it, one parser per thread.

use std::cell::RefCell;
use std::path::Path;
use std::time::{Duration, Instant};

use tree_sitter::{Language, ParseOptions, ParseState, Parser, Tree};

/// Which tree-sitter grammar reads a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    JavaScript,
    TypeScript,
    Tsx,
}

impl Dialect {
    /// The dialect for a path, or `None` when the file is not one we analyse
    /// (including TypeScript declaration files, which hold no code that runs).
    pub fn for_path(path: &Path) -> Option<Dialect> {
        let name = path.file_name()?.to_str()?;
        if name.ends_with(".d.ts") || name.ends_with(".d.mts") || name.ends_with(".d.cts") {
            return None;
        }
        match path.extension()?.to_str()? {
            "js" | "jsx" | "mjs" | "cjs" => Some(Dialect::JavaScript),
            "ts" | "mts" | "cts" => Some(Dialect::TypeScript),
            "tsx" => Some(Dialect::Tsx),
            _ => None,
        }
    }

    pub(crate) fn language(self) -> Language {
        match self {
            Dialect::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Dialect::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Dialect::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }
}

/// Why a file produced no tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseFailure {
    TimedOut,
    Failed,
}

thread_local! {
    static PARSERS: RefCell<[Option<Parser>; 3]> = const { RefCell::new([None, None, None]) };
}

/// Parses `text`, giving up after `budget` so a pathological file cannot hang the scan.
pub fn parse(dialect: Dialect, text: &str, budget: Duration) -> Result<Tree, ParseFailure> {
    let slot = dialect as usize;
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        if parsers[slot].is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&dialect.language())
                .map_err(|_| ParseFailure::Failed)?;
            parsers[slot] = Some(parser);
        }
        let parser = parsers[slot].as_mut().ok_or(ParseFailure::Failed)?;
        let started = Instant::now();
        let mut timed_out = false;
        let mut over_budget = |_: &ParseState| {
            timed_out = started.elapsed() > budget;
            timed_out
        };
        let bytes = text.as_bytes();
        let mut read = |offset: usize, _| bytes.get(offset..).unwrap_or(&[]);
        let options = ParseOptions::new().progress_callback(&mut over_budget);
        let tree = parser.parse_with_options(&mut read, None, Some(options));
        match tree {
            Some(tree) => Ok(tree),
            None => {
                parser.reset();
                Err(if timed_out {
                    ParseFailure::TimedOut
                } else {
                    ParseFailure::Failed
                })
            }
        }
    })
}
