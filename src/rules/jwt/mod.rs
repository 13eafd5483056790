//! JWT configuration rules: each reads the file's resolved [`JwtUse`]s.

pub mod algorithm_confusion;
pub mod decode_without_verify;
pub mod hardcoded_secret;
pub mod ignore_expiration;
pub mod missing_algorithms;
pub mod missing_audience;
pub mod missing_issuer;
pub mod none_algorithm;
pub mod sign_without_expiry;
pub mod unchecked_verify_error;

use crate::model::jwt::{JwtApi, JwtUse, Options};
use crate::model::resolve::{Prop, Value};

/// The verifiers whose options carry the claim checks.
fn verifies(api: JwtApi) -> bool {
    matches!(
        api,
        JwtApi::Verify | JwtApi::ExpressJwt | JwtApi::PassportStrategy | JwtApi::JoseVerify
    )
}

/// Options that end up in a jsonwebtoken `verify`: passport-jwt forwards its
/// `jsonWebTokenOptions` too, so a key counts in either place.
fn option<'a>(use_: &'a JwtUse, key: &str) -> Option<&'a Prop> {
    let shape = use_.options.shape()?;
    shape
        .get(key)
        .or_else(|| nested_jwt_options(use_)?.get(key))
}

fn nested_jwt_options(use_: &JwtUse) -> Option<&crate::model::resolve::ObjectShape> {
    if use_.api != JwtApi::PassportStrategy {
        return None;
    }
    match &use_.options.shape()?.get("jsonWebTokenOptions")?.value {
        Value::Object(inner) => Some(inner),
        _ => None,
    }
}

/// Whether `key` is certainly not configured for this verifier.
fn lacks_option(use_: &JwtUse, key: &str) -> bool {
    if !use_.options.lacks(key) {
        return false;
    }
    match (&use_.options, use_.api) {
        (Options::Known(shape), JwtApi::PassportStrategy) => match shape.get("jsonWebTokenOptions")
        {
            None => true,
            Some(prop) => match &prop.value {
                Value::Object(inner) => inner.lacks(key),
                _ => false,
            },
        },
        _ => true,
    }
}

/// The `algorithms` allow-lists a verifier may be given: one array, or one per branch of a
/// conditional (`prod ? ['RS256'] : ['HS256', 'none']`), each checked on its own.
fn algorithm_lists(use_: &JwtUse) -> Vec<(&[Value], crate::position::Span)> {
    if !verifies(use_.api) {
        return Vec::new();
    }
    let Some(prop) = option(use_, "algorithms") else {
        return Vec::new();
    };
    prop.value
        .alternatives()
        .into_iter()
        .filter_map(|v| match v {
            Value::Array { items, span } => Some((items.as_slice(), *span)),
            _ => None,
        })
        .collect()
}

/// `verify`/`expressjwt(...)` as the code spells it, for messages.
fn describe(use_: &JwtUse) -> String {
    match use_.api {
        JwtApi::PassportStrategy => format!("new {}(...)", use_.callee),
        _ => format!("{}(...)", use_.callee),
    }
}
