//! `jwt/missing-algorithms`: a verifier that lets the token's header choose the algorithm.

use super::{describe, lacks_option};
use crate::model::jwt::JwtApi;
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for use_ in &file.jwt {
        let applies = matches!(
            use_.api,
            JwtApi::Verify | JwtApi::ExpressJwt | JwtApi::PassportStrategy
        );
        if applies && lacks_option(use_, "algorithms") {
            ctx.report(
                use_.span,
                format!(
                    "`{}` has no `algorithms` allow-list, so the token's own header chooses how it is checked",
                    describe(use_)
                ),
                "pass `algorithms: ['RS256']` (only the algorithm your keys are for)",
            );
        }
    }
}
