//! Tokens in the flow: what `verify` and `decode` return, and whether a failed verification
//! is let through (`jwt/unchecked-verify-error`).

use crate::model::ast::{Field, Node};

use super::eval::{parameters, Analyzer, Frame};
use super::guards::{exits, mentions};
use super::value::{Flow, Labels, Origin};
use crate::model::resolve::LibRef;
use crate::model::syntax::{arguments, is_function, member_property, text, unwrap_expr};
use crate::position::Span;

impl<'t> Analyzer<'_, 't> {
    /// Calls into the JWT libraries, and hand-written payload decoding.
    pub(super) fn jwt_call(
        &mut self,
        call: Node<'t>,
        function: Node<'t>,
        frame: &mut Frame,
    ) -> Option<Flow> {
        if text(function, self.src) == "JSON.parse" && is_manual_decode(call, self.src) {
            self.eval_plain_args(call, frame);
            return Some(self.decoded(call, frame));
        }
        let lib = self.resolver.lib_ref(function)?;
        let path: Vec<&str> = lib.path.iter().map(String::as_str).collect();
        match (lib.module.as_str(), path.as_slice()) {
            ("jsonwebtoken", ["verify"]) => Some(self.verify(call, frame)),
            ("jose", ["jwtVerify"]) | ("aws-jwt-verify", [.., "verify"]) => {
                self.eval_plain_args(call, frame);
                if let Some(token) = arguments(call).first() {
                    frame
                        .verified_tokens
                        .insert(text(*token, self.src).to_string());
                }
                Some(self.verified(call))
            }
            ("jsonwebtoken", ["decode"])
            | ("jose", ["decodeJwt"])
            | ("jwt-decode", [] | ["jwtDecode" | "jwt_decode"]) => {
                self.eval_plain_args(call, frame);
                Some(self.decoded(call, frame))
            }
            _ => None,
        }
    }

    fn eval_plain_args(&mut self, call: Node<'t>, frame: &mut Frame) {
        for arg in arguments(call) {
            if !is_function(unwrap_expr(arg)) {
                self.eval(arg, frame);
            }
        }
    }

    fn verified(&self, call: Node<'t>) -> Flow {
        Flow {
            labels: Labels::VERIFIED,
            origin: Some(Origin {
                file: self.current,
                span: Span::of(&call),
                text: crate::model::syntax::short_text(call, self.src),
            }),
            path: Some("claims".to_string()),
            ..Flow::default()
        }
    }

    /// `jwt.verify(token, key, [options], [callback])`.
    fn verify(&mut self, call: Node<'t>, frame: &mut Frame) -> Flow {
        self.eval_plain_args(call, frame);
        let args = arguments(call);
        if let Some(token) = args.first() {
            frame
                .verified_tokens
                .insert(text(*token, self.src).to_string());
        }
        let claims = self.verified(call);
        let callback = args
            .iter()
            .skip(2)
            .map(|a| unwrap_expr(*a))
            .find(|a| is_function(*a));
        if let Some(callback) = callback {
            // Inside the callback the token counts as verified only where the error was handled.
            let mut inner = frame.clone();
            if !self.callback_handles_error(callback) {
                if let Some(token) = args.first() {
                    inner.verified_tokens.remove(text(*token, self.src));
                }
            }
            self.call_inline(callback, &[Flow::default(), claims.clone()], &inner);
        }
        claims
    }

    /// The claims of a decode: unverified, unless the same token was verified on this path.
    fn decoded(&mut self, call: Node<'t>, frame: &Frame) -> Flow {
        let token = arguments(call)
            .first()
            .map(|t| text(*t, self.src).to_string());
        if token
            .as_ref()
            .is_some_and(|t| frame.verified_tokens.contains(t))
        {
            return self.verified(call);
        }
        let span = Span::of(&call);
        if let Some(token) = token {
            self.decode_tokens.insert((self.current, span), token);
        }
        let claims = Flow {
            labels: Labels::UNVERIFIED,
            decodes: vec![(self.current, span)],
            origin: Some(Origin {
                file: self.current,
                span,
                text: crate::model::syntax::short_text(call, self.src),
            }),
            path: Some("decoded".to_string()),
            ..Flow::default()
        };
        if !text(call, self.src).contains("complete") {
            return claims;
        }
        // `{ complete: true }`: `.header` is harmless, `.payload` is the claims.
        claims
            .clone()
            .with_fields(std::collections::BTreeMap::from([
                ("header".to_string(), Flow::default()),
                ("payload".to_string(), claims),
                ("signature".to_string(), Flow::default()),
            ]))
    }

    /// Whether a verify callback leaves on its error (or has nothing to protect).
    fn callback_handles_error(&self, callback: Node<'t>) -> bool {
        let params = parameters(callback);
        let Some(body) = callback.field(Field::Body) else {
            return true;
        };
        params
            .first()
            .and_then(|p| parameter_name(*p, self.src))
            .is_some_and(|e| self.handles_error(body, &e))
    }

    /// A verify callback must read its error and leave on it before trusting the claims.
    fn check_verify_callback(&mut self, callback: Node<'t>) {
        let params = parameters(callback);
        let error = params.first().and_then(|p| parameter_name(*p, self.src));
        let decoded = params.get(1).and_then(|p| parameter_name(*p, self.src));
        let Some(body) = callback.field(Field::Body) else {
            return;
        };
        let body_text = text(body, self.src);
        let continues = decoded
            .as_deref()
            .is_some_and(|d| mentions(body, d, self.src))
            || ["next(", "res.", "resolve(", "done(", "callback(", "cb("]
                .iter()
                .any(|c| body_text.contains(c));
        if !continues {
            return;
        }
        let handled = error
            .as_deref()
            .is_some_and(|e| self.handles_error(body, e));
        if !handled {
            self.facts.unchecked_verifies.push((
                self.current,
                Span::of(&callback),
                "the verify callback",
            ));
        }
    }

    /// Whether `body` leaves on `error`: an `if`/ternary on it that exits, or passing it on
    /// (`next(err)`, `reject(err)`, `done(err)`).
    fn handles_error(&self, body: Node<'t>, error: &str) -> bool {
        let mut stack = vec![body];
        let mut budget = 10_000usize;
        while let Some(node) = stack.pop() {
            budget = match budget.checked_sub(1) {
                Some(b) => b,
                None => return false,
            };
            match node.kind() {
                "if_statement" => {
                    if let Some(cond) = node.field(Field::Condition) {
                        if covers_error(cond, error, self.src) {
                            let consequence = node.field(Field::Consequence);
                            let alternative = node
                                .field(Field::Alternative)
                                .and_then(|a| a.named_child(0));
                            let negated = text(cond, self.src).contains('!');
                            // `if (err) { res.sendStatus(401) } else { ...; next() }`: the
                            // error branch answers without a return, but only the else goes on.
                            let branches_apart = alternative.is_some()
                                && consequence.is_some_and(|c| !lets_request_through(c, self.src))
                                && !continues_after(node, self.src);
                            if consequence.is_some_and(|c| exits(c, self.src))
                                || alternative.is_some_and(|a| exits(a, self.src))
                                || negated
                                || branches_apart
                            {
                                return true;
                            }
                        }
                    }
                }
                "ternary_expression"
                    if node
                        .field(Field::Condition)
                        .is_some_and(|c| covers_error(c, error, self.src)) =>
                {
                    return true;
                }
                "call_expression" => {
                    let passes_error = arguments(node)
                        .first()
                        .is_some_and(|a| text(unwrap_expr(*a), self.src) == error);
                    let callee = node
                        .field(Field::Function)
                        .map(|f| text(f, self.src))
                        .unwrap_or("");
                    if passes_error && !callee.starts_with("console.") && !callee.ends_with("log") {
                        return true;
                    }
                }
                _ => {}
            }
            stack.extend(node.named_children());
        }
        false
    }

    /// The checks of `jwt/unchecked-verify-error` are about the shape of the code around every
    /// verify, evaluated or not: callbacks, `catch` clauses and `.catch` handlers.
    pub(super) fn check_verify_handling(&mut self, root: Node<'t>) {
        let mut stack = vec![(root, 0usize)];
        while let Some((node, depth)) = stack.pop() {
            match node.kind() {
                "call_expression" => {
                    let callee = node.field(Field::Function);
                    if self.is_verify(node) {
                        let callback = arguments(node)
                            .into_iter()
                            .skip(2)
                            .map(unwrap_expr)
                            .find(|a| is_function(*a));
                        if let Some(callback) = callback {
                            self.check_verify_callback(callback);
                        }
                    }
                    let is_catch = callee
                        .is_some_and(|f| member_property(f, self.src).as_deref() == Some("catch"));
                    if is_catch {
                        let handler = arguments(node)
                            .first()
                            .map(|a| unwrap_expr(*a))
                            .filter(|a| is_function(*a));
                        if let Some(handler) = handler {
                            self.check_promise_catch(node, handler);
                        }
                    }
                }
                "try_statement" => {
                    if let Some(handler) = node.field(Field::Handler) {
                        self.check_catch(node, handler);
                    }
                }
                _ => {}
            }
            if depth < self.settings.max_nesting {
                stack.extend(node.named_children().map(|c| (c, depth + 1)));
            }
        }
    }

    fn is_verify(&self, call: Node<'t>) -> bool {
        call.field(Field::Function)
            .and_then(|f| self.resolver.lib_ref(f))
            .is_some_and(|lib| verifies_token(&lib))
    }

    /// `try { jwt.verify(...) } catch { next() }`: the failure is let through.
    pub(super) fn check_catch(&mut self, try_stmt: Node<'t>, handler: Node<'t>) {
        let Some(body) = try_stmt.field(Field::Body) else {
            return;
        };
        if !self.contains_verify(body) {
            return;
        }
        let Some(catch_body) = handler.field(Field::Body) else {
            return;
        };
        // The catch carries on itself, or falls through to code that carries on. A catch that
        // clears the user slot (`req.user = undefined`) is optional authentication done on
        // purpose: the request goes on anonymous, as with `if (!err) req.user = ...` in a callback.
        let falls_through = !exits(catch_body, self.src)
            && !clears_user(catch_body, self.src)
            && continues_after(try_stmt, self.src);
        if lets_request_through(catch_body, self.src) || falls_through {
            self.facts.unchecked_verifies.push((
                self.current,
                Span::of(&handler),
                "the catch clause",
            ));
        }
    }

    /// `jwtVerify(...).catch(() => next())`.
    pub(super) fn check_promise_catch(&mut self, call: Node<'t>, callback: Node<'t>) {
        let Some(function) = call.field(Field::Function) else {
            return;
        };
        let Some(receiver) = function.field(Field::Object) else {
            return;
        };
        if member_property(function, self.src).as_deref() != Some("catch")
            || !self.contains_verify(receiver)
        {
            return;
        }
        if let Some(body) = callback.field(Field::Body) {
            if lets_request_through(body, self.src) {
                self.facts.unchecked_verifies.push((
                    self.current,
                    Span::of(&callback),
                    "the catch handler",
                ));
            }
        }
    }

    /// Whether `node` calls a JWT verify, directly or through a project function whose body
    /// calls one outside any `try` of its own (a helper that handles its own failure does not
    /// throw a verify error into our caller's catch).
    fn contains_verify(&mut self, node: Node<'t>) -> bool {
        self.throws_verify_error(node, 0)
    }

    /// `contains_verify`, following project helpers a few calls deep.
    fn throws_verify_error(&mut self, node: Node<'t>, depth: usize) -> bool {
        if self.calls_verify_directly(node) {
            return true;
        }
        if depth >= 3 {
            return false;
        }
        for call in calls_in(node) {
            let Some(callee) = call.field(Field::Function) else {
                continue;
            };
            if self.resolver.lib_ref(callee).is_some_and(|lib| {
                !lib.module.starts_with('.') && self.module_unit(&lib.module).is_none()
            }) {
                continue;
            }
            let Some(target) = self.function_value(callee) else {
                continue;
            };
            let Some(body) = target.field(Field::Body) else {
                continue;
            };
            if target.id() == node.id() || body.id() == node.id() {
                continue;
            }
            let unit = self.unit_of(target);
            if self.within(unit, |this| this.throws_verify_error(body, depth + 1)) {
                return true;
            }
        }
        false
    }

    fn calls_verify_directly(&self, node: Node<'t>) -> bool {
        let mut stack = vec![node];
        let mut budget = 20_000usize;
        while let Some(n) = stack.pop() {
            budget = match budget.checked_sub(1) {
                Some(b) => b,
                None => return false,
            };
            if n.kind() == "call_expression" {
                if let Some(lib) = n
                    .field(Field::Function)
                    .and_then(|f| self.resolver.lib_ref(f))
                {
                    let path: Vec<&str> = lib.path.iter().map(String::as_str).collect();
                    if matches!(
                        (lib.module.as_str(), path.as_slice()),
                        ("jsonwebtoken", ["verify"]) | ("jose", ["jwtVerify"])
                    ) {
                        return true;
                    }
                }
            }
            // A nested function runs elsewhere; a nested `try` catches its own failure.
            if (is_function(n) || n.kind() == "try_statement") && n.id() != node.id() {
                continue;
            }
            stack.extend(n.named_children());
        }
        false
    }
}

/// The calls made in `node` itself (not in functions nested in it), outermost first.
fn calls_in(node: Node) -> Vec<Node> {
    let mut calls = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if calls.len() > 200 {
            break;
        }
        if n.kind() == "call_expression" {
            calls.push(n);
        }
        if is_function(n) && n.id() != node.id() {
            continue;
        }
        stack.extend(n.named_children());
    }
    calls
}

/// Whether a block sets the user slot to nothing (`req.user = undefined`, `res.locals.user = null`).
fn clears_user(body: Node, src: &str) -> bool {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if user_assignment(node, src) == Some(UserAssignment::Cleared) {
            return true;
        }
        if is_function(node) {
            continue;
        }
        stack.extend(node.named_children());
    }
    false
}

/// The name a simple parameter binds (`err` in `err: VerifyErrors | null`).
fn parameter_name(param: Node, src: &str) -> Option<String> {
    let pattern = match param.kind() {
        "required_parameter" | "optional_parameter" => param.field(Field::Pattern)?,
        _ => param,
    };
    (pattern.kind() == "identifier").then(|| text(pattern, src).to_string())
}

#[derive(PartialEq)]
enum UserAssignment {
    /// `req.user = claims`: the request now has a user.
    Set,
    /// `req.user = undefined` / `null`: the request goes on anonymous.
    Cleared,
}

/// What an assignment does to the user slot (`req.user`, `req.auth`, `res.locals.user`), if
/// it assigns to one.
fn user_assignment(node: Node, src: &str) -> Option<UserAssignment> {
    if node.kind() != "assignment_expression" {
        return None;
    }
    let left = text(node.field(Field::Left)?, src);
    if !(left.ends_with(".user") || left.ends_with(".auth")) {
        return None;
    }
    let right = node.field(Field::Right).map(|r| text(r, src));
    Some(if matches!(right, Some("null" | "undefined")) {
        UserAssignment::Cleared
    } else {
        UserAssignment::Set
    })
}

/// A catch body that carries on as if authenticated: `next()` with no error, or setting
/// `req.user`/`req.auth`.
pub(super) fn lets_request_through(body: Node, src: &str) -> bool {
    let mut stack = vec![body];
    let mut budget = 10_000usize;
    while let Some(node) = stack.pop() {
        budget = match budget.checked_sub(1) {
            Some(b) => b,
            None => return false,
        };
        match node.kind() {
            "call_expression" => {
                let callee = node
                    .field(Field::Function)
                    .map(|f| text(f, src))
                    .unwrap_or("");
                if callee == "next" && arguments(node).is_empty() {
                    return true;
                }
            }
            "assignment_expression" if user_assignment(node, src) == Some(UserAssignment::Set) => {
                return true;
            }
            _ => {}
        }
        stack.extend(node.named_children());
    }
    false
}

/// `JSON.parse(Buffer.from(token.split('.')[1], 'base64').toString())` and `atob` forms.
fn is_manual_decode(call: Node, src: &str) -> bool {
    let compact: String = text(call, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (compact.contains(".split('.')[1]")
        || compact.contains(".split(\".\")[1]")
        || compact.contains(".split(`.`)[1]"))
        && (compact.contains("base64") || compact.contains("atob("))
}

/// The package functions that verify a token's signature: jsonwebtoken `verify`, jose
/// `jwtVerify`, and the `verify` of an aws-jwt-verify verifier.
pub(super) fn verifies_token(lib: &LibRef) -> bool {
    let path: Vec<&str> = lib.path.iter().map(String::as_str).collect();
    matches!(
        (lib.module.as_str(), path.as_slice()),
        ("jsonwebtoken", ["verify"]) | ("jose", ["jwtVerify"]) | ("aws-jwt-verify", [.., "verify"])
    )
}

/// Whether a condition is true for every error: `err`, `!err` (negated), `err != null`,
/// `err || x`; not `err && err.name === 'X'`, which lets other errors through.
fn covers_error(cond: Node, error: &str, src: &str) -> bool {
    let cond = unwrap_expr(cond);
    match cond.kind() {
        "identifier" => text(cond, src) == error,
        "unary_expression" => cond
            .field(Field::Argument)
            .is_some_and(|a| covers_error(a, error, src)),
        "binary_expression" => {
            let op = cond
                .field(Field::Operator)
                .map(|o| text(o, src))
                .unwrap_or("");
            let left = cond.field(Field::Left);
            let right = cond.field(Field::Right);
            match op {
                "||" => {
                    left.is_some_and(|l| covers_error(l, error, src))
                        || right.is_some_and(|r| covers_error(r, error, src))
                }
                "!=" | "!==" | "==" | "===" => {
                    left.is_some_and(|l| text(unwrap_expr(l), src) == error)
                        && right.is_some_and(|r| matches!(text(r, src), "null" | "undefined"))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether the statements after `stmt` in its block carry on the request (`next()`, or
/// setting `req.user`).
pub(super) fn continues_after(stmt: Node, src: &str) -> bool {
    let mut sibling = stmt.next_named_sibling();
    while let Some(node) = sibling {
        if lets_request_through(node, src) {
            return true;
        }
        if exits(node, src) {
            return false;
        }
        sibling = node.next_named_sibling();
    }
    false
}
