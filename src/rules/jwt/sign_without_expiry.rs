//! `jwt/sign-without-expiry`: tokens issued without an expiry.

use super::describe;
use crate::model::jwt::{JwtApi, JwtUse};
use crate::model::resolve::Value;
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for use_ in &file.jwt {
        let never_expires = match use_.api {
            JwtApi::Sign => use_.options.lacks("expiresIn") && payload_lacks_exp(use_),
            JwtApi::JoseSign => !use_.sets_expiration && !payload_has_exp(use_),
            _ => false,
        };
        if never_expires {
            let (what, fix) = if use_.api == JwtApi::JoseSign {
                (
                    format!("`new {}(...)`", use_.callee),
                    "call `.setExpirationTime('15m')` on the builder",
                )
            } else {
                (
                    format!("`{}`", describe(use_)),
                    "pass `expiresIn: '15m'` (as short as your sessions allow)",
                )
            };
            ctx.report(
                use_.span,
                format!("{what} issues a token that never expires: once leaked it stays valid"),
                fix,
            );
        }
    }
}

/// The payload is an object we can see in full, and it sets no `exp`.
fn payload_lacks_exp(use_: &JwtUse) -> bool {
    matches!(&use_.payload, Some(Value::Object(shape)) if shape.lacks("exp"))
}

fn payload_has_exp(use_: &JwtUse) -> bool {
    match &use_.payload {
        Some(Value::Object(shape)) => !shape.lacks("exp"),
        _ => false,
    }
}
