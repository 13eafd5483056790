//! `ddb/expression-injection`: expressions, attribute names or whole parameters from the request.

use super::provenance;
use crate::model::flow::value::Flow;
use crate::position::Span;
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for op in &file.flow.ops {
        if let Some((span, flow)) = &op.params_from_request {
            let (_, related) = provenance(ctx, flow);
            let what = flow
                .origin
                .as_ref()
                .map_or("request input".to_string(), |o| format!("`{}`", o.text));
            ctx.report_in(
                span.0,
                span.1,
                format!("{what} is used as the operation's parameters: the client chooses the key, conditions and expressions"),
                "build the parameters yourself and copy only the fields you allow",
                related,
            );
        }
        for entry in &op.entries {
            let expressions = [
                ("KeyConditionExpression", &entry.key_condition),
                ("ConditionExpression", &entry.condition),
                ("FilterExpression", &entry.filter),
                ("UpdateExpression", &entry.update),
                ("ProjectionExpression", &entry.projection),
                ("Statement", &entry.statement),
            ];
            for (field, flow) in expressions {
                if let Some(flow) = flow.as_ref().filter(|f| injected(f)) {
                    report(ctx, flow.built.or(flow.site), field, flow);
                }
            }
            for name in &entry.names {
                if injected(&name.flow) {
                    report(
                        ctx,
                        Some((name.site_file, name.site)),
                        "ExpressionAttributeNames",
                        &name.flow,
                    );
                }
            }
            let whole_names = entry
                .names_map
                .as_ref()
                .filter(|m| entry.names.is_empty() && injected(m));
            if let Some(map) = whole_names {
                report(ctx, map.site, "ExpressionAttributeNames", map);
            }
        }
    }
}

fn injected(flow: &Flow) -> bool {
    flow.labels.is_request() && !flow.allowlisted
}

fn report(ctx: &mut Context, at: Option<(usize, Span)>, field: &str, flow: &Flow) {
    let Some((file, span)) = at else { return };
    let (from, related) = provenance(ctx, flow);
    ctx.report_in(
        file,
        span,
        format!(
            "`{field}` is built from request input{}: the client can rewrite the expression",
            if from.is_empty() { String::new() } else { format!(" that{from}") }
        ),
        "keep expressions constant; pass request values only through `ExpressionAttributeValues` placeholders, and map attribute names through an allow-list",
        related,
    );
}
