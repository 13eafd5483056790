//! Scope-aware name lookup over the syntax tree: which declaration does an identifier refer to?
//!
//! We walk outwards from the reference through the enclosing scopes (blocks, functions, the
//! program) and look at the declarations each one holds directly. That is enough for handler
//! code and keeps a parameter named `options` from being mistaken for a top-level `const options`.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

use crate::model::ast::{Field, Node};

use super::syntax::{property_key, string_value, text};

/// What an identifier is bound to.
#[derive(Debug, Clone)]
pub enum Binding<'t> {
    /// `const`/`let`/`var`: the declarator, and the property path from its value to the name
    /// (`["verify"]` for `const { verify: v } = require('jsonwebtoken')`).
    Declared {
        declarator: Node<'t>,
        path: Vec<String>,
        /// The pattern's default (`'dev'` in `const { SECRET = 'dev' } = process.env`).
        default: Option<Node<'t>>,
    },
    /// A name bound by destructuring we do not follow (arrays, rest elements).
    Opaque,
    Parameter,
    Function(Node<'t>),
    Class(Node<'t>),
    /// A TypeScript `enum`: its body.
    Enum(Node<'t>),
    /// `import x from 'm'` (`imported = None` for default and namespace imports, which both
    /// stand for the module's exports as CommonJS interop sees them).
    Import {
        source: String,
        imported: Option<String>,
    },
}

/// How a pattern binds a name.
enum PatternBinding<'t> {
    Path(Vec<String>, Option<Node<'t>>),
    Opaque,
}

const MAX_SCOPE_HOPS: usize = 512;

/// Names a block's statements may declare, each with the positions of those statements.
type BlockIndex = HashMap<Box<str>, Vec<u32>>;

/// A block: its node id, byte range and the source it was parsed from (address and length),
/// so that an id reused by a later tree on the same thread cannot find a stale index.
type BlockKey = (usize, usize, usize, usize, usize);

thread_local! {
    /// Every lookup walks out through the enclosing blocks, and rescanning each block's
    /// statements per lookup was most of the analysis time. So each block is indexed once, by
    /// node id, within an epoch (one set of live syntax trees: see `new_epoch`).
    static BLOCKS: RefCell<HashMap<BlockKey, Rc<BlockIndex>>> = RefCell::new(HashMap::default());
}

/// Starts a new set of syntax trees on this thread: node ids of dropped trees may be reused,
/// so the block index is cleared. Call before analysing freshly parsed trees.
pub fn new_epoch() {
    BLOCKS.with(|blocks| blocks.borrow_mut().clear());
}

/// The block's index: for each name any statement might declare (an over-approximation: every
/// identifier in a declaring statement's head), the statements to ask, in order.
fn block_declarations(scope: Node, src: &str) -> Rc<BlockIndex> {
    let key = (
        scope.id(),
        scope.start_byte(),
        scope.end_byte(),
        src.as_ptr() as usize,
        src.len(),
    );
    if let Some(found) = BLOCKS.with(|blocks| blocks.borrow().get(&key).cloned()) {
        return found;
    }
    let mut index = BlockIndex::default();
    for (position, stmt) in scope.named_children().enumerate() {
        let mut names = Vec::new();
        declaring_heads(stmt, &mut names);
        for head in names {
            let mut stack = vec![head];
            while let Some(node) = stack.pop() {
                if node.kind().contains("identifier") {
                    let list = index.entry(text(node, src).into()).or_default();
                    if list.last() != Some(&(position as u32)) {
                        list.push(position as u32);
                    }
                }
                stack.extend(node.named_children());
            }
        }
    }
    let index = Rc::new(index);
    BLOCKS.with(|blocks| blocks.borrow_mut().insert(key, index.clone()));
    index
}

/// The parts of a statement where `declared_by_statement` finds names.
fn declaring_heads<'t>(stmt: Node<'t>, out: &mut Vec<Node<'t>>) {
    match stmt.kind() {
        "lexical_declaration" | "variable_declaration" => {
            out.extend(
                stmt.named_children()
                    .filter(|d| d.kind() == "variable_declarator")
                    .filter_map(|d| d.field(Field::Name)),
            );
        }
        "function_declaration"
        | "generator_function_declaration"
        | "class_declaration"
        | "class"
        | "abstract_class_declaration"
        | "enum_declaration" => out.extend(stmt.field(Field::Name)),
        "export_statement" => {
            if let Some(declaration) = stmt.field(Field::Declaration) {
                declaring_heads(declaration, out);
            }
        }
        "import_statement" => {
            out.extend(
                stmt.named_children()
                    .filter(|p| matches!(p.kind(), "import_clause" | "import_require_clause")),
            );
        }
        _ => {}
    }
}

/// Finds the declaration that `name` refers to at `at`.
pub fn lookup<'t>(name: &str, at: Node<'t>, src: &str) -> Option<Binding<'t>> {
    let mut child = at;
    let mut current = at.parent();
    let mut hops = 0;
    while let Some(scope) = current {
        hops += 1;
        if hops > MAX_SCOPE_HOPS {
            return None;
        }
        if let Some(found) = declared_in(scope, child, name, src) {
            return Some(found);
        }
        child = scope;
        current = scope.parent();
    }
    None
}

fn declared_in<'t>(scope: Node<'t>, from: Node<'t>, name: &str, src: &str) -> Option<Binding<'t>> {
    match scope.kind() {
        "program" | "statement_block" | "class_body" | "switch_case" | "switch_default" => {
            let candidates = block_declarations(scope, src);
            let indices = candidates.get(name)?;
            indices
                .iter()
                .filter_map(|&i| scope.named_child(i as usize))
                .find_map(|stmt| declared_by_statement(stmt, name, src))
        }
        "arrow_function"
        | "function_expression"
        | "function"
        | "function_declaration"
        | "generator_function"
        | "generator_function_declaration"
        | "method_definition" => {
            if let Some(param) = scope.field(Field::Parameter) {
                if text(param, src) == name {
                    return Some(Binding::Parameter);
                }
            }
            if let Some(params) = scope.field(Field::Parameters) {
                // Default values are evaluated in the parameter scope, but a reference inside
                // the body is what we care about; both see the parameters.
                for param in params.named_children() {
                    if pattern_binding(param, name, src).is_some() {
                        return Some(Binding::Parameter);
                    }
                }
            }
            // A named function expression can refer to itself.
            if scope.kind() != "function_declaration" {
                if let Some(own) = scope.field(Field::Name) {
                    if text(own, src) == name {
                        return Some(Binding::Function(scope));
                    }
                }
            }
            None
        }
        "for_statement" => scope
            .field(Field::Initializer)
            .and_then(|init| declared_by_statement(init, name, src)),
        "for_in_statement" => {
            let left = scope.field(Field::Left)?;
            if left.id() != from.id() && pattern_binding(left, name, src).is_some() {
                return Some(Binding::Opaque);
            }
            None
        }
        "catch_clause" => {
            let param = scope.field(Field::Parameter)?;
            pattern_binding(param, name, src).map(|_| Binding::Parameter)
        }
        _ => None,
    }
}

fn declared_by_statement<'t>(stmt: Node<'t>, name: &str, src: &str) -> Option<Binding<'t>> {
    match stmt.kind() {
        "lexical_declaration" | "variable_declaration" => {
            let found = stmt
                .named_children()
                .filter(|d| d.kind() == "variable_declarator")
                .find_map(|declarator| {
                    let pattern = declarator.field(Field::Name)?;
                    Some(match pattern_binding(pattern, name, src)? {
                        PatternBinding::Path(path, default) => Binding::Declared {
                            declarator,
                            path,
                            default,
                        },
                        PatternBinding::Opaque => Binding::Opaque,
                    })
                });
            found
        }
        "function_declaration" | "generator_function_declaration" => {
            let own = stmt.field(Field::Name)?;
            (text(own, src) == name).then_some(Binding::Function(stmt))
        }
        "class_declaration" | "class" | "abstract_class_declaration" => {
            let own = stmt.field(Field::Name)?;
            (text(own, src) == name).then_some(Binding::Class(stmt))
        }
        "enum_declaration" => {
            let own = stmt.field(Field::Name)?;
            if text(own, src) != name {
                return None;
            }
            stmt.field(Field::Body).map(Binding::Enum)
        }
        "export_statement" => stmt
            .field(Field::Declaration)
            .and_then(|d| declared_by_statement(d, name, src)),
        "import_statement" => import_binding(stmt, name, src),
        _ => None,
    }
}

fn import_binding<'t>(stmt: Node<'t>, name: &str, src: &str) -> Option<Binding<'t>> {
    for part in stmt.named_children() {
        match part.kind() {
            "import_clause" => {
                let source = stmt
                    .field(Field::Source)
                    .and_then(|s| string_value(s, src))?;
                if let Some(imported) = import_clause_binding(part, name, src) {
                    return Some(Binding::Import { source, imported });
                }
            }
            "import_require_clause" => {
                let local = part.named_children().find(|n| n.kind() == "identifier")?;
                if text(local, src) == name {
                    let source = part
                        .field(Field::Source)
                        .and_then(|s| string_value(s, src))?;
                    return Some(Binding::Import {
                        source,
                        imported: None,
                    });
                }
            }
            _ => {}
        }
    }
    None
}

/// `Some(None)` for a default or namespace import of `name`, `Some(Some(x))` for `{ x as name }`.
fn import_clause_binding(clause: Node, name: &str, src: &str) -> Option<Option<String>> {
    for part in clause.named_children() {
        match part.kind() {
            "identifier" if text(part, src) == name => return Some(None),
            "namespace_import"
                if part
                    .named_children()
                    .any(|n| n.kind() == "identifier" && text(n, src) == name) =>
            {
                return Some(None);
            }
            "named_imports" => {
                for spec in part.named_children() {
                    let Some(imported) = spec.field(Field::Name) else {
                        continue;
                    };
                    let local = spec.field(Field::Alias).unwrap_or(imported);
                    if text(local, src) == name {
                        let imported = property_key(imported, src)?;
                        return Some(if imported == "default" {
                            None
                        } else {
                            Some(imported)
                        });
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether `pattern` binds `name`, and by which property path.
fn pattern_binding<'t>(pattern: Node<'t>, name: &str, src: &str) -> Option<PatternBinding<'t>> {
    pattern_binding_at(pattern, name, src, 0)
}

fn pattern_binding_at<'t>(
    pattern: Node<'t>,
    name: &str,
    src: &str,
    depth: usize,
) -> Option<PatternBinding<'t>> {
    if depth > 32 {
        return None;
    }
    let recurse = |node: Node<'t>| pattern_binding_at(node, name, src, depth + 1);
    let with_default = |found: Option<PatternBinding<'t>>, default: Option<Node<'t>>| match found {
        Some(PatternBinding::Path(path, None)) => Some(PatternBinding::Path(path, default)),
        other => other,
    };
    match pattern.kind() {
        "identifier" | "shorthand_property_identifier_pattern" => {
            (text(pattern, src) == name).then(|| PatternBinding::Path(Vec::new(), None))
        }
        "required_parameter" | "optional_parameter" => recurse(pattern.field(Field::Pattern)?),
        "assignment_pattern" | "object_assignment_pattern" => with_default(
            recurse(pattern.field(Field::Left)?),
            pattern.field(Field::Right),
        ),
        "rest_pattern" | "array_pattern" => {
            let binds = pattern.named_children().any(|c| recurse(c).is_some());
            binds.then_some(PatternBinding::Opaque)
        }
        "object_pattern" => {
            for prop in pattern.named_children() {
                let (key, inner) = match prop.kind() {
                    "shorthand_property_identifier_pattern" => {
                        (Some(text(prop, src).to_string()), prop)
                    }
                    "object_assignment_pattern" => {
                        let left = prop.field(Field::Left)?;
                        let key = (left.kind() == "shorthand_property_identifier_pattern")
                            .then(|| text(left, src).to_string());
                        (key, prop)
                    }
                    "pair_pattern" => (
                        prop.field(Field::Key).and_then(|k| property_key(k, src)),
                        prop.field(Field::Value)?,
                    ),
                    "rest_pattern" => (None, prop),
                    _ => continue,
                };
                match (recurse(inner), key) {
                    (Some(PatternBinding::Path(rest, default)), Some(key)) => {
                        let mut path = vec![key];
                        path.extend(rest);
                        return Some(PatternBinding::Path(path, default));
                    }
                    (Some(_), _) => return Some(PatternBinding::Opaque),
                    (None, _) => {}
                }
            }
            None
        }
        _ => None,
    }
}
