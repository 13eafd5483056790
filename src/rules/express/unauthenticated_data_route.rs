//! `express/unauthenticated-data-route`: a route that reaches DynamoDB with nobody signed in.

use crate::finding::Related;
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for route in &file.flow.routes {
        if route.authenticated || route.public {
            continue;
        }
        let Some((access_file, access_span, what)) = route.data_access else {
            continue;
        };
        let target = ctx.files.get(access_file).unwrap_or(file);
        let line = target
            .lines
            .position(&target.source, access_span.start)
            .line;
        let place = if access_file == ctx.file_index {
            format!("line {line}")
        } else {
            format!("{}:{line}", target.display_path)
        };
        let path = if route.full_path.is_empty() {
            "this route".to_string()
        } else {
            format!("`{}`", route.full_path)
        };
        ctx.report_with(
            route.span,
            format!("{path} {what} ({place}) with no authentication in front of it: anyone can call it"),
            "put the authentication middleware in front of it (on the route, on the router, or where the router is mounted)",
            vec![Related {
                file: access_file,
                span: access_span,
                message: format!("the handler {what} here"),
            }],
        );
    }
}
