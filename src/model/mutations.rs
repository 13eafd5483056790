//! Where the file changes or hands off its variables after declaring them: `o.key = v`,
//! `name = v`, and `f(name)`. Resolution uses these so an options object filled in later is
//! seen whole, and one that is reassigned or handed to other code is not trusted to be known.

use rustc_hash::FxHashMap as HashMap;

use crate::model::ast::{Field, Node, NodeIndex};

use super::syntax::{root_identifier, text, unwrap_expr};

/// Nodes are kept by index, so the model can hold this from indexing to the link stage
/// without borrowing the tree.
#[derive(Debug, Default)]
pub struct Mutations {
    /// `a.b.c = v` by the root name `a`.
    member_writes: HashMap<String, Vec<NodeIndex>>,
    /// `name = v` / `name += v` by name.
    rebinds: HashMap<String, Vec<NodeIndex>>,
    /// Calls that receive `name` as an argument, by name: (call, argument index).
    passed: HashMap<String, Vec<(NodeIndex, usize)>>,
}

impl Mutations {
    /// Records an assignment (plain or augmented).
    pub fn record_assignment(&mut self, assignment: Node, src: &str) {
        let Some(left) = assignment.field(Field::Left).map(unwrap_expr) else {
            return;
        };
        match left.kind() {
            "identifier" => self
                .rebinds
                .entry(text(left, src).to_string())
                .or_default()
                .push(assignment.index()),
            "member_expression" | "subscript_expression" => {
                if let Some(root) = root_identifier(left) {
                    self.member_writes
                        .entry(text(root, src).to_string())
                        .or_default()
                        .push(assignment.index());
                }
            }
            _ => {}
        }
    }

    /// Records the identifiers a call receives as arguments.
    pub fn record_call(&mut self, call: Node, src: &str) {
        let args = super::syntax::arguments(call);
        for (index, arg) in args.into_iter().enumerate() {
            let arg = unwrap_expr(arg);
            if arg.kind() == "identifier" {
                self.passed
                    .entry(text(arg, src).to_string())
                    .or_default()
                    .push((call.index(), index));
            }
        }
    }

    pub fn member_writes(&self, name: &str) -> &[NodeIndex] {
        self.member_writes.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn rebinds(&self, name: &str) -> &[NodeIndex] {
        self.rebinds.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn passed(&self, name: &str) -> &[(NodeIndex, usize)] {
        self.passed.get(name).map_or(&[], Vec::as_slice)
    }
}
