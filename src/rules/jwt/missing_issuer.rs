//! `jwt/missing-issuer`: tokens from any issuer sharing the key are accepted.

use super::{describe, lacks_option, verifies};
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for use_ in file.jwt.iter().filter(|u| verifies(u.api)) {
        if lacks_option(use_, "issuer") {
            ctx.report(
                use_.span,
                format!(
                    "`{}` does not check the token's issuer (`iss`): a token from any issuer that shares the key is accepted",
                    describe(use_)
                ),
                "pass `issuer: '<your identity provider>'`",
            );
        }
    }
}
