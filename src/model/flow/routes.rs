//! Express in one file: which functions are handlers, with which path and middlewares.

use crate::model::ast::{Field, Node};

use super::Settings;
use crate::model::resolve::Resolver;
use crate::model::syntax::{arguments, member_property, text, unwrap_expr};

/// Methods that register handlers on an app or router.
const ROUTE_METHODS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "del", "all", "use", "options", "head",
];

/// What a route registration says about the handlers it installs.
#[derive(Clone, Debug, Default)]
pub struct RouteInfo {
    pub path: Option<String>,
    /// The handler is registered in this file (so what is in front of it is known).
    pub registered: bool,
    /// A middleware before the handler authenticates.
    pub authenticated: bool,
    /// A middleware before the handler makes an authorisation decision (roles, scopes).
    pub authorizes: bool,
    pub public: bool,
    /// The registration call (node id) the handler was installed by.
    pub registration: Option<usize>,
    /// The project functions (node ids) that run before the handler on this route.
    pub middlewares: Vec<usize>,
    /// For a `router.param(name, callback)` callback: the route parameter its fourth argument
    /// carries (`req.params[name]`, request input).
    pub param: Option<String>,
}

/// If `call` registers handlers (`router.get('/x', auth, handler)`), the handler arguments and
/// the middlewares in front of each. `uses` are earlier `app.use(mw)` middlewares.
pub fn registration_args<'t>(
    call: Node<'t>,
    resolver: &Resolver<'_, 't>,
) -> Option<(Option<String>, Vec<Node<'t>>)> {
    let src = resolver.src;
    let function = unwrap_expr(call.field(Field::Function)?);
    let method = member_property(function, src)?;
    if !ROUTE_METHODS.contains(&method.as_str()) {
        return None;
    }
    let args = arguments(call);
    let first = *args.first()?;
    let (path, rest) = if let Some(p) = resolver.constant_text(first) {
        (Some(p), &args[1..])
    } else if matches!(first.kind(), "regex" | "array" | "template_string") {
        (None, &args[1..])
    } else if let Some(p) = route_path(function, resolver) {
        // `router.route('/x').get(...)`: the path is on the `route` call.
        (Some(p), &args[..])
    } else if method == "use" {
        (None, &args[..])
    } else {
        // `client.get(params, callback)`, `cache.get(key)`: not a route.
        return None;
    };
    if rest.is_empty() {
        return None;
    }
    Some((path, rest.to_vec()))
}

/// The path of `router.route('/x').get(...).put(...)`: down the chain to the `route` call.
fn route_path<'t>(function: Node<'t>, resolver: &Resolver<'_, 't>) -> Option<String> {
    let src = resolver.src;
    let mut object = unwrap_expr(function.field(Field::Object)?);
    for _ in 0..16 {
        if object.kind() != "call_expression" {
            return None;
        }
        let callee = unwrap_expr(object.field(Field::Function)?);
        if member_property(callee, src).as_deref() == Some("route") {
            return arguments(object)
                .first()
                .and_then(|a| resolver.constant_text(*a));
        }
        object = unwrap_expr(callee.field(Field::Object)?);
    }
    None
}

/// Whether a middleware expression authenticates, by what it is called (the project's own
/// functions are also checked by body in `eval`).
pub fn names_authentication(node: Node, src: &str, settings: &Settings) -> bool {
    let name = middleware_name(node, src);
    if settings.auth_middleware.contains(&name) {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    let full = text(node, src).to_ascii_lowercase();
    [
        "auth",
        "jwt",
        "token",
        "protect",
        "login",
        "session",
        "verify",
        "guard",
        "passport",
        "bearer",
        "requireuser",
        "ensureuser",
        "signedin",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || full.starts_with("passport.authenticate")
        || full.contains("expressjwt(")
}

/// Whether a middleware expression makes an authorisation decision (`requireRole('admin')`).
pub fn names_authorization(node: Node, src: &str) -> bool {
    let lower = middleware_name(node, src).to_ascii_lowercase();
    [
        "role",
        "admin",
        "permission",
        "scope",
        "authoriz",
        "authoris",
        "ability",
        "policy",
        "isowner",
        "ownership",
        "canaccess",
        "group",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn middleware_name(node: Node, src: &str) -> String {
    let node = unwrap_expr(node);
    match node.kind() {
        "call_expression" => node
            .field(Field::Function)
            .map(|f| middleware_name(f, src))
            .unwrap_or_default(),
        "member_expression" => member_property(node, src).unwrap_or_default(),
        "identifier" => text(node, src).to_string(),
        _ => String::new(),
    }
}
