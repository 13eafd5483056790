//! The project view of the flow analysis: every file is a unit with its own source and
//! resolver, imports between them resolve to the exporting unit, and evaluation switches units
//! when a call crosses a module boundary.

use rustc_hash::FxHashMap as HashMap;

use crate::model::ast::{Field, Node};

use super::eval::Analyzer;
use crate::model::resolve::Resolver;
use crate::model::scope::Binding;
use crate::model::syntax::{
    arguments, member_property, property_key, string_value, text, unwrap_expr,
};

/// One file of the project, as the flow analysis sees it.
pub struct Unit<'a, 't> {
    pub src: &'a str,
    pub resolver: Resolver<'a, 't>,
    pub root: Node<'t>,
    /// The file imports a package the rules know, or decodes a token by hand
    /// (`prefilter::is_seed`).
    pub seed: bool,
    /// Import specifiers of this file that name another file of the project.
    pub modules: HashMap<String, usize>,
}

/// What a module makes available under a name.
#[derive(Clone, Copy)]
pub struct Export<'t> {
    pub unit: usize,
    pub node: Node<'t>,
}

impl<'a, 't> Analyzer<'a, 't> {
    /// The unit a module specifier of the current file names, if it is one of ours.
    pub(super) fn module_unit(&self, specifier: &str) -> Option<usize> {
        self.units[self.current].modules.get(specifier).copied()
    }

    /// What `binding` refers to in another file: the module itself (`require('./repo')`,
    /// `import * as repo`), or one of its exports (`const { find } = require('./repo')`,
    /// `import { find } from './repo'`, default imports).
    pub(super) fn imported(&self, ident: Node<'t>) -> Option<Export<'t>> {
        match self.resolver.lookup(text(ident, self.src), ident)? {
            Binding::Import { source, imported } => {
                let unit = self.module_unit(&source)?;
                let is_namespace = ident_is_namespace_import(ident, self.src);
                match imported {
                    Some(name) => self.export_of(unit, &name, 0),
                    None if is_namespace => Some(Export {
                        unit,
                        node: self.units[unit].root,
                    }),
                    None => self.default_export(unit, 0),
                }
            }
            Binding::Declared {
                declarator, path, ..
            } => {
                let value = unwrap_expr(declarator.field(Field::Value)?);
                let value = if value.kind() == "await_expression" {
                    unwrap_expr(value.named_child(0)?)
                } else {
                    value
                };
                let (specifier, rest) = required_module(value, self.src)?;
                let unit = self.module_unit(&specifier)?;
                let mut names = rest;
                names.extend(path);
                match names.split_first() {
                    None => self.module_object(unit),
                    Some((first, [])) => self.export_of(unit, first, 0),
                    Some(_) => None,
                }
            }
            _ => None,
        }
    }

    pub(super) fn exports(&self) -> Exports<'_, 'a, 't> {
        Exports { units: self.units }
    }

    pub(super) fn export_of(&self, unit: usize, name: &str, depth: usize) -> Option<Export<'t>> {
        self.exports().export_of(unit, name, depth)
    }

    pub(super) fn default_export(&self, unit: usize, depth: usize) -> Option<Export<'t>> {
        self.exports().default_export(unit, depth)
    }

    pub(super) fn module_object(&self, unit: usize) -> Option<Export<'t>> {
        self.exports().module_object(unit)
    }

    /// The export a name imported at `at` stands for (`import { Repo } from './repo'`).
    pub(super) fn imported_named(&self, name: &str, at: Node<'t>) -> Option<Export<'t>> {
        match self.resolver.lookup(name, at)? {
            Binding::Import { source, imported } => {
                let unit = self.module_unit(&source)?;
                match imported {
                    Some(n) => self.export_of(unit, &n, 0),
                    None => self.default_export(unit, 0),
                }
            }
            _ => None,
        }
    }
}

/// Export lookup over the project's files (usable before and during the analysis).
pub struct Exports<'u, 'a, 't> {
    pub units: &'u [Unit<'a, 't>],
}

impl<'t> Exports<'_, '_, 't> {
    /// `module.exports = X` (X itself), or the file as a namespace of its exports.
    pub fn module_object(&self, unit: usize) -> Option<Export<'t>> {
        if let Some(value) = self.assigned_module_exports(unit) {
            return Some(Export { unit, node: value });
        }
        Some(Export {
            unit,
            node: self.units[unit].root,
        })
    }

    fn assigned_module_exports(&self, unit: usize) -> Option<Node<'t>> {
        let Unit { src, root, .. } = &self.units[unit];
        let found = root.named_children().find_map(|stmt| {
            let assignment = stmt
                .named_child(0)
                .filter(|e| e.kind() == "assignment_expression")?;
            let left = assignment.field(Field::Left)?;
            (text(left, src) == "module.exports")
                .then(|| assignment.field(Field::Right))
                .flatten()
        });
        found.map(unwrap_expr)
    }

    /// `export default X` or `module.exports = X`.
    pub fn default_export(&self, unit: usize, depth: usize) -> Option<Export<'t>> {
        if depth > 8 {
            return None;
        }
        let Unit { src, root, .. } = &self.units[unit];
        for stmt in root.named_children() {
            if stmt.kind() != "export_statement" || !text(stmt, src).starts_with("export default") {
                continue;
            }
            if let Some(value) = stmt
                .field(Field::Value)
                .or_else(|| stmt.field(Field::Declaration))
            {
                return Some(Export {
                    unit,
                    node: unwrap_expr(value),
                });
            }
        }
        self.module_object(unit)
    }

    /// The export `name` of `unit`: ESM declarations and export lists (following re-exports),
    /// and CommonJS `exports.name = ...` / `module.exports = { name }`.
    pub fn export_of(&self, unit: usize, name: &str, depth: usize) -> Option<Export<'t>> {
        if depth > 8 {
            return None;
        }
        if name == "default" {
            return self.default_export(unit, depth + 1);
        }
        let Unit {
            src, root, modules, ..
        } = &self.units[unit];
        let src = *src;
        let statements: Vec<Node<'t>> = root.named_children().collect();
        for stmt in &statements {
            match stmt.kind() {
                "export_statement" => {
                    if let Some(found) = self.esm_export(unit, *stmt, name, modules, depth) {
                        return Some(found);
                    }
                }
                "expression_statement" => {
                    let Some(assignment) = stmt
                        .named_child(0)
                        .filter(|e| e.kind() == "assignment_expression")
                    else {
                        continue;
                    };
                    let (Some(left), Some(right)) = (
                        assignment.field(Field::Left),
                        assignment.field(Field::Right),
                    ) else {
                        continue;
                    };
                    let left = text(left, src);
                    if left == format!("exports.{name}") || left == format!("module.exports.{name}")
                    {
                        return Some(Export {
                            unit,
                            node: unwrap_expr(right),
                        });
                    }
                }
                _ => {}
            }
        }
        // `module.exports = { name }` / `module.exports = { name: value }`.
        let object = self.assigned_module_exports(unit)?;
        if object.kind() != "object" {
            return None;
        }
        let found = object
            .named_children()
            .find_map(|member| match member.kind() {
                "shorthand_property_identifier" if text(member, src) == name => {
                    Some(Export { unit, node: member })
                }
                "pair" => {
                    let key = member
                        .field(Field::Key)
                        .and_then(|k| property_key(k, src))?;
                    (key == name)
                        .then(|| {
                            member.field(Field::Value).map(|v| Export {
                                unit,
                                node: unwrap_expr(v),
                            })
                        })
                        .flatten()
                }
                "method_definition" => {
                    let key = member
                        .field(Field::Name)
                        .and_then(|k| property_key(k, src))?;
                    (key == name).then_some(Export { unit, node: member })
                }
                _ => None,
            });
        found
    }

    fn esm_export(
        &self,
        unit: usize,
        stmt: Node<'t>,
        name: &str,
        modules: &HashMap<String, usize>,
        depth: usize,
    ) -> Option<Export<'t>> {
        let src = self.units[unit].src;
        // `export function name`, `export const name = ...`, `export class Name`.
        if let Some(declaration) = stmt.field(Field::Declaration) {
            if declaration
                .field(Field::Name)
                .is_some_and(|n| text(n, src) == name)
            {
                return Some(Export {
                    unit,
                    node: declaration,
                });
            }
            for declarator in declaration
                .named_children()
                .filter(|d| d.kind() == "variable_declarator")
            {
                if declarator
                    .field(Field::Name)
                    .is_some_and(|n| text(n, src) == name)
                {
                    return declarator.field(Field::Value).map(|v| Export {
                        unit,
                        node: unwrap_expr(v),
                    });
                }
            }
            return None;
        }
        let source = stmt.field(Field::Source).and_then(|s| string_value(s, src));
        for part in stmt.named_children() {
            match part.kind() {
                // `export { a, b as name }` (from './other').
                "export_clause" => {
                    for spec in part.named_children() {
                        let Some(local) = spec.field(Field::Name) else {
                            continue;
                        };
                        let exported = spec.field(Field::Alias).unwrap_or(local);
                        if text(exported, src) != name {
                            continue;
                        }
                        let local_name = text(local, src);
                        return match &source {
                            Some(specifier) => {
                                self.export_of(*modules.get(specifier)?, local_name, depth + 1)
                            }
                            None => Some(Export { unit, node: local }),
                        };
                    }
                }
                // `export * from './other'`.
                _ if source.is_some() && text(stmt, src).starts_with("export *") => {
                    let other = *modules.get(source.as_deref()?)?;
                    if let Some(found) = self.export_of(other, name, depth + 1) {
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        None
    }
}

/// `require('./x')`, `require('./x').a.b`, `import('./x')`: the specifier and the property path.
pub fn required_module(value: Node, src: &str) -> Option<(String, Vec<String>)> {
    let mut path = Vec::new();
    let mut node = value;
    for _ in 0..8 {
        match node.kind() {
            "member_expression" => {
                path.push(member_property(node, src)?);
                node = unwrap_expr(node.field(Field::Object)?);
            }
            "call_expression" => {
                let function = unwrap_expr(node.field(Field::Function)?);
                let is_require =
                    function.kind() == "identifier" && text(function, src) == "require";
                if !is_require && function.kind() != "import" {
                    return None;
                }
                let specifier = string_value(*arguments(node).first()?, src)?;
                path.reverse();
                return Some((specifier, path));
            }
            _ => return None,
        }
    }
    None
}

fn ident_is_namespace_import(ident: Node, src: &str) -> bool {
    let name = text(ident, src);
    let mut node = ident;
    while let Some(parent) = node.parent() {
        node = parent;
    }
    let mut stack = vec![node];
    let mut budget = 4096usize;
    while let Some(n) = stack.pop() {
        budget = match budget.checked_sub(1) {
            Some(b) => b,
            None => return false,
        };
        if n.kind() == "namespace_import" && n.named_children().any(|i| text(i, src) == name) {
            return true;
        }
        if matches!(n.kind(), "program" | "import_statement" | "import_clause") {
            stack.extend(n.named_children());
        }
    }
    false
}
