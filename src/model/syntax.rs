//! Small, total helpers over tree-sitter nodes shared by every indexer.

use tree_sitter::Node;

/// The source text of `node` (empty if the range is not valid text, which tree-sitter never
/// produces for UTF-8 input, but we do not trust that with user files).
pub fn text<'s>(node: Node, src: &'s str) -> &'s str {
    src.get(node.byte_range()).unwrap_or("")
}

/// Strips wrappers that do not change a value: parentheses, TypeScript casts and `!`.
pub fn unwrap_expr(mut node: Node) -> Node {
    for _ in 0..64 {
        match node.kind() {
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression" => match node.named_child(0) {
                Some(inner) => node = inner,
                None => return node,
            },
            // `<T>expr`: the expression comes after the type.
            "type_assertion" => {
                let last = node.named_child_count().saturating_sub(1);
                match node.named_child(last as _) {
                    Some(inner) if inner.kind() != "type_arguments" => node = inner,
                    _ => return node,
                }
            }
            _ => return node,
        }
    }
    node
}

/// Like [`unwrap_expr`], and also looks through `await`.
pub fn unwrap_await(mut node: Node) -> Node {
    for _ in 0..64 {
        node = unwrap_expr(node);
        if node.kind() == "await_expression" {
            match node.named_child(0) {
                Some(inner) => node = inner,
                None => return node,
            }
        } else {
            return node;
        }
    }
    node
}

/// The value of a string literal or of a template literal without substitutions.
pub fn string_value(node: Node, src: &str) -> Option<String> {
    match node.kind() {
        "string" => {
            let raw = text(node, src);
            Some(unquote(raw))
        }
        "template_string" => {
            let mut cursor = node.walk();
            if node
                .named_children(&mut cursor)
                .any(|c| c.kind() == "template_substitution")
            {
                return None;
            }
            Some(unquote(text(node, src)))
        }
        _ => None,
    }
}

fn unquote(raw: &str) -> String {
    let inner = raw
        .get(1..raw.len().saturating_sub(1))
        .unwrap_or_default()
        .to_string();
    if inner.contains('\\') {
        inner.replace("\\'", "'").replace("\\\"", "\"")
    } else {
        inner
    }
}

/// The name a property key spells, for identifiers, strings and numbers; `None` for computed keys.
pub fn property_key(node: Node, src: &str) -> Option<String> {
    match node.kind() {
        "property_identifier"
        | "identifier"
        | "shorthand_property_identifier"
        | "shorthand_property_identifier_pattern"
        | "private_property_identifier"
        | "number" => Some(text(node, src).to_string()),
        "string" => string_value(node, src),
        _ => None,
    }
}

/// The argument expressions of a call or `new` expression, without comments.
pub fn arguments(call: Node) -> Vec<Node> {
    let Some(args) = call.field("arguments") else {
        return Vec::new();
    };
    if args.kind() != "arguments" {
        return Vec::new();
    }
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// The callee of a call (`function`) or `new` (`constructor`) expression.
pub fn callee(call: Node) -> Option<Node> {
    call.field("function").or_else(|| call.field("constructor"))
}

pub fn is_function(node: Node) -> bool {
    matches!(
        node.kind(),
        "arrow_function"
            | "function_expression"
            | "function"
            | "function_declaration"
            | "generator_function"
            | "generator_function_declaration"
            | "method_definition"
    )
}

/// The property name of a member access (`a.b` or `a['b']`).
pub fn member_property(node: Node, src: &str) -> Option<String> {
    match node.kind() {
        "member_expression" => node.field("property").map(|p| text(p, src).to_string()),
        "subscript_expression" => node.field("index").and_then(|i| string_value(i, src)),
        _ => None,
    }
}

/// The leftmost identifier of a member chain or call chain (`a` in `a.b(c).d`).
pub fn root_identifier(mut node: Node) -> Option<Node> {
    for _ in 0..256 {
        node = unwrap_await(node);
        match node.kind() {
            "identifier" => return Some(node),
            "member_expression" | "subscript_expression" => {
                node = node.field("object")?;
            }
            "call_expression" => node = node.field("function")?,
            "new_expression" => node = node.field("constructor")?,
            _ => return None,
        }
    }
    None
}

/// A short, single-line rendering of an expression for messages (`jwt.verify`).
pub fn short_text(node: Node, src: &str) -> String {
    let raw = text(node, src);
    let one_line: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 48 {
        let cut: String = one_line.chars().take(45).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

/// The ancestors of `node` in the tree under `root`, innermost first, found in one descent (see
/// `scope::lookup_in`); `None` when `node` is not under `root`.
pub fn ancestors<'t>(root: Node<'t>, node: Node<'t>) -> Option<Vec<Node<'t>>> {
    let mut chain = Vec::new();
    let mut current = root;
    while current.id() != node.id() {
        chain.push(current);
        current = current.child_with_descendant(node)?;
    }
    chain.reverse();
    Some(chain)
}

thread_local! {
    /// Field ids by (grammar, field name): the grammar by its number of node kinds (distinct
    /// for the three grammars, see the test), the name by its address and length.
    static FIELD_IDS: std::cell::RefCell<FieldIds> = std::cell::RefCell::new(FieldIds::default());
}

type FieldIds = std::collections::HashMap<(usize, usize, usize), Option<std::num::NonZeroU16>>;

/// `child_by_field_name`, with the field's id looked up once per grammar: tree-sitter finds
/// an id by comparing the name with each of the grammar's field names, on every call, which
/// was a tenth of the analysis time.
pub trait Field<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
}

impl<'t> Field<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let language = self.language();
        // A literal lives at one address for the whole run.
        let key = (
            language.node_kind_count(),
            name.as_ptr() as usize,
            name.len(),
        );
        let id = FIELD_IDS.with(|ids| {
            *ids.borrow_mut()
                .entry(key)
                .or_insert_with(|| language.field_id_for_name(name))
        });
        self.child_by_field_id(id?.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Dialect;

    #[test]
    fn the_grammars_are_told_apart_by_their_node_kind_counts() {
        let counts: Vec<usize> = [Dialect::JavaScript, Dialect::TypeScript, Dialect::Tsx]
            .iter()
            .map(|d| d.language().node_kind_count())
            .collect();
        assert!(counts[0] != counts[1] && counts[1] != counts[2] && counts[0] != counts[2]);
    }

    #[test]
    fn fields_are_found_by_id_in_every_grammar() {
        let budget = std::time::Duration::from_secs(5);
        for dialect in [Dialect::JavaScript, Dialect::TypeScript, Dialect::Tsx] {
            let src = "f(a);";
            let tree = crate::parse::parse(dialect, src, budget).expect("parses");
            let call = tree
                .root_node()
                .named_child(0)
                .and_then(|s| s.named_child(0))
                .expect("a call");
            assert_eq!(call.field("function").map(|f| text(f, src)), Some("f"));
            assert_eq!(call.field("function"), call.child_by_field_name("function"));
            assert!(call.field("no_such_field").is_none());
        }
    }
}
