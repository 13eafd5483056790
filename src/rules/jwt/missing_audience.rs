//! `jwt/missing-audience`: tokens minted for another service are accepted.

use super::{describe, lacks_option, verifies};
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for use_ in file.jwt.iter().filter(|u| verifies(u.api)) {
        if lacks_option(use_, "audience") {
            ctx.report(
                use_.span,
                format!(
                    "`{}` does not check the token's audience (`aud`): a token issued for another service is accepted here",
                    describe(use_)
                ),
                "pass `audience: '<this API's identifier>'`",
            );
        }
    }
}
