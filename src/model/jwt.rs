//! JWT library uses: which call is a `verify`, `sign`, decode or middleware config, and what
//! options, key and payload it was given, resolved within the file.

use crate::model::ast::{Field, Node};

use super::resolve::{LibRef, ObjectShape, Resolver, Value};
use super::syntax::{
    arguments, callee, is_function, member_property, short_text, text, unwrap_expr,
};
use crate::position::Span;

/// The JWT operation a call performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtApi {
    /// jsonwebtoken `verify`.
    Verify,
    /// jsonwebtoken `sign`.
    Sign,
    /// jsonwebtoken `decode`.
    Decode,
    /// express-jwt's middleware factory.
    ExpressJwt,
    /// passport-jwt `new Strategy(options, verify)`.
    PassportStrategy,
    /// jose `jwtVerify`.
    JoseVerify,
    /// jose `decodeJwt`.
    JoseDecode,
    /// jose `new SignJWT(payload)...sign(key)`.
    JoseSign,
    /// jose `new UnsecuredJWT(...)` or `UnsecuredJWT.decode(...)`.
    JoseUnsecured,
    /// jwt-decode's `jwtDecode`.
    JwtDecode,
}

impl JwtApi {
    fn classify(lib: &LibRef, is_new: bool) -> Option<JwtApi> {
        let path: Vec<&str> = lib.path.iter().map(String::as_str).collect();
        let api = match (lib.module.as_str(), path.as_slice(), is_new) {
            ("jsonwebtoken", ["verify"], false) => JwtApi::Verify,
            ("jsonwebtoken", ["sign"], false) => JwtApi::Sign,
            ("jsonwebtoken", ["decode"], false) => JwtApi::Decode,
            ("express-jwt", [] | ["expressjwt" | "expressJwt" | "jwt"], false) => {
                JwtApi::ExpressJwt
            }
            ("passport-jwt", ["Strategy"], true) => JwtApi::PassportStrategy,
            ("jose", ["jwtVerify"], false) => JwtApi::JoseVerify,
            ("jose", ["decodeJwt"], false) => JwtApi::JoseDecode,
            ("jose", ["SignJWT"], true) => JwtApi::JoseSign,
            ("jose", ["UnsecuredJWT"], true) => JwtApi::JoseUnsecured,
            ("jose", ["UnsecuredJWT", "decode"], false) => JwtApi::JoseUnsecured,
            ("jwt-decode", [] | ["jwtDecode" | "jwt_decode"], false) => JwtApi::JwtDecode,
            _ => return None,
        };
        Some(api)
    }
}

/// What was passed as a call's options.
#[derive(Debug, Clone)]
pub enum Options {
    /// No options argument (or `undefined`, or the callback in its place).
    Absent,
    /// An object whose contents we resolved (it may still be `open`).
    Known(ObjectShape),
    /// Something we cannot see into: a parameter, a call's result, an import.
    Unknown,
}

impl Options {
    pub fn shape(&self) -> Option<&ObjectShape> {
        match self {
            Options::Known(shape) => Some(shape),
            _ => None,
        }
    }

    /// Whether `key` is certainly not given.
    pub fn lacks(&self, key: &str) -> bool {
        match self {
            Options::Absent => true,
            Options::Known(shape) => shape.lacks(key),
            Options::Unknown => false,
        }
    }
}

/// One use of a JWT library.
#[derive(Debug, Clone)]
pub struct JwtUse {
    pub api: JwtApi,
    /// The call or `new` expression (for a jose `SignJWT` chain, the `new SignJWT(...)`).
    pub span: Span,
    /// How the code names the operation, for messages (`jwt.verify`).
    pub callee: String,
    pub options: Options,
    /// Where a hard-coded literal used as the signing/verification key sits.
    pub key_literal: Option<Span>,
    /// `sign`'s payload / `new SignJWT(payload)`.
    pub payload: Option<Value>,
    /// jose `SignJWT`: whether the chain calls `setExpirationTime`.
    pub sets_expiration: bool,
    /// Options imported from another project file (`config.jwtOptions` with `config =
    /// require('./config')`): resolved by the project stage.
    pub options_import: Option<ImportRef>,
    /// The file the resolved options live in, when it is not this one (their spans then
    /// belong to that file).
    pub options_file: Option<usize>,
}

/// A value imported from a module: the specifier, the export name (`None` for the module
/// object or default export) and the property path below it.
#[derive(Debug, Clone)]
pub struct ImportRef {
    pub specifier: String,
    pub name: Option<String>,
    pub path: Vec<String>,
}

/// Builds the [`JwtUse`] for a call/new expression, if it is a JWT library operation.
pub fn jwt_use<'t>(node: Node<'t>, resolver: &Resolver<'_, 't>) -> Option<JwtUse> {
    let is_new = node.kind() == "new_expression";
    let function = callee(node)?;
    let lib = resolver.lib_ref(function)?;
    let api = JwtApi::classify(&lib, is_new)?;
    let args = arguments(node);
    let arg = |i: usize| args.get(i).copied();
    let has_spread = args.iter().any(|a| a.kind() == "spread_element");
    let options_at = |i: usize| {
        if has_spread {
            Options::Unknown
        } else {
            options(arg(i), resolver)
        }
    };
    let mut found = JwtUse {
        api,
        span: Span::of(&node),
        callee: short_text(function, resolver.src),
        options: Options::Absent,
        key_literal: None,
        payload: None,
        sets_expiration: false,
        options_import: None,
        options_file: None,
    };
    let import_at = |i: usize| arg(i).and_then(|a| import_ref(a, resolver));
    match api {
        JwtApi::Verify => {
            found.options = options_at(2);
            if matches!(found.options, Options::Unknown) {
                found.options_import = import_at(2);
            }
            found.key_literal = arg(1).and_then(|k| resolver.hardcoded_literal(k));
        }
        JwtApi::Sign => {
            found.options = options_at(2);
            found.key_literal = arg(1).and_then(|k| resolver.hardcoded_literal(k));
            found.payload = Some(arg(0).map_or(Value::Unknown, |p| resolver.value(p)));
        }
        JwtApi::ExpressJwt | JwtApi::PassportStrategy => {
            found.options = options_at(0);
            if matches!(found.options, Options::Unknown) {
                found.options_import = import_at(0);
            }
            let key_name = if api == JwtApi::ExpressJwt {
                "secret"
            } else {
                "secretOrKey"
            };
            found.key_literal = found
                .options
                .shape()
                .and_then(|s| s.get(key_name))
                .and_then(|p| p.literal);
        }
        JwtApi::JoseVerify => {
            found.options = options_at(2);
            if matches!(found.options, Options::Unknown) {
                found.options_import = import_at(2);
            }
            found.key_literal = arg(1).and_then(|k| resolver.hardcoded_literal(k));
        }
        JwtApi::JoseSign => {
            found.payload = Some(arg(0).map_or(Value::Unknown, |p| resolver.value(p)));
            let chain = builder_chain(node, resolver);
            found.sets_expiration = chain.escapes
                || chain
                    .calls
                    .iter()
                    .any(|(method, _)| method == "setExpirationTime");
            found.key_literal = chain
                .calls
                .iter()
                .find(|(method, _)| method == "sign")
                .and_then(|(_, call)| arguments(*call).first().copied())
                .and_then(|k| resolver.hardcoded_literal(k));
        }
        JwtApi::Decode | JwtApi::JoseDecode | JwtApi::JoseUnsecured | JwtApi::JwtDecode => {}
    }
    Some(found)
}

/// Where options that this file cannot see come from, when they are imported.
fn import_ref<'t>(arg: Node<'t>, resolver: &Resolver<'_, 't>) -> Option<ImportRef> {
    let src = resolver.src;
    let mut path = Vec::new();
    let mut node = unwrap_expr(arg);
    for _ in 0..16 {
        match node.kind() {
            "member_expression" => {
                path.push(member_property(node, src)?);
                node = unwrap_expr(node.field(Field::Object)?);
            }
            "identifier" => break,
            _ => return None,
        }
    }
    path.reverse();
    match resolver.lookup(text(node, src), node)? {
        crate::model::scope::Binding::Import { source, imported } => Some(ImportRef {
            specifier: source,
            name: imported,
            path,
        }),
        crate::model::scope::Binding::Declared {
            declarator,
            path: pattern,
            ..
        } => {
            let value = unwrap_expr(declarator.field(Field::Value)?);
            let (specifier, mut rest) = crate::model::flow::project::required_module(value, src)?;
            rest.extend(pattern);
            let name = if rest.is_empty() {
                None
            } else {
                Some(rest.remove(0))
            };
            rest.extend(path);
            Some(ImportRef {
                specifier,
                name,
                path: rest,
            })
        }
        _ => None,
    }
}

fn options<'t>(arg: Option<Node<'t>>, resolver: &Resolver<'_, 't>) -> Options {
    let Some(arg) = arg else {
        return Options::Absent;
    };
    let arg = unwrap_expr(arg);
    if is_function(arg) || is_callback_name(arg, resolver.src) {
        return Options::Absent;
    }
    // `cond ? {...} : {...}` arrives merged into one object (see `Value::either`).
    match resolver.value(arg) {
        Value::Object(shape) => Options::Known(shape),
        Value::Nothing | Value::Function => Options::Absent,
        _ => Options::Unknown,
    }
}

/// A parameter in the options position whose name says it is the callback
/// (`sign(payload, key, cb)`): options never go by these names.
fn is_callback_name(arg: Node, src: &str) -> bool {
    arg.kind() == "identifier"
        && matches!(
            text(arg, src),
            "cb" | "callback" | "done" | "next" | "fn" | "handler"
        )
}

/// The method calls made on a builder (`new SignJWT(p).setIssuedAt().sign(k)`), following it
/// into a variable (`const b = new SignJWT(p); b.setExpirationTime('1h')`).
struct BuilderChain<'t> {
    calls: Vec<(String, Node<'t>)>,
    /// The builder is handed to other code, which may configure it: assume it does.
    escapes: bool,
}

fn builder_chain<'t>(start: Node<'t>, resolver: &Resolver<'_, 't>) -> BuilderChain<'t> {
    let mut chain = BuilderChain {
        calls: Vec::new(),
        escapes: false,
    };
    let end = follow_methods(start, resolver.src, &mut chain.calls);
    if chain.calls.iter().any(|(method, _)| method == "sign") {
        // Signed: what the chain ends in is the token, not the builder.
        return chain;
    }
    let Some(declarator) = end
        .parent()
        .filter(|p| p.kind() == "variable_declarator")
        .filter(|p| p.field(Field::Value).map(|v| v.id()) == Some(end.id()))
    else {
        // An unsigned builder that is returned or handed on is finished elsewhere.
        chain.escapes = end
            .parent()
            .is_some_and(|p| p.kind() != "expression_statement");
        return chain;
    };
    let Some(name) = declarator
        .field(Field::Name)
        .filter(|n| n.kind() == "identifier")
    else {
        return chain;
    };
    let name = text(name, resolver.src);
    let Some(scope) = declarator.parent().and_then(|d| d.parent()) else {
        return chain;
    };
    let mut stack = vec![scope];
    let mut visited = 0usize;
    while let Some(node) = stack.pop() {
        visited += 1;
        if visited > 20_000 {
            chain.escapes = true;
            break;
        }
        if node.kind() == "identifier"
            && text(node, resolver.src) == name
            && node.id() != declarator.field(Field::Name).map_or(0, |n| n.id())
        {
            match node.parent().map(|p| p.kind()) {
                Some("member_expression") => {
                    follow_methods(node, resolver.src, &mut chain.calls);
                }
                Some("arguments") | Some("return_statement") | Some("assignment_expression") => {
                    chain.escapes = true;
                }
                _ => {}
            }
        }
        stack.extend(node.named_children());
    }
    chain
}

/// Climbs `x.a().b()` from `x`, recording each method call; returns the outermost expression.
fn follow_methods<'t>(start: Node<'t>, src: &str, calls: &mut Vec<(String, Node<'t>)>) -> Node<'t> {
    let mut current = start;
    for _ in 0..256 {
        let Some(member) = current.parent().filter(|p| {
            p.kind() == "member_expression"
                && p.field(Field::Object).map(|o| o.id()) == Some(current.id())
        }) else {
            break;
        };
        let Some(call) = member.parent().filter(|c| {
            c.kind() == "call_expression"
                && c.field(Field::Function).map(|f| f.id()) == Some(member.id())
        }) else {
            break;
        };
        if let Some(method) = member_property(member, src) {
            calls.push((method, call));
        }
        current = call;
        while let Some(parent) = current
            .parent()
            .filter(|p| matches!(p.kind(), "await_expression" | "parenthesized_expression"))
        {
            current = parent;
        }
    }
    current
}
