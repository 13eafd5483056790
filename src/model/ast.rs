//! The syntax tree the analysis reads: tree-sitter's tree copied once, right after parsing,
//! into one flat array of nodes in pre-order.
//!
//! Why a copy: the analysis asks the tree a few million small questions per megabyte (a
//! node's kind, its parent, its children, a field), and tree-sitter answers each by walking:
//! a child step recomputes positions, `parent()` descends from the root again, `kind()` spells
//! the name with `strlen` and a UTF-8 check. Here each answer is an index. Copying costs one
//! cursor walk (about a fifth of the time parsing took), and the copy (24 bytes a node, about
//! seven times the source) is several times smaller than tree-sitter's tree, so it is kept
//! from indexing to the link stage: a file is parsed once.
//!
//! `Node` offers the part of tree-sitter's node API the analysis uses, under the same names,
//! except that fields are asked for by [`Field`] rather than by string.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use tree_sitter::{Language, Tree};

use crate::parse::Dialect;

/// No node (the root's parent, a last child's next sibling).
const NONE: u32 = u32::MAX;

const NAMED: u8 = 1;
const HAS_CHILDREN: u8 = 2;

/// One node: 24 bytes. Its children follow it (pre-order), linked by `next_sibling`.
#[derive(Clone, Copy)]
struct Raw {
    start: u32,
    end: u32,
    parent: u32,
    next_sibling: u32,
    kind: u16,
    /// The field the node fills in its parent; 0 for none.
    field: u16,
    flags: u8,
}

/// A file's syntax tree.
pub struct Ast {
    nodes: Vec<Raw>,
    grammar: &'static Grammar,
    /// tree-sitter recovered from syntax errors somewhere in the file.
    has_error: bool,
}

/// The fields the analysis asks a node for. An enum rather than the grammar's strings: the
/// compiler checks the names (a misspelt string finds nothing, silently), and a field's id in
/// each grammar is an array index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Alias,
    Alternative,
    Argument,
    Arguments,
    Body,
    Condition,
    Consequence,
    Constructor,
    Declaration,
    Finalizer,
    Function,
    Handler,
    Index,
    Initializer,
    Key,
    Left,
    Name,
    Object,
    Operator,
    Parameter,
    Parameters,
    Pattern,
    Property,
    Right,
    Source,
    Type,
    Value,
}

impl Field {
    const ALL: [Field; 27] = [
        Field::Alias,
        Field::Alternative,
        Field::Argument,
        Field::Arguments,
        Field::Body,
        Field::Condition,
        Field::Consequence,
        Field::Constructor,
        Field::Declaration,
        Field::Finalizer,
        Field::Function,
        Field::Handler,
        Field::Index,
        Field::Initializer,
        Field::Key,
        Field::Left,
        Field::Name,
        Field::Object,
        Field::Operator,
        Field::Parameter,
        Field::Parameters,
        Field::Pattern,
        Field::Property,
        Field::Right,
        Field::Source,
        Field::Type,
        Field::Value,
    ];

    /// The name the grammars give the field.
    pub fn name(self) -> &'static str {
        match self {
            Field::Alias => "alias",
            Field::Alternative => "alternative",
            Field::Argument => "argument",
            Field::Arguments => "arguments",
            Field::Body => "body",
            Field::Condition => "condition",
            Field::Consequence => "consequence",
            Field::Constructor => "constructor",
            Field::Declaration => "declaration",
            Field::Finalizer => "finalizer",
            Field::Function => "function",
            Field::Handler => "handler",
            Field::Index => "index",
            Field::Initializer => "initializer",
            Field::Key => "key",
            Field::Left => "left",
            Field::Name => "name",
            Field::Object => "object",
            Field::Operator => "operator",
            Field::Parameter => "parameter",
            Field::Parameters => "parameters",
            Field::Pattern => "pattern",
            Field::Property => "property",
            Field::Right => "right",
            Field::Source => "source",
            Field::Type => "type",
            Field::Value => "value",
        }
    }
}

/// The names a grammar gives its node kinds and fields.
struct Grammar {
    kinds: Vec<&'static str>,
    /// By kind id: named (an expression, a statement) rather than punctuation or a keyword.
    named: Vec<bool>,
    /// By `Field`: the field's id in this grammar (0 when it has no such field).
    fields: [u16; Field::ALL.len()],
}

impl Grammar {
    fn of(dialect: Dialect) -> &'static Grammar {
        static GRAMMARS: [OnceLock<Grammar>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        GRAMMARS[dialect as usize].get_or_init(|| Grammar::new(&dialect.language()))
    }

    fn new(language: &Language) -> Grammar {
        let ids = 0..u16::try_from(language.node_kind_count()).unwrap_or(u16::MAX);
        let kinds = ids
            .clone()
            .map(|id| language.node_kind_for_id(id).unwrap_or(""))
            .collect();
        let named = ids.map(|id| language.node_kind_is_named(id)).collect();
        let fields = Field::ALL.map(|f| {
            language
                .field_id_for_name(f.name())
                .map_or(0, |id| id.get())
        });
        Grammar {
            kinds,
            named,
            fields,
        }
    }

    fn kind(&self, id: u16) -> &'static str {
        // Ids past the table are tree-sitter's built-in error symbols.
        self.kinds.get(id as usize).copied().unwrap_or("ERROR")
    }

    fn is_named(&self, id: u16) -> bool {
        // An error node is named.
        self.named.get(id as usize).copied().unwrap_or(true)
    }
}

impl Ast {
    /// Copies a parsed tree. One iterative cursor walk: nesting depth is the user's to choose.
    pub fn new(tree: &Tree, dialect: Dialect) -> Ast {
        // The new tree may reuse the node addresses of a dropped one.
        crate::model::scope::new_epoch();
        let mut ast = Ast {
            // About one node per two or three bytes of source.
            nodes: Vec::with_capacity(tree.root_node().end_byte() / 2),
            grammar: Grammar::of(dialect),
            has_error: tree.root_node().has_error(),
        };
        let mut cursor = tree.walk();
        ast.push(cursor.node(), NONE, 0);
        // The nodes whose children are being copied, each with its last child copied so far.
        let mut open: Vec<(u32, u32)> = Vec::new();
        let mut current = 0u32;
        loop {
            if cursor.goto_first_child() {
                open.push((current, NONE));
            } else {
                loop {
                    if open.is_empty() {
                        ast.nodes.shrink_to_fit();
                        return ast;
                    }
                    if cursor.goto_next_sibling() {
                        break;
                    }
                    cursor.goto_parent();
                    open.pop();
                }
            }
            let Some((parent, last)) = open.last_mut() else {
                return ast;
            };
            let field = cursor.field_id().map_or(0, |f| f.get());
            let index = ast.push(cursor.node(), *parent, field);
            if let Some(previous) = ast.nodes.get_mut(*last as usize) {
                previous.next_sibling = index;
            }
            if let Some(parent) = ast.nodes.get_mut(*parent as usize) {
                parent.flags |= HAS_CHILDREN;
            }
            *last = index;
            current = index;
        }
    }

    fn push(&mut self, node: tree_sitter::Node, parent: u32, field: u16) -> u32 {
        let index = self.nodes.len() as u32;
        let kind = node.kind_id();
        let flags = if self.grammar.is_named(kind) {
            NAMED
        } else {
            0
        };
        self.nodes.push(Raw {
            start: node.start_byte() as u32,
            end: node.end_byte() as u32,
            parent,
            next_sibling: NONE,
            kind,
            field,
            flags,
        });
        index
    }

    pub fn has_error(&self) -> bool {
        self.has_error
    }

    /// The node at `index` (from [`Node::index`] on this tree, or on a tree parsed from the
    /// same source).
    pub fn node(&self, index: NodeIndex) -> Node<'_> {
        Node {
            ast: self,
            index: index.0,
        }
    }

    pub fn root_node(&self) -> Node<'_> {
        Node {
            ast: self,
            index: 0,
        }
    }

    /// Bytes held, for memory accounting.
    pub fn heap_size(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Raw>()
    }
}

impl fmt::Debug for Ast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ast({} nodes)", self.nodes.len())
    }
}

/// Where a node sits in its tree: kept without borrowing the tree (see [`Ast::node`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NodeIndex(u32);

/// A node of an [`Ast`].
#[derive(Clone, Copy)]
pub struct Node<'t> {
    ast: &'t Ast,
    index: u32,
}

impl<'t> Node<'t> {
    fn raw(&self) -> &'t Raw {
        // `index` always comes from the same tree, so this never falls back; a default keeps
        // the accessor total.
        static EMPTY: Raw = Raw {
            start: 0,
            end: 0,
            parent: NONE,
            next_sibling: NONE,
            kind: 0,
            field: 0,
            flags: 0,
        };
        self.ast.nodes.get(self.index as usize).unwrap_or(&EMPTY)
    }

    fn at(&self, index: u32) -> Option<Node<'t>> {
        (index != NONE).then_some(Node {
            ast: self.ast,
            index,
        })
    }

    pub fn index(&self) -> NodeIndex {
        NodeIndex(self.index)
    }

    /// The tree the node belongs to.
    pub fn tree(&self) -> &'t Ast {
        self.ast
    }

    /// Unique among the nodes of all trees alive at once (like tree-sitter's).
    pub fn id(&self) -> usize {
        self.raw() as *const Raw as usize
    }

    pub fn kind(&self) -> &'static str {
        self.ast.grammar.kind(self.raw().kind)
    }

    pub fn is_named(&self) -> bool {
        self.raw().flags & NAMED != 0
    }

    pub fn start_byte(&self) -> usize {
        self.raw().start as usize
    }

    pub fn end_byte(&self) -> usize {
        self.raw().end as usize
    }

    pub fn byte_range(&self) -> std::ops::Range<usize> {
        self.start_byte()..self.end_byte()
    }

    pub fn parent(&self) -> Option<Node<'t>> {
        self.at(self.raw().parent)
    }

    pub fn has_children(&self) -> bool {
        self.raw().flags & HAS_CHILDREN != 0
    }

    /// All children, named and anonymous (punctuation, operators, keywords).
    pub fn children(&self) -> Children<'t> {
        Children {
            next: if self.has_children() {
                self.at(self.index + 1)
            } else {
                None
            },
        }
    }

    pub fn child(&self, i: usize) -> Option<Node<'t>> {
        self.children().nth(i)
    }

    pub fn named_children(&self) -> impl Iterator<Item = Node<'t>> + 't {
        self.children().filter(|c| c.is_named())
    }

    pub fn named_child(&self, i: usize) -> Option<Node<'t>> {
        self.named_children().nth(i)
    }

    pub fn named_child_count(&self) -> usize {
        self.named_children().count()
    }

    pub fn next_named_sibling(&self) -> Option<Node<'t>> {
        let mut next = self.at(self.raw().next_sibling);
        while let Some(node) = next {
            if node.is_named() {
                return Some(node);
            }
            next = node.at(node.raw().next_sibling);
        }
        None
    }

    /// The child filling `field` (the first, when several do).
    pub fn field(&self, field: Field) -> Option<Node<'t>> {
        let id = self.ast.grammar.fields[field as usize];
        if id == 0 {
            return None;
        }
        self.children().find(|c| c.raw().field == id)
    }
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.ast, other.ast) && self.index == other.index
    }
}

impl Eq for Node<'_> {}

impl Hash for Node<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id().hash(state);
    }
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{Node {} {:?}}}", self.kind(), self.byte_range())
    }
}

/// The children of a node, in order.
pub struct Children<'t> {
    next: Option<Node<'t>>,
}

impl<'t> Iterator for Children<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        let node = self.next?;
        self.next = node.at(node.raw().next_sibling);
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every node, its kind, range, fields and children, against tree-sitter's own answers.
    fn assert_same_as_tree_sitter(dialect: Dialect, src: &str) {
        let budget = std::time::Duration::from_secs(5);
        let Ok(tree) = crate::parse::parse(dialect, src, budget) else {
            return;
        };
        let ast = Ast::new(&tree, dialect);
        assert_eq!(tree.root_node().has_error(), ast.has_error());
        let mut pairs = vec![(tree.root_node(), ast.root_node())];
        let mut seen = 0;
        while let Some((theirs, ours)) = pairs.pop() {
            seen += 1;
            assert_eq!(theirs.kind(), ours.kind());
            assert_eq!(theirs.byte_range(), ours.byte_range());
            assert_eq!(theirs.is_named(), ours.is_named());
            assert_eq!(theirs.child_count(), ours.children().count());
            assert_eq!(theirs.child_count() > 0, ours.has_children());
            assert_eq!(theirs.named_child_count(), ours.named_child_count());
            for field in Field::ALL {
                assert_eq!(
                    theirs
                        .child_by_field_name(field.name())
                        .map(|n| n.byte_range()),
                    ours.field(field).map(|n| n.byte_range()),
                    "{field:?} of {}",
                    ours.kind()
                );
            }
            let mut cursor = theirs.walk();
            let children: Vec<_> = theirs.children(&mut cursor).collect();
            for (i, (t, o)) in children.into_iter().zip(ours.children()).enumerate() {
                assert_eq!(o.parent(), Some(ours));
                assert_eq!(ours.child(i), Some(o));
                assert_eq!(
                    t.next_named_sibling().map(|n| n.byte_range()),
                    o.next_named_sibling().map(|n| n.byte_range())
                );
                pairs.push((t, o));
            }
        }
        assert_eq!(seen, ast.nodes.len());
    }

    #[test]
    fn the_copy_answers_as_tree_sitter_does() {
        let sources = [
            (
                Dialect::JavaScript,
                "const { a, b: [c] } = f(x, ...y); if (a) { g?.(a) } // c",
            ),
            (
                Dialect::TypeScript,
                "function h<T>(x: T): T { return x as T; }",
            ),
            (Dialect::Tsx, "const e = <div a={b}>{c}</div>; let = ;"),
        ];
        for (dialect, src) in sources {
            assert_same_as_tree_sitter(dialect, src);
        }
    }

    #[test]
    fn the_copy_answers_as_tree_sitter_does_on_every_fixture() {
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata"
        ))];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir)
                .expect("testdata is readable")
                .flatten()
            {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Some(dialect) = Dialect::for_path(&path) {
                    let src = std::fs::read_to_string(&path).expect("fixtures are UTF-8");
                    assert_same_as_tree_sitter(dialect, &src);
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} fixtures");
    }

    #[test]
    fn every_field_is_a_field_of_the_grammars() {
        for field in Field::ALL {
            let known = [Dialect::JavaScript, Dialect::TypeScript, Dialect::Tsx]
                .iter()
                .any(|d| d.language().field_id_for_name(field.name()).is_some());
            assert!(known, "{field:?}");
        }
    }

    #[test]
    fn a_field_the_grammar_lacks_finds_nothing() {
        // JavaScript has no type annotations, so no `type` field.
        assert!(Dialect::JavaScript
            .language()
            .field_id_for_name("type")
            .is_none());
        let tree = crate::parse::parse(
            Dialect::JavaScript,
            "f(a);",
            std::time::Duration::from_secs(5),
        )
        .expect("parses");
        let ast = Ast::new(&tree, Dialect::JavaScript);
        let call = ast
            .root_node()
            .named_child(0)
            .and_then(|s| s.named_child(0));
        assert!(call.is_some_and(|c| c.field(Field::Type).is_none()));
    }
}
