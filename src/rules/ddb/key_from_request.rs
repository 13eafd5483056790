//! `ddb/key-from-request`: an item chosen by the client, never tied to the caller (IDOR).

use super::{
    condition_scopes_to_caller, filter_scopes_to_caller, key_condition_values, provenance,
};
use crate::model::flow::facts::{DdbOp, OpEntry, OpKind, Part};
use crate::model::flow::value::{Flow, Labels};
use crate::position::Span;
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for op in &file.flow.ops {
        let context = &op.context;
        if context.authorized || context.public_route || context.anonymous_route {
            continue;
        }
        for entry in &op.entries {
            if let Some(((file, span), flow)) = request_spread(ctx, op, entry) {
                let (from, related) = provenance(ctx, &flow);
                ctx.report_in(
                    file,
                    span,
                    format!("`Item` spreads the request body, which{from}: the client can set the owner attributes of what it stores"),
                    "copy the allowed fields one by one and set the owner from the verified token",
                    related,
                );
                continue;
            }
            if let Some((part, what)) = offending(ctx, op, entry) {
                let (from, related) = provenance(ctx, &part.flow);
                let message = format!(
                    "`{what}.{}`{from}, and nothing ties it to the verified caller: any user can reach any item",
                    part.name
                );
                ctx.report_in(
                    part.site_file,
                    part.site,
                    message,
                    "add the caller's id from the verified token to the key, or compare the item's owner with it and stop on mismatch",
                    related,
                );
            }
        }
    }
}

fn offending<'a>(
    ctx: &Context,
    op: &'a DdbOp,
    entry: &'a OpEntry,
) -> Option<(&'a Part, &'static str)> {
    let kind = entry.kind();
    if kind.is_write() && condition_scopes_to_caller(ctx, entry) {
        return None;
    }
    match kind {
        // A ConditionCheck reads and writes nothing: what matters is what it checks, which
        // is `ddb/condition-from-request`'s to judge.
        OpKind::ConditionCheck => None,
        OpKind::Get | OpKind::Update | OpKind::Delete => {
            if op.context.owner_checked && !kind.is_write() {
                return None;
            }
            first_request_part(entry.key.iter().collect()).map(|p| (p, "Key"))
        }
        OpKind::Query => {
            if op.context.owner_checked || filter_scopes_to_caller(ctx, entry) {
                return None;
            }
            first_request_part(key_condition_values(entry))
                .map(|p| (p, "ExpressionAttributeValues"))
        }
        OpKind::Put => {
            if !op.context.identity_available {
                return None;
            }
            // Each owner-like attribute stands on its own: `createdBy: req.user.sub` next to
            // `accountId: req.params.accountId` still files the item under a client-chosen account.
            let mut owners: Vec<&Part> = entry
                .item
                .iter()
                .filter(|p| ctx.settings().is_owner_attribute(&p.name))
                .filter(|p| !p.flow.labels.has(Labels::UNVERIFIED))
                .collect();
            owners.sort_by_key(|p| p.site.start);
            owners
                .into_iter()
                .find(|p| p.flow.untrusted_request())
                .map(|p| (p, "Item"))
        }
        OpKind::Scan | OpKind::Statement => None,
    }
}

/// `Item: { ...req.body }`: the client can set any attribute, the owner included, unless
/// the owner is written from the verified caller after the spread.
fn request_spread(ctx: &Context, op: &DdbOp, entry: &OpEntry) -> Option<((usize, Span), Flow)> {
    if entry.kind() != OpKind::Put || !op.context.identity_available {
        return None;
    }
    let verified_owner = entry
        .item
        .iter()
        .any(|p| ctx.settings().is_owner_attribute(&p.name) && p.flow.is_verified_identity());
    if verified_owner || condition_scopes_to_caller(ctx, entry) {
        return None;
    }
    entry
        .item_spreads
        .iter()
        .find(|(_, flow)| flow.whole_request && flow.untrusted_request())
        .map(|(span, flow)| (*span, flow.clone()))
}

/// The first (by position) request-derived, unowned part, unless any part is the caller's
/// verified or decoded identity (then the item is scoped, or it is another rule's finding).
fn first_request_part(mut parts: Vec<&Part>) -> Option<&Part> {
    if parts
        .iter()
        .any(|p| p.flow.is_verified_identity() || p.flow.labels.has(Labels::UNVERIFIED))
    {
        return None;
    }
    parts.sort_by_key(|p| p.site.start);
    parts.into_iter().find(|p| p.flow.untrusted_request())
}
