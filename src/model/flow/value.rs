//! The abstract value of the dataflow analysis: where a value may have come from (labels),
//! whether a guard has tied it to the caller (`owned`), and, for object literals, the values
//! of their properties (so `params.Key.userId` can be read back at the DynamoDB call).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::position::Span;

/// Where a value may come from. A bit set: a value can carry several.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Labels(u16);

impl Labels {
    pub const NONE: Labels = Labels(0);
    pub const REQ_PARAMS: Labels = Labels(1);
    pub const REQ_QUERY: Labels = Labels(1 << 1);
    pub const REQ_BODY: Labels = Labels(1 << 2);
    pub const REQ_HEADERS: Labels = Labels(1 << 3);
    pub const REQ_COOKIES: Labels = Labels(1 << 4);
    /// The verified token's claims.
    pub const VERIFIED: Labels = Labels(1 << 5);
    /// Claims decoded from a token that was never verified.
    pub const UNVERIFIED: Labels = Labels(1 << 6);
    pub const CONSTANT: Labels = Labels(1 << 7);
    pub const SERVER_GENERATED: Labels = Labels(1 << 8);
    /// Data read from DynamoDB (`Item`, `Items`).
    pub const STORED: Labels = Labels(1 << 9);

    pub const REQUEST: Labels = Labels(0b1_1111);

    pub fn has(self, other: Labels) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_request(self) -> bool {
        self.has(Labels::REQUEST)
    }

    pub fn union(self, other: Labels) -> Labels {
        Labels(self.0 | other.0)
    }

    pub fn without(self, other: Labels) -> Labels {
        Labels(self.0 & !other.0)
    }
}

/// The properties of an object value, shared by its copies until one of them changes: values
/// are copied at every read, argument and branch, and a module's large object literal (a table
/// of hundreds of entries) copied each time made library code cost gigabytes.
pub type Fields = Arc<FieldMap>;

/// Values nested deeper than this in one another are joined without their inner properties:
/// `x = {a: x}` a hundred thousand times is a legal file, and the recursion would not be.
const MAX_JOIN_DEPTH: usize = 64;

/// The property map of an object value. Dropped without recursion (see `Drop`).
#[derive(Clone, Debug, Default)]
pub struct FieldMap(BTreeMap<String, Flow>);

impl std::ops::Deref for FieldMap {
    type Target = BTreeMap<String, Flow>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for FieldMap {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Drop for FieldMap {
    /// Values can nest as deep as a file repeats `x = {a: x}`; dropping them one level per
    /// stack frame overflowed the stack. The maps no other value shares are taken apart here,
    /// with a list instead of recursion.
    fn drop(&mut self) {
        let mut pending: Vec<Fields> = Vec::new();
        let take_apart = |map: &mut BTreeMap<String, Flow>, pending: &mut Vec<Fields>| {
            for (_, mut flow) in std::mem::take(map) {
                pending.extend(flow.fields.take());
                for (_, spread) in flow.spreads.iter_mut() {
                    pending.extend(spread.fields.take());
                }
            }
        };
        take_apart(&mut self.0, &mut pending);
        while let Some(fields) = pending.pop() {
            if let Ok(mut map) = Arc::try_unwrap(fields) {
                take_apart(&mut map.0, &mut pending);
            }
        }
    }
}

/// Where a tracked value entered the code: `req.params.id` at line 12.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file (index into the scan's files) the source is in.
    pub file: usize,
    pub span: Span,
    pub text: String,
}

/// The abstract value of an expression.
#[derive(Clone, Debug, Default)]
pub struct Flow {
    pub labels: Labels,
    /// A guard tied this value to the caller (ownership patterns (a) and (b)).
    pub owned: bool,
    /// A guard showed this value equals the caller's verified identity (pattern (a)), so it
    /// scopes a key the way the identity itself would (pattern (c)).
    pub equals_identity: bool,
    /// An allow-list check with exit admitted only known values (for expression injection).
    pub allowlisted: bool,
    /// This is a whole request container (`req.body`, `req.query`, `req.params`), not a part.
    pub whole_request: bool,
    /// This is the request object itself (`req`).
    pub request_object: bool,
    /// The first source this value derives from, for explaining findings.
    pub origin: Option<Origin>,
    /// The access path the value was read from (`req.params.id`), for matching guards.
    pub path: Option<String>,
    /// Properties of an object literal (and `[]` for array elements).
    pub fields: Option<Fields>,
    /// Where the value was written (file, expression), for reporting at a key's value.
    pub site: Option<(usize, Span)>,
    /// The template or concatenation that first mixed request input into a string.
    pub built: Option<(usize, Span)>,
    /// The text of a constant string (what expression strings are parsed from).
    pub text: Option<String>,
    /// The DynamoDB operations (fact indexes) whose result this value holds.
    pub from_ops: Vec<usize>,
    /// Spread sites inside an object literal (`{ ...req.body }`): the spread's span and value.
    pub spreads: Vec<((usize, Span), Box<Flow>)>,
    /// The decode calls (file, span) this unverified value comes from.
    pub decodes: Vec<(usize, Span)>,
    /// One alternative is request input (`req.body.ownerId ?? req.user.sub`): the client can
    /// choose the value even though it may also be the caller's identity.
    pub client_choosable: bool,
}

impl Flow {
    pub fn labelled(labels: Labels) -> Flow {
        Flow {
            labels,
            ..Flow::default()
        }
    }

    pub fn constant(text: Option<String>) -> Flow {
        Flow {
            labels: Labels::CONSTANT,
            text,
            ..Flow::default()
        }
    }

    /// The union of two possible values (branches, `||`, concatenation parts).
    pub fn join(self, other: &Flow) -> Flow {
        self.join_at(other, 0)
    }

    fn join_at(mut self, other: &Flow, depth: usize) -> Flow {
        // A joined value is owned (allow-listed) only when every part that carries request
        // data is.
        let self_req = self.labels.is_request() || self.request_object;
        let other_req = other.labels.is_request();
        (self.owned, self.allowlisted) = match (self_req, other_req) {
            (true, true) => (
                self.owned && other.owned,
                self.allowlisted && other.allowlisted,
            ),
            (false, true) => (other.owned, other.allowlisted),
            _ => (self.owned, self.allowlisted),
        };
        self.labels = self.labels.union(other.labels);
        self.whole_request |= other.whole_request;
        self.client_choosable |= other.client_choosable;
        if self.origin.is_none() {
            self.origin = other.origin.clone();
        }
        if self.path.is_none() {
            self.path = other.path.clone();
        }
        if self.built.is_none() {
            self.built = other.built;
        }
        for op in &other.from_ops {
            if !self.from_ops.contains(op) {
                self.from_ops.push(*op);
            }
        }
        for d in &other.decodes {
            if !self.decodes.contains(d) {
                self.decodes.push(*d);
            }
        }
        if self.text != other.text {
            self.text = None;
        }
        match (&mut self.fields, &other.fields) {
            (Some(mine), Some(theirs)) if Arc::ptr_eq(mine, theirs) => {}
            (Some(_), Some(_)) if depth >= MAX_JOIN_DEPTH => {}
            (Some(mine), Some(theirs)) => {
                let mine = Arc::make_mut(mine);
                for (k, v) in theirs.iter() {
                    let merged = match mine.get(k) {
                        Some(existing) => existing.clone().join_at(v, depth + 1),
                        None => v.clone(),
                    };
                    mine.insert(k.clone(), merged);
                }
            }
            (None, Some(theirs)) => self.fields = Some(theirs.clone()),
            _ => {}
        }
        self
    }

    /// A value derived from this one (member access, string method, template part): keeps the
    /// provenance, drops the structure.
    pub fn derived(&self) -> Flow {
        Flow {
            labels: self.labels,
            owned: self.owned,
            allowlisted: self.allowlisted,
            origin: self.origin.clone(),
            path: self.path.clone(),
            built: self.built,
            from_ops: self.from_ops.clone(),
            decodes: self.decodes.clone(),
            client_choosable: self.client_choosable,
            ..Flow::default()
        }
    }

    /// One of two values (`a || b`, `a ?? b`, `c ? a : b`): like [`Flow::join`], and when
    /// one side is request input the result is the client's to choose.
    pub fn either(self, other: &Flow) -> Flow {
        let choosable =
            self.labels.is_request() && !self.owned || other.labels.is_request() && !other.owned;
        let mut joined = self.join(other);
        joined.client_choosable |= choosable;
        joined
    }

    /// The caller's verified identity, and only that (not a value the client may pick instead).
    pub fn is_verified_identity(&self) -> bool {
        (self.labels.has(Labels::VERIFIED) || self.equals_identity) && !self.client_choosable
    }

    /// An object value's properties (or an array's `[]`).
    pub fn with_fields(mut self, fields: BTreeMap<String, Flow>) -> Flow {
        self.fields = Some(Arc::new(FieldMap(fields)));
        self
    }

    /// The properties, to change (made, or unshared from other copies, first).
    pub fn fields_mut(&mut self) -> &mut BTreeMap<String, Flow> {
        &mut Arc::make_mut(self.fields.get_or_insert_with(Default::default)).0
    }

    /// The value of property `key`.
    pub fn field(&self, key: &str) -> Option<&Flow> {
        self.fields.as_ref()?.get(key)
    }

    /// The request-carrying labels, unless a guard has tied the value to the caller.
    pub fn untrusted_request(&self) -> bool {
        self.labels.is_request() && !self.owned
    }

    /// Sets the site where this value is written, keeping the rest.
    pub fn at(mut self, file: usize, site: Span) -> Flow {
        self.site = Some((file, site));
        self
    }
}
