//! Same-file resolution of expressions: which library export a callee is, what an options
//! object holds, and where a hard-coded secret literal sits. Follows `const`s, destructuring,
//! property assignments, spreads, class fields and `this` in methods; anything it cannot see
//! becomes `Unknown`, and rules treat unknown as "may be fine".

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use crate::model::ast::{Field, Node};

use super::mutations::Mutations;
use super::scope::Binding;
use super::syntax::{
    arguments, is_function, member_property, property_key, string_value, text, unwrap_await,
    unwrap_expr,
};
pub use super::value::{ObjectShape, Prop, Value};
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

/// Resolves expressions of one file.
pub struct Resolver<'a, 't> {
    pub src: &'a str,
    pub mutations: &'a Mutations,
    /// The root of the file's tree.
    pub root: Node<'t>,
    /// Answers already found (see `lookup`).
    pub lookups: LookupCache<'t>,
    /// Library references already resolved, by node id (see `lib_ref`).
    pub lib_refs: RefCell<FxHashMap<usize, Option<LibRef>>>,
}

/// Lookups by node id, then name (a node is asked about one or two names, and keying by the
/// pair would copy the name for every question). The analysis evaluates a function at every
/// call and in both passes, asking the same questions of the same nodes each time; the answer
/// is a walk out through the enclosing scopes. Cleared when it grows past
/// `LOOKUP_CACHE_LIMIT`, so a huge file cannot make it big.
pub type LookupCache<'t> = RefCell<FxHashMap<usize, Vec<(Box<str>, Option<Binding<'t>>)>>>;

const LOOKUP_CACHE_LIMIT: usize = 1 << 16;

/// Stores an answer in a cache that is emptied when full, and returns it.
fn remember<K: std::hash::Hash + Eq, V: Clone>(
    cache: &RefCell<FxHashMap<K, V>>,
    key: K,
    value: V,
) -> V {
    let mut cache = cache.borrow_mut();
    make_room(&mut cache);
    cache.insert(key, value.clone());
    value
}

/// Empties a cache that has reached `LOOKUP_CACHE_LIMIT` entries.
fn make_room<K, V>(cache: &mut FxHashMap<K, V>) {
    if cache.len() >= LOOKUP_CACHE_LIMIT {
        cache.clear();
    }
}

impl<'t> Resolver<'_, 't> {
    /// The declaration `name` refers to at `at` (a node of this file).
    pub fn lookup(&self, name: &str, at: Node<'t>) -> Option<Binding<'t>> {
        let known = self.lookups.borrow().get(&at.id()).and_then(|names| {
            names
                .iter()
                .find(|(known, _)| &**known == name)
                .map(|(_, found)| found.clone())
        });
        if let Some(found) = known {
            return found;
        }
        let found = crate::model::scope::lookup(name, at, self.src);
        let mut lookups = self.lookups.borrow_mut();
        make_room(&mut lookups);
        lookups
            .entry(at.id())
            .or_default()
            .push((name.into(), found.clone()));
        found
    }

    /// Which library export `expr` evaluates to, if any. Asked of every callee at every
    /// evaluation, so answers are kept (bounded like `lookups`).
    pub fn lib_ref(&self, expr: Node<'t>) -> Option<LibRef> {
        if let Some(found) = self.lib_refs.borrow().get(&expr.id()) {
            return found.clone();
        }
        let found = self.lib_ref_at(expr, 0).map(|mut found| {
            if found.path.first().map(String::as_str) == Some("default") {
                found.path.remove(0);
            }
            found
        });
        remember(&self.lib_refs, expr.id(), found)
    }

    fn lib_ref_at(&self, expr: Node<'t>, depth: usize) -> Option<LibRef> {
        if depth > MAX_DEPTH {
            return None;
        }
        let expr = unwrap_await(expr);
        match expr.kind() {
            "call_expression" => self.lib_ref_of_call(expr, depth),
            "member_expression" | "subscript_expression" => {
                let object = expr.field(Field::Object)?;
                let mut base = self.lib_ref_at(object, depth + 1)?;
                base.path.push(member_property(expr, self.src)?);
                Some(base)
            }
            "identifier" => match self.lookup(text(expr, self.src), expr)? {
                Binding::Declared {
                    declarator, path, ..
                } => {
                    let value = declarator.field(Field::Value)?;
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
        let function = unwrap_expr(call.field(Field::Function)?);
        let first = arguments(call).first().copied();
        let is_named = |n: &str| function.kind() == "identifier" && text(function, self.src) == n;
        if is_named("require") || function.kind() == "import" {
            let module = string_value(first?, self.src)?;
            return Some(LibRef {
                module,
                path: Vec::new(),
            });
        }
        let method = member_property(function, self.src);
        // `CognitoJwtVerifier.create({...})`: the verifier stands for its package, so that
        // `verifier.verify(token)` is known for what it is.
        if let Some(lib) = self.lib_ref_at(function, depth + 1) {
            if lib.module == "aws-jwt-verify" {
                return Some(lib);
            }
        }
        if is_named("promisify") || method.as_deref() == Some("promisify") {
            return self.lib_ref_at(first?, depth + 1);
        }
        if method.as_deref() == Some("bind") {
            let object = function.field(Field::Object)?;
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
            "array" => self.array(expr, depth),
            "object" => Value::Object(self.object(expr, depth)),
            "identifier" | "shorthand_property_identifier" => self.identifier_value(expr, depth),
            "ternary_expression" => {
                let branch = |field| {
                    expr.field(field)
                        .map_or(Value::Unknown, |b| self.value_at(b, depth + 1))
                };
                Value::either(branch(Field::Consequence), branch(Field::Alternative))
            }
            "binary_expression" => {
                let operator = expr.field(Field::Operator).map(|o| text(o, self.src));
                if !matches!(operator, Some("||" | "??")) {
                    return Value::Unknown;
                }
                let side = |field| {
                    expr.field(field)
                        .map_or(Value::Unknown, |b| self.value_at(b, depth + 1))
                };
                Value::either(side(Field::Left), side(Field::Right))
            }
            "member_expression" | "subscript_expression" => {
                if let Some(init) = self.field_initialiser(expr) {
                    return self.value_at(init, depth + 1);
                }
                let Some(key) = member_property(expr, self.src) else {
                    return Value::Unknown;
                };
                let Some(object) = expr.field(Field::Object) else {
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

    fn array(&self, array: Node<'t>, depth: usize) -> Value {
        let mut items = Vec::new();
        for item in array.named_children() {
            match item.kind() {
                "comment" => {}
                // `[...HMAC, 'ES256']`: the spread array's items, when we can see them.
                "spread_element" => {
                    match item.named_child(0).map(|i| self.value_at(i, depth + 1)) {
                        Some(Value::Array { items: inner, .. }) => items.extend(inner),
                        _ => items.push(Value::Unknown),
                    }
                }
                _ => items.push(self.value_at(item, depth + 1)),
            }
        }
        Value::Array {
            items,
            span: Span::of(&array),
        }
    }

    /// The text of a string that is constant in this file: a literal, a same-file constant
    /// or class field bound to one, a template whose substitutions are such constants
    /// (`${BASE}signin`, `${this.path}:id`), or a `+` of them. What route paths are written
    /// with.
    pub fn constant_text(&self, expr: Node<'t>) -> Option<String> {
        self.constant_text_at(expr, 0)
    }

    fn constant_text_at(&self, expr: Node<'t>, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let expr = unwrap_expr(expr);
        match expr.kind() {
            "template_string" => {
                let mut out = String::new();
                let mut from = expr.start_byte() + 1;
                for part in expr.named_children() {
                    if part.kind() != "template_substitution" {
                        continue;
                    }
                    out.push_str(self.src.get(from..part.start_byte())?);
                    out.push_str(&self.constant_text_at(part.named_child(0)?, depth + 1)?);
                    from = part.end_byte();
                }
                out.push_str(self.src.get(from..expr.end_byte().checked_sub(1)?)?);
                Some(out)
            }
            "binary_expression" => {
                let operator = expr.field(Field::Operator).map(|o| text(o, self.src));
                if operator != Some("+") {
                    return None;
                }
                let left = self.constant_text_at(expr.field(Field::Left)?, depth + 1)?;
                let right = self.constant_text_at(expr.field(Field::Right)?, depth + 1)?;
                Some(left + &right)
            }
            "identifier" => {
                let name = text(expr, self.src);
                match self.lookup(name, expr)? {
                    Binding::Declared {
                        declarator, path, ..
                    } if path.is_empty() => {
                        if !is_const(declarator) && self.is_rebound(name, declarator) {
                            return None;
                        }
                        self.constant_text_at(declarator.field(Field::Value)?, depth + 1)
                    }
                    _ => None,
                }
            }
            // `this.path` (a class field or constructor assignment), `Routes.AUTH`.
            "member_expression" => self.constant_text_at(self.field_initialiser(expr)?, depth + 1),
            _ => string_value(expr, self.src),
        }
    }

    fn identifier_value(&self, ident: Node<'t>, depth: usize) -> Value {
        let name = text(ident, self.src);
        if name == "undefined" {
            return Value::Nothing;
        }
        match self.lookup(name, ident) {
            Some(Binding::Declared {
                declarator, path, ..
            }) => {
                let Some(init) = declarator.field(Field::Value) else {
                    return Value::Unknown;
                };
                if !is_const(declarator) && self.is_rebound(name, declarator) {
                    return Value::Unknown;
                }
                let mut value = self.value_at(init, depth + 1);
                if path.is_empty() {
                    if let Value::Object(shape) = &mut value {
                        self.apply_member_writes(shape, name, declarator, depth);
                        self.apply_hand_offs(shape, name, declarator, depth);
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

    /// Whether `name` (declared by `declarator`) is assigned again somewhere.
    fn is_rebound(&self, name: &str, declarator: Node<'t>) -> bool {
        let tree = self.root.tree();
        self.mutations.rebinds(name).iter().any(|&assignment| {
            tree.node(assignment)
                .field(Field::Left)
                .is_some_and(|left| self.declared_by(name, left, declarator))
        })
    }

    fn declared_by(&self, name: &str, at: Node<'t>, declarator: Node<'t>) -> bool {
        matches!(self.lookup(name, at),
            Some(Binding::Declared { declarator: d, .. }) if d.id() == declarator.id())
    }

    /// Adds `name.a.b = value` assignments made to the object declared by `declarator`.
    fn apply_member_writes(
        &self,
        shape: &mut ObjectShape,
        name: &str,
        declarator: Node<'t>,
        depth: usize,
    ) {
        let tree = self.root.tree();
        for &assignment in self.mutations.member_writes(name) {
            let assignment = tree.node(assignment);
            let (Some(left), Some(right)) = (
                assignment.field(Field::Left),
                assignment.field(Field::Right),
            ) else {
                continue;
            };
            let Some((root, path)) = member_path(unwrap_expr(left), self.src) else {
                shape.open = true;
                continue;
            };
            if !self.declared_by(name, root, declarator) {
                continue;
            }
            if assignment.kind() != "assignment_expression" {
                // `o.key += ...`: the key exists, its value we do not follow.
                shape.assign(&path, unknown_prop(&path, assignment));
                continue;
            }
            let prop = Prop {
                key: path.last().cloned().unwrap_or_default(),
                span: Span::of(&assignment),
                value: self.value_at(right, depth + 1),
                literal: self.hardcoded_at(right, depth + 1),
            };
            shape.assign(&path, prop);
        }
    }

    /// An object handed to other code may be changed there: `Object.assign(o, {...})` is
    /// merged; a library call (the JWT call itself) changes nothing; anything else opens it.
    fn apply_hand_offs(
        &self,
        shape: &mut ObjectShape,
        name: &str,
        declarator: Node<'t>,
        depth: usize,
    ) {
        let tree = self.root.tree();
        for &(call, index) in self.mutations.passed(name) {
            let call = tree.node(call);
            let args = arguments(call);
            let Some(&arg) = args.get(index) else {
                continue;
            };
            if !self.declared_by(name, arg, declarator) {
                continue;
            }
            let Some(function) = call.field(Field::Function) else {
                continue;
            };
            let function = unwrap_expr(function);
            let callee = text(function, self.src);
            if reads_only(callee, index) {
                continue;
            }
            if callee == "Object.assign" {
                for source in &args[1..] {
                    match self.value_at(*source, depth + 1) {
                        Value::Object(inner) => {
                            shape.open |= inner.open;
                            shape.props.extend(inner.props);
                        }
                        _ => shape.open = true,
                    }
                }
            } else if self.lib_ref_at(function, depth + 1).is_none() {
                shape.open = true;
            }
        }
    }

    fn object(&self, object: Node<'t>, depth: usize) -> ObjectShape {
        let mut shape = ObjectShape::default();
        for member in object.named_children() {
            match member.kind() {
                "pair" => {
                    let key = member
                        .field(Field::Key)
                        .and_then(|k| property_key(k, self.src));
                    let value = member.field(Field::Value);
                    match (key, value) {
                        (Some(key), Some(value)) => shape.props.push(Prop {
                            key,
                            span: Span::of(&member),
                            value: self.value_at(value, depth + 1),
                            literal: self.hardcoded_at(value, depth + 1),
                        }),
                        _ => shape.open = true,
                    }
                }
                "shorthand_property_identifier" => shape.props.push(Prop {
                    key: text(member, self.src).to_string(),
                    span: Span::of(&member),
                    value: self.identifier_value(member, depth + 1),
                    literal: self.hardcoded_at(member, depth + 1),
                }),
                "method_definition" => {
                    match member
                        .field(Field::Name)
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
    /// `X || 'fallback'`, `X ?? 'fallback'`, destructuring defaults, conditionals,
    /// `Buffer.from(...)`, `new TextEncoder().encode(...)`, `createSecretKey(...)`, config
    /// objects and class fields.
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
                self.hardcoded_identifier(expr, depth)
            }
            "binary_expression" => {
                let operator = expr.field(Field::Operator)?;
                if !matches!(text(operator, self.src), "||" | "??") {
                    return None;
                }
                self.hardcoded_at(expr.field(Field::Right)?, depth + 1)
            }
            "ternary_expression" => {
                let consequence = expr.field(Field::Consequence)?;
                let alternative = expr.field(Field::Alternative)?;
                self.hardcoded_at(consequence, depth + 1)
                    .or_else(|| self.hardcoded_at(alternative, depth + 1))
            }
            "call_expression" => {
                let function = unwrap_expr(expr.field(Field::Function)?);
                let method = member_property(function, self.src).or_else(|| {
                    (function.kind() == "identifier").then(|| text(function, self.src).to_string())
                })?;
                let is_wrapper = matches!(method.as_str(), "encode" | "createSecretKey")
                    || (method == "from"
                        && function
                            .field(Field::Object)
                            .is_some_and(|o| text(o, self.src) == "Buffer"));
                if !is_wrapper {
                    return None;
                }
                let first = *arguments(expr).first()?;
                self.hardcoded_at(first, depth + 1)
            }
            "member_expression" | "subscript_expression" => {
                if let Some(init) = self.field_initialiser(expr) {
                    return self.hardcoded_at(init, depth + 1);
                }
                // `config.jwt.secret` where `const config = { jwt: { secret: '...' } }` here.
                let key = member_property(expr, self.src)?;
                let object = expr.field(Field::Object)?;
                match self.value_at(object, depth + 1) {
                    Value::Object(shape) => shape.get(&key)?.literal,
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn hardcoded_identifier(&self, ident: Node<'t>, depth: usize) -> Option<Span> {
        let name = text(ident, self.src);
        let Binding::Declared {
            declarator,
            path,
            default,
        } = self.lookup(name, ident)?
        else {
            return None;
        };
        // `const { SECRET = 'dev' } = process.env` falls back like `||`.
        if let Some(found) = default.and_then(|d| self.hardcoded_at(d, depth + 1)) {
            return Some(found);
        }
        let init = declarator.field(Field::Value)?;
        if path.is_empty() {
            return self.hardcoded_at(init, depth + 1);
        }
        match self.value_at(init, depth + 1) {
            Value::Object(shape) => literal_at_path(&shape, &path),
            _ => None,
        }
    }

    /// The initialiser behind `this.x` (a class field, a constructor assignment, or a
    /// property of the object literal a method belongs to), `Class.X` (a static field) or
    /// `Enum.X` (a TypeScript enum member).
    pub fn field_initialiser(&self, member: Node<'t>) -> Option<Node<'t>> {
        if member.kind() != "member_expression" {
            return None;
        }
        let object = unwrap_expr(member.field(Field::Object)?);
        let name = member_property(member, self.src)?;
        match object.kind() {
            "this" => this_initialiser(member, &name, self.src),
            "identifier" => match self.lookup(text(object, self.src), object)? {
                Binding::Class(class) => class_field(class.field(Field::Body)?, &name, self.src),
                Binding::Enum(body) => enum_member(body, &name, self.src),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Calls that read an object handed to them without adding keys to it.
fn reads_only(callee: &str, index: usize) -> bool {
    matches!(
        callee,
        "Object.freeze" | "JSON.stringify" | "Object.keys" | "Object.entries"
    ) || callee.starts_with("console.")
        || (callee == "Object.assign" && index > 0)
}

fn is_const(declarator: Node) -> bool {
    declarator
        .parent()
        .filter(|d| d.kind() == "lexical_declaration")
        .and_then(|d| d.child(0))
        .is_some_and(|keyword| keyword.kind() == "const")
}

fn unknown_prop(path: &[String], assignment: Node) -> Prop {
    Prop {
        key: path.last().cloned().unwrap_or_default(),
        span: Span::of(&assignment),
        value: Value::Unknown,
        literal: None,
    }
}

/// `a.b.c` → (`a`, ["b", "c"]); `None` for computed keys or non-identifier roots.
fn member_path<'t>(left: Node<'t>, src: &str) -> Option<(Node<'t>, Vec<String>)> {
    let mut path = Vec::new();
    let mut node = left;
    for _ in 0..64 {
        match node.kind() {
            "member_expression" | "subscript_expression" => {
                path.push(member_property(node, src)?);
                node = unwrap_expr(node.field(Field::Object)?);
            }
            "identifier" => {
                path.reverse();
                return Some((node, path));
            }
            _ => return None,
        }
    }
    None
}

fn literal_at_path(shape: &ObjectShape, path: &[String]) -> Option<Span> {
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

/// What `this` means at `member`: the class whose method or field holds it, or the object
/// literal a method (shorthand or `function`) belongs to. Arrow functions see through.
fn this_initialiser<'t>(member: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let mut node = member.parent();
    let mut in_method = false;
    while let Some(current) = node {
        match current.kind() {
            "class_body" => return class_field(current, name, src),
            "object" if in_method => return object_property(current, name, src),
            "method_definition" => in_method = true,
            "function_expression" | "function" => {
                // `key: function () {}` inside an object literal is a method too.
                if current.parent().is_some_and(|p| p.kind() == "pair") {
                    in_method = true;
                } else {
                    return None;
                }
            }
            "function_declaration" | "generator_function_declaration" => return None,
            _ => {}
        }
        node = current.parent();
    }
    None
}

fn object_property<'t>(object: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let found = object.named_children().find(|m| {
        m.kind() == "pair"
            && m.field(Field::Key)
                .and_then(|k| property_key(k, src))
                .as_deref()
                == Some(name)
    })?;
    found.field(Field::Value)
}

/// A class field's initialiser, or else what the constructor assigns to `this.name`.
fn class_field<'t>(body: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let members: Vec<Node<'t>> = body.named_children().collect();
    for m in &members {
        if matches!(m.kind(), "field_definition" | "public_field_definition") {
            let key = m.field(Field::Property).or_else(|| m.field(Field::Name));
            if key.is_some_and(|k| text(k, src) == name) {
                if let Some(value) = m.field(Field::Value) {
                    return Some(value);
                }
            }
        }
    }
    let constructor = members.iter().find(|m| {
        m.kind() == "method_definition"
            && m.field(Field::Name)
                .is_some_and(|n| text(n, src) == "constructor")
    })?;
    let mut stack = vec![constructor.field(Field::Body)?];
    let mut budget = 10_000usize;
    while let Some(node) = stack.pop() {
        budget = budget.checked_sub(1)?;
        if node.kind() == "assignment_expression" {
            let left = node.field(Field::Left).map(unwrap_expr);
            let assigns_field = left.is_some_and(|l| {
                l.kind() == "member_expression"
                    && l.field(Field::Object).is_some_and(|o| o.kind() == "this")
                    && member_property(l, src).as_deref() == Some(name)
            });
            if assigns_field {
                return node.field(Field::Right);
            }
        }
        if is_function(node) && node.kind() != "arrow_function" {
            continue;
        }
        stack.extend(node.named_children());
    }
    None
}

/// `Alg.Hmac` where `enum Alg { Hmac = 'HS256' }`.
fn enum_member<'t>(body: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    let found = body.named_children().find(|m| {
        m.kind() == "enum_assignment"
            && m.field(Field::Name)
                .and_then(|k| property_key(k, src))
                .as_deref()
                == Some(name)
    })?;
    found.field(Field::Value)
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
