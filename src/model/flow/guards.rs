//! Guards: `if` conditions that leave the handler when the caller does not own a value or
//! lacks a role, and what "leaving" looks like in Express code.

use tree_sitter::Node;

use crate::model::syntax::{arguments, member_property, text, unwrap_expr};

/// Whether executing `stmt` always leaves the handler (or the function): `return`, `throw`,
/// `next(err)`, a 4xx/5xx response, `reject(...)`, or a block that ends in one.
pub fn exits(stmt: Node, src: &str) -> bool {
    let stmt = unwrap_expr(stmt);
    match stmt.kind() {
        "return_statement" | "throw_statement" => true,
        "statement_block" => {
            let mut cursor = stmt.walk();
            let found = stmt.named_children(&mut cursor).any(|s| exits(s, src));
            found
        }
        "expression_statement" => stmt.named_child(0).is_some_and(|e| exiting_call(e, src)),
        "if_statement" => {
            let consequence = stmt.child_by_field_name("consequence");
            let alternative = stmt
                .child_by_field_name("alternative")
                .and_then(|a| a.named_child(0));
            matches!((consequence, alternative), (Some(c), Some(a)) if exits(c, src) && exits(a, src))
        }
        _ => exiting_call(stmt, src),
    }
}

/// `next(err)`, `res.status(403).json(...)`, `res.sendStatus(401)`, `reject(e)`, `done(err)`.
fn exiting_call(expr: Node, src: &str) -> bool {
    let expr = unwrap_expr(expr);
    let expr = if expr.kind() == "await_expression" {
        match expr.named_child(0) {
            Some(inner) => unwrap_expr(inner),
            None => return false,
        }
    } else {
        expr
    };
    if expr.kind() != "call_expression" {
        return false;
    }
    let Some(function) = expr.child_by_field_name("function").map(unwrap_expr) else {
        return false;
    };
    let args = arguments(expr);
    if function.kind() == "identifier" {
        let name = text(function, src);
        return match name {
            "next" | "done" | "cb" | "callback" => args
                .first()
                .is_some_and(|a| !matches!(a.kind(), "null" | "undefined")),
            "reject" => true,
            _ => false,
        };
    }
    error_response(expr, src)
}

/// A response chain with an error status: `res.status(4xx|5xx)...`, `res.sendStatus(4xx)`,
/// `res.status(403).end()`.
pub fn error_response(call: Node, src: &str) -> bool {
    let mut node = call;
    for _ in 0..16 {
        if node.kind() != "call_expression" {
            return false;
        }
        let Some(function) = node.child_by_field_name("function").map(unwrap_expr) else {
            return false;
        };
        let method = member_property(function, src).unwrap_or_default();
        if matches!(method.as_str(), "status" | "sendStatus") {
            return arguments(node)
                .first()
                .and_then(|a| text(*a, src).parse::<u32>().ok())
                .is_some_and(|code| code >= 400);
        }
        match function.child_by_field_name("object") {
            Some(object) => node = unwrap_expr(object),
            None => return false,
        }
    }
    false
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
            if let Some(arg) = cond.child_by_field_name("argument") {
                collect(arg, src, !want, out, depth + 1);
            }
        }
        "binary_expression" => {
            let Some(op) = text_of_operator(cond, src) else {
                return;
            };
            let (Some(left), Some(right)) = (
                cond.child_by_field_name("left"),
                cond.child_by_field_name("right"),
            ) else {
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
    node.child_by_field_name("operator").map(|o| text(o, src))
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
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
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
