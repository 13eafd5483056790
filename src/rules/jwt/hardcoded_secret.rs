//! `jwt/hardcoded-secret`: a signing or verification secret written into the source.

use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for use_ in &file.jwt {
        if let Some(span) = use_.key_literal {
            ctx.report(
                span,
                format!(
                    "hard-coded JWT secret used by `{}`: anyone who can read the source can mint valid tokens",
                    use_.callee
                ),
                "load the key from the environment or a secret manager, and refuse to start without it",
            );
        }
    }
}
