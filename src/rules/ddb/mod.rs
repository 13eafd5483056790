//! DynamoDB rules: each reads the file's [`DdbOp`](crate::model::flow::facts::DdbOp) facts.

pub mod condition_from_request;
pub mod expression_injection;
pub mod key_from_request;
pub mod key_from_unverified_token;

use crate::finding::Related;
use crate::model::flow::facts::OpEntry;
use crate::model::flow::value::Flow;
use crate::rules::Context;

/// "comes from `req.params.id` (line 12)" and the related location for it.
fn provenance(ctx: &Context, flow: &Flow) -> (String, Vec<Related>) {
    let Some(origin) = &flow.origin else {
        return (String::new(), Vec::new());
    };
    let source_file = ctx.files.get(origin.file).unwrap_or(ctx.file);
    let line = source_file
        .lines
        .position(&source_file.source, origin.span.start)
        .line;
    let related = Related {
        file: origin.file,
        span: origin.span,
        message: format!("`{}` enters here", origin.text),
    };
    // Name the file when the value comes from another one (a route calling a repository).
    let place = if origin.file == ctx.file_index {
        format!("line {line}")
    } else {
        format!("{}:{line}", source_file.display_path)
    };
    (
        format!(" comes from `{}` ({place})", origin.text),
        vec![related],
    )
}

/// The placeholders an expression string uses (`:id`), in order.
fn placeholders(expression: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = expression.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' {
            let start = i;
            i += 1;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            if i > start + 1 {
                out.push(expression[start..i].to_string());
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The placeholders bound in a key condition (all of them when the expression is not a
/// constant we can read).
fn key_condition_values(entry: &OpEntry) -> Vec<&crate::model::flow::facts::Part> {
    let used = entry
        .key_condition
        .as_ref()
        .and_then(|k| k.text.as_deref())
        .map(placeholders);
    entry
        .values
        .iter()
        .filter(|p| used.as_ref().is_none_or(|u| u.contains(&p.name)))
        .collect()
}

/// `attribute = :placeholder` comparisons of a condition expression, with `#alias`es
/// resolved through `ExpressionAttributeNames`: (attribute, placeholder).
fn compared_attributes(entry: &OpEntry) -> Vec<(String, String)> {
    compared_in(entry, entry.condition.as_ref())
}

/// `attribute = :placeholder` comparisons of any expression of the entry.
fn compared_in(entry: &OpEntry, expression: Option<&Flow>) -> Vec<(String, String)> {
    let Some(text) = expression.and_then(|c| c.text.as_deref()) else {
        return Vec::new();
    };
    let tokens = tokens(text);
    let mut pairs: Vec<(&String, &String)> = Vec::new();
    for window in tokens.windows(3) {
        if let [a, op, b] = window {
            if matches!(op.as_str(), "=" | "<>") {
                pairs.push((a, b));
            }
        }
    }
    // `:me IN (ownerId, editorId)`.
    for (i, token) in tokens.iter().enumerate() {
        if token.starts_with(':')
            && tokens
                .get(i + 1)
                .is_some_and(|t| t.eq_ignore_ascii_case("IN"))
        {
            for attribute in tokens[i + 2..].iter().take_while(|t| t.as_str() != ")") {
                if !matches!(attribute.as_str(), "(" | ",") {
                    pairs.push((attribute, token));
                }
            }
        }
    }
    // `begins_with(#t, :tenant)`, `contains(owners, :me)`.
    for window in tokens.windows(5) {
        if let [function, open, a, comma, b] = window {
            if matches!(function.as_str(), "begins_with" | "contains")
                && open == "("
                && comma == ","
            {
                pairs.push((a, b));
            }
        }
    }
    let mut out = Vec::new();
    for (a, b) in pairs {
        let (attribute, placeholder) = if b.starts_with(':') {
            (a, b)
        } else if a.starts_with(':') {
            (b, a)
        } else {
            continue;
        };
        let attribute = if attribute.starts_with('#') {
            match entry.name(attribute).and_then(|n| n.flow.text.clone()) {
                Some(name) => name,
                None => continue,
            }
        } else {
            attribute.clone()
        };
        out.push((attribute, placeholder.clone()));
    }
    out
}

fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        if !current.is_empty() {
            out.push(std::mem::take(current));
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || matches!(c, '_' | '#' | ':' | '.' | '-') {
            current.push(c);
        } else {
            flush(&mut current, &mut out);
            if c == '<' && chars.get(i + 1) == Some(&'>') {
                out.push("<>".into());
                i += 1;
            } else if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
        i += 1;
    }
    flush(&mut current, &mut out);
    out
}

/// Pattern (d): a write whose condition compares an owner attribute with the caller.
fn condition_scopes_to_caller(ctx: &Context, entry: &OpEntry) -> bool {
    scopes_to_caller(ctx, entry, entry.condition.as_ref())
}

/// Pattern (e) done by DynamoDB: a query whose filter keeps only the caller's items.
fn filter_scopes_to_caller(ctx: &Context, entry: &OpEntry) -> bool {
    scopes_to_caller(ctx, entry, entry.filter.as_ref())
}

fn scopes_to_caller(ctx: &Context, entry: &OpEntry, expression: Option<&Flow>) -> bool {
    compared_in(entry, expression)
        .iter()
        .any(|(attribute, placeholder)| {
            ctx.settings().is_owner_attribute(attribute)
                && entry
                    .value(placeholder)
                    .is_some_and(|p| p.flow.is_verified_identity())
        })
}
