//! `jwt/unchecked-verify-error`: a failed verification lets the request through.

use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for (_, span, what) in &file.flow.unchecked_verifies {
        ctx.report(
            *span,
            format!("{what} carries on when verification fails: an invalid or expired token is treated as authenticated"),
            "on error, stop: `if (err) return res.status(401).end()` or `return next(err)`",
        );
    }
}
