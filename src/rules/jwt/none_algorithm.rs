//! `jwt/none-algorithm`: unsigned tokens, accepted or issued.

use super::algorithm_lists;
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
        if use_.api == JwtApi::JoseUnsecured {
            ctx.report(
                use_.span,
                "`UnsecuredJWT` makes or reads tokens that carry no signature: anyone can write one",
                "use `SignJWT` and `jwtVerify` with a real key",
            );
            continue;
        }
        for (items, _) in algorithm_lists(use_) {
            for item in items.iter().flat_map(Value::alternatives) {
                if let Value::Str { text, span } = item {
                    if text.eq_ignore_ascii_case("none") {
                        ctx.report(
                            *span,
                            "`'none'` in `algorithms` accepts tokens with no signature: anyone can forge one",
                            "remove `'none'`; list only the algorithm your keys are for",
                        );
                    }
                }
            }
        }
        if use_.api == JwtApi::Sign {
            for span in unsigned_sign_options(use_) {
                ctx.report(
                    span,
                    "this token is issued with `alg: 'none'`, without a signature: anyone can forge one",
                    "sign with a real algorithm such as `'RS256'` or `'HS256'`",
                );
            }
        }
    }
}

/// `algorithm: 'none'` or `header: { alg: 'none' }` in `sign` options.
fn unsigned_sign_options(use_: &crate::model::jwt::JwtUse) -> Vec<crate::position::Span> {
    let Some(shape) = use_.options.shape() else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    let mut check = |value: &Value| {
        for alternative in value.alternatives() {
            if let Value::Str { text, span } = alternative {
                if text.eq_ignore_ascii_case("none") {
                    spans.push(*span);
                }
            }
        }
    };
    if let Some(prop) = shape.get("algorithm") {
        check(&prop.value);
    }
    if let Some(Value::Object(header)) = shape.get("header").map(|p| &p.value) {
        if let Some(prop) = header.get("alg") {
            check(&prop.value);
        }
    }
    spans
}
