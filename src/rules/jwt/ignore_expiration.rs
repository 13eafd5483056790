//! `jwt/ignore-expiration`: expired tokens accepted.

use super::option;
use crate::model::jwt::JwtApi;
use crate::model::resolve::Value;
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for use_ in &file.jwt {
        // Options from another file are judged in that file, where their values are written.
        if use_.options_file.is_some() {
            continue;
        }
        // express-jwt hands its options to jsonwebtoken's verify, so the flag works there too.
        let applies = matches!(
            use_.api,
            JwtApi::Verify | JwtApi::ExpressJwt | JwtApi::PassportStrategy
        );
        if !applies {
            continue;
        }
        if let Some(prop) = option(use_, "ignoreExpiration") {
            if matches!(prop.value, Value::Bool { value: true }) {
                ctx.report(
                    prop.span,
                    "`ignoreExpiration: true` accepts expired tokens: a leaked token works forever",
                    "remove it; use `clockTolerance` (seconds) if clocks drift",
                );
            }
        }
    }
}
