//! The project stage: resolves each file's imports of other project files (relative
//! specifiers, `index.*`, extension probing, `tsconfig.json` `paths`/`baseUrl`), then runs the
//! dataflow analysis over all files at once so values, functions, clients and routers can be
//! followed across files.
//!
//! Syntax trees are kept from parsing until this stage ends, then dropped: the models that
//! rules read hold no trees.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tree_sitter::Tree;

use crate::model::flow::eval::analyze_project;
use crate::model::flow::project::{Exports, Unit};
use crate::model::flow::Settings;
use crate::model::jwt::Options;
use crate::model::resolve::Resolver;
use crate::model::resolve::{ObjectShape, Value};
use crate::model::{mutations, FileModel};

/// Extensions tried, in order, for an import without one (and for `./x.js` naming `x.ts`).
const EXTENSIONS: &[&str] = &["js", "ts", "tsx", "jsx", "mjs", "cjs", "mts", "cts"];

/// Runs the project stage and stores each file's flow facts in its model.
pub fn link(files: &mut [FileModel], trees: &[Tree], settings: &Settings) {
    let modules = module_graph(files);
    let facts = {
        let muts: Vec<_> = files
            .iter()
            .zip(trees)
            .map(|(file, tree)| mutations(tree, &file.source, settings.max_nesting))
            .collect();
        let units: Vec<Unit> = files
            .iter()
            .zip(trees)
            .zip(&muts)
            .zip(modules)
            .map(|(((file, tree), mutations), modules)| Unit {
                src: &file.source,
                resolver: Resolver {
                    src: &file.source,
                    mutations,
                },
                root: tree.root_node(),
                modules,
            })
            .collect();
        let options = imported_options(files, &units);
        (analyze_project(&units, settings), options)
    };
    let (facts, options) = facts;
    for (file, facts) in files.iter_mut().zip(facts) {
        file.flow = facts;
    }
    for (file, index, shape, source) in options {
        if let Some(use_) = files.get_mut(file).and_then(|f| f.jwt.get_mut(index)) {
            use_.options = Options::Known(shape);
            use_.options_file = Some(source);
        }
    }
}

/// JWT options objects imported from another project file, resolved there:
/// (file, index of the use, the options, the file they are in).
fn imported_options(
    files: &[FileModel],
    units: &[Unit],
) -> Vec<(usize, usize, ObjectShape, usize)> {
    let exports = Exports { units };
    let mut out = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        for (use_index, use_) in file.jwt.iter().enumerate() {
            let Some(import) = &use_.options_import else {
                continue;
            };
            let Some(&unit) = units[file_index].modules.get(&import.specifier) else {
                continue;
            };
            let export = match &import.name {
                Some(name) => exports.export_of(unit, name, 0),
                None => exports.default_export(unit, 0),
            };
            let Some(export) = export else { continue };
            let mut value = units[unit].resolver.value(export.node);
            for key in &import.path {
                value = match value {
                    Value::Object(shape) => match shape.get(key) {
                        Some(prop) => prop.value.clone(),
                        None => Value::Unknown,
                    },
                    _ => Value::Unknown,
                };
            }
            if let Value::Object(shape) = value {
                out.push((file_index, use_index, shape, unit));
            }
        }
    }
    out
}

/// For each file, the import specifiers that name another file of the scan.
pub fn module_graph(files: &[FileModel]) -> Vec<HashMap<String, usize>> {
    let by_path: HashMap<PathBuf, usize> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| std::fs::canonicalize(&f.path).ok().map(|p| (p, i)))
        .collect();
    let mut tsconfigs = TsConfigs::default();
    files
        .iter()
        .map(|file| {
            let dir = std::fs::canonicalize(&file.path)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_default();
            let mut map = HashMap::new();
            for import in &file.imports {
                let spec = import.specifier.as_str();
                if map.contains_key(spec) {
                    continue;
                }
                let bases = if spec.starts_with('.') {
                    vec![dir.join(spec)]
                } else {
                    tsconfigs.aliases(&dir, spec)
                };
                if let Some(index) = bases.iter().find_map(|b| probe(b, &by_path)) {
                    map.insert(spec.to_string(), index);
                }
            }
            map
        })
        .collect()
}

/// The project file a module path names: as is, with an extension, `./x.js` as `x.ts`, or
/// the folder's `index.*`.
fn probe(base: &Path, by_path: &HashMap<PathBuf, usize>) -> Option<usize> {
    let find = |p: &Path| {
        std::fs::canonicalize(p)
            .ok()
            .and_then(|c| by_path.get(&c).copied())
    };
    if base.is_file() {
        if let Some(found) = find(base) {
            return Some(found);
        }
    }
    let text = base.to_string_lossy();
    let stem = ["js", "jsx", "mjs", "cjs"]
        .iter()
        .find_map(|ext| text.strip_suffix(&format!(".{ext}")))
        .map(str::to_string);
    for ext in EXTENSIONS {
        if let Some(found) = find(Path::new(&format!("{text}.{ext}"))) {
            return Some(found);
        }
        if let Some(stem) = &stem {
            if let Some(found) = find(Path::new(&format!("{stem}.{ext}"))) {
                return Some(found);
            }
        }
    }
    EXTENSIONS
        .iter()
        .find_map(|ext| find(&base.join(format!("index.{ext}"))))
}

/// `tsconfig.json` `baseUrl` and `paths`, by the folder they govern.
#[derive(Default)]
struct TsConfigs {
    by_dir: HashMap<PathBuf, Option<TsConfig>>,
}

#[derive(Clone)]
struct TsConfig {
    base: PathBuf,
    paths: Vec<(String, Vec<String>)>,
}

impl TsConfigs {
    /// Where a bare specifier may point through the nearest tsconfig's `paths` or `baseUrl`.
    fn aliases(&mut self, dir: &Path, spec: &str) -> Vec<PathBuf> {
        let Some(config) = self.nearest(dir) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (pattern, targets) in &config.paths {
            let matched = match pattern.split_once('*') {
                Some((prefix, suffix)) => spec
                    .strip_prefix(prefix)
                    .and_then(|rest| rest.strip_suffix(suffix)),
                None => (spec == pattern).then_some(""),
            };
            if let Some(star) = matched {
                out.extend(
                    targets
                        .iter()
                        .map(|t| config.base.join(t.replace('*', star))),
                );
            }
        }
        out.push(config.base.join(spec));
        out
    }

    fn nearest(&mut self, dir: &Path) -> Option<TsConfig> {
        let mut current = Some(dir);
        let mut visited = Vec::new();
        let mut found = None;
        while let Some(d) = current {
            if let Some(cached) = self.by_dir.get(d) {
                found = cached.clone();
                break;
            }
            visited.push(d.to_path_buf());
            let candidate = d.join("tsconfig.json");
            if candidate.is_file() {
                found = read_tsconfig(&candidate);
                break;
            }
            current = d.parent();
        }
        for d in visited {
            self.by_dir.insert(d, found.clone());
        }
        found
    }
}

fn read_tsconfig(path: &Path) -> Option<TsConfig> {
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&strip_json_comments(&text)).ok()?;
    let options = json.get("compilerOptions")?;
    let dir = path.parent()?;
    let base = dir.join(
        options
            .get("baseUrl")
            .and_then(|b| b.as_str())
            .unwrap_or("."),
    );
    let paths = options
        .get("paths")
        .and_then(|p| p.as_object())
        .map(|map| {
            map.iter()
                .map(|(pattern, targets)| {
                    let targets = targets
                        .as_array()
                        .map(|t| {
                            t.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    (pattern.clone(), targets)
                })
                .collect()
        })
        .unwrap_or_default();
    Some(TsConfig { base, paths })
}

/// tsconfig is JSON with comments and trailing commas.
fn strip_json_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_string = false;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            if c == '\\' && i + 1 < chars.len() {
                out.push(chars[i + 1]);
                i += 1;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
            continue;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if !matches!(next, Some('}') | Some(']')) {
                out.push(c);
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}
