//! Small, total helpers over tree-sitter nodes shared by every indexer.

use crate::model::ast::{Field, Node};

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
            if node
                .named_children()
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
    let Some(args) = call.field(Field::Arguments) else {
        return Vec::new();
    };
    if args.kind() != "arguments" {
        return Vec::new();
    }
    args.named_children()
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// The callee of a call (`function`) or `new` (`constructor`) expression.
pub fn callee(call: Node) -> Option<Node> {
    call.field(Field::Function)
        .or_else(|| call.field(Field::Constructor))
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
        "member_expression" => node
            .field(Field::Property)
            .map(|p| text(p, src).to_string()),
        "subscript_expression" => node.field(Field::Index).and_then(|i| string_value(i, src)),
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
                node = node.field(Field::Object)?;
            }
            "call_expression" => node = node.field(Field::Function)?,
            "new_expression" => node = node.field(Field::Constructor)?,
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
