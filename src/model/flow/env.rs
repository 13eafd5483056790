//! The variables an evaluation sees.
//!
//! Every branch, loop body, `catch` and call evaluates on its own copy of the variables, and
//! copying a whole scope (a module can have hundreds of top-level bindings) at each of them was
//! a fifth of the analysis time on library-sized code; joining every variable back after each
//! `if` was as much again. So an environment is layered: the writes made at this level, over a
//! frozen, shared snapshot of the level it was forked from. Cloning costs two reference counts,
//! and merging two branches costs what they wrote, not what is in scope.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::rc::Rc;

use super::value::Flow;

/// Beyond this many layers, reads walk too far: the layers are flattened into one.
const MAX_LAYERS: usize = 24;

#[derive(Clone, Default)]
pub(super) struct Env {
    /// Writes at this level (shared with clones until one of them writes).
    local: Rc<HashMap<String, Flow>>,
    /// What was visible when this level was forked.
    base: Option<Rc<Env>>,
    layers: usize,
}

impl Env {
    pub fn get(&self, name: &str) -> Option<&Flow> {
        let mut env = self;
        loop {
            if let Some(found) = env.local.get(name) {
                return Some(found);
            }
            env = env.base.as_deref()?;
        }
    }

    /// The variable, to update in place (copied up into this level first).
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Flow> {
        if !self.local.contains_key(name) {
            let inherited = self.base.as_deref()?.get(name)?.clone();
            Rc::make_mut(&mut self.local).insert(name.to_string(), inherited);
        }
        Rc::make_mut(&mut self.local).get_mut(name)
    }

    pub fn insert(&mut self, name: String, flow: Flow) {
        Rc::make_mut(&mut self.local).insert(name, flow);
    }

    /// A copy to evaluate a branch or a callee in (see `freeze`).
    pub fn fork(&mut self) -> Env {
        self.freeze();
        self.clone()
    }

    /// Moves this level's writes into the shared snapshot, so that copies made now share
    /// them and a later merge sees only what each copy wrote after this point.
    pub fn freeze(&mut self) {
        if !self.local.is_empty() {
            let frozen = Env {
                local: std::mem::take(&mut self.local),
                base: self.base.take(),
                layers: self.layers,
            };
            self.layers += 1;
            self.base = Some(Rc::new(frozen));
            if self.layers > MAX_LAYERS {
                self.flatten();
            }
        }
    }

    fn flatten(&mut self) {
        let mut all: HashMap<String, Flow> = HashMap::default();
        let mut env = Some(&*self);
        while let Some(level) = env {
            for (name, flow) in level.local.iter() {
                all.entry(name.clone()).or_insert_with(|| flow.clone());
            }
            env = level.base.as_deref();
        }
        *self = Env {
            local: Rc::new(HashMap::default()),
            base: Some(Rc::new(Env {
                local: Rc::new(all),
                base: None,
                layers: 0,
            })),
            layers: 1,
        };
    }

    /// The names written in `self` or `other` since they were forked from a common snapshot
    /// (every name, when they share none).
    pub fn written_since_fork(&self, other: &Env) -> Vec<String> {
        let other_levels: HashSet<*const Env> = other.levels().map(|e| e as *const Env).collect();
        let common = self
            .levels()
            .find(|e| other_levels.contains(&(*e as *const Env)))
            .map(|e| e as *const Env);
        let mut names: Vec<String> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::default();
        for env in [self, other] {
            for level in env
                .levels()
                .take_while(|e| Some(*e as *const Env) != common)
            {
                for name in level.local.keys() {
                    if seen.insert(name) {
                        names.push(name.clone());
                    }
                }
            }
        }
        names
    }

    /// Every variable that differs from `base` (`None`: every variable), nearest write first.
    pub fn entries_above(&self, base: Option<&Rc<Env>>) -> Vec<(String, Flow)> {
        let stop = base.map(Rc::as_ptr);
        let mut seen: HashSet<&str> = HashSet::default();
        let mut out = Vec::new();
        for level in self.levels().take_while(|e| Some(*e as *const Env) != stop) {
            for (name, flow) in level.local.iter() {
                if seen.insert(name) {
                    out.push((name.clone(), flow.clone()));
                }
            }
        }
        out
    }

    /// The snapshot this level was forked from.
    pub fn base(&self) -> Option<&Rc<Env>> {
        self.base.as_ref()
    }

    /// This level, then each snapshot below it.
    fn levels(&self) -> impl Iterator<Item = &Env> {
        std::iter::successors(Some(self), |e| e.base.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::flow::value::Labels;

    fn named(labels: Labels) -> Flow {
        Flow::labelled(labels)
    }

    #[test]
    fn forks_see_the_outer_variables_and_keep_their_own_writes() {
        let mut outer = Env::default();
        outer.insert("a".into(), named(Labels::CONSTANT));
        let mut branch = outer.fork();
        branch.insert("b".into(), named(Labels::REQ_BODY));
        branch.get_mut("a").expect("inherited").labels = Labels::REQ_PARAMS;
        assert_eq!(outer.get("a").map(|f| f.labels), Some(Labels::CONSTANT));
        assert!(outer.get("b").is_none());
        assert_eq!(branch.get("a").map(|f| f.labels), Some(Labels::REQ_PARAMS));
        let mut names = branch.written_since_fork(&outer);
        names.sort();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn two_branches_report_the_union_of_their_writes() {
        let mut outer = Env::default();
        outer.insert("x".into(), Flow::default());
        let mut then = outer.fork();
        let mut other = outer.fork();
        then.insert("t".into(), Flow::default());
        // A nested fork inside a branch still counts as that branch's write.
        let mut nested = other.fork();
        nested.insert("e".into(), Flow::default());
        other = nested;
        let mut names = then.written_since_fork(&other);
        names.sort();
        assert_eq!(names, ["e", "t"]);
    }

    #[test]
    fn many_forks_flatten_without_losing_a_variable() {
        let mut env = Env::default();
        for i in 0..(MAX_LAYERS * 3) {
            env.insert(format!("v{i}"), Flow::default());
            let _ = env.fork();
        }
        assert!(env.layers <= MAX_LAYERS + 1);
        for i in 0..(MAX_LAYERS * 3) {
            assert!(env.get(&format!("v{i}")).is_some(), "v{i}");
        }
    }
}
