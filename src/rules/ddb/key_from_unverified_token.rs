//! `ddb/key-from-unverified-token`: an item chosen by claims nobody verified.

use super::{compared_attributes, key_condition_values, provenance};
use crate::model::flow::facts::{OpKind, Part};
use crate::model::flow::value::Labels;
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for op in &file.flow.ops {
        for entry in &op.entries {
            let mut candidates: Vec<&Part> = match entry.kind() {
                OpKind::Query => key_condition_values(entry),
                OpKind::Put => entry
                    .item
                    .iter()
                    .filter(|p| ctx.settings().is_owner_attribute(&p.name))
                    .collect(),
                OpKind::Scan | OpKind::Statement => Vec::new(),
                _ => entry.key.iter().collect(),
            };
            for (attribute, placeholder) in compared_attributes(entry) {
                if ctx.settings().is_owner_attribute(&attribute) {
                    candidates.extend(entry.value(&placeholder));
                }
            }
            if candidates.iter().any(|p| p.flow.is_verified_identity()) {
                continue;
            }
            candidates.sort_by_key(|p| p.site.start);
            if let Some(part) = candidates
                .into_iter()
                .find(|p| p.flow.labels.has(Labels::UNVERIFIED))
            {
                let (from, related) = provenance(ctx, &part.flow);
                ctx.report_in(
                    part.site_file,
                    part.site,
                    format!(
                        "`{}`{from}: claims of a token that was decoded but never verified, so anyone can forge them",
                        part.name
                    ),
                    "verify the token (`jwt.verify` with `algorithms`, `audience` and `issuer`) and key the item by the verified claims",
                    related,
                );
            }
        }
    }
}
