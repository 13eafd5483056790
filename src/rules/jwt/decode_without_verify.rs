//! `jwt/decode-without-verify`: claims of a token nobody verified, trusted as identity.

use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for trust in &file.flow.decode_trusts {
        let line = file.lines.position(&file.source, trust.sink.start).line;
        ctx.report_with(
            trust.decode,
            format!(
                "this token is decoded but never verified, and its payload {} (line {line}): anyone can write a token that says anything",
                trust.how
            ),
            "use `jwt.verify` (with `algorithms`, `audience`, `issuer`) and trust only what it returns",
            vec![crate::finding::Related {
                file: ctx.file_index,
                span: trust.sink,
                message: format!("the decoded payload {} here", trust.how),
            }],
        );
    }
}
