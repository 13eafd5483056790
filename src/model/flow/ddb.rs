//! DynamoDB calls: SDK v3 commands (`new GetCommand(params)`), client methods (v2
//! `DocumentClient`, v3 `DynamoDBDocument`, low-level `DynamoDB`), and what their parameters
//! hold, entry by entry for Batch and Transact operations.

use crate::model::ast::{Field, Node};

use super::eval::{is_ddb_module, Analyzer, Frame};
use super::facts::{DdbOp, OpContext, OpEntry, OpKind, Part};
use super::value::{Flow, Labels};
use crate::model::syntax::{arguments, is_function, member_property, text, unwrap_expr};
use crate::position::Span;

/// The kind of a command class or client method, and whether it addresses several items.
fn kind_of(name: &str) -> Option<(OpKind, Shape)> {
    let base = name.strip_suffix("Command").unwrap_or(name);
    let found = match base {
        "Get" | "GetItem" | "get" | "getItem" => (OpKind::Get, Shape::Single),
        "Put" | "PutItem" | "put" | "putItem" => (OpKind::Put, Shape::Single),
        "Update" | "UpdateItem" | "update" | "updateItem" => (OpKind::Update, Shape::Single),
        "Delete" | "DeleteItem" | "delete" | "deleteItem" => (OpKind::Delete, Shape::Single),
        "Query" | "query" => (OpKind::Query, Shape::Single),
        "Scan" | "scan" => (OpKind::Scan, Shape::Single),
        "BatchGet" | "BatchGetItem" | "batchGet" | "batchGetItem" => (OpKind::Get, Shape::BatchGet),
        "BatchWrite" | "BatchWriteItem" | "batchWrite" | "batchWriteItem" => {
            (OpKind::Put, Shape::BatchWrite)
        }
        "TransactGet" | "TransactGetItems" | "transactGet" | "transactGetItems" => {
            (OpKind::Get, Shape::Transact)
        }
        "TransactWrite" | "TransactWriteItems" | "transactWrite" | "transactWriteItems" => {
            (OpKind::Put, Shape::Transact)
        }
        "ExecuteStatement"
        | "executeStatement"
        | "BatchExecuteStatement"
        | "batchExecuteStatement"
        | "ExecuteTransaction"
        | "executeTransaction" => (OpKind::Statement, Shape::Single),
        _ => return None,
    };
    Some(found)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Single,
    BatchGet,
    BatchWrite,
    Transact,
}

/// Parameter keys only DynamoDB takes: an object holding one is a DynamoDB request.
const DDB_PARAM_KEYS: &[&str] = &[
    "TableName",
    "RequestItems",
    "TransactItems",
    "Statement",
    "Statements",
    "TransactStatements",
];

impl<'t> Analyzer<'_, 't> {
    /// `new GetCommand(params)` (imported from the SDK, or re-exported by a local module).
    pub(super) fn ddb_command(&mut self, new: Node<'t>, frame: &mut Frame) -> Option<Flow> {
        let constructor = unwrap_expr(new.field(Field::Constructor)?);
        let lib = self.resolver.lib_ref(constructor);
        // `import { QueryCommand as RawQuery }`: the SDK's name decides, not the local one.
        let name = match (&lib, constructor.kind()) {
            (Some(l), _) if is_ddb_module(l) && !l.path.is_empty() => {
                l.path.last().cloned().unwrap_or_default()
            }
            (_, "identifier") => text(constructor, self.src).to_string(),
            (_, "member_expression") => member_property(constructor, self.src)?,
            _ => return None,
        };
        if !name.ends_with("Command") {
            return None;
        }
        // A class of this file that happens to share the name is not the SDK's.
        if constructor.kind() == "identifier" {
            let local = self.resolver.lookup(&name, constructor);
            if matches!(
                local,
                Some(
                    crate::model::scope::Binding::Class(_)
                        | crate::model::scope::Binding::Function(_)
                )
            ) {
                return None;
            }
        }
        let (kind, shape) = kind_of(&name)?;
        let from_sdk = lib.is_some_and(|l| is_ddb_module(&l));
        let arg = arguments(new).first().copied();
        let params = match arg {
            Some(a) => self.eval(a, frame),
            None => Flow::default(),
        };
        if !from_sdk && !has_ddb_keys(&params) {
            return None;
        }
        let site = arg.map(|a| Span::of(&a)).unwrap_or_else(|| Span::of(&new));
        Some(self.record(new, name, kind, shape, &params, site, frame))
    }

    /// `client.get(params)`, `db.query(params).promise()`, `ddb.getItem(params, callback)`.
    pub(super) fn ddb_method_call(
        &mut self,
        call: Node<'t>,
        function: Node<'t>,
        frame: &mut Frame,
    ) -> Option<Flow> {
        if function.kind() != "member_expression" {
            return None;
        }
        let method = member_property(function, self.src)?;
        let (kind, shape) = kind_of(&method)?;
        let args = arguments(call);
        let first = args.first().copied().map(unwrap_expr)?;
        if is_function(first) {
            return None;
        }
        let receiver = function.field(Field::Object)?;
        let receiver_is_client = self.is_ddb_client(receiver);
        let params = self.eval(first, frame);
        if !receiver_is_client && !has_ddb_keys(&params) {
            return None;
        }
        let api = format!(
            "{}.{method}",
            crate::model::syntax::short_text(receiver, self.src)
        );
        let result = self.record(call, api, kind, shape, &params, Span::of(&first), frame);
        // v2 callback style: `(err, data) => ...` receives the result.
        if let Some(callback) = args
            .iter()
            .skip(1)
            .map(|a| unwrap_expr(*a))
            .find(|a| is_function(*a))
        {
            self.call_inline(callback, &[Flow::default(), result.clone()], frame);
        }
        Some(result)
    }

    /// A variable holding a DynamoDB client made in this file (`new AWS.DynamoDB.DocumentClient()`,
    /// `DynamoDBDocumentClient.from(client)`, `new DynamoDBClient({})`).
    fn is_ddb_client(&self, receiver: Node<'t>) -> bool {
        let receiver = unwrap_expr(receiver);
        let init = match receiver.kind() {
            "identifier" => match self.resolver.lookup(text(receiver, self.src), receiver) {
                Some(crate::model::scope::Binding::Declared {
                    declarator, path, ..
                }) if path.is_empty() => declarator.field(Field::Value),
                _ => None,
            },
            _ => None,
        };
        let Some(init) = init.map(unwrap_expr) else {
            return false;
        };
        let callee = match init.kind() {
            "new_expression" => init.field(Field::Constructor),
            "call_expression" => init.field(Field::Function),
            _ => None,
        };
        callee
            .and_then(|c| self.resolver.lib_ref(c))
            .is_some_and(|lib| is_ddb_module(&lib))
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        node: Node<'t>,
        api: String,
        kind: OpKind,
        shape: Shape,
        params: &Flow,
        params_site: Span,
        frame: &Frame,
    ) -> Flow {
        let entries = match shape {
            Shape::Single => vec![entry(kind, params, self.current)],
            Shape::BatchGet => batch_get(params, self.current),
            Shape::BatchWrite => batch_write(params, self.current),
            Shape::Transact => transact(params, self.current),
        };
        let params_from_request = if params.whole_request {
            Some(((self.current, params_site), params.clone()))
        } else {
            params
                .spreads
                .iter()
                .find(|(_, v)| v.whole_request || v.labels.is_request() && v.fields.is_none())
                .map(|(span, v)| (*span, (**v).clone()))
        };
        let op = DdbOp {
            file: self.current,
            span: Span::of(&node),
            api,
            entries,
            params_from_request,
            context: OpContext {
                authorized: frame.authorized,
                identity_available: frame.identity_available,
                public_route: frame.route.public,
                anonymous_route: frame.route.registered && !frame.identity_available,
                registration: frame.route.registration,
                owner_checked: false,
            },
        };
        self.note_unverified_keys(&op);
        self.facts.ops.push(op);
        Flow {
            labels: Labels::STORED,
            from_ops: vec![self.facts.ops.len() - 1],
            ..Flow::default()
        }
    }

    /// A decoded token's claims reaching a key or expression: `jwt/decode-without-verify`.
    fn note_unverified_keys(&mut self, op: &DdbOp) {
        for entry in &op.entries {
            let parts = entry.key.iter().chain(&entry.values).chain(&entry.item);
            for part in parts {
                if part.flow.labels.has(Labels::UNVERIFIED) {
                    for decode in &part.flow.decodes {
                        self.facts.decode_trusts.push(super::facts::DecodeTrust {
                            decode_file: decode.0,
                            decode: decode.1,
                            sink_file: self.current,
                            sink: part.site,
                            how: "selects a DynamoDB item",
                        });
                    }
                }
            }
        }
    }
}

fn has_ddb_keys(params: &Flow) -> bool {
    DDB_PARAM_KEYS.iter().any(|k| params.field(k).is_some())
}

/// The entry of a single-item operation (or one Transact/Batch element).
fn entry(kind: OpKind, params: &Flow, file: usize) -> OpEntry {
    let expr = |name: &str| params.field(name).cloned();
    OpEntry {
        kind: Some(kind),
        key: parts(params.field("Key"), file),
        item: parts(params.field("Item"), file),
        item_spreads: params
            .field("Item")
            .map(|item| {
                item.spreads
                    .iter()
                    .map(|(s, v)| (*s, (**v).clone()))
                    .collect()
            })
            .unwrap_or_default(),
        key_condition: expr("KeyConditionExpression"),
        condition: expr("ConditionExpression"),
        filter: expr("FilterExpression"),
        update: expr("UpdateExpression"),
        projection: expr("ProjectionExpression"),
        statement: expr("Statement"),
        values: parts(params.field("ExpressionAttributeValues"), file),
        names: parts(params.field("ExpressionAttributeNames"), file),
        names_map: params.field("ExpressionAttributeNames").cloned(),
    }
}

/// The attributes of a `Key`/`Item`/placeholder map, seeing through `{ S: value }` wrappers.
fn parts(map: Option<&Flow>, file: usize) -> Vec<Part> {
    let Some(fields) = map.and_then(|m| m.fields.as_ref()) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter(|(name, _)| name.as_str() != "*" && name.as_str() != "[]")
        .map(|(name, flow)| {
            let inner = unwrap_attribute_value(flow);
            Part {
                name: name.clone(),
                site: flow.site.or(inner.site).map_or_else(Span::default, |s| s.1),
                site_file: flow.site.or(inner.site).map_or(file, |s| s.0),
                flow: inner,
            }
        })
        .collect()
}

/// `{ S: id }` → `id` (low-level attribute values).
fn unwrap_attribute_value(flow: &Flow) -> Flow {
    if let Some(fields) = &flow.fields {
        if fields.len() == 1 {
            if let Some((tag, inner)) = fields.iter().next() {
                if matches!(tag.as_str(), "S" | "N" | "B" | "BOOL" | "SS" | "NS") {
                    return inner.clone();
                }
            }
        }
    }
    flow.clone()
}

/// `RequestItems: { Table: { Keys: [...] } }`.
fn batch_get(params: &Flow, file: usize) -> Vec<OpEntry> {
    let mut out = Vec::new();
    for table in tables(params) {
        if let Some(keys) = table.field("Keys") {
            for key in elements(keys) {
                out.push(OpEntry {
                    kind: Some(OpKind::Get),
                    key: parts(Some(key), file),
                    ..OpEntry::default()
                });
            }
        }
    }
    out
}

/// `RequestItems: { Table: [{ PutRequest: { Item } }, { DeleteRequest: { Key } }] }`.
fn batch_write(params: &Flow, file: usize) -> Vec<OpEntry> {
    let mut out = Vec::new();
    for table in tables(params) {
        for request in elements(table) {
            if let Some(put) = request.field("PutRequest") {
                out.push(entry(OpKind::Put, put, file));
            }
            if let Some(delete) = request.field("DeleteRequest") {
                out.push(entry(OpKind::Delete, delete, file));
            }
        }
    }
    out
}

/// `TransactItems: [{ Get: {...} }, { Update: {...} }, ...]`.
fn transact(params: &Flow, file: usize) -> Vec<OpEntry> {
    let mut out = Vec::new();
    if let Some(items) = params.field("TransactItems") {
        for item in elements(items) {
            for (name, kind) in [
                ("Get", OpKind::Get),
                ("Put", OpKind::Put),
                ("Update", OpKind::Update),
                ("Delete", OpKind::Delete),
                ("ConditionCheck", OpKind::ConditionCheck),
            ] {
                if let Some(inner) = item.field(name) {
                    out.push(entry(kind, inner, file));
                }
            }
        }
    }
    out
}

fn tables(params: &Flow) -> Vec<&Flow> {
    params
        .field("RequestItems")
        .and_then(|r| r.fields.as_ref())
        .map(|f| f.values().collect())
        .unwrap_or_default()
}

/// The elements of an array value (its `[]` field), or the value itself.
fn elements(array: &Flow) -> Vec<&Flow> {
    match array.field("[]") {
        Some(element) => vec![element],
        None => vec![array],
    }
}
