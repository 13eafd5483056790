//! The project stage: resolves each file's imports of other project files (relative
//! specifiers, `index.*`, extension probing, `tsconfig.json` `paths`/`baseUrl`), then runs the
//! dataflow analysis over all files at once so values, functions, clients and routers can be
//! followed across files.
//!
//! It reads the syntax trees the index stage kept; for a project too large to keep them all,
//! it parses each component of the import graph again, analyses it, and drops its trees.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::model::flow::value::Flow;
use crate::model::flow::FlowFacts;

use crate::model::ast::Ast;
use crate::model::flow::eval::analyze_project;
use crate::model::flow::project::{Exports, Unit};
use crate::model::flow::Settings;
use crate::model::jwt::Options;
use crate::model::resolve::Resolver;
use crate::model::resolve::{ObjectShape, Value};
use crate::model::FileModel;
use crate::parse::parse;

/// Extensions tried, in order, for an import without one (and for `./x.js` naming `x.ts`).
const EXTENSIONS: &[&str] = &["js", "ts", "tsx", "jsx", "mjs", "cjs", "mts", "cts"];

/// Runs the project stage and stores each file's flow facts in its model.
///
/// Files that import one another form components; each component is analysed on its own
/// (in parallel), from the syntax trees the index stage kept (or, for a project too large to
/// keep them all, from its files parsed again and dropped right after).
pub fn link(files: &mut [FileModel], settings: &Settings) {
    let graph_started = std::time::Instant::now();
    let modules = module_graph(files);
    if std::env::var_os("CLAIMCHECK_TIMINGS").is_some() {
        eprintln!(
            "claimcheck: module graph {:.3}s",
            graph_started.elapsed().as_secs_f64()
        );
    }
    let components = components(&modules);
    if std::env::var_os("CLAIMCHECK_TIMINGS").is_some() {
        let kept: usize = files
            .iter()
            .filter_map(|f| f.ast.as_ref())
            .map(|a| a.heap_size())
            .sum();
        let source: usize = files.iter().map(|f| f.source.len()).sum();
        eprintln!("claimcheck: syntax trees kept {kept} bytes for {source} bytes of source");
        let sizes: Vec<usize> = components.iter().take(5).map(Vec::len).collect();
        eprintln!(
            "claimcheck: {} components, largest {:?}",
            components.len(),
            sizes
        );
    }
    let analyse = |component: &Vec<usize>| analyse_component(files, &modules, component, settings);
    let results: Vec<ComponentResult> = if components.len() > 1 {
        components.par_iter().map(analyse).collect()
    } else {
        components.iter().map(analyse).collect()
    };
    // The trees and what was collected from them for this stage are not needed after it.
    for file in files.iter_mut() {
        file.ast = None;
        file.mutations = Default::default();
    }
    for result in results {
        for (index, facts) in result.facts {
            if let Some(file) = files.get_mut(index) {
                file.flow = facts;
            }
        }
        for (file, index, shape, source) in result.options {
            if let Some(use_) = files.get_mut(file).and_then(|f| f.jwt.get_mut(index)) {
                use_.options = Options::Known(shape);
                use_.options_file = Some(source);
            }
        }
    }
}

/// What analysing one component gives, by project file index.
struct ComponentResult {
    facts: Vec<(usize, FlowFacts)>,
    options: Vec<(usize, usize, ObjectShape, usize)>,
}

/// Groups files that import one another (in either direction).
pub fn components(modules: &[HashMap<String, usize>]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..modules.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (from, targets) in modules.iter().enumerate() {
        for &to in targets.values() {
            let (a, b) = (root(&mut parent, from), root(&mut parent, to));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for i in 0..modules.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    // Biggest first, so a parallel run does not end waiting on it.
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}

fn analyse_component(
    files: &[FileModel],
    modules: &[HashMap<String, usize>],
    component: &[usize],
    settings: &Settings,
) -> ComponentResult {
    // This thread's scope index may hold nodes of trees dropped since (another scan's).
    crate::model::scope::new_epoch();
    // No file imports a package the rules know (nor decodes a token by hand): nothing here can
    // be reported. The prefilter makes the same decision from the same test before parsing.
    let seeds: HashMap<usize, bool> = component
        .iter()
        .map(|&g| (g, crate::prefilter::is_seed(&files[g].source)))
        .collect();
    if !seeds.values().any(|&seed| seed) {
        return ComponentResult {
            facts: Vec::new(),
            options: Vec::new(),
        };
    }
    let budget = Duration::from_millis(settings.parse_budget_ms);
    let reparsed: HashMap<usize, Ast> = component
        .iter()
        .filter(|&&g| files[g].ast.is_none())
        .filter_map(|&g| {
            let file = &files[g];
            let tree = parse(file.dialect, &file.source, budget).ok()?;
            Some((g, Ast::new(&tree, file.dialect)))
        })
        .collect();
    // A file that fails to parse now is left out.
    let parsed: Vec<(usize, &Ast)> = component
        .iter()
        .filter_map(|&g| {
            files[g]
                .ast
                .as_ref()
                .or(reparsed.get(&g))
                .map(|ast| (g, ast))
        })
        .collect();
    let local: HashMap<usize, usize> = parsed
        .iter()
        .enumerate()
        .map(|(l, (g, _))| (*g, l))
        .collect();
    let global: Vec<usize> = parsed.iter().map(|(g, _)| *g).collect();
    let units: Vec<Unit> = parsed
        .iter()
        .map(|(g, tree)| Unit {
            src: &files[*g].source,
            resolver: Resolver {
                src: &files[*g].source,
                mutations: &files[*g].mutations,
                root: tree.root_node(),
                lookups: Default::default(),
                lib_refs: Default::default(),
            },
            root: tree.root_node(),
            seed: seeds.get(g).copied().unwrap_or(false),
            modules: modules[*g]
                .iter()
                .filter_map(|(spec, target)| local.get(target).map(|l| (spec.clone(), *l)))
                .collect(),
        })
        .collect();
    let component_files: Vec<&FileModel> = global.iter().map(|&g| &files[g]).collect();
    let options = imported_options(&component_files, &units)
        .into_iter()
        .map(|(file, index, shape, source)| (global[file], index, shape, global[source]))
        .collect();
    let facts = analyze_project(&units, settings)
        .into_iter()
        .enumerate()
        .map(|(l, mut facts)| {
            remap(&mut facts, &global);
            (global[l], facts)
        })
        .collect();
    ComponentResult { facts, options }
}

/// Turns a component's file indices into the project's.
fn remap(facts: &mut FlowFacts, global: &[usize]) {
    let map = |i: usize| global.get(i).copied().unwrap_or(i);
    let flow = |f: &mut Flow| {
        if let Some(origin) = f.origin.as_mut() {
            origin.file = map(origin.file);
        }
        for d in &mut f.decodes {
            d.0 = map(d.0);
        }
        for at in [f.site.as_mut(), f.built.as_mut()].into_iter().flatten() {
            at.0 = map(at.0);
        }
    };
    for op in &mut facts.ops {
        op.file = map(op.file);
        if let Some((at, f)) = op.params_from_request.as_mut() {
            at.0 = map(at.0);
            flow(f);
        }
        for entry in &mut op.entries {
            for part in entry
                .key
                .iter_mut()
                .chain(&mut entry.item)
                .chain(&mut entry.values)
                .chain(&mut entry.names)
            {
                part.site_file = map(part.site_file);
                flow(&mut part.flow);
            }
            for (at, f) in &mut entry.item_spreads {
                at.0 = map(at.0);
                flow(f);
            }
            for f in [
                &mut entry.key_condition,
                &mut entry.condition,
                &mut entry.filter,
                &mut entry.update,
                &mut entry.projection,
                &mut entry.statement,
                &mut entry.names_map,
            ]
            .into_iter()
            .flatten()
            {
                flow(f);
            }
        }
    }
    for trust in &mut facts.decode_trusts {
        trust.decode_file = map(trust.decode_file);
        trust.sink_file = map(trust.sink_file);
    }
    for (file, _, _) in &mut facts.unchecked_verifies {
        *file = map(*file);
    }
    for route in &mut facts.routes {
        if let Some((file, _, _)) = route.data_access.as_mut() {
            *file = map(*file);
        }
    }
}

/// JWT options objects imported from another project file, resolved there:
/// (file, index of the use, the options, the file they are in).
fn imported_options(
    files: &[&FileModel],
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
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let specifiers: Vec<Vec<&str>> = files
        .iter()
        .map(|f| f.imports.iter().map(|i| i.specifier.as_str()).collect())
        .collect();
    resolve_modules(&paths, &specifiers)
}

/// For each file (by path), which of its specifiers name another of `paths`, and which.
pub fn resolve_modules(paths: &[PathBuf], specifiers: &[Vec<&str>]) -> Vec<HashMap<String, usize>> {
    let canonical: Vec<Option<PathBuf>> = paths
        .par_iter()
        .map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let by_path: HashMap<PathBuf, usize> = canonical
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.clone().map(|p| (p, i)))
        .collect();
    let mut tsconfigs = TsConfigs::default();
    canonical
        .iter()
        .zip(specifiers)
        .map(|(path, specs)| {
            let dir = path
                .as_ref()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_default();
            let mut map = HashMap::default();
            for &spec in specs {
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
///
/// Looked up by lexically normalised path among the scanned files' canonical paths: no system
/// call per guess, which matters when every file of a large tree is probed.
fn probe(base: &Path, by_path: &HashMap<PathBuf, usize>) -> Option<usize> {
    let find = |p: &Path| by_path.get(&normalise(p)).copied();
    if let Some(found) = find(base) {
        return Some(found);
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

/// `a/./b/../c` as `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
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
