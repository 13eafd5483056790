//! The per-file model: everything the rules need to know about one file, computed once from
//! its syntax tree (see `ast`), which is kept until the link stage is done.

pub mod ast;
pub mod flow;
pub mod jwt;
pub mod mutations;
pub mod resolve;
pub mod scope;
pub mod syntax;
pub mod value;

use std::path::PathBuf;

use ast::{Ast, Field, Node};

use crate::parse::Dialect;
use crate::position::{LineIndex, Span};
use crate::suppress::Directive;
use jwt::{jwt_use, JwtUse};
use mutations::Mutations;
use resolve::Resolver;
use syntax::{string_value, text, unwrap_expr};

/// Packages whose calls the JWT rules inspect.
pub const JWT_MODULES: &[&str] = &[
    "jsonwebtoken",
    "express-jwt",
    "passport-jwt",
    "jose",
    "jwt-decode",
];

/// A module the file imports (`import`, `require`, dynamic `import()`).
#[derive(Debug, Clone)]
pub struct ModuleImport {
    pub specifier: String,
    pub span: Span,
}

/// One analysed source file.
#[derive(Debug)]
pub struct FileModel {
    pub path: PathBuf,
    /// The path as reports show it: relative to the project root, with `/` separators.
    pub display_path: String,
    pub dialect: Dialect,
    pub source: String,
    pub lines: LineIndex,
    /// tree-sitter had to recover from syntax errors; findings come from the valid parts.
    pub has_syntax_errors: bool,
    pub imports: Vec<ModuleImport>,
    pub jwt: Vec<JwtUse>,
    /// DynamoDB operations and token flows, from the dataflow analysis.
    pub flow: flow::FlowFacts,
    pub directives: Vec<Directive>,
    /// Syntax nested deeper than this was left out of the analysis (the rest of the file was
    /// analysed): the limit that was hit.
    pub truncated_at_depth: Option<usize>,
    /// Where the file assigns or hands off its variables (for the link stage's resolvers).
    pub mutations: Mutations,
    /// The syntax tree, kept from indexing to the link stage (so no file is parsed twice) and
    /// dropped once the link stage is done.
    pub ast: Option<Ast>,
}

/// Everything one walk over the tree collects before the resolvers run.
struct Collected<'t> {
    calls: Vec<Node<'t>>,
    mutations: Mutations,
    imports: Vec<ModuleImport>,
    directives: Vec<Directive>,
    truncated: bool,
}

impl FileModel {
    /// Builds the model of a parsed file. `max_depth` bounds how deep the syntax may nest.
    pub fn build(
        path: PathBuf,
        display_path: String,
        dialect: Dialect,
        source: String,
        ast: Ast,
        max_depth: usize,
    ) -> FileModel {
        let lines = LineIndex::new(&source);
        let mut collected = collect(&ast, &source, &lines, max_depth);
        let mutations = std::mem::take(&mut collected.mutations);
        let resolver = Resolver {
            src: &source,
            mutations: &mutations,
            root: ast.root_node(),
            lookups: Default::default(),
            lib_refs: Default::default(),
        };
        let uses_jwt = collected
            .imports
            .iter()
            .any(|i| JWT_MODULES.contains(&i.specifier.as_str()));
        let jwt = if uses_jwt {
            collected
                .calls
                .iter()
                .filter_map(|&call| jwt_use(call, &resolver))
                .collect()
        } else {
            Vec::new()
        };
        FileModel {
            // Filled in by the project stage (`link`), which sees every file at once.
            flow: flow::FlowFacts::default(),
            path,
            display_path,
            dialect,
            has_syntax_errors: ast.has_error(),
            imports: collected.imports,
            jwt,
            directives: collected.directives,
            truncated_at_depth: collected.truncated.then_some(max_depth),
            ast: Some(ast),
            mutations,
            lines,
            source,
        }
    }
}

/// One iterative pre-order walk (no recursion: nesting depth is the user's to choose).
/// Subtrees deeper than `max_depth` are not entered, so later lookups never climb or search
/// pathological nesting; the rest of the file is still analysed.
fn collect<'t>(ast: &'t Ast, src: &str, lines: &LineIndex, max_depth: usize) -> Collected<'t> {
    let mut out = Collected {
        calls: Vec::new(),
        mutations: Mutations::default(),
        imports: Vec::new(),
        directives: Vec::new(),
        truncated: false,
    };
    let mut stack = vec![(ast.root_node(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        // Punctuation and keywords are none of the kinds `visit` looks for.
        if node.is_named() {
            visit(node, src, lines, &mut out);
        }
        if !node.has_children() {
            continue;
        }
        if depth >= max_depth {
            out.truncated = true;
            continue;
        }
        let first = stack.len();
        stack.extend(node.children().map(|child| (child, depth + 1)));
        stack[first..].reverse();
    }
    out
}

fn visit<'t>(node: Node<'t>, src: &str, lines: &LineIndex, out: &mut Collected<'t>) {
    match node.kind() {
        "comment" => {
            let span = Span::of(&node);
            let line = lines.line_of(span.start) as u32;
            if let Some(d) = Directive::parse(text(node, src), line, span) {
                out.directives.push(d);
            }
        }
        "call_expression" => {
            if let Some(specifier) = required_module(node, src) {
                out.imports.push(ModuleImport {
                    specifier,
                    span: Span::of(&node),
                });
            }
            out.mutations.record_call(node, src);
            out.calls.push(node);
        }
        "new_expression" => {
            out.mutations.record_call(node, src);
            out.calls.push(node);
        }
        "assignment_expression" | "augmented_assignment_expression" => {
            out.mutations.record_assignment(node, src)
        }
        "import_statement" | "export_statement" => {
            if let Some(specifier) = node.field(Field::Source).and_then(|s| string_value(s, src)) {
                out.imports.push(ModuleImport {
                    specifier,
                    span: Span::of(&node),
                });
            }
        }
        "import_require_clause" => {
            if let Some(specifier) = node.field(Field::Source).and_then(|s| string_value(s, src)) {
                out.imports.push(ModuleImport {
                    specifier,
                    span: Span::of(&node),
                });
            }
        }
        _ => {}
    }
}

/// The module named by `require('m')` or `import('m')`.
fn required_module(call: Node, src: &str) -> Option<String> {
    let function = unwrap_expr(call.field(Field::Function)?);
    let is_require = function.kind() == "identifier" && text(function, src) == "require";
    if !is_require && function.kind() != "import" {
        return None;
    }
    string_value(*syntax::arguments(call).first()?, src)
}
