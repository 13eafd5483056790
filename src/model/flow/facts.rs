//! What the dataflow analysis leaves in the model for the DynamoDB and token-flow rules.

use super::value::Flow;
use crate::position::Span;

/// A DynamoDB operation, or one entry of a Batch/Transact operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    Get,
    Put,
    Update,
    Delete,
    Query,
    Scan,
    ConditionCheck,
    /// PartiQL `ExecuteStatement` (and its batch/transaction forms).
    Statement,
}

impl OpKind {
    pub fn is_write(self) -> bool {
        matches!(self, OpKind::Put | OpKind::Update | OpKind::Delete)
    }
}

/// A key attribute, item attribute or placeholder binding and the value written there.
#[derive(Clone, Debug)]
pub struct Part {
    pub name: String,
    pub flow: Flow,
    /// Where it is written (the value expression, or the `key: value` pair), and in which
    /// file: a key can be built in a service and used in a repository.
    pub site: Span,
    pub site_file: usize,
}

/// One addressed item of an operation, with everything its parameters say.
#[derive(Clone, Debug, Default)]
pub struct OpEntry {
    pub kind: Option<OpKind>,
    pub key: Vec<Part>,
    pub item: Vec<Part>,
    /// `...spread` inside `Item`.
    pub item_spreads: Vec<((usize, Span), Flow)>,
    pub key_condition: Option<Flow>,
    pub condition: Option<Flow>,
    pub filter: Option<Flow>,
    pub update: Option<Flow>,
    pub projection: Option<Flow>,
    pub statement: Option<Flow>,
    pub values: Vec<Part>,
    pub names: Vec<Part>,
    /// The `ExpressionAttributeNames` map itself (built whole from the request, it has no
    /// parts we can list).
    pub names_map: Option<Flow>,
}

impl OpEntry {
    pub fn kind(&self) -> OpKind {
        self.kind.unwrap_or(OpKind::Get)
    }

    pub fn value(&self, placeholder: &str) -> Option<&Part> {
        self.values.iter().find(|p| p.name == placeholder)
    }

    pub fn name(&self, alias: &str) -> Option<&Part> {
        self.names.iter().find(|p| p.name == alias)
    }
}

/// What was true where the operation ran.
#[derive(Clone, Debug, Default)]
pub struct OpContext {
    /// A verified role/scope/group check with exit, or an authorisation middleware (pattern b).
    pub authorized: bool,
    /// The handler can know the caller: it reads verified identity, or sits behind authentication.
    pub identity_available: bool,
    /// The route is public by its path (`/login`, `/signup`, ...).
    pub public_route: bool,
    /// The handler is registered in this file with no authentication in front of it, and
    /// never reads the caller's identity: no user is known, so there is no "other user's"
    /// item to speak of (the missing authentication is `express/unauthenticated-data-route`).
    pub anonymous_route: bool,
    /// The fetched item's owner is compared with verified identity before a response (pattern e).
    pub owner_checked: bool,
    /// The route registration whose handler reached this operation.
    pub registration: Option<usize>,
}

/// A DynamoDB call with its parameters resolved to flows.
#[derive(Clone, Debug)]
pub struct DdbOp {
    /// The file the call is in (index into the scan's files).
    pub file: usize,
    pub span: Span,
    /// How the code names it (`GetCommand`, `docClient.get`).
    pub api: String,
    pub entries: Vec<OpEntry>,
    /// The operation's parameters are the request itself (`new UpdateCommand(req.body)`,
    /// `{ ...req.body }`): where, and the value.
    pub params_from_request: Option<((usize, Span), Flow)>,
    pub context: OpContext,
}

/// A decoded, never verified token trusted as identity.
#[derive(Clone, Debug)]
pub struct DecodeTrust {
    pub decode_file: usize,
    pub decode: Span,
    pub sink_file: usize,
    pub sink: Span,
    pub how: &'static str,
}

/// A route and whether it is a data route with nobody authenticated in front of it.
#[derive(Clone, Debug)]
pub struct RouteFact {
    /// The registration call (`router.post(...)`).
    pub span: Span,
    pub full_path: String,
    pub authenticated: bool,
    pub public: bool,
    /// The first DynamoDB write, or read keyed by request input, its handler reaches:
    /// (file, span, what).
    pub data_access: Option<(usize, Span, &'static str)>,
}

/// Everything the flow analysis of one file found.
#[derive(Clone, Debug, Default)]
pub struct FlowFacts {
    pub ops: Vec<DdbOp>,
    pub decode_trusts: Vec<DecodeTrust>,
    /// Verify callbacks or `catch` clauses that let a failed verification through.
    pub unchecked_verifies: Vec<(usize, Span, &'static str)>,
    /// The evaluation budget ran out: some of the file was not followed.
    pub incomplete: bool,
    /// Routes registered in this file.
    pub routes: Vec<RouteFact>,
}
