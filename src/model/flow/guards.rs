//! Guards: `if` conditions that leave the handler when the caller does not own a value or
//! lacks a role, and what "leaving" looks like in Express code.

use crate::model::ast::{Field, Node};

use crate::model::syntax::{arguments, member_property, text, unwrap_expr};

/// Whether executing `stmt` always leaves the function: `return`, `throw`, or a block or
/// `if`/`else` that always does. A response or `next(err)` without `return` does not leave:
/// the code after it still runs (and is how "guards" that only respond go wrong).
pub fn exits(stmt: Node, src: &str) -> bool {
    let stmt = unwrap_expr(stmt);
    match stmt.kind() {
        "return_statement" | "throw_statement" => true,
        "statement_block" => {
            let found = stmt.named_children().any(|s| exits(s, src));
            found
        }
        "expression_statement" => stmt
            .named_child(0)
            .is_some_and(|e| text(e, src).starts_with("process.exit(")),
        "if_statement" => {
            let consequence = stmt.field(Field::Consequence);
            let alternative = stmt
                .field(Field::Alternative)
                .and_then(|a| a.named_child(0));
            matches!((consequence, alternative), (Some(c), Some(a)) if exits(c, src) && exits(a, src))
        }
        _ => false,
    }
}

/// A comparison inside a condition, with whether it holds as equality when the condition is
/// false (the guard's consequence exits) — i.e. the facts known after the guard.
pub struct Comparison<'t> {
    pub left: Node<'t>,
    pub right: Node<'t>,
}

/// The comparisons that must be *equal* for `cond` to be false: the inequalities of a guard
/// that exits (`if (a !== b || !c) return ...`, `if (!(a === b)) return ...`).
pub fn equal_when_false<'t>(cond: Node<'t>, src: &str) -> Vec<Comparison<'t>> {
    let mut out = Vec::new();
    collect(cond, src, false, &mut out, 0);
    out
}

/// The comparisons that must be equal for `cond` to be true (`if (a === b) { ... }`).
pub fn equal_when_true<'t>(cond: Node<'t>, src: &str) -> Vec<Comparison<'t>> {
    let mut out = Vec::new();
    collect(cond, src, true, &mut out, 0);
    out
}

/// Walks `cond` wanting it to be `want`; records comparisons that are then equalities.
fn collect<'t>(cond: Node<'t>, src: &str, want: bool, out: &mut Vec<Comparison<'t>>, depth: usize) {
    if depth > 32 {
        return;
    }
    let cond = unwrap_expr(cond);
    match cond.kind() {
        "unary_expression" if text_of_operator(cond, src) == Some("!") => {
            if let Some(arg) = cond.field(Field::Argument) {
                collect(arg, src, !want, out, depth + 1);
            }
        }
        "binary_expression" => {
            let Some(op) = text_of_operator(cond, src) else {
                return;
            };
            let (Some(left), Some(right)) = (cond.field(Field::Left), cond.field(Field::Right))
            else {
                return;
            };
            match op {
                // false: both sides false; true: at least one (we take both as candidates only
                // when every side must hold).
                "||" if !want => {
                    collect(left, src, false, out, depth + 1);
                    collect(right, src, false, out, depth + 1);
                }
                "&&" if want => {
                    collect(left, src, true, out, depth + 1);
                    collect(right, src, true, out, depth + 1);
                }
                "===" | "==" if want => out.push(Comparison { left, right }),
                "!==" | "!=" if !want => out.push(Comparison { left, right }),
                _ => {}
            }
        }
        _ => {}
    }
}

fn text_of_operator<'s>(node: Node, src: &'s str) -> Option<&'s str> {
    node.field(Field::Operator).map(|o| text(o, src))
}

/// Identifiers and member paths a condition mentions (for "does this guard involve X").
pub fn mentions(cond: Node, name: &str, src: &str) -> bool {
    let mut stack = vec![cond];
    let mut budget = 4096usize;
    while let Some(node) = stack.pop() {
        budget = match budget.checked_sub(1) {
            Some(b) => b,
            None => return false,
        };
        if node.kind() == "identifier" && text(node, src) == name {
            return true;
        }
        stack.extend(node.named_children());
    }
    false
}

/// Role-like claim names: a check of these is an authorisation decision (pattern b).
pub fn is_role_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        "role",
        "scope",
        "group",
        "permission",
        "admin",
        "claims.",
        "scp",
        "entitlement",
        "tier",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Values an allow-list check admits when `cond` is `holds`: `FIELDS.includes(f)`,
/// `ALLOWED.has(f)`, `op === '<' || op === '>'`, and, when the check exits,
/// `!FIELDS.includes(f)` / `op !== '<' && op !== '>'`. Each with its collection, if any (the
/// caller checks that the collection is not itself request input).
pub fn allowlisted<'t>(
    cond: Node<'t>,
    holds: bool,
    src: &str,
) -> Vec<(Node<'t>, Option<Node<'t>>)> {
    let mut out = Vec::new();
    admitted(cond, holds, src, &mut out, 0);
    out
}

fn admitted<'t>(
    cond: Node<'t>,
    want: bool,
    src: &str,
    out: &mut Vec<(Node<'t>, Option<Node<'t>>)>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let cond = unwrap_expr(cond);
    match cond.kind() {
        "unary_expression" if text_of_operator(cond, src) == Some("!") => {
            if let Some(arg) = cond.field(Field::Argument) {
                admitted(arg, !want, src, out, depth + 1);
            }
        }
        "call_expression" if want => {
            let Some(function) = cond.field(Field::Function).map(unwrap_expr) else {
                return;
            };
            let method = member_property(function, src).unwrap_or_default();
            if matches!(method.as_str(), "includes" | "has") {
                if let Some(value) = arguments(cond).first() {
                    out.push((*value, function.field(Field::Object)));
                }
            }
        }
        "binary_expression" => {
            let op = text_of_operator(cond, src).unwrap_or("");
            let (Some(left), Some(right)) = (cond.field(Field::Left), cond.field(Field::Right))
            else {
                return;
            };
            match (op, want) {
                ("&&", true) => {
                    admitted(left, true, src, out, depth + 1);
                    admitted(right, true, src, out, depth + 1);
                }
                ("||", false) => {
                    admitted(left, false, src, out, depth + 1);
                    admitted(right, false, src, out, depth + 1);
                }
                // `v === 'a' || v === 'b'` holds: v is one of the literals.
                ("||", true) | ("&&", false) => {
                    let wanted = if want { ["===", "=="] } else { ["!==", "!="] };
                    if let Some(value) = same_value_against_literals(cond, &wanted, src) {
                        out.push((value, None));
                    }
                }
                ("===" | "==", true) | ("!==" | "!=", false) => {
                    if is_literal(right) {
                        out.push((left, None));
                    } else if is_literal(left) {
                        out.push((right, None));
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// In `v OP 'a' JOIN v OP 'b' ...`, the common `v` when every term compares it to a literal.
fn same_value_against_literals<'t>(cond: Node<'t>, ops: &[&str; 2], src: &str) -> Option<Node<'t>> {
    let join = text_of_operator(cond, src)?;
    let mut terms = Vec::new();
    let mut stack = vec![cond];
    while let Some(node) = stack.pop() {
        let node = unwrap_expr(node);
        if node.kind() == "binary_expression" && text_of_operator(node, src) == Some(join) {
            stack.push(node.field(Field::Left)?);
            stack.push(node.field(Field::Right)?);
        } else {
            terms.push(node);
        }
        if terms.len() > 64 {
            return None;
        }
    }
    let mut common: Option<(Node<'t>, String)> = None;
    for term in terms {
        if term.kind() != "binary_expression" || !ops.contains(&text_of_operator(term, src)?) {
            return None;
        }
        let (left, right) = (term.field(Field::Left)?, term.field(Field::Right)?);
        let value = if is_literal(right) {
            left
        } else if is_literal(left) {
            right
        } else {
            return None;
        };
        let key = text(value, src).to_string();
        match &common {
            Some((_, existing)) if *existing != key => return None,
            Some(_) => {}
            None => common = Some((value, key)),
        }
    }
    common.map(|(node, _)| node)
}

fn is_literal(node: Node) -> bool {
    matches!(
        unwrap_expr(node).kind(),
        "string" | "number" | "true" | "false" | "null"
    )
}
