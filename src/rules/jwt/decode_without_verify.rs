//! `jwt/decode-without-verify`: claims of a token nobody verified, trusted as identity.

use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    // One finding per decode (the first reported wins), naming the sink a reader finds
    // first: one in the decode's own file before one elsewhere, then by position. The
    // analysis meets sinks in whatever order it evaluates the project's functions.
    let mut trusts: Vec<_> = file.flow.decode_trusts.iter().collect();
    trusts.sort_by_key(|t| {
        (
            t.decode.start,
            t.decode.end,
            t.sink_file != ctx.file_index,
            t.sink_file,
            t.sink.start,
        )
    });
    for trust in trusts {
        let sink_model = ctx.files.get(trust.sink_file).unwrap_or(file);
        let line = sink_model
            .lines
            .position(&sink_model.source, trust.sink.start)
            .line;
        let place = if trust.sink_file == ctx.file_index {
            format!("line {line}")
        } else {
            format!("{}:{line}", sink_model.display_path)
        };
        ctx.report_with(
            trust.decode,
            format!(
                "this token is decoded but never verified, and its payload {} ({place}): anyone can write a token that says anything",
                trust.how
            ),
            "use `jwt.verify` (with `algorithms`, `audience`, `issuer`) and trust only what it returns",
            vec![crate::finding::Related {
                file: trust.sink_file,
                span: trust.sink,
                message: format!("the decoded payload {} here", trust.how),
            }],
        );
    }
}
