//! Same-file resolution of expressions: which library export a callee is, and what an
//! options object holds, following `const`s, destructuring, property assignments and spreads.

use std::collections::HashMap;

use tree_sitter::Node;

use super::scope::{lookup, Binding};
use super::syntax::{member_property, property_key, string_value, text, unwrap_await, unwrap_expr};
use crate::position::Span;

/// Resolution depth bound: aliases and option objects rarely chain more than a few times, and
/// a bound keeps `const a = b, b = a` from looping.
const MAX_DEPTH: usize = 12;

/// A reference to something a package exports: `jsonwebtoken` + `["verify"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibRef {
    pub module: String,
    pub path: Vec<String>,
}

/// A value as far as same-file resolution can tell.
#[derive(Debug, Clone)]
pub enum Value {
    Str {
        text: String,
        span: Span,
    },
    Bool {
        value: bool,
    },
    Array {
        items: Vec<Value>,
        span: Span,
    },
    Object(ObjectShape),
    Function,
    /// `null`/`undefined`: an options argument that is not there.
    Nothing,
    Unknown,
}

/// An object literal after merging spreads and later property assignments.
#[derive(Debug, Clone, Default)]
pub struct ObjectShape {
    pub props: Vec<Prop>,
    /// Some keys may exist that we cannot see (a spread or assignment we could not resolve).
    pub open: bool,
}

#[derive(Debug, Clone)]
pub struct Prop {
    pub key: String,
    /// The whole `key: value` (what `ignoreExpiration: true` reports).
    pub span: Span,
    pub value: Value,
    /// Where a hard-coded string literal behind this value sits, if there is one.
    pub literal: Option<Span>,
}

impl ObjectShape {
    /// The last property with this key (later ones win, as in JavaScript).
    pub fn get(&self, key: &str) -> Option<&Prop> {
        self.props.iter().rev().find(|p| p.key == key)
    }

    /// Whether the key is certainly absent.
    pub fn lacks(&self, key: &str) -> bool {
        !self.open && self.get(key).is_none()
    }
}

/// `o.key = value` statements in the file, keyed by the object's name, so an options object
/// filled in after `const o = {}` is seen whole.
#[derive(Default)]
pub struct MemberAssignments<'t> {
    by_object: HashMap<String, Vec<Node<'t>>>,
}

impl<'t> MemberAssignments<'t> {
    pub fn record(&mut self, assignment: Node<'t>, src: &str) {
        let Some(left) = assignment.child_by_field_name("left") else {
            return;
        };
        let left = unwrap_expr(left);
        if !matches!(left.kind(), "member_expression" | "subscript_expression") {
            return;
        }
        let Some(object) = left.child_by_field_name("object") else {
            return;
        };
        if object.kind() == "identifier" {
            self.by_object
                .entry(text(object, src).to_string())
                .or_default()
                .push(assignment);
        }
    }
}

/// Resolves expressions of one file.
pub struct Resolver<'a, 't> {
    pub src: &'a str,
    pub assignments: &'a MemberAssignments<'t>,
}

impl<'t> Resolver<'_, 't> {
    /// Which library export `expr` evaluates to, if any.
    pub fn lib_ref(&self, expr: Node<'t>) -> Option<LibRef> {
        let mut found = self.lib_ref_at(expr, 0)?;
        if found.path.first().map(String::as_str) == Some("default") {
            found.path.remove(0);
        }
        Some(found)
    }

    fn lib_ref_at(&self, expr: Node<'t>, depth: usize) -> Option<LibRef> {
        if depth > MAX_DEPTH {
            return None;
        }
        let expr = unwrap_await(expr);
        match expr.kind() {
            "call_expression" => self.lib_ref_of_call(expr, depth),
            "member_expression" | "subscript_expression" => {
                let object = expr.child_by_field_name("object")?;
                let mut base = self.lib_ref_at(object, depth + 1)?;
                base.path.push(member_property(expr, self.src)?);
                Some(base)
            }
            "identifier" => match lookup(text(expr, self.src), expr, self.src)? {
                Binding::Declared {
                    declarator, path, ..
                } => {
                    let value = declarator.child_by_field_name("value")?;
                    let mut base = self.lib_ref_at(value, depth + 1)?;
                    base.path.extend(path);
                    Some(base)
                }
                Binding::Import { source, imported } => Some(LibRef {
                    module: source,
                    path: imported.into_iter().collect(),
                }),
                _ => None,
            },
            _ => None,
        }
    }

    /// `require('m')`, `import('m')`, `promisify(f)`, `f.bind(x)`.
    fn lib_ref_of_call(&self, call: Node<'t>, depth: usize) -> Option<LibRef> {
        let function = unwrap_expr(call.child_by_field_name("function")?);
        let args = super::syntax::arguments(call);
        let first = args.first().copied();
        let is_named = |n: &str| function.kind() == "identifier" && text(function, self.src) == n;
        if is_named("require") || function.kind() == "import" {
            let module = string_value(first?, self.src)?;
            return Some(LibRef {
                module,
                path: Vec::new(),
            });
        }
        let method = member_property(function, self.src);
        if is_named("promisify") || method.as_deref() == Some("promisify") {
            return self.lib_ref_at(first?, depth + 1);
        }
        if method.as_deref() == Some("bind") {
            let object = function.child_by_field_name("object")?;
            return self.lib_ref_at(object, depth + 1);
        }
        None
    }

    /// What `expr` holds, as far as this file shows.
    pub fn value(&self, expr: Node<'t>) -> Value {
        self.value_at(expr, 0)
    }

    fn value_at(&self, expr: Node<'t>, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        let expr = unwrap_expr(expr);
        match expr.kind() {
            "string" | "template_string" => match string_value(expr, self.src) {
                Some(text) => Value::Str {
                    text,
                    span: Span::of(&expr),
                },
                None => Value::Unknown,
            },
            "true" => Value::Bool { value: true },
            "false" => Value::Bool { value: false },
            "null" | "undefined" => Value::Nothing,
            "arrow_function" | "function_expression" | "function" => Value::Function,
            "array" => {
                let mut cursor = expr.walk();
                let items = expr
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() != "comment")
                    .map(|item| self.value_at(item, depth + 1))
                    .collect();
                Value::Array {
                    items,
                    span: Span::of(&expr),
                }
            }
            "object" => Value::Object(self.object(expr, depth)),
            "identifier" => self.identifier_value(expr, depth),
            "member_expression" | "subscript_expression" => {
                if let Some(field) = this_field_value(expr, self.src) {
                    return self.value_at(field, depth + 1);
                }
                let Some(key) = member_property(expr, self.src) else {
                    return Value::Unknown;
                };
                let Some(object) = expr.child_by_field_name("object") else {
                    return Value::Unknown;
                };
                match self.value_at(object, depth + 1) {
                    Value::Object(shape) => match shape.get(&key) {
                        Some(prop) => prop.value.clone(),
                        None => Value::Unknown,
                    },
                    _ => Value::Unknown,
                }
            }
            _ => Value::Unknown,
        }
    }

    fn identifier_value(&self, ident: Node<'t>, depth: usize) -> Value {
        let name = text(ident, self.src);
        if name == "undefined" {
            return Value::Nothing;
        }
        match lookup(name, ident, self.src) {
            Some(Binding::Declared {
                declarator, path, ..
            }) => {
                let Some(init) = declarator.child_by_field_name("value") else {
                    return Value::Unknown;
                };
                let mut value = self.value_at(init, depth + 1);
                if path.is_empty() {
                    if let Value::Object(shape) = &mut value {
                        self.add_assignments(shape, name, declarator, depth);
                    }
                }
                for key in &path {
                    value = match value {
                        Value::Object(shape) => match shape.get(key) {
                            Some(prop) => prop.value.clone(),
                            None => Value::Unknown,
                        },
                        _ => Value::Unknown,
                    };
                }
                value
            }
            Some(Binding::Function(_)) => Value::Function,
            _ => Value::Unknown,
        }
    }

    /// Adds `name.key = value` assignments made to the object declared by `declarator`.
    fn add_assignments(
        &self,
        shape: &mut ObjectShape,
        name: &str,
        declarator: Node<'t>,
        depth: usize,
    ) {
        let Some(assignments) = self.assignments.by_object.get(name) else {
            return;
        };
        for &assignment in assignments {
            let (Some(left), Some(right)) = (
                assignment.child_by_field_name("left"),
                assignment.child_by_field_name("right"),
            ) else {
                continue;
            };
            let left = unwrap_expr(left);
            let Some(object) = left.child_by_field_name("object") else {
                continue;
            };
            let same = matches!(lookup(name, object, self.src),
                Some(Binding::Declared { declarator: d, .. }) if d.id() == declarator.id());
            if !same {
                continue;
            }
            match member_property(left, self.src) {
                Some(key) => shape.props.push(Prop {
                    key,
                    span: Span::of(&assignment),
                    value: self.value_at(right, depth + 1),
                    literal: self.hardcoded_literal(right),
                }),
                None => shape.open = true,
            }
        }
    }

    fn object(&self, object: Node<'t>, depth: usize) -> ObjectShape {
        let mut shape = ObjectShape::default();
        let mut cursor = object.walk();
        for member in object.named_children(&mut cursor) {
            match member.kind() {
                "pair" => {
                    let key = member
                        .child_by_field_name("key")
                        .and_then(|k| property_key(k, self.src));
                    let value = member.child_by_field_name("value");
                    match (key, value) {
                        (Some(key), Some(value)) => shape.props.push(Prop {
                            key,
                            span: Span::of(&member),
                            value: self.value_at(value, depth + 1),
                            literal: self.hardcoded_literal(value),
                        }),
                        _ => shape.open = true,
                    }
                }
                "shorthand_property_identifier" => shape.props.push(Prop {
                    key: text(member, self.src).to_string(),
                    span: Span::of(&member),
                    value: self.identifier_value(member, depth + 1),
                    literal: self.hardcoded_literal(member),
                }),
                "method_definition" => {
                    match member
                        .child_by_field_name("name")
                        .and_then(|k| property_key(k, self.src))
                    {
                        Some(key) => shape.props.push(Prop {
                            key,
                            span: Span::of(&member),
                            value: Value::Function,
                            literal: None,
                        }),
                        None => shape.open = true,
                    }
                }
                "spread_element" => {
                    let spread = member
                        .named_child(0)
                        .map(|inner| self.value_at(inner, depth + 1));
                    match spread {
                        Some(Value::Object(inner)) => {
                            shape.open |= inner.open;
                            shape.props.extend(inner.props);
                        }
                        Some(Value::Nothing) => {}
                        _ => shape.open = true,
                    }
                }
                "comment" => {}
                _ => shape.open = true,
            }
        }
        shape
    }

    /// The string literal a key or secret value is hard-coded as, seen through `const`s,
    /// `X || 'fallback'`, `X ?? 'fallback'`, conditionals, `Buffer.from(...)`,
    /// `new TextEncoder().encode(...)` and `createSecretKey(...)`.
    pub fn hardcoded_literal(&self, expr: Node<'t>) -> Option<Span> {
        self.hardcoded_at(expr, 0)
    }

    fn hardcoded_at(&self, expr: Node<'t>, depth: usize) -> Option<Span> {
        if depth > MAX_DEPTH {
            return None;
        }
        let expr = unwrap_await(expr);
        match expr.kind() {
            "string" | "template_string" => {
                let value = string_value(expr, self.src)?;
                is_secret_like(&value).then(|| Span::of(&expr))
            }
            "identifier" | "shorthand_property_identifier" => {
                match lookup(text(expr, self.src), expr, self.src)? {
                    Binding::Declared {
                        declarator,
                        path,
                        default,
                    } => {
                        // `const { SECRET = 'dev' } = process.env` falls back like `||`.
                        if let Some(found) = default.and_then(|d| self.hardcoded_at(d, depth + 1)) {
                            return Some(found);
                        }
                        let init = declarator.child_by_field_name("value")?;
                        if path.is_empty() {
                            return self.hardcoded_at(init, depth + 1);
                        }
                        match self.value_at(init, depth + 1) {
                            Value::Object(shape) => self.literal_at_path(&shape, &path),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            "binary_expression" => {
                let operator = expr.child_by_field_name("operator")?;
                if !matches!(text(operator, self.src), "||" | "??") {
                    return None;
                }
                self.hardcoded_at(expr.child_by_field_name("right")?, depth + 1)
            }
            "ternary_expression" => {
                let consequence = expr.child_by_field_name("consequence")?;
                let alternative = expr.child_by_field_name("alternative")?;
                self.hardcoded_at(consequence, depth + 1)
                    .or_else(|| self.hardcoded_at(alternative, depth + 1))
            }
            "call_expression" => {
                let function = unwrap_expr(expr.child_by_field_name("function")?);
                let method = member_property(function, self.src).or_else(|| {
                    (function.kind() == "identifier").then(|| text(function, self.src).to_string())
                })?;
                let is_wrapper = matches!(method.as_str(), "encode" | "createSecretKey")
                    || (method == "from"
                        && function
                            .child_by_field_name("object")
                            .is_some_and(|o| text(o, self.src) == "Buffer"));
                if !is_wrapper {
                    return None;
                }
                let first = *super::syntax::arguments(expr).first()?;
                self.hardcoded_at(first, depth + 1)
            }
            "member_expression" | "subscript_expression" => {
                if let Some(field) = this_field_value(expr, self.src) {
                    return self.hardcoded_at(field, depth + 1);
                }
                // `config.jwt.secret` where `const config = { jwt: { secret: '...' } }` here.
                let key = member_property(expr, self.src)?;
                let object = expr.child_by_field_name("object")?;
                match self.value_at(object, depth + 1) {
                    Value::Object(shape) => shape.get(&key)?.literal,
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

impl Resolver<'_, '_> {
    fn literal_at_path(&self, shape: &ObjectShape, path: &[String]) -> Option<Span> {
        let (last, inner) = path.split_last()?;
        let mut current = shape;
        for key in inner {
            match &current.get(key)?.value {
                Value::Object(next) => current = next,
                _ => return None,
            }
        }
        current.get(last)?.literal
    }
}

/// The initialiser of the class field `this.name` refers to: a field declaration
/// (`secret = '...'`) or the constructor's `this.secret = ...`.
fn this_field_value<'t>(member: Node<'t>, src: &str) -> Option<Node<'t>> {
    if member.kind() != "member_expression" {
        return None;
    }
    let object = unwrap_expr(member.child_by_field_name("object")?);
    if object.kind() != "this" {
        return None;
    }
    let name = member_property(member, src)?;
    let mut body = member.parent();
    while let Some(node) = body {
        if node.kind() == "class_body" {
            break;
        }
        body = node.parent();
    }
    let body = body?;
    let mut cursor = body.walk();
    let members: Vec<Node<'t>> = body.named_children(&mut cursor).collect();
    for m in &members {
        if matches!(m.kind(), "field_definition" | "public_field_definition") {
            let key = m
                .child_by_field_name("property")
                .or_else(|| m.child_by_field_name("name"));
            if key.is_some_and(|k| text(k, src) == name) {
                return m.child_by_field_name("value");
            }
        }
    }
    let constructor = members.iter().find(|m| {
        m.kind() == "method_definition"
            && m.child_by_field_name("name")
                .is_some_and(|n| text(n, src) == "constructor")
    })?;
    let mut stack = vec![constructor.child_by_field_name("body")?];
    let mut budget = 10_000usize;
    while let Some(node) = stack.pop() {
        budget = budget.checked_sub(1)?;
        if node.kind() == "assignment_expression" {
            let left = node.child_by_field_name("left").map(unwrap_expr);
            let assigns_field = left.is_some_and(|l| {
                l.kind() == "member_expression"
                    && l.child_by_field_name("object")
                        .is_some_and(|o| o.kind() == "this")
                    && member_property(l, src).as_deref() == Some(name.as_str())
            });
            if assigns_field {
                return node.child_by_field_name("right");
            }
        }
        if super::syntax::is_function(node) && node.kind() != "method_definition" {
            continue;
        }
        let mut c = node.walk();
        stack.extend(node.named_children(&mut c));
    }
    None
}

/// A literal that could be a signing secret: not empty, and not a public key or certificate
/// (hard-coding those is fine: they are public).
fn is_secret_like(value: &str) -> bool {
    let trimmed = value.trim();
    !trimmed.is_empty()
        && !trimmed.contains("-----BEGIN PUBLIC KEY")
        && !trimmed.contains("-----BEGIN RSA PUBLIC KEY")
        && !trimmed.contains("-----BEGIN CERTIFICATE")
}
