//! `ddb/condition-from-request`: an ownership condition checked against a client-chosen owner.

use super::{compared_attributes, provenance};
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for op in &file.flow.ops {
        if op.context.authorized {
            continue;
        }
        for entry in &op.entries {
            for (attribute, placeholder) in compared_attributes(entry) {
                if !ctx.settings().is_owner_attribute(&attribute) {
                    continue;
                }
                let Some(part) = entry.value(&placeholder) else {
                    continue;
                };
                if !part.flow.untrusted_request() {
                    continue;
                }
                let (from, related) = provenance(ctx, &part.flow);
                ctx.report_in(
                    part.site_file,
                    part.site,
                    format!(
                        "the condition checks `{attribute}` against `{placeholder}`, which{from}: the client picks the owner the check is made against"
                    ),
                    format!("bind `{placeholder}` to the verified caller (e.g. `req.user.sub`), not to request input"),
                    related,
                );
            }
        }
    }
}
