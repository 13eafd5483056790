//! `jwt/algorithm-confusion`: HMAC and public-key algorithms accepted by the same verifier.

use super::algorithm_lists;
use crate::model::resolve::Value;
use crate::rules::Context;

pub fn check(ctx: &mut Context) {
    let file = ctx.file;
    for use_ in &file.jwt {
        // Options from another file are judged in that file, where their values are written.
        if use_.options_file.is_some() {
            continue;
        }
        for (items, span) in algorithm_lists(use_) {
            check_list(ctx, items, span);
        }
    }
}

fn check_list(ctx: &mut Context, items: &[Value], span: crate::position::Span) {
    let names: Vec<&str> = items
        .iter()
        .filter_map(|v| match v {
            Value::Str { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let hmac = names.iter().find(|n| is_hmac(n));
    let asymmetric = names.iter().find(|n| is_asymmetric(n));
    if let (Some(hmac), Some(asymmetric)) = (hmac, asymmetric) {
        ctx.report(
            span,
            format!(
                "`algorithms` mixes HMAC (`{hmac}`) with public-key (`{asymmetric}`): a token signed with `{hmac}` using the public key as its secret verifies"
            ),
            "allow one family only, the one your keys are for (e.g. `['RS256']`)",
        );
    }
}

fn is_hmac(name: &str) -> bool {
    name.len() > 2 && name[..2].eq_ignore_ascii_case("HS")
}

fn is_asymmetric(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.starts_with("RS")
        || upper.starts_with("PS")
        || upper.starts_with("ES")
        || upper == "EDDSA"
}
