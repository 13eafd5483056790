//! The abstract interpreter: statements in order, expressions to [`Flow`]s.

use std::rc::Rc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::env::Env;

use crate::model::ast::{Field, Node};

use super::facts::{DecodeTrust, FlowFacts, OpKind, RouteFact};
use super::graph::{route_infos, Arg, Key, Registration};
use super::guards::{self, equal_when_false, equal_when_true, exits};
use super::project::{Export, Unit};
use super::routes::{names_authentication, names_authorization, registration_args, RouteInfo};
use super::tokens::{continues_after, lets_request_through, verifies_token};
use super::value::{Flow, Labels, Origin};
use super::Settings;
use crate::model::resolve::{LibRef, Resolver};
use crate::model::scope::Binding;
use crate::model::syntax::{
    arguments, is_function, member_property, property_key, string_value, text, unwrap_await,
    unwrap_expr,
};
use crate::position::Span;

/// How deep the file's own functions are followed from a call site.
const MAX_CALL_DEPTH: usize = 4;
/// Evaluation steps per component and pass: about ten times what a 2,000-file application
/// needs (its files take a few hundred steps each).
const COMPONENT_STEP_BUDGET: usize = 3_000_000;
/// Evaluation steps per file: generous for handler code, a bound for generated code.
const STEP_BUDGET: usize = 400_000;
/// How deep a guard condition is followed through `!`, `&&`/`||` and recorded conditions.
const MAX_GUARD_DEPTH: usize = 64;
/// Nesting of expressions evaluated at once (each level is a few native stack frames).
const MAX_EVAL_DEPTH: usize = 256;

/// What a function's evaluation is for.
#[derive(Clone, Default)]
pub(super) struct Frame {
    pub env: Env,
    /// Access paths (`id`, `req.params.id`) a guard tied to the caller.
    pub owned: HashSet<String>,
    /// Access paths an allow-list check admitted (`if (!FIELDS.includes(f)) return ...`).
    pub allowlisted: HashSet<String>,
    pub authorized: bool,
    pub route: RouteInfo,
    pub handler: bool,
    pub identity_available: bool,
    /// Token expressions (by text) verified on this path.
    pub verified_tokens: HashSet<String>,
    /// Operations whose result has been sent in a response already.
    pub responded: Vec<usize>,
    pub returns: Option<Flow>,
    /// Names of the `resolve` callbacks of `new Promise` executors being evaluated.
    pub resolvers: Vec<String>,
}

impl Frame {
    /// A copy to evaluate a branch in: cheap, and a merge afterwards sees only what it wrote.
    fn fork(&mut self) -> Frame {
        self.env.freeze();
        self.clone()
    }
}

/// What pass 1 learns about how the file fills in the caller's identity.
#[derive(Default)]
struct IdentitySources {
    /// `req.user`/`req.auth` (by property) assigned from a decode.
    request_identity: HashMap<String, Flow>,
    /// `res.locals.X` assigned values, by X.
    locals: HashMap<String, Flow>,
}

pub struct Analyzer<'a, 't> {
    pub(super) src: &'a str,
    pub(super) resolver: &'a Resolver<'a, 't>,
    pub(super) settings: &'a Settings,
    pub facts: FlowFacts,
    call_stack: Vec<usize>,
    steps: usize,
    eval_depth: usize,
    identity: IdentitySources,
    learned: IdentitySources,
    /// Functions evaluated as roots (handlers, or on their own) in this pass.
    roots_done: HashSet<usize>,
    /// (handler, registration) pairs evaluated in this pass: a handler installed on several
    /// routes is judged on each, whatever order they are registered in.
    routes_done: HashSet<(usize, usize)>,
    /// Middlewares (function ids) that make an authorisation decision: every `next()` they
    /// call comes after a verified role/scope check that leaves on failure (pattern (b)).
    authorizing: HashSet<usize>,
    /// Functions called in this pass with the request as first argument (`setStatus(req,
    /// res, ...)`): helpers of handlers, already judged where they are called.
    called_with_request: HashSet<usize>,
    /// The parameters of the function `call_local` is about to enter whose arguments are
    /// tokens verified in the caller (taken by the call).
    verified_arguments: Vec<String>,
    /// How many parameters `function_value` is following through their arguments now.
    parameter_hops: usize,
    /// While a handler or middleware is evaluated: whether each `next()` it calls is
    /// authorised (see `authorizing`).
    next_calls: Option<Vec<bool>>,
    /// Apps and routers (by text) with an authenticating `use` registered so far.
    authenticated_receivers: HashSet<String>,
    /// Values passed to `resolve(...)` of the innermost promise executor.
    resolved: Vec<Flow>,
    /// The token expression (text) each decode call decodes.
    pub(super) decode_tokens: HashMap<(usize, Span), String>,
    /// Conditions stored in variables (`const allowed = a === b || isAdmin`), by name.
    conditions: HashMap<String, Node<'t>>,
    /// Route registrations seen so far, and the route graph computed after the first pass.
    registrations: Vec<Registration>,
    registered_ids: HashSet<usize>,
    route_infos: HashMap<usize, RouteInfo>,
    /// Handlers and middlewares being evaluated, innermost last.
    roots: Vec<Node<'t>>,
    /// The argument (file, node) each parameter of the project's functions was last called
    /// with, by (function id, parameter name): how `verifier.verify()` inside a middleware
    /// made by `requireService(serviceTokens)` finds its class.
    param_nodes: HashMap<(usize, String), (usize, Node<'t>)>,
    /// What each function (and the functions around it) puts in identity slots
    /// (`user`, `auth`, `locals.user`), learned in the first pass, used in the second.
    slots_by_function: HashMap<usize, HashMap<String, Flow>>,
    learned_slots_by_function: HashMap<usize, HashMap<String, Flow>>,
    /// The middlewares in front of the handler being evaluated.
    chain: Vec<usize>,
    /// Key paths whose fetched item's owner a helper checked (`assertOwner(item, req.user)`)
    /// for the handler being evaluated: a later write of the same key is covered.
    checked_paths: HashSet<String>,
    /// The project's files; `src` and `resolver` are the current one's.
    pub(super) units: &'a [Unit<'a, 't>],
    pub(super) current: usize,
    /// The unit each syntax tree (by address) belongs to.
    tree_units: HashMap<usize, usize>,
    /// Per unit: it imports, directly or through other units, a package the rules know (or
    /// decodes a token by hand). See `run`.
    reaches_seed: Vec<bool>,
    /// Whether a function authenticates, by (function id, depth of the question).
    authenticating: HashMap<(usize, usize), bool>,
    /// Every `new X(...)` of the project, by the text of `X`, in file order (made when first
    /// needed: a search per question was a walk over every file of the component).
    constructions: Option<Constructions<'t>>,
    /// Each unit's module-level state in this pass (its variables are what calls into it
    /// from other files see), and the units whose module code is running now.
    modules: HashMap<usize, UnitState>,
    modules_running: Vec<usize>,
    /// Each unit's functions evaluated on their own, found in the first pass.
    unit_roots: HashMap<usize, Rc<UnitRoots<'t>>>,
}

/// Runs the flow analysis over the project's files; returns each file's facts.
pub fn analyze_project<'a, 't>(
    units: &'a [Unit<'a, 't>],
    settings: &'a Settings,
) -> Vec<FlowFacts> {
    let Some(first) = units.first() else {
        return Vec::new();
    };
    let mut analyzer = Analyzer {
        src: first.src,
        resolver: &first.resolver,
        settings,
        facts: FlowFacts::default(),
        call_stack: Vec::new(),
        steps: 0,
        eval_depth: 0,
        identity: IdentitySources::default(),
        learned: IdentitySources::default(),
        roots_done: HashSet::default(),
        routes_done: HashSet::default(),
        authorizing: HashSet::default(),
        next_calls: None,
        parameter_hops: 0,
        verified_arguments: Vec::new(),
        called_with_request: HashSet::default(),
        authenticated_receivers: HashSet::default(),
        resolved: Vec::new(),
        decode_tokens: HashMap::default(),
        conditions: HashMap::default(),
        registrations: Vec::new(),
        registered_ids: HashSet::default(),
        route_infos: HashMap::default(),
        roots: Vec::new(),
        param_nodes: HashMap::default(),
        slots_by_function: HashMap::default(),
        learned_slots_by_function: HashMap::default(),
        chain: Vec::new(),
        checked_paths: HashSet::default(),
        units,
        current: 0,
        tree_units: units
            .iter()
            .enumerate()
            .map(|(index, unit)| (tree_key(unit.root), index))
            .collect(),
        constructions: None,
        authenticating: HashMap::default(),
        reaches_seed: reaches_seed(units),
        modules: HashMap::default(),
        modules_running: Vec::new(),
        unit_roots: HashMap::default(),
    };
    let mut incomplete = vec![false; units.len()];
    let mut total_steps = 0usize;
    let order = analysis_order(units);
    // Pass 1 learns how the project fills `req.user` and `res.locals`; pass 2 uses it.
    for pass in 0..2 {
        if pass == 1 {
            analyzer.mark_authorizing_middlewares();
            analyzer.route_infos = route_infos(&analyzer.registrations, settings);
            analyzer.slots_by_function = std::mem::take(&mut analyzer.learned_slots_by_function);
            analyzer.identity = std::mem::take(&mut analyzer.learned);
            analyzer.facts = FlowFacts::default();
            analyzer.roots_done.clear();
            analyzer.routes_done.clear();
            analyzer.called_with_request.clear();
            analyzer.modules.clear();
        }
        total_steps += analyzer.run_pass(&order, &mut incomplete);
    }
    if std::env::var_os("CLAIMCHECK_TIMINGS").is_some() {
        eprintln!(
            "claimcheck: {} files, {total_steps} steps, {} over budget",
            units.len(),
            incomplete.iter().filter(|&&i| i).count()
        );
    }
    for (index, unit) in units.iter().enumerate() {
        analyzer.enter(index);
        analyzer.check_verify_handling(unit.root);
    }
    dedup(&mut analyzer.facts);
    let routes = analyzer.route_facts();
    distribute(analyzer.facts, &incomplete, routes)
}

/// Splits the project's facts into each file's.
fn distribute(
    facts: FlowFacts,
    incomplete: &[bool],
    routes: Vec<(usize, RouteFact)>,
) -> Vec<FlowFacts> {
    let mut out: Vec<FlowFacts> = incomplete
        .iter()
        .map(|&incomplete| FlowFacts {
            incomplete,
            ..FlowFacts::default()
        })
        .collect();
    for op in facts.ops {
        if let Some(file) = out.get_mut(op.file) {
            file.ops.push(op);
        }
    }
    for trust in facts.decode_trusts {
        if let Some(file) = out.get_mut(trust.decode_file) {
            file.decode_trusts.push(trust);
        }
    }
    for (file, route) in routes {
        if let Some(facts) = out.get_mut(file) {
            facts.routes.push(route);
        }
    }
    for (file, span, what) in facts.unchecked_verifies {
        if let Some(facts) = out.get_mut(file) {
            facts.unchecked_verifies.push((file, span, what));
        }
    }
    out
}

/// The order units are analysed in: the seeds (files importing a known package), then the files
/// next to them in the import graph, and so on outwards, each ring in file order. When a
/// component is too large to finish, what is left out is what lies farthest from the app.
fn analysis_order(units: &[Unit]) -> Vec<usize> {
    let importers = importers(units);
    let neighbours = |u: usize| {
        let imports = units[u]
            .modules
            .values()
            .copied()
            .filter(|&v| v < units.len());
        imports.chain(importers[u].iter().copied())
    };
    let mut placed = vec![false; units.len()];
    let mut order: Vec<usize> = Vec::with_capacity(units.len());
    let mut ring: Vec<usize> = (0..units.len()).filter(|&u| units[u].seed).collect();
    while !ring.is_empty() {
        for &u in &ring {
            placed[u] = true;
        }
        order.extend(&ring);
        let mut next: Vec<usize> = ring
            .iter()
            .flat_map(|&u| neighbours(u))
            .filter(|&v| !placed[v])
            .collect();
        next.sort_unstable();
        next.dedup();
        ring = next;
    }
    order.extend((0..units.len()).filter(|&u| !placed[u]));
    order
}

/// For each unit, the units that import it.
fn importers(units: &[Unit]) -> Vec<Vec<usize>> {
    let mut importers: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (from, unit) in units.iter().enumerate() {
        for &to in unit.modules.values() {
            if let Some(list) = importers.get_mut(to) {
                list.push(from);
            }
        }
    }
    importers
}

/// Which units are seeds or import one, directly or through the units they import.
fn reaches_seed(units: &[Unit]) -> Vec<bool> {
    let mut reaches: Vec<bool> = units.iter().map(|u| u.seed).collect();
    // Importers of a unit that reaches a seed reach it too: propagate backwards to a fixpoint.
    let importers = importers(units);
    let mut queue: Vec<usize> = (0..units.len()).filter(|&u| reaches[u]).collect();
    while let Some(unit) = queue.pop() {
        for &importer in &importers[unit] {
            if !reaches[importer] {
                reaches[importer] = true;
                queue.push(importer);
            }
        }
    }
    reaches
}

/// What a spread records of the value spread: the value itself, not what was spread into it
/// (nothing reads that, and `x = {...x}` repeated would nest it without end).
fn spread_value(mut value: Flow) -> Box<Flow> {
    value.spreads = Vec::new();
    Box::new(value)
}

type Constructions<'t> = HashMap<String, Vec<(usize, Node<'t>)>>;

/// Every `new X(...)` expression of the units, by the text of `X`, in file order and, within a
/// file, in the order a depth-first walk meets them.
fn constructions<'t>(units: &[Unit<'_, 't>], max_nesting: usize) -> Constructions<'t> {
    let mut found: Constructions<'t> = HashMap::default();
    for (unit, Unit { src, root, .. }) in units.iter().enumerate() {
        if !src.contains("new ") {
            continue;
        }
        let mut stack = vec![(*root, 0usize)];
        while let Some((node, depth)) = stack.pop() {
            if node.kind() == "new_expression" {
                if let Some(constructor) = node.field(Field::Constructor) {
                    found
                        .entry(text(constructor, src).to_string())
                        .or_default()
                        .push((unit, node));
                }
            }
            if depth < max_nesting {
                stack.extend(node.named_children().map(|c| (c, depth + 1)));
            }
        }
    }
    found
}

/// The functions of a file that are evaluated on their own (see `Analyzer::run`).
struct UnitRoots<'t> {
    /// Handlers not registered in this file (controllers, exported middleware).
    handlers: Vec<Node<'t>>,
    /// The outermost functions (nested ones run with their enclosing function's variables, a
    /// verify callback's token, so they do not stand on their own).
    outermost: Vec<Node<'t>>,
}

impl<'t> UnitRoots<'t> {
    fn is_handler(&self, function: Node<'t>) -> bool {
        self.handlers
            .binary_search_by_key(&function.start_byte(), |f| f.start_byte())
            .is_ok_and(|i| self.handlers[i].id() == function.id())
    }

    fn of(program: Node<'t>, src: &str, max_nesting: usize) -> UnitRoots<'t> {
        let (mut handlers, mut outermost) = (Vec::new(), Vec::new());
        let mut stack = vec![(program, 0usize, false)];
        while let Some((node, depth, nested)) = stack.pop() {
            let function = is_function(node);
            if function && looks_like_handler(node, src) {
                handlers.push(node);
            }
            if function && !nested {
                outermost.push(node);
            }
            if depth < max_nesting {
                stack.extend(
                    node.named_children()
                        .map(|c| (c, depth + 1, nested || function)),
                );
            }
        }
        handlers.sort_by_key(|f| f.start_byte());
        outermost.sort_by_key(|f| f.start_byte());
        UnitRoots {
            handlers,
            outermost,
        }
    }
}

/// The tree a node belongs to, by address.
fn tree_key(node: Node) -> usize {
    node.tree() as *const _ as usize
}

fn dedup(facts: &mut FlowFacts) {
    let mut seen = HashSet::default();
    facts.unchecked_verifies.retain(|u| seen.insert((u.0, u.1)));
    let mut seen = HashSet::default();
    facts
        .decode_trusts
        .retain(|d| seen.insert((d.decode_file, d.decode, d.sink_file, d.sink)));
}

/// What one sweep over the component's files evaluates. Every file's module-level code runs
/// before any function is evaluated on its own, so a controller's handler is judged on the
/// routes that install it even when its file sorts before the router's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sweep {
    /// Top-level statements: imports, clients, route registrations (and their handlers).
    ModuleCode,
    /// Outermost functions that are not handlers, with unknown arguments (route set-up
    /// functions nobody in the scan calls register their routes here).
    Functions,
    /// Handlers no route of the scan installed (controllers, exported middleware).
    UnregisteredHandlers,
}

/// A file's module-level state in a pass: its frame once its top-level code has run, the
/// variables calls into it see, and the apps and routers with an authenticating `use`.
struct UnitState {
    module: Frame,
    env: Env,
    authenticated_receivers: HashSet<String>,
}

impl<'a, 't> Analyzer<'a, 't> {
    /// What the first pass learned of the project's middlewares (which ones make the role
    /// decision), written into the registrations the route graph is computed from: a
    /// `router.use(staffOnly)` was recorded before `staffOnly` had been evaluated.
    fn mark_authorizing_middlewares(&mut self) {
        for registration in &mut self.registrations {
            let is_use = registration.is_use;
            for arg in &mut registration.args {
                match arg {
                    Arg::Middleware {
                        authorizes,
                        function: Some(function),
                        ..
                    } => *authorizes |= self.authorizing.contains(function),
                    // `router.use(staffOnly)`: what `use` installs runs in front of the routes
                    // registered after it, even when it is the call's last argument.
                    Arg::Handler(function) if is_use && self.authorizing.contains(function) => {
                        *arg = Arg::Middleware {
                            authenticates: false,
                            authorizes: true,
                            unless: Vec::new(),
                            function: Some(*function),
                        };
                    }
                    _ => {}
                }
            }
        }
    }

    /// One pass over the component, in `order`; returns the steps it took. A component the
    /// size of a vendored SDK must still end: past the pass's budget, the files left (the
    /// farthest from the app's imports) are reported as partly analysed. Deterministic,
    /// unlike a deadline.
    fn run_pass(&mut self, order: &[usize], incomplete: &mut [bool]) -> usize {
        let mut unit_steps = vec![0usize; self.units.len()];
        let mut pass_steps = 0usize;
        for sweep in [
            Sweep::ModuleCode,
            Sweep::Functions,
            Sweep::UnregisteredHandlers,
        ] {
            for &index in order {
                if pass_steps >= COMPONENT_STEP_BUDGET {
                    incomplete[index] = true;
                    continue;
                }
                self.enter(index);
                self.steps = unit_steps[index];
                self.run(sweep, index);
                pass_steps += self.steps - unit_steps[index];
                unit_steps[index] = self.steps;
                incomplete[index] = self.steps > STEP_BUDGET;
            }
        }
        pass_steps
    }

    fn run(&mut self, sweep: Sweep, unit: usize) {
        if sweep == Sweep::ModuleCode {
            self.run_module_code(unit);
            return;
        }
        let Some(mut state) = self.modules.remove(&unit) else {
            return;
        };
        self.authenticated_receivers = std::mem::take(&mut state.authenticated_receivers);
        self.run_functions(sweep, &state.module);
        state.authenticated_receivers = std::mem::take(&mut self.authenticated_receivers);
        self.modules.insert(unit, state);
    }

    /// Runs a file's top-level code once per pass: in its turn, or earlier, when another
    /// file first needs its variables (as Node runs a module on its first `require`), so a
    /// handler evaluated from a router's file sees its controller's imports and clients.
    fn run_module_code(&mut self, unit: usize) {
        if self.modules.contains_key(&unit) || self.modules_running.contains(&unit) {
            return;
        }
        let Some(root) = self.units.get(unit).map(|u| u.root) else {
            return;
        };
        self.modules_running.push(unit);
        let outer_receivers = std::mem::take(&mut self.authenticated_receivers);
        let state = self.within(unit, |this| {
            let mut module = Frame::default();
            this.exec_block(root, &mut module);
            UnitState {
                env: module.env.fork(),
                module,
                authenticated_receivers: std::mem::take(&mut this.authenticated_receivers),
            }
        });
        self.authenticated_receivers = outer_receivers;
        self.modules_running.pop();
        self.modules.insert(unit, state);
    }

    /// The module-level variables of `unit`, for a call into it from another file.
    fn module_env(&mut self, unit: usize) -> Env {
        self.run_module_code(unit);
        self.modules
            .get(&unit)
            .map(|state| state.env.clone())
            .unwrap_or_default()
    }

    fn run_functions(&mut self, sweep: Sweep, module: &Frame) {
        let program = self.units[self.current].root;
        let (src, max_nesting) = (self.src, self.settings.max_nesting);
        let roots = Rc::clone(
            self.unit_roots
                .entry(self.current)
                .or_insert_with(|| Rc::new(UnitRoots::of(program, src, max_nesting))),
        );
        if sweep == Sweep::UnregisteredHandlers {
            for &function in &roots.handlers {
                // A helper handlers call with their request was judged in their context.
                if !self.roots_done.contains(&function.id())
                    && !self.called_with_request.contains(&function.id())
                {
                    self.without_arguments(function, |this| {
                        this.evaluate_handler(function, RouteInfo::default(), module)
                    });
                }
            }
            return;
        }
        // Every other function once on its own, with unknown arguments: what it does with
        // tokens (a decode it returns as identity) does not depend on its callers. Called with
        // unknown arguments and outside any route, a function can only record something worth
        // reporting through a JWT, Express or DynamoDB import, so files that cannot reach one
        // (library code the app imports) are not run on their own. Handlers are left to the
        // last sweep, which evaluates them as handlers.
        if !self.reaches_seed.get(self.current).copied().unwrap_or(true) {
            return;
        }
        for &function in &roots.outermost {
            if !roots.is_handler(function) && self.roots_done.insert(function.id()) {
                self.without_arguments(function, |this| this.call_inline(function, &[], module));
            }
        }
    }

    /// Runs `f` for an evaluation of `function` on its own: the arguments its last caller
    /// passed (what its parameters stand for, see `param_nodes`) do not hold in it.
    fn without_arguments<R>(&mut self, function: Node<'t>, f: impl FnOnce(&mut Self) -> R) -> R {
        let src = self.src_of(function);
        let names: Vec<String> = parameters(function)
            .into_iter()
            .filter_map(|p| first_identifier(p, src).map(str::to_string))
            .collect();
        let saved: Vec<_> = names
            .into_iter()
            .filter_map(|name| {
                let key = (function.id(), name);
                let arg = self.param_nodes.remove(&key)?;
                Some((key, arg))
            })
            .collect();
        let result = f(self);
        self.param_nodes.extend(saved);
        result
    }

    /// Each registered route that installs a handler, with the first DynamoDB write (or read
    /// keyed by request input) that handler reaches.
    fn route_facts(&self) -> Vec<(usize, RouteFact)> {
        self.registrations
            .iter()
            .filter(|r| r.handlers > 0)
            .map(|reg| {
                let info = self.route_infos.get(&reg.id);
                // The first write the handler makes, else its first read of a client-chosen
                // item: a DELETE that reads the item first is described by its delete.
                let reached: Vec<_> = self
                    .facts
                    .ops
                    .iter()
                    .filter(|op| op.context.registration == Some(reg.id))
                    .filter_map(|op| data_access(op).map(|what| (op.file, op.span, what)))
                    .collect();
                let data_access = reached
                    .iter()
                    .find(|(_, _, what)| *what == WRITES)
                    .or(reached.first())
                    .copied();
                (
                    reg.file,
                    RouteFact {
                        span: reg.span,
                        // A route whose own path could not be read (a regular expression)
                        // is "this route", not its mount point.
                        full_path: info
                            .filter(|_| reg.is_use || reg.path.is_some())
                            .and_then(|i| i.path.clone())
                            .unwrap_or_default(),
                        authenticated: info.is_some_and(|i| i.authenticated),
                        public: info.is_some_and(|i| i.public),
                        data_access,
                    },
                )
            })
            .collect()
    }

    /// Makes `unit` the current file; returns the previous one.
    pub(super) fn enter(&mut self, unit: usize) -> usize {
        let previous = self.current;
        if let Some(target) = self.units.get(unit) {
            self.current = unit;
            self.src = target.src;
            self.resolver = &target.resolver;
        }
        previous
    }

    /// The source text of the file a function belongs to.
    pub(super) fn src_of(&self, function: Node<'t>) -> &'a str {
        self.units
            .get(self.unit_of(function))
            .map_or(self.src, |u| u.src)
    }

    /// The unit a function belongs to.
    pub(super) fn unit_of(&self, function: Node<'t>) -> usize {
        self.tree_units
            .get(&tree_key(function))
            .copied()
            .unwrap_or(self.current)
    }

    fn tick(&mut self) -> bool {
        self.steps += 1;
        self.steps <= STEP_BUDGET
    }

    // ---- handlers -------------------------------------------------------------------------

    /// Evaluates `function` as an Express handler: its first parameter is the request.
    pub(super) fn evaluate_handler(&mut self, function: Node<'t>, route: RouteInfo, outer: &Frame) {
        let new_route = route
            .registration
            .is_some_and(|r| self.routes_done.insert((function.id(), r)));
        if !self.roots_done.insert(function.id()) && !new_route {
            return;
        }
        let unit = self.unit_of(function);
        if unit != self.current {
            // A handler imported from another file runs with that file's module variables.
            let env = self.module_env(unit);
            let outer = Frame {
                env,
                ..Frame::default()
            };
            self.within(unit, |this| {
                this.roots_done.remove(&function.id());
                this.evaluate_handler(function, route, &outer);
            });
            return;
        }
        let mut frame = Frame {
            env: outer.env.clone(),
            route: route.clone(),
            handler: true,
            authorized: route.authorizes,
            ..Frame::default()
        };
        let params = parameters(function);
        if let Some(req) = params.first() {
            let req_name = text(*req, self.src).to_string();
            frame.identity_available =
                route.authenticated || reads_identity(function, &req_name, self.src);
            let request = Flow {
                request_object: true,
                path: Some(
                    first_identifier(*req, self.src)
                        .unwrap_or("req")
                        .to_string(),
                ),
                ..Flow::default()
            };
            self.bind_pattern(*req, request, &mut frame);
        }
        for (position, other) in params.iter().enumerate().skip(1) {
            let value = match &route.param {
                Some(name) if position == 3 => Flow {
                    labels: Labels::REQ_PARAMS,
                    origin: Some(Origin {
                        file: self.current,
                        span: Span::of(other),
                        text: text(*other, self.src).to_string(),
                    }),
                    path: Some(format!("req.params.{name}")),
                    ..Flow::default()
                },
                _ => Flow::default(),
            };
            self.bind_pattern(*other, value, &mut frame);
        }
        // Express calls a handler later, for a request, not from the set-up code that
        // registered it: the calls that led to the registration (a router's constructor, an
        // `initRoutes()`) must not use up the handler's own call depth.
        let registering_calls = std::mem::replace(&mut self.call_stack, vec![function.id()]);
        self.roots.push(function);
        let saved_chain = std::mem::replace(&mut self.chain, route.middlewares.clone());
        let saved_checked = std::mem::take(&mut self.checked_paths);
        // Only a middleware that starts unauthorised can show it makes the decision itself
        // (on a route that an earlier or later middleware authorises, it starts authorised).
        let saved_next =
            std::mem::replace(&mut self.next_calls, (!route.authorizes).then(Vec::new));
        let decisions_before = self.facts.decode_trusts.len();
        self.exec_body(function, &mut frame);
        let next_calls = std::mem::replace(&mut self.next_calls, saved_next).unwrap_or_default();
        if !next_calls.is_empty() && next_calls.iter().all(|&authorized| authorized) {
            self.authorizing.insert(function.id());
        }
        self.chain = saved_chain;
        self.checked_paths = saved_checked;
        self.roots.pop();
        self.call_stack = registering_calls;
        self.forgive_key_selection(decisions_before, &frame);
    }

    /// A claim read from a decode to choose how to verify the same token (`iss` to pick the
    /// key set), followed by that verify, is key selection, not trust.
    fn forgive_key_selection(&mut self, from: usize, frame: &Frame) {
        let tokens = &self.decode_tokens;
        let verified = &frame.verified_tokens;
        let mut index = 0;
        self.facts.decode_trusts.retain(|trust| {
            index += 1;
            index <= from
                || trust.how != "decides access"
                || !tokens
                    .get(&(trust.decode_file, trust.decode))
                    .is_some_and(|t| verified.contains(t))
        });
    }

    fn exec_body(&mut self, function: Node<'t>, frame: &mut Frame) -> Flow {
        let Some(body) = function.field(Field::Body) else {
            return Flow::default();
        };
        if body.kind() == "statement_block" {
            self.exec_block(body, frame);
            frame.returns.take().unwrap_or_default()
        } else {
            let value = self.eval(body, frame);
            if let Some(previous) = frame.returns.take() {
                return previous.join(&value);
            }
            value
        }
    }

    /// A route registration: evaluate each function argument as a handler, with the
    /// middlewares before it.
    fn register(&mut self, call: Node<'t>, frame: &Frame) -> bool {
        let Some((path, args)) = registration_args(call, self.resolver) else {
            return false;
        };
        let Some(function) = call.field(Field::Function).map(unwrap_expr) else {
            return false;
        };
        // `app.route('/x').get(a).delete(b)`: the `.get(a)` inside registers first.
        if let Some(inner) = function
            .field(Field::Object)
            .map(unwrap_expr)
            .filter(|o| o.kind() == "call_expression")
        {
            let mut scratch = frame.clone();
            self.eval(inner, &mut scratch);
        }
        let receiver_text = function
            .field(Field::Object)
            .map(|o| text(o, self.src).to_string())
            .unwrap_or_default();
        let is_use = member_property(function, self.src).as_deref() == Some("use");
        let receiver_node = function.field(Field::Object).map(strip_route_chain);
        let receiver = receiver_node.and_then(|r| self.receiver_key(r, 0));
        let receiver_is_app = self.is_local_app(&receiver_text, call)
            || receiver_node.is_some_and(|r| self.parameter_is_app(r));

        // What each argument is: a handler, a middleware (authenticating or not), a router.
        let mut kinds = Vec::new();
        let mut handlers = Vec::new();
        let mut route = RouteInfo {
            public: path
                .as_deref()
                .is_some_and(|p| self.settings.is_public_path(p)),
            path: path.clone(),
            registered: receiver_is_app,
            // `app.use(auth)` earlier on the same app or router covers what follows.
            authenticated: self.authenticated_receivers.contains(&receiver_text),
            authorizes: false,
            registration: Some(call.id()),
            middlewares: Vec::new(),
            param: None,
        };
        // `const protect = [requireAuth, requireRole('admin')]`: an array of middlewares is
        // its elements, in order (wherever it is declared).
        let args = self.expand_middleware_arrays(&args);
        let last_function = args.iter().rposition(|&(unit, a)| {
            self.within(unit, |this| {
                this.function_value(unwrap_expr(a)).is_some_and(|f| {
                    looks_like_handler(f, this.src_of(f)) || is_function(unwrap_expr(a))
                })
            })
        });
        for (position, &(unit, arg)) in args.iter().enumerate() {
            let last = Some(position) == last_function;
            self.within(unit, |this| {
                this.classify_arg(
                    arg,
                    last,
                    is_use,
                    frame,
                    &mut route,
                    &mut kinds,
                    &mut handlers,
                )
            });
        }
        if is_use && route.authenticated {
            self.authenticated_receivers.insert(receiver_text);
        }
        if self.registered_ids.insert(call.id()) {
            self.registrations.push(Registration {
                id: call.id(),
                file: self.current,
                span: Span::of(&call),
                receiver,
                receiver_is_app,
                is_use,
                path,
                args: kinds,
                order: call.start_byte(),
                handlers: handlers.len(),
            });
        }
        // The project's route graph (from the first pass) knows mounts and earlier `use`s.
        if let Some(known) = self.route_infos.get(&call.id()) {
            route = known.clone();
        }
        for handler in &handlers {
            self.evaluate_handler(*handler, route.clone(), frame);
            // What a middleware decided holds for the functions after it on the route.
            route.authorizes |= self.authorizing.contains(&handler.id());
        }
        true
    }

    /// `router.param('id', (req, res, next, id) => ...)`: Express calls the callback for every
    /// route with `:id`, passing `req.params.id` as the fourth argument. It runs before those
    /// routes' handlers, with the authentication registered so far on the same receiver.
    fn register_param_callback(&mut self, call: Node<'t>, frame: &Frame) -> bool {
        let Some(function) = call.field(Field::Function).map(unwrap_expr) else {
            return false;
        };
        if member_property(function, self.src).as_deref() != Some("param") {
            return false;
        }
        let args = arguments(call);
        let (Some(name), Some(callback)) = (args.first(), args.get(1)) else {
            return false;
        };
        let Some(name) = string_value(*name, self.src) else {
            return false;
        };
        let Some(callback) = self.function_value(unwrap_expr(*callback)) else {
            return false;
        };
        if parameters(callback).len() < 4 {
            return false;
        }
        let receiver_text = function
            .field(Field::Object)
            .map(|o| text(o, self.src).to_string())
            .unwrap_or_default();
        let route = RouteInfo {
            authenticated: self.authenticated_receivers.contains(&receiver_text),
            param: Some(name),
            ..RouteInfo::default()
        };
        self.evaluate_handler(callback, route, frame);
        true
    }

    /// The registration's arguments with middleware arrays flattened: (file, node) each.
    fn expand_middleware_arrays(&mut self, args: &[Node<'t>]) -> Vec<(usize, Node<'t>)> {
        let mut out = Vec::new();
        for &arg in args {
            let arg = unwrap_expr(arg);
            let array = match arg.kind() {
                "array" => Some((self.current, arg)),
                "identifier" => match self.imported(arg) {
                    Some(export) => {
                        let node = unwrap_expr(export.node);
                        let node = if node.kind() == "identifier"
                            || node.kind() == "shorthand_property_identifier"
                        {
                            self.within(export.unit, |this| this.local_value(node))
                                .unwrap_or(node)
                        } else {
                            node
                        };
                        (node.kind() == "array").then_some((export.unit, node))
                    }
                    None => self
                        .local_value(arg)
                        .filter(|v| v.kind() == "array")
                        .map(|v| (self.current, v)),
                },
                _ => None,
            };
            match array {
                Some((unit, array)) => {
                    out.extend(
                        array
                            .named_children()
                            .filter(|c| c.kind() != "comment")
                            .map(|c| (unit, c)),
                    );
                }
                None => out.push((self.current, arg)),
            }
        }
        out
    }

    /// What one argument of a registration is (handler, middleware, mounted router).
    #[allow(clippy::too_many_arguments)]
    fn classify_arg(
        &mut self,
        arg: Node<'t>,
        last: bool,
        is_use: bool,
        frame: &Frame,
        route: &mut RouteInfo,
        kinds: &mut Vec<Arg>,
        handlers: &mut Vec<Node<'t>>,
    ) {
        let arg = unwrap_expr(arg);
        if let Some(function) = self.function_value(arg) {
            if looks_like_handler(function, self.src_of(function)) || is_function(arg) {
                let authenticates = self.authenticates(function);
                route.authenticated |= authenticates;
                kinds.push(if last && !authenticates {
                    Arg::Handler(function.id())
                } else {
                    Arg::Middleware {
                        authenticates,
                        // Known from the first pass, for routes behind it (`router.use(...)`).
                        authorizes: self.authorizing.contains(&function.id()),
                        unless: Vec::new(),
                        function: Some(function.id()),
                    }
                });
                handlers.push(function);
                return;
            }
        }
        if is_use {
            if let Some(child) = self.router_key(arg) {
                kinds.push(Arg::Child(child));
                return;
            }
        }
        let factory = match arg.kind() {
            "call_expression" => arg
                .field(Field::Function)
                .and_then(|c| self.function_value(c)),
            _ => None,
        };
        if let Some(factory) = factory {
            // `requireService(serviceTokens)`: run the factory first, so the middleware it
            // makes knows what it was given (and can be judged by what it calls).
            let mut scratch = frame.clone();
            self.call_local(arg, factory, &mut scratch);
        }
        let (authenticates, authorizes) = self.middleware_kind(arg);
        route.authenticated |= authenticates;
        route.authorizes |= authorizes;
        kinds.push(Arg::Middleware {
            authenticates,
            authorizes,
            unless: unless_paths(arg, self.src),
            function: factory.map(|f| f.id()),
        });
        if let Some((unit, call)) = self.wrapper_call(arg) {
            // `wrap(async (req, res) => ...)`, written here or made earlier (`const h =
            // wrap(...)`, a class field, an export): the wrapped function is the handler.
            let wrapped: Vec<Node<'t>> = self.within(unit, |this| {
                arguments(call)
                    .into_iter()
                    .filter_map(|inner| this.function_value(unwrap_expr(inner)))
                    .collect()
            });
            handlers.extend(
                wrapped
                    .into_iter()
                    .filter(|f| looks_like_handler(*f, self.src_of(*f))),
            );
        }
    }

    /// The call that made a middleware argument, with its unit: the argument itself, or what
    /// a `const`, a class field (`static getAll = asyncHandler(...)`) or an import names.
    fn wrapper_call(&mut self, arg: Node<'t>) -> Option<(usize, Node<'t>)> {
        let arg = unwrap_expr(arg);
        let (unit, value) = match arg.kind() {
            "call_expression" => (self.current, arg),
            "identifier" => match self.imported(arg) {
                Some(export) => (export.unit, export.node),
                None => (self.current, self.local_value(arg)?),
            },
            "member_expression" => {
                let name = member_property(arg, self.src)?;
                let (unit, body) = self.instance_body(arg.field(Field::Object)?, 0)?;
                let value = self.within(unit, |this| member_initialiser(body, &name, this.src))?;
                (unit, value)
            }
            _ => return None,
        };
        let value = unwrap_expr(value);
        (value.kind() == "call_expression").then_some((unit, value))
    }

    /// The argument (file, node) the function enclosing `param` was last called with for it.
    fn parameter_argument(&self, param: Node<'t>) -> Option<(usize, Node<'t>)> {
        let name = text(param, self.src).to_string();
        let mut node = param.parent();
        for _ in 0..64 {
            let current = node?;
            if is_function(current) {
                if let Some(found) = self.param_nodes.get(&(current.id(), name.clone())) {
                    return Some(*found);
                }
            }
            node = current.parent();
        }
        None
    }

    /// A parameter standing for an `express()` app (a route-setup function's `app`).
    fn parameter_is_app(&mut self, node: Node<'t>) -> bool {
        let node = unwrap_expr(node);
        if node.kind() != "identifier" {
            return false;
        }
        if !matches!(
            self.resolver.lookup(text(node, self.src), node),
            Some(Binding::Parameter)
        ) {
            return false;
        }
        let Some((unit, arg)) = self.parameter_argument(node) else {
            return false;
        };
        self.within(unit, |this| {
            let arg = unwrap_expr(arg);
            this.declared_app(arg) || this.parameter_is_app(arg)
        })
    }

    /// Which app or router `node` is: its declaration (in this file or imported), or, for an
    /// inline `express.Router()`, the call itself.
    fn receiver_key(&mut self, node: Node<'t>, depth: usize) -> Option<Key> {
        if depth > 6 {
            return None;
        }
        let node = unwrap_expr(node);
        match node.kind() {
            "identifier" => {
                if let Some(export) = self.imported(node) {
                    return self.within(export.unit, |this| {
                        this.receiver_key(export.node, depth + 1)
                    });
                }
                match self.resolver.lookup(text(node, self.src), node)? {
                    Binding::Declared {
                        declarator, path, ..
                    } if path.is_empty() => Some((self.current, declarator.id())),
                    // `module.exports = (app) => { app.get(...) }`: the app it was called with.
                    Binding::Parameter => match self.argument_of_parameter(node) {
                        Some((unit, arg)) => {
                            self.within(unit, |this| this.receiver_key(arg, depth + 1))
                        }
                        None => Some((self.current, text_key(text(node, self.src)))),
                    },
                    _ => Some((self.current, text_key(text(node, self.src)))),
                }
            }
            "call_expression" => {
                // `export const router = Router()` reached through an export: the declaration
                // is the router, as it is for the registrations made on its name.
                let declarator = node.parent().filter(|p| {
                    p.kind() == "variable_declarator"
                        && p.field(Field::Value).map(|v| unwrap_expr(v).id()) == Some(node.id())
                });
                Some((self.current, declarator.map_or(node.id(), |d| d.id())))
            }
            "member_expression" => Some((self.current, text_key(text(node, self.src)))),
            _ => None,
        }
    }

    /// A router or app being mounted (`app.use('/api', apiRouter)`): declared by `Router()`,
    /// `express.Router()` or `express()`, here or in the file it is imported from.
    fn router_key(&mut self, node: Node<'t>) -> Option<Key> {
        let value = self.router_value(node, 0)?;
        let (unit, value) = value;
        let text = text(value, self.units[unit].src);
        if !(text.contains("Router(") || text.contains("express(")) {
            return None;
        }
        self.receiver_key(node, 0)
    }

    fn router_value(&mut self, node: Node<'t>, depth: usize) -> Option<(usize, Node<'t>)> {
        if depth > 6 {
            return None;
        }
        let node = unwrap_expr(node);
        match node.kind() {
            "call_expression" => Some((self.current, node)),
            "identifier" => {
                if let Some(export) = self.imported(node) {
                    return self.within(export.unit, |this| {
                        this.router_value(export.node, depth + 1)
                    });
                }
                let Some(value) = self.local_value(node) else {
                    // A router handed in (`constructor(routes) { this.app.use('/api', routes) }`).
                    let (unit, arg) = self.argument_of_parameter(node)?;
                    return self.within(unit, |this| this.router_value(arg, depth + 1));
                };
                if value.kind() == "identifier" {
                    return self.router_value(value, depth + 1);
                }
                Some((self.current, value))
            }
            _ => None,
        }
    }

    /// Whether `receiver` is an app made by `express()` in this file: its routes are reachable
    /// as registered here. A router may be mounted behind authentication in another file.
    fn is_local_app(&self, _receiver: &str, call: Node<'t>) -> bool {
        call.field(Field::Function)
            .and_then(|f| f.field(Field::Object))
            .map(unwrap_expr)
            .is_some_and(|o| self.declared_app(o))
    }

    /// An identifier declared as `express()` in this file, or a class's `this.app` set to one.
    fn declared_app(&self, ident: Node<'t>) -> bool {
        let value = match ident.kind() {
            "identifier" => {
                let Some(Binding::Declared {
                    declarator, path, ..
                }) = self.resolver.lookup(text(ident, self.src), ident)
                else {
                    return false;
                };
                if !path.is_empty() {
                    return false;
                }
                declarator.field(Field::Value)
            }
            "member_expression" => self.resolver.field_initialiser(ident),
            _ => None,
        };
        value.map(unwrap_expr).is_some_and(|value| {
            value.kind() == "call_expression"
                && value
                    .field(Field::Function)
                    .and_then(|f| self.resolver.lib_ref(f))
                    .is_some_and(|lib| lib.module == "express" && lib.path.is_empty())
        })
    }

    /// Whether a middleware expression authenticates and whether it authorises: by what it
    /// is when we can see it (a factory or a `const` whose body or value verifies a token, a
    /// router, which does neither), by its name when we cannot.
    fn middleware_kind(&mut self, arg: Node<'t>) -> (bool, bool) {
        // express-jwt that lets requests without a token through authenticates nobody.
        let compact: String = text(arg, self.src)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if compact.contains("credentialsRequired:false") || compact.contains("optionalToken:true") {
            return (false, false);
        }
        // A package's middleware we know is what it is, whatever the local name it is bound
        // to (`const session = require('express-session')`).
        if let Some(authenticates) = self.package_middleware(arg) {
            return (authenticates, false);
        }
        let by_name = (
            names_authentication(arg, self.src, self.settings),
            names_authorization(arg, self.src),
        );
        match arg.kind() {
            "call_expression" => {
                let callee = arg.field(Field::Function);
                let factory = callee.and_then(|c| self.function_value(c));
                let verifies = factory.is_some_and(|f| self.authenticates(f));
                (verifies || by_name.0, by_name.1)
            }
            "identifier" | "member_expression" => {
                if let Some(export) = self.imported(arg) {
                    // Imported from the project: a middleware function is judged by its body;
                    // a router or other object is not a middleware that authenticates.
                    let verifies = self
                        .export_function(export)
                        .is_some_and(|f| self.authenticates(f));
                    let authorizes = verifies && by_name.1;
                    return (
                        verifies
                            || (self.export_function(export).is_none()
                                && self.export_is_middleware_call(export)
                                && by_name.0),
                        authorizes,
                    );
                }
                if self.local_value(arg).is_some() {
                    // A value of the project: judge it by what it is.
                    match self.local_value(arg) {
                        Some(value) if value.kind() == "call_expression" => {
                            let text = text(value, self.src);
                            let verifies = text.contains("expressjwt(")
                                || text.contains("authenticate(")
                                || text.contains("jwt(")
                                || value
                                    .field(Field::Function)
                                    .and_then(|c| self.function_value(c))
                                    .is_some_and(|f| self.authenticates(f));
                            let router = text.contains("Router(");
                            (verifies || (!router && by_name.0), !router && by_name.1)
                        }
                        _ => (false, false),
                    }
                } else {
                    by_name
                }
            }
            _ => by_name,
        }
    }

    /// Whether a middleware from a package we know authenticates: passport only through
    /// `passport.authenticate(...)` (`initialize()` and `session()` restore a session if
    /// there is one and reject nobody); session, cookie, body, CORS and logging middlewares
    /// never. `None` for anything else (the project's own, or a package we do not know).
    fn package_middleware(&mut self, arg: Node<'t>) -> Option<bool> {
        let arg = unwrap_expr(arg);
        let made_by = if arg.kind() == "call_expression" {
            Some(arg)
        } else {
            self.local_value(arg)
                .filter(|value| value.kind() == "call_expression")
        };
        let reference = match made_by {
            Some(call) => call.field(Field::Function)?,
            None => arg,
        };
        let lib = self.resolver.lib_ref(reference)?;
        match lib.module.as_str() {
            "passport" => Some(lib.path.first().is_some_and(|p| p == "authenticate")),
            "express" | "express-session" | "cookie-session" | "cookie-parser" | "body-parser"
            | "cors" | "helmet" | "morgan" | "compression" => Some(false),
            _ => None,
        }
    }

    /// An export that is a middleware made by a call (`module.exports = passport.authenticate('jwt')`).
    fn export_is_middleware_call(&self, export: Export<'t>) -> bool {
        let src = self.units.get(export.unit).map_or(self.src, |u| u.src);
        export.node.kind() == "call_expression" && !text(export.node, src).contains("Router(")
    }

    /// The initialiser of a local `const` (`const requireAuth = expressjwt({...})`).
    fn local_value(&self, node: Node<'t>) -> Option<Node<'t>> {
        if !matches!(node.kind(), "identifier" | "shorthand_property_identifier") {
            return None;
        }
        match self.resolver.lookup(text(node, self.src), node)? {
            Binding::Declared {
                declarator, path, ..
            } if path.is_empty() => declarator.field(Field::Value).map(unwrap_expr),
            _ => None,
        }
    }

    /// Whether a middleware function verifies a token (its body calls a JWT verify).
    pub(super) fn authenticates(&mut self, function: Node<'t>) -> bool {
        self.authenticates_at(function, 0)
    }

    /// A function verifies a token when its body calls a JWT verify (jsonwebtoken, jose, also
    /// promisified or aliased), express-jwt, `passport.authenticate`, or a project function
    /// that does (a few calls deep). Its own name says nothing.
    fn authenticates_at(&mut self, function: Node<'t>, depth: usize) -> bool {
        if depth > 3 {
            return false;
        }
        // Asked for every middleware of every route; nested functions would otherwise be
        // walked once per enclosing level and call (exponential in nesting).
        if let Some(&known) = self.authenticating.get(&(function.id(), depth)) {
            return known;
        }
        let found = self.walk_for_authentication(function, depth);
        self.authenticating.insert((function.id(), depth), found);
        found
    }

    fn walk_for_authentication(&mut self, function: Node<'t>, depth: usize) -> bool {
        let unit = self.unit_of(function);
        self.within(unit, |this| {
            let Some(body) = function.field(Field::Body) else {
                return false;
            };
            let mut stack = vec![body];
            let mut budget = 20_000usize;
            let mut callees = Vec::new();
            while let Some(node) = stack.pop() {
                budget = match budget.checked_sub(1) {
                    Some(b) => b,
                    None => break,
                };
                if node.kind() == "call_expression" {
                    if let Some(callee) = node.field(Field::Function) {
                        callees.push(callee);
                    }
                }
                stack.extend(node.named_children());
            }
            for callee in callees {
                if let Some(lib) = this.resolver.lib_ref(callee) {
                    let path: Vec<&str> = lib.path.iter().map(String::as_str).collect();
                    let verifies = verifies_token(&lib)
                        || matches!(
                            (lib.module.as_str(), path.as_slice()),
                            ("express-jwt", _) | ("passport", ["authenticate"])
                        );
                    if verifies {
                        return true;
                    }
                    // A package's function does not verify unless it is one of those above;
                    // a project module's is followed below.
                    if !lib.module.starts_with('.') && this.module_unit(&lib.module).is_none() {
                        continue;
                    }
                }
                let callee_text = text(callee, this.src);
                if callee_text.ends_with("passport.authenticate") || callee_text == "expressjwt" {
                    return true;
                }
                if let Some(target) = this.function_value(callee) {
                    // A function written inside this body had its calls collected above.
                    let inside = target.start_byte() >= body.start_byte()
                        && target.end_byte() <= body.end_byte()
                        && this.unit_of(target) == unit;
                    if !inside
                        && target.id() != function.id()
                        && this.authenticates_at(target, depth + 1)
                    {
                        return true;
                    }
                }
            }
            false
        })
    }

    /// The value written for property `name` of an object literal, or the initialiser of a
    /// class field (in the current unit).
    fn member_value(&self, body: Node<'t>, name: &str) -> Option<Node<'t>> {
        let found = body.named_children().find_map(|m| match m.kind() {
            "shorthand_property_identifier" if text(m, self.src) == name => Some(m),
            "pair" | "field_definition" | "public_field_definition" => {
                let key = m
                    .field(Field::Key)
                    .or_else(|| m.field(Field::Property))
                    .or_else(|| m.field(Field::Name))
                    .and_then(|n| property_key(n, self.src))?;
                (key == name).then(|| m.field(Field::Value)).flatten()
            }
            _ => None,
        });
        found
    }

    /// Runs `f` with `unit` as the current file.
    pub(super) fn within<R>(&mut self, unit: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let previous = self.enter(unit);
        let result = f(self);
        self.enter(previous);
        result
    }

    /// The function a callee or argument refers to: in this file, or imported from another.
    pub(super) fn function_value(&mut self, node: Node<'t>) -> Option<Node<'t>> {
        let node = unwrap_expr(node);
        if is_function(node) {
            return Some(node);
        }
        match node.kind() {
            "identifier" | "shorthand_property_identifier" => {
                if let Some(export) = self.imported(node) {
                    return self.export_function(export);
                }
                match self.resolver.lookup(text(node, self.src), node)? {
                    Binding::Function(f) => Some(f),
                    Binding::Declared {
                        declarator, path, ..
                    } if path.is_empty() => {
                        let value = unwrap_expr(declarator.field(Field::Value)?);
                        is_function(value).then_some(value)
                    }
                    // `runOnNote(req, res, removeNote)` calling `action(id)`: the function
                    // the enclosing function was called with (a few hops: `f(x)` inside `f`).
                    Binding::Parameter if self.parameter_hops < MAX_CALL_DEPTH => {
                        let (unit, arg) = self.parameter_argument(node)?;
                        self.parameter_hops += 1;
                        let found = self.within(unit, |this| this.function_value(arg));
                        self.parameter_hops -= 1;
                        found
                    }
                    _ => None,
                }
            }
            "member_expression" => self.method_value(node),
            // `require('./routes/health')(app)`: the module's exported function.
            "call_expression" => {
                let (specifier, path) = super::project::required_module(node, self.src)?;
                let unit = self.module_unit(&specifier)?;
                let export = match path.first() {
                    Some(name) => self.export_of(unit, name, 0)?,
                    None => self.default_export(unit, 0)?,
                };
                self.export_function(export)
            }
            "function_declaration" | "generator_function_declaration" => Some(node),
            _ => None,
        }
    }

    /// The function an export is (`export function f`, `exports.f = ...`, `{ f }`).
    fn export_function(&mut self, export: Export<'t>) -> Option<Node<'t>> {
        if export.node.id() == self.units.get(export.unit)?.root.id() {
            return None;
        }
        self.within(export.unit, |this| this.function_value(export.node))
    }

    /// `this.load`, `service.load`, `Service.load`, `repo.load` (imported), in the project.
    fn method_value(&mut self, member: Node<'t>) -> Option<Node<'t>> {
        let name = member_property(member, self.src)?;
        let object = unwrap_expr(member.field(Field::Object)?);
        if matches!(text(object, self.src), "exports" | "module.exports") {
            return self.exported_function(member, &name);
        }
        // `import * as repo` / a module without `module.exports = X`: its named exports.
        if object.kind() == "identifier" {
            if let Some(export) = self.imported(object) {
                if export.node.id() == self.units.get(export.unit)?.root.id() {
                    let member_export = self.export_of(export.unit, &name, 0)?;
                    return self.export_function(member_export);
                }
            }
        }
        let (unit, body) = self.instance_body(object, 0)?;
        self.within(unit, |this| this.member_function(body, &name))
    }

    /// The method or function-valued property `name` of a class body or object literal (in
    /// the current unit).
    fn member_function(&mut self, body: Node<'t>, name: &str) -> Option<Node<'t>> {
        let members: Vec<Node<'t>> = body.named_children().collect();
        for m in members {
            match m.kind() {
                // `{ loadReceipt }`: a function of this file under its own name.
                "shorthand_property_identifier" if text(m, self.src) == name => {
                    return self.function_value(m);
                }
                "method_definition" => {
                    let key = m.field(Field::Name).and_then(|n| property_key(n, self.src));
                    if key.as_deref() == Some(name) {
                        return Some(m);
                    }
                }
                "pair" | "field_definition" | "public_field_definition" => {
                    let key = m
                        .field(Field::Key)
                        .or_else(|| m.field(Field::Property))
                        .or_else(|| m.field(Field::Name))
                        .and_then(|n| property_key(n, self.src));
                    if key.as_deref() != Some(name) {
                        continue;
                    }
                    // `{ load: loadReceipt }` names a function declared elsewhere.
                    let value = m.field(Field::Value).map(unwrap_expr)?;
                    return self.function_value(value);
                }
                _ => {}
            }
        }
        None
    }

    /// `exports.name(...)` inside the module that assigns `exports.name = function ...`.
    fn exported_function(&mut self, _at: Node<'t>, name: &str) -> Option<Node<'t>> {
        let export = self.export_of(self.current, name, 0)?;
        self.export_function(export)
    }

    /// The class body or object literal (with its unit) whose members `object` has: `this`, a
    /// class, an object, `new Class()`, a field holding one (`this.repo` injected by the
    /// constructor), or any of these imported from another file.
    fn instance_body(&mut self, object: Node<'t>, depth: usize) -> Option<(usize, Node<'t>)> {
        if depth > 6 {
            return None;
        }
        let object = unwrap_expr(object);
        let here = self.current;
        match object.kind() {
            "this" => enclosing(object, &["class_body", "object"]).map(|b| (here, b)),
            "new_expression" => {
                self.class_body_named(object.field(Field::Constructor)?, object, depth)
            }
            "object" => Some((here, object)),
            "class" | "class_declaration" => object.field(Field::Body).map(|b| (here, b)),
            "identifier" | "shorthand_property_identifier" => {
                if let Some(export) = self.imported(object) {
                    if export.node.id() == self.units.get(export.unit)?.root.id() {
                        return None;
                    }
                    return self.within(export.unit, |this| {
                        this.instance_body(export.node, depth + 1)
                    });
                }
                match self.resolver.lookup(text(object, self.src), object)? {
                    Binding::Class(class) => class.field(Field::Body).map(|b| (here, b)),
                    Binding::Declared {
                        declarator, path, ..
                    } if path.is_empty() => {
                        self.instance_body(declarator.field(Field::Value)?, depth + 1)
                    }
                    // A parameter: what the function was called with.
                    Binding::Parameter => {
                        let name = text(object, self.src).to_string();
                        let mut node = object.parent();
                        let mut bound = None;
                        for _ in 0..64 {
                            let Some(current) = node else { break };
                            if is_function(current) {
                                if let Some(found) =
                                    self.param_nodes.get(&(current.id(), name.clone()))
                                {
                                    bound = Some(*found);
                                    break;
                                }
                            }
                            node = current.parent();
                        }
                        let (unit, arg) = bound?;
                        self.within(unit, |this| this.instance_body(arg, depth + 1))
                    }
                    _ => None,
                }
            }
            "member_expression" => {
                let inner = unwrap_expr(object.field(Field::Object)?);
                let field = member_property(object, self.src)?;
                if inner.kind() != "this" {
                    // `services.orders` with `services = { orders: new OrdersService(...) }`.
                    let (unit, body) = self.instance_body(inner, depth + 1)?;
                    return self.within(unit, |this| {
                        let value = this.member_value(body, &field)?;
                        this.instance_body(value, depth + 1)
                    });
                }
                let class_body = enclosing(object, &["class_body"])?;
                self.field_instance(class_body, &field, depth)
            }
            _ => None,
        }
    }

    /// The body of the class `name` names at `at`: in this file, or imported.
    fn class_body_named(
        &mut self,
        name: Node<'t>,
        at: Node<'t>,
        depth: usize,
    ) -> Option<(usize, Node<'t>)> {
        let name = unwrap_expr(name);
        if name.kind() == "identifier" {
            if let Some(export) = self.imported(name) {
                return self.within(export.unit, |this| {
                    this.instance_body(export.node, depth + 1)
                });
            }
        }
        let text = text(name, self.src);
        let text = text.rsplit('.').next().unwrap_or(text);
        match self.resolver.lookup(text, at)? {
            Binding::Class(class) => class.field(Field::Body).map(|b| (self.current, b)),
            Binding::Import { .. } => {
                // `import { Repo } from './repo'` seen from a type annotation's position.
                let export = self.imported_named(text, at)?;
                self.within(export.unit, |this| {
                    this.instance_body(export.node, depth + 1)
                })
            }
            _ => None,
        }
    }

    /// What class a field of `class_body` holds: its initialiser, its type annotation, or what
    /// the constructor stores in it (a `new`, a typed parameter, or the argument every
    /// `new ThisClass(...)` in the project passes).
    fn field_instance(
        &mut self,
        class_body: Node<'t>,
        field: &str,
        depth: usize,
    ) -> Option<(usize, Node<'t>)> {
        let members: Vec<Node<'t>> = class_body.named_children().collect();
        for m in &members {
            if !matches!(m.kind(), "field_definition" | "public_field_definition") {
                continue;
            }
            let key = m.field(Field::Property).or_else(|| m.field(Field::Name));
            if key.is_some_and(|k| text(k, self.src) == field) {
                if let Some(value) = m.field(Field::Value) {
                    return self.instance_body(value, depth + 1);
                }
                if let Some(found) = self.annotated_class(*m, depth) {
                    return Some(found);
                }
            }
        }
        let constructor = *members.iter().find(|m| {
            m.kind() == "method_definition"
                && m.field(Field::Name)
                    .is_some_and(|n| text(n, self.src) == "constructor")
        })?;
        let params = parameters(constructor);
        for (index, param) in params.iter().enumerate() {
            if first_identifier(*param, self.src) != Some(field) {
                continue;
            }
            // `constructor(private repo: Repo)`.
            if let Some(found) = self.annotated_class(*param, depth) {
                return Some(found);
            }
            return self.constructor_argument(class_body, index, depth);
        }
        // `this.repo = repo` / `this.repo = new Repo()` in the constructor.
        let body = constructor.field(Field::Body)?;
        let statements: Vec<Node<'t>> = body.named_children().collect();
        for stmt in statements {
            let Some(expr) = stmt
                .named_child(0)
                .filter(|e| e.kind() == "assignment_expression")
            else {
                continue;
            };
            let left = expr.field(Field::Left)?;
            if text(left, self.src) != format!("this.{field}") {
                continue;
            }
            let right = unwrap_expr(expr.field(Field::Right)?);
            if right.kind() == "identifier" {
                let position = params
                    .iter()
                    .position(|p| first_identifier(*p, self.src) == Some(text(right, self.src)));
                if let Some(index) = position {
                    if let Some(found) = params
                        .get(index)
                        .and_then(|p| self.annotated_class(*p, depth))
                    {
                        return Some(found);
                    }
                    return self.constructor_argument(class_body, index, depth);
                }
            }
            return self.instance_body(right, depth + 1);
        }
        None
    }

    /// The class a TypeScript annotation names (`repo: OrdersRepo`).
    fn annotated_class(&mut self, node: Node<'t>, depth: usize) -> Option<(usize, Node<'t>)> {
        let annotation = node.field(Field::Type)?;
        let ty = annotation
            .named_children()
            .find(|t| t.kind() == "type_identifier")?;
        self.class_body_named(ty, node, depth)
    }

    /// The argument at `index` of the first `new ThisClass(...)` in the project that passes one
    /// (`new OrderService(new OrderRepository(ddb))` in a container file).
    fn constructor_argument(
        &mut self,
        class_body: Node<'t>,
        index: usize,
        depth: usize,
    ) -> Option<(usize, Node<'t>)> {
        let (unit, arg) = self.construction_argument(class_body, index)?;
        self.within(unit, |this| this.instance_body(arg, depth + 1))
    }

    /// The argument `new Class(...)` passes for the constructor's parameter at `index`: a
    /// construction in this file first, else the first elsewhere.
    fn construction_argument(
        &mut self,
        class_body: Node<'t>,
        index: usize,
    ) -> Option<(usize, Node<'t>)> {
        let class = class_body.parent()?;
        let name = text(class.field(Field::Name)?, self.src).to_string();
        let constructions = self
            .constructions
            .get_or_insert_with(|| constructions(self.units, self.settings.max_nesting));
        let sites = constructions.get(&name)?;
        let here = self.current;
        sites
            .iter()
            .filter(|(unit, _)| *unit == here)
            .chain(sites.iter().filter(|(unit, _)| *unit != here))
            .find_map(|&(unit, new)| arguments(new).get(index).map(|&arg| (unit, arg)))
    }

    /// What a parameter stands for: the argument its function was last called with, or, for
    /// a class constructor's parameter, what `new Class(...)` passes (`new Server(routes)`).
    fn argument_of_parameter(&mut self, reference: Node<'t>) -> Option<(usize, Node<'t>)> {
        if let Some(found) = self.parameter_argument(reference) {
            return Some(found);
        }
        let name = text(reference, self.src);
        let mut node = reference.parent();
        for _ in 0..64 {
            let current = node?;
            if is_function(current) || current.kind() == "method_definition" {
                let index = parameters(current)
                    .iter()
                    .position(|p| first_identifier(*p, self.src) == Some(name));
                if let Some(index) = index {
                    let is_constructor = current.kind() == "method_definition"
                        && current
                            .field(Field::Name)
                            .is_some_and(|n| text(n, self.src) == "constructor");
                    return if is_constructor {
                        self.construction_argument(current.parent()?, index)
                    } else {
                        None
                    };
                }
            }
            node = current.parent();
        }
        None
    }

    // ---- statements -----------------------------------------------------------------------

    /// Executes the statements of a block in order. Returns whether the block always exits.
    pub(super) fn exec_block(&mut self, block: Node<'t>, frame: &mut Frame) -> bool {
        let statements: Vec<Node<'t>> = block.named_children().collect();
        for stmt in statements {
            if self.exec(stmt, frame) {
                return true;
            }
        }
        false
    }

    /// Executes one statement; returns whether it always exits.
    fn exec(&mut self, stmt: Node<'t>, frame: &mut Frame) -> bool {
        if !self.tick() || self.eval_depth >= MAX_EVAL_DEPTH {
            return false;
        }
        self.eval_depth += 1;
        let exits = self.exec_inner(stmt, frame);
        self.eval_depth -= 1;
        exits
    }

    fn exec_inner(&mut self, stmt: Node<'t>, frame: &mut Frame) -> bool {
        match stmt.kind() {
            "lexical_declaration" | "variable_declaration" => {
                let declarators: Vec<Node<'t>> = stmt
                    .named_children()
                    .filter(|d| d.kind() == "variable_declarator")
                    .collect();
                for declarator in declarators {
                    let value = match declarator.field(Field::Value) {
                        Some(v) => self.eval(v, frame),
                        None => Flow::default(),
                    };
                    if let Some(pattern) = declarator.field(Field::Name) {
                        let init = declarator.field(Field::Value).map(unwrap_expr);
                        if let Some(init) = init.filter(|i| {
                            pattern.kind() == "identifier"
                                && matches!(
                                    i.kind(),
                                    "binary_expression" | "unary_expression" | "call_expression"
                                )
                        }) {
                            self.conditions
                                .insert(text(pattern, self.src).to_string(), init);
                        }
                        self.bind_pattern(pattern, value, frame);
                    }
                }
                false
            }
            "expression_statement" => {
                if let Some(expr) = stmt.named_child(0) {
                    self.eval(expr, frame);
                }
                exits(stmt, self.src)
                    || stmt
                        .named_child(0)
                        .is_some_and(|expr| self.calls_thrower(expr))
            }
            "return_statement" => {
                let value = match stmt.named_child(0) {
                    Some(v) => self.eval(v, frame),
                    None => Flow::default(),
                };
                self.note_returned(&value, stmt, frame);
                frame.returns = Some(match frame.returns.take() {
                    Some(previous) => previous.join(&value),
                    None => value,
                });
                true
            }
            "throw_statement" => {
                if let Some(v) = stmt.named_child(0) {
                    self.eval(v, frame);
                }
                true
            }
            "if_statement" => self.exec_if(stmt, frame),
            "statement_block" => self.exec_block(stmt, frame),
            "try_statement" => self.exec_try(stmt, frame),
            "for_in_statement" => {
                let iterable = stmt
                    .field(Field::Right)
                    .map(|r| self.eval(r, frame))
                    .unwrap_or_default();
                let mut inner = frame.fork();
                if let Some(left) = stmt.field(Field::Left) {
                    let element = iterable
                        .field("[]")
                        .cloned()
                        .unwrap_or_else(|| iterable.derived());
                    self.bind_pattern(left, element, &mut inner);
                }
                if let Some(body) = stmt.field(Field::Body) {
                    self.exec(body, &mut inner);
                }
                self.merge_into(frame, inner);
                false
            }
            "for_statement" | "while_statement" | "do_statement" => {
                let mut inner = frame.fork();
                let parts: Vec<Node<'t>> = stmt.named_children().collect();
                for part in parts {
                    self.exec(part, &mut inner);
                }
                self.merge_into(frame, inner);
                false
            }
            "switch_statement" => {
                if let Some(value) = stmt.field(Field::Value) {
                    self.eval(value, frame);
                }
                if let Some(body) = stmt.field(Field::Body) {
                    let cases: Vec<Node<'t>> = body.named_children().collect();
                    for case in cases {
                        let mut inner = frame.fork();
                        let statements: Vec<Node<'t>> = case
                            .named_children()
                            .filter(|s| Some(s.id()) != case.field(Field::Value).map(|v| v.id()))
                            .collect();
                        for s in statements {
                            if self.exec(s, &mut inner) {
                                break;
                            }
                        }
                        self.merge_into(frame, inner);
                    }
                }
                false
            }
            "export_statement" => {
                if let Some(declaration) = stmt.field(Field::Declaration) {
                    return self.exec(declaration, frame);
                }
                if let Some(value) = stmt.field(Field::Value) {
                    self.eval(value, frame);
                }
                false
            }
            "labeled_statement" => stmt.field(Field::Body).is_some_and(|b| self.exec(b, frame)),
            _ => false,
        }
    }

    fn exec_if(&mut self, stmt: Node<'t>, frame: &mut Frame) -> bool {
        let Some(condition) = stmt.field(Field::Condition) else {
            return false;
        };
        self.eval(condition, frame);
        let consequence = stmt.field(Field::Consequence);
        let alternative = stmt
            .field(Field::Alternative)
            .and_then(|a| a.named_child(0));
        let decides = consequence.is_some_and(|c| self.leaves(c))
            || alternative.is_some_and(|a| self.leaves(a));
        if decides {
            self.note_condition(condition, frame);
        }

        let mut then_frame = frame.fork();
        self.apply_guard(condition, true, &mut then_frame);
        let then_exits = match consequence {
            Some(c) => self.exec(c, &mut then_frame),
            None => false,
        };
        let mut else_frame = frame.fork();
        self.apply_guard(condition, false, &mut else_frame);
        let else_exits = match alternative {
            Some(a) => self.exec(a, &mut else_frame),
            None => false,
        };
        match (then_exits, else_exits) {
            (true, true) => {
                frame.returns = join_opt(then_frame.returns.take(), else_frame.returns.take());
                true
            }
            (true, false) => {
                let returns = join_opt(then_frame.returns.take(), else_frame.returns.take());
                *frame = else_frame;
                frame.returns = returns;
                false
            }
            (false, true) => {
                let returns = join_opt(then_frame.returns.take(), else_frame.returns.take());
                *frame = then_frame;
                frame.returns = returns;
                false
            }
            (false, false) => {
                // Facts from either branch alone do not hold after the `if`.
                let owned = frame.owned.clone();
                let authorized = frame.authorized;
                self.merge_into(&mut then_frame, else_frame);
                then_frame.owned = owned;
                then_frame.authorized = authorized;
                *frame = then_frame;
                false
            }
        }
    }

    /// `next()` of the middleware being evaluated: its third parameter, called with nothing
    /// (the request goes on to what follows on the route).
    fn calls_next(&self, call: Node<'t>, function: Node<'t>) -> bool {
        if function.kind() != "identifier" || !arguments(call).is_empty() {
            return false;
        }
        let Some(&root) = self.roots.last() else {
            return false;
        };
        let name = text(function, self.src);
        parameters(root)
            .get(2)
            .is_some_and(|next| text(*next, self.src_of(root)) == name)
    }

    /// Whether `stmt` always leaves the function: as `guards::exits` says, or by calling a
    /// function of the project that always throws (`fail('forbidden')`, `throw403()`).
    fn leaves(&mut self, stmt: Node<'t>) -> bool {
        if exits(stmt, self.src) {
            return true;
        }
        let stmt = unwrap_expr(stmt);
        match stmt.kind() {
            "statement_block" => {
                let statements: Vec<Node<'t>> = stmt.named_children().collect();
                statements.into_iter().any(|s| self.leaves(s))
            }
            "expression_statement" => stmt
                .named_child(0)
                .is_some_and(|expr| self.calls_thrower(expr)),
            "if_statement" => {
                let consequence = stmt.field(Field::Consequence);
                let alternative = stmt
                    .field(Field::Alternative)
                    .and_then(|a| a.named_child(0));
                match (consequence, alternative) {
                    (Some(c), Some(a)) => self.leaves(c) && self.leaves(a),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// `fail('forbidden')` where the project's `fail` throws before it could return.
    fn calls_thrower(&mut self, expr: Node<'t>) -> bool {
        let expr = unwrap_await(unwrap_expr(expr));
        if expr.kind() != "call_expression" {
            return false;
        }
        let Some(function) = expr
            .field(Field::Function)
            .and_then(|callee| self.function_value(callee))
        else {
            return false;
        };
        let Some(body) = function
            .field(Field::Body)
            .filter(|b| b.kind() == "statement_block")
        else {
            return false;
        };
        body.named_children()
            .find(|s| matches!(s.kind(), "throw_statement" | "return_statement"))
            .is_some_and(|s| s.kind() == "throw_statement")
    }

    fn exec_try(&mut self, stmt: Node<'t>, frame: &mut Frame) -> bool {
        // A verify in the try body proves nothing to the catch, nor after a catch that goes on.
        let verified_before = frame.verified_tokens.clone();
        let mut body_exits = false;
        if let Some(body) = stmt.field(Field::Body) {
            body_exits = self.exec_block(body, frame);
        }
        let mut handler_exits = true;
        if let Some(handler) = stmt.field(Field::Handler) {
            let mut inner = frame.fork();
            inner.verified_tokens = verified_before.clone();
            if let Some(param) = handler.field(Field::Parameter) {
                self.bind_pattern(param, Flow::default(), &mut inner);
            }
            let catch_body = handler.field(Field::Body);
            handler_exits = catch_body.is_some_and(|b| self.exec_block(b, &mut inner));
            // A catch that only answers (a 401) and is the end of the road carries nothing
            // on: whatever goes on after the try went through its body, verify included.
            let rejects = catch_body.is_some_and(|b| !lets_request_through(b, self.src))
                && !continues_after(stmt, self.src);
            if !handler_exits {
                self.merge_into(frame, inner);
                if !rejects {
                    frame.verified_tokens = verified_before;
                }
            }
        }
        if let Some(finalizer) = stmt.field(Field::Finalizer) {
            let block = finalizer.named_children().last();
            if let Some(block) = block {
                self.exec_block(block, frame);
            }
        }
        body_exits && handler_exits
    }

    /// Joins what a branch learned about variables back into `frame`.
    fn merge_into(&self, frame: &mut Frame, other: Frame) {
        for name in frame.env.written_since_fork(&other.env) {
            let merged = match (frame.env.get(&name), other.env.get(&name)) {
                (Some(mine), Some(theirs)) => mine.clone().join(theirs),
                (None, Some(theirs)) => theirs.clone(),
                (_, None) => continue,
            };
            frame.env.insert(name, merged);
        }
        frame.verified_tokens.extend(other.verified_tokens);
        for op in other.responded {
            if !frame.responded.contains(&op) {
                frame.responded.push(op);
            }
        }
        frame.returns = join_opt(frame.returns.take(), other.returns);
    }

    // ---- guards ---------------------------------------------------------------------------

    /// Applies what is known when `condition` has the value `holds`.
    fn apply_guard(&mut self, condition: Node<'t>, holds: bool, frame: &mut Frame) {
        self.apply_guard_at(condition, holds, frame, 0);
    }

    /// `apply_guard`, bounded: recorded conditions can refer to themselves (`done = !done`).
    fn apply_guard_at(
        &mut self,
        condition: Node<'t>,
        holds: bool,
        frame: &mut Frame,
        depth: usize,
    ) {
        if depth > MAX_GUARD_DEPTH {
            return;
        }
        let condition = unwrap_expr(condition);
        // `if (!allowed) return ...` with `const allowed = a === b || isAdmin`.
        if condition.kind() == "unary_expression"
            && condition.field(Field::Operator).map(|o| text(o, self.src)) == Some("!")
        {
            if let Some(argument) = condition.field(Field::Argument) {
                return self.apply_guard_at(argument, !holds, frame, depth + 1);
            }
        }
        if condition.kind() == "identifier" {
            if let Some(&recorded) = self.conditions.get(text(condition, self.src)) {
                return self.apply_guard_at(recorded, holds, frame, depth + 1);
            }
        }
        // `owner !== me && role !== 'admin'` exits: afterwards the caller owns it or is an
        // admin, either of which is fine; so what the other side says holds.
        // Both sides are known: `a || b` false, `a && b` true.
        let both = matches!(
            (holds, logical_operator(condition, self.src)),
            (false, Some("||")) | (true, Some("&&"))
        );
        if both {
            for field in [Field::Left, Field::Right] {
                if let Some(side) = condition.field(field) {
                    self.apply_guard_at(side, holds, frame, depth + 1);
                }
            }
            return;
        }
        let split = matches!(
            (holds, logical_operator(condition, self.src)),
            (false, Some("&&")) | (true, Some("||"))
        );
        if split {
            let sides: Vec<Node<'t>> = [Field::Left, Field::Right]
                .into_iter()
                .filter_map(|f| condition.field(f))
                .collect();
            if let Some(role) = sides.iter().position(|s| self.is_role_check(*s, frame)) {
                for (i, side) in sides.iter().enumerate() {
                    if i != role {
                        self.apply_guard_at(*side, holds, frame, depth + 1);
                    }
                }
                return;
            }
        }
        let comparisons = if holds {
            equal_when_true(condition, self.src)
        } else {
            equal_when_false(condition, self.src)
        };
        for cmp in comparisons {
            let left = self.eval_quiet(cmp.left, frame);
            let right = self.eval_quiet(cmp.right, frame);
            for (mine, theirs, node) in [(&left, &right, cmp.left), (&right, &left, cmp.right)] {
                if !theirs.labels.has(Labels::VERIFIED) {
                    continue;
                }
                // (e): the stored item's owner is the caller.
                if !mine.from_ops.is_empty() && self.names_owner(node) {
                    self.owner_checked(&mine.from_ops, frame);
                }
                // (b): a verified role/scope claim decides access, against a value the
                // server fixes (a literal, or configuration: `process.env.MANAGER_ROLE`).
                let server_fixed = mine.labels.has(Labels::CONSTANT)
                    || mine
                        .path
                        .as_deref()
                        .is_some_and(|p| p.starts_with("process.env."));
                if theirs.path.as_deref().is_some_and(guards::is_role_path) && server_fixed {
                    frame.authorized = true;
                }
                // (a): the request value equals the caller's identity.
                if mine.labels.is_request() {
                    if let Some(path) = access_path(node, self.src) {
                        frame.owned.insert(path);
                    }
                    if let Some(path) = &mine.path {
                        frame.owned.insert(path.clone());
                    }
                }
            }
        }
        if holds {
            self.apply_role_guard(condition, frame);
        }
        for (value, collection) in guards::allowlisted(condition, holds, self.src) {
            let from_request =
                collection.is_some_and(|c| self.eval_quiet(c, frame).labels.is_request());
            if from_request {
                continue;
            }
            let flow = self.eval_quiet(value, frame);
            // Membership in the caller's own verified list (`req.user.tenants.includes(id)`)
            // is ownership (a); membership in a constant list is an allow-list.
            let in_identity =
                collection.is_some_and(|c| self.eval_quiet(c, frame).labels.has(Labels::VERIFIED));
            let set = if in_identity {
                &mut frame.owned
            } else {
                &mut frame.allowlisted
            };
            if let Some(path) = access_path(value, self.src) {
                set.insert(path);
            }
            if let Some(path) = flow.path {
                set.insert(path);
            }
        }
    }

    /// A check of a verified role, scope or group claim (`user.role !== 'admin'`,
    /// `!user.roles.includes('admin')`, `isAdmin(req.user)`).
    fn is_role_check(&mut self, node: Node<'t>, frame: &Frame) -> bool {
        let node = unwrap_expr(node);
        match node.kind() {
            "unary_expression" => node
                .field(Field::Argument)
                .is_some_and(|a| self.is_role_check(a, frame)),
            "binary_expression" => {
                let (Some(left), Some(right)) = (node.field(Field::Left), node.field(Field::Right))
                else {
                    return false;
                };
                [left, right].iter().any(|side| {
                    let flow = self.eval_quiet(*side, frame);
                    flow.labels.has(Labels::VERIFIED)
                        && flow.path.as_deref().is_some_and(guards::is_role_path)
                })
            }
            "call_expression" => {
                let Some(function) = node.field(Field::Function).map(unwrap_expr) else {
                    return false;
                };
                let name = member_property(function, self.src)
                    .unwrap_or_else(|| text(function, self.src).to_string())
                    .to_ascii_lowercase();
                let receiver_is_role = function
                    .field(Field::Object)
                    .map(|r| self.eval_quiet(r, frame))
                    .is_some_and(|f| {
                        f.labels.has(Labels::VERIFIED)
                            && f.path.as_deref().is_some_and(guards::is_role_path)
                    });
                let named_role = ["admin", "role", "permission", "scope"]
                    .iter()
                    .any(|w| name.contains(w))
                    && arguments(node)
                        .iter()
                        .any(|a| self.eval_quiet(*a, frame).labels.has(Labels::VERIFIED));
                receiver_is_role || named_role
            }
            _ => false,
        }
    }

    /// `if (!req.user.roles.includes('admin')) return ...` and similar role checks that exit.
    fn apply_role_guard(&mut self, condition: Node<'t>, frame: &mut Frame) {
        let mut stack = vec![condition];
        let mut budget = 256usize;
        while let Some(node) = stack.pop() {
            budget = match budget.checked_sub(1) {
                Some(b) => b,
                None => return,
            };
            if node.kind() == "call_expression" {
                let function = node.field(Field::Function).map(unwrap_expr);
                if let Some(function) = function.filter(|f| f.kind() == "member_expression") {
                    let method = member_property(function, self.src).unwrap_or_default();
                    let receiver = function.field(Field::Object);
                    if matches!(
                        method.as_str(),
                        "includes" | "has" | "some" | "indexOf" | "hasRole" | "can"
                    ) {
                        if let Some(receiver) = receiver {
                            let value = self.eval_quiet(receiver, frame);
                            if value.labels.has(Labels::VERIFIED)
                                && value.path.as_deref().is_some_and(guards::is_role_path)
                            {
                                frame.authorized = true;
                            }
                        }
                    }
                }
            }
            stack.extend(node.named_children());
        }
    }

    /// A condition that decides on a decoded, unverified claim is an authorisation decision.
    fn note_condition(&mut self, condition: Node<'t>, frame: &mut Frame) {
        let value = self.eval_quiet(condition, frame);
        let _ = value;
        let mut stack = vec![condition];
        let mut budget = 256usize;
        while let Some(node) = stack.pop() {
            budget = match budget.checked_sub(1) {
                Some(b) => b,
                None => return,
            };
            if matches!(node.kind(), "member_expression" | "identifier") {
                let flow = self.eval_quiet(node, frame);
                if flow.labels.has(Labels::UNVERIFIED) && !flow.decodes.is_empty() {
                    for decode in &flow.decodes {
                        self.facts.decode_trusts.push(DecodeTrust {
                            decode_file: decode.0,
                            decode: decode.1,
                            sink_file: self.current,
                            sink: Span::of(&condition),
                            how: "decides access",
                        });
                    }
                    return;
                }
                continue;
            }
            stack.extend(node.named_children());
        }
    }

    fn names_owner(&self, node: Node<'t>) -> bool {
        let node = unwrap_expr(node);
        member_property(node, self.src).is_some_and(|p| self.settings.is_owner_attribute(&p))
    }

    /// Pattern (e): the items of `ops` are checked against the caller before any response.
    fn owner_checked(&mut self, ops: &[usize], frame: &mut Frame) {
        for &op in ops {
            if frame.responded.contains(&op) {
                continue;
            }
            let Some(fact) = self.facts.ops.get_mut(op) else {
                continue;
            };
            fact.context.owner_checked = true;
            // A write of the same item after the check is covered too (also when the check
            // is in a helper: the handler's later statements see `checked_paths`).
            for entry in &fact.entries {
                for part in &entry.key {
                    if let Some(path) = &part.flow.path {
                        frame.owned.insert(path.clone());
                        self.checked_paths.insert(path.clone());
                    }
                }
            }
        }
    }

    // ---- expressions ----------------------------------------------------------------------

    /// Evaluates without recording facts (for re-reading a guard's operands).
    fn eval_quiet(&mut self, expr: Node<'t>, frame: &Frame) -> Flow {
        let mut scratch = frame.clone();
        let ops = self.facts.ops.len();
        let trusts = self.facts.decode_trusts.len();
        let unchecked = self.facts.unchecked_verifies.len();
        let value = self.eval(expr, &mut scratch);
        self.facts.ops.truncate(ops);
        self.facts.decode_trusts.truncate(trusts);
        self.facts.unchecked_verifies.truncate(unchecked);
        value
    }

    pub(super) fn eval(&mut self, expr: Node<'t>, frame: &mut Frame) -> Flow {
        if !self.tick() || self.eval_depth >= MAX_EVAL_DEPTH {
            return Flow::default();
        }
        self.eval_depth += 1;
        let value = self.eval_inner(expr, frame);
        self.eval_depth -= 1;
        value
    }

    fn eval_inner(&mut self, expr: Node<'t>, frame: &mut Frame) -> Flow {
        let expr = unwrap_expr(expr);
        match expr.kind() {
            "string" => Flow::constant(string_value(expr, self.src)),
            "template_string" => self.template(expr, frame),
            "number" | "true" | "false" | "null" | "undefined" | "regex" => Flow::constant(None),
            "identifier" => self.identifier(expr, frame),
            "member_expression" | "subscript_expression" => self.member(expr, frame),
            "await_expression" => match expr.named_child(0) {
                Some(inner) => self.eval(inner, frame),
                None => Flow::default(),
            },
            "call_expression" => self.call(expr, frame),
            "new_expression" => self.construct(expr, frame),
            "object" => self.object(expr, frame),
            "array" => self.array(expr, frame),
            "binary_expression" => self.binary(expr, frame),
            "ternary_expression" => {
                if let Some(c) = expr.field(Field::Condition) {
                    self.eval(c, frame);
                }
                let a = expr
                    .field(Field::Consequence)
                    .map(|n| self.eval(n, frame))
                    .unwrap_or_default();
                let b = expr
                    .field(Field::Alternative)
                    .map(|n| self.eval(n, frame))
                    .unwrap_or_default();
                a.either(&b)
            }
            "assignment_expression" | "augmented_assignment_expression" => self.assign(expr, frame),
            "sequence_expression" => {
                let mut last = Flow::default();
                let parts: Vec<Node<'t>> = expr.named_children().collect();
                for part in parts {
                    last = self.eval(part, frame);
                }
                last
            }
            "unary_expression" | "update_expression" => {
                if let Some(arg) = expr.field(Field::Argument) {
                    self.eval(arg, frame);
                }
                Flow::default()
            }
            _ => Flow::default(),
        }
    }

    fn identifier(&mut self, ident: Node<'t>, frame: &Frame) -> Flow {
        let name = text(ident, self.src);
        let Some(flow) = frame.env.get(name) else {
            return Flow::default();
        };
        let mut flow = flow.clone();
        self.apply_ownership(&mut flow, Some(name), frame);
        flow
    }

    /// Marks a value owned when a guard covered its variable or its source path.
    fn apply_ownership(&self, flow: &mut Flow, name: Option<&str>, frame: &Frame) {
        let covered = name.is_some_and(|n| frame.owned.contains(n))
            || flow
                .path
                .as_ref()
                .is_some_and(|p| frame.owned.contains(p) || self.checked_paths.contains(p));
        if covered {
            flow.owned = true;
            flow.equals_identity = true;
        }
        if frame.authorized && flow.labels.is_request() {
            flow.owned = true;
        }
        if name.is_some_and(|n| frame.allowlisted.contains(n))
            || flow
                .path
                .as_ref()
                .is_some_and(|p| frame.allowlisted.contains(p))
        {
            flow.allowlisted = true;
        }
    }

    fn template(&mut self, template: Node<'t>, frame: &mut Frame) -> Flow {
        let mut flow = Flow::constant(string_value(template, self.src));
        let parts: Vec<Node<'t>> = template
            .named_children()
            .filter(|c| c.kind() == "template_substitution")
            .collect();
        for part in parts {
            if let Some(inner) = part.named_child(0) {
                let value = self.eval(inner, frame);
                flow = flow.join(&value.derived());
                flow.text = None;
            }
        }
        if flow.labels.is_request() && flow.built.is_none() {
            flow.built = Some((self.current, Span::of(&template)));
        }
        flow
    }

    fn binary(&mut self, expr: Node<'t>, frame: &mut Frame) -> Flow {
        let op = expr
            .field(Field::Operator)
            .map(|o| text(o, self.src))
            .unwrap_or_default();
        let left = expr
            .field(Field::Left)
            .map(|n| self.eval(n, frame))
            .unwrap_or_default();
        let right = expr
            .field(Field::Right)
            .map(|n| self.eval(n, frame))
            .unwrap_or_default();
        match op {
            "+" => {
                let text = match (&left.text, &right.text) {
                    (Some(a), Some(b)) => Some(format!("{a}{b}")),
                    _ => None,
                };
                let mut joined = left.derived().join(&right.derived());
                joined.text = text;
                if joined.labels.is_request() && joined.built.is_none() {
                    joined.built = Some((self.current, Span::of(&expr)));
                }
                joined
            }
            "||" | "??" => left.either(&right),
            "&&" => right,
            _ => Flow::default(),
        }
    }

    fn object(&mut self, object: Node<'t>, frame: &mut Frame) -> Flow {
        let mut fields = std::collections::BTreeMap::new();
        let mut flow = Flow::default();
        let members: Vec<Node<'t>> = object.named_children().collect();
        for member in members {
            match member.kind() {
                "pair" => {
                    let key = member.field(Field::Key);
                    let name = key
                        .and_then(|k| property_key(k, self.src))
                        .unwrap_or_else(|| "*".to_string());
                    if let Some(k) = key.filter(|k| k.kind() == "computed_property_name") {
                        self.eval(k, frame);
                    }
                    if let Some(value) = member.field(Field::Value) {
                        let mut v = self.eval(value, frame).at(self.current, Span::of(&value));
                        absorb_decodes(&mut flow, &v);
                        // An expression composed right here is reported here.
                        if v.labels.is_request()
                            && matches!(
                                unwrap_expr(value).kind(),
                                "template_string" | "binary_expression"
                            )
                        {
                            v.built = Some((self.current, Span::of(&value)));
                        }
                        flow.labels = flow.labels.union(v.labels);
                        fields.insert(name, v);
                    }
                }
                "shorthand_property_identifier" => {
                    let v = self
                        .identifier(member, frame)
                        .at(self.current, Span::of(&member));
                    absorb_decodes(&mut flow, &v);
                    flow.labels = flow.labels.union(v.labels);
                    fields.insert(text(member, self.src).to_string(), v);
                }
                "spread_element" => {
                    if let Some(inner) = member.named_child(0) {
                        let v = self.eval(inner, frame);
                        flow.labels = flow.labels.union(v.labels);
                        if let Some(inner_fields) = &v.fields {
                            for (k, f) in inner_fields.iter() {
                                fields.insert(k.clone(), f.clone());
                            }
                        } else if v.labels.is_request() {
                            // Unknown keys from the client: any property written before the
                            // spread may be overwritten by it.
                            for existing in fields.values_mut() {
                                *existing = existing.clone().either(&v.derived());
                            }
                        }
                        flow.spreads
                            .push(((self.current, Span::of(&member)), spread_value(v)));
                    }
                }
                _ => {}
            }
        }
        flow.with_fields(fields)
    }

    fn array(&mut self, array: Node<'t>, frame: &mut Frame) -> Flow {
        let mut element: Option<Flow> = None;
        let items: Vec<Node<'t>> = array.named_children().collect();
        for item in items {
            let (value, spread) = if item.kind() == "spread_element" {
                let inner = item
                    .named_child(0)
                    .map(|i| self.eval(i, frame))
                    .unwrap_or_default();
                let value = inner
                    .field("[]")
                    .cloned()
                    .unwrap_or_else(|| inner.derived());
                (value, true)
            } else {
                (
                    self.eval(item, frame).at(self.current, Span::of(&item)),
                    false,
                )
            };
            let _ = spread;
            element = Some(match element {
                Some(e) => e.join(&value),
                None => value,
            });
        }
        let mut flow = Flow::default();
        if let Some(e) = element {
            // The array is what its elements are (`[...ids].join()` is still the ids).
            flow = e.derived();
            flow = flow.with_fields(std::collections::BTreeMap::from([("[]".to_string(), e)]));
        }
        flow
    }

    fn member(&mut self, member: Node<'t>, frame: &mut Frame) -> Flow {
        let Some(object_node) = member.field(Field::Object) else {
            return Flow::default();
        };
        let object = self.eval(object_node, frame);
        let key = match member.kind() {
            "member_expression" => member_property(member, self.src),
            _ => {
                let index = member.field(Field::Index);
                let key = index.and_then(|i| string_value(i, self.src));
                if key.is_none() {
                    if let Some(i) = index {
                        self.eval(i, frame);
                    }
                }
                key
            }
        };
        let mut flow = self.read_property(&object, key.as_deref(), member);
        self.apply_ownership(&mut flow, None, frame);
        flow
    }

    /// `object.key`: request containers, identity, stored items, object literal fields.
    fn read_property(&mut self, object: &Flow, key: Option<&str>, member: Node<'t>) -> Flow {
        let site_text = text(member, self.src).to_string();
        let path = match (&object.path, key) {
            (Some(p), Some(k)) => Some(format!("{p}.{k}")),
            _ => Some(site_text.clone()),
        };
        if object.request_object {
            let labels = match key {
                Some("params") => Labels::REQ_PARAMS,
                Some("query") => Labels::REQ_QUERY,
                Some("body") => Labels::REQ_BODY,
                Some("headers") => Labels::REQ_HEADERS,
                Some("cookies" | "signedCookies") => Labels::REQ_COOKIES,
                Some(slot @ ("user" | "auth")) => return self.request_identity(member, slot, path),
                Some(slot)
                    if self.identity.request_identity.contains_key(slot)
                        || self.slot_value(slot).is_some() =>
                {
                    return self.request_identity(member, slot, path)
                }
                _ => return Flow::default(),
            };
            return Flow {
                labels,
                whole_request: true,
                origin: Some(Origin {
                    file: self.current,
                    span: Span::of(&member),
                    text: site_text,
                }),
                path,
                ..Flow::default()
            };
        }
        if key == Some("locals")
            && (site_text.ends_with("res.locals") || site_text.ends_with("response.locals"))
        {
            return Flow {
                path,
                ..Flow::default()
            }
            .with_fields(self.locals_in_chain());
        }
        if let Some(field) = key.and_then(|k| object.field(k)) {
            let mut field = field.clone();
            if field.path.is_none() {
                field.path = path;
            }
            return field;
        }
        if key.is_none() {
            if let Some(value) = any_field(object) {
                // `table[k]` with a key we cannot read: one of the table's own values, which
                // keep their shape (a server-built variant is not a client-shaped object).
                return value;
            }
        }
        if object.labels.has(Labels::UNVERIFIED) && key == Some("header") {
            // `decode(token, { complete: true }).header`: only the header, not the claims.
            return Flow::default();
        }
        let mut flow = object.derived();
        if object.whole_request {
            // `const { id } = req.params` reads `req.params.id`: say so, not just `id`.
            flow.origin = Some(Origin {
                file: self.current,
                span: Span::of(&member),
                text: path.clone().unwrap_or(site_text),
            });
        }
        flow.path = path;
        if object.labels.is_request()
            || object.labels.has(Labels::VERIFIED)
            || object.labels.has(Labels::UNVERIFIED)
            || !object.from_ops.is_empty()
        {
            flow
        } else {
            Flow {
                path: flow.path,
                ..Flow::default()
            }
        }
    }

    /// Records that the handler or middleware being evaluated (and the functions around it,
    /// such as a middleware factory) fills `slot` with `value`.
    fn learn_slot(&mut self, slot: &str, value: &Flow) {
        let Some(&root) = self.roots.last() else {
            return;
        };
        let mut owners = vec![root.id()];
        owners.extend(self.call_stack.iter().copied());
        // A middleware made by a factory is known on the route by the factory.
        let mut node = root.parent();
        for _ in 0..64 {
            let Some(current) = node else { break };
            if is_function(current) {
                owners.push(current.id());
            }
            node = current.parent();
        }
        for owner in owners {
            let slots = self.learned_slots_by_function.entry(owner).or_default();
            let merged = match slots.get(slot) {
                Some(previous) => previous.clone().join(value),
                None => value.clone(),
            };
            slots.insert(slot.to_string(), merged);
        }
    }

    /// What the middlewares in front of the current handler put in `slot`.
    fn slot_value(&self, slot: &str) -> Option<Flow> {
        // What the first pass learned, and what this pass has learned so far (a middleware
        // whose factory's arguments were only seen late in the first pass).
        self.chain
            .iter()
            .flat_map(|f| {
                [
                    self.slots_by_function.get(f),
                    self.learned_slots_by_function.get(f),
                ]
            })
            .filter_map(|slots| slots?.get(slot))
            .fold(None, |acc: Option<Flow>, v| {
                Some(match acc {
                    Some(a) => a.join(v),
                    None => v.clone(),
                })
            })
    }

    /// `res.locals` as the middlewares in front of the current handler fill it (or, for a
    /// handler whose route we do not know, as any middleware of the project does).
    fn locals_in_chain(&self) -> std::collections::BTreeMap<String, Flow> {
        let mut out = std::collections::BTreeMap::new();
        for f in &self.chain {
            for slots in [
                self.slots_by_function.get(f),
                self.learned_slots_by_function.get(f),
            ]
            .into_iter()
            .flatten()
            {
                for (slot, value) in slots {
                    if let Some(name) = slot.strip_prefix("locals.") {
                        let merged = match out.get(name) {
                            Some(previous) => Flow::join(Clone::clone(previous), value),
                            None => value.clone(),
                        };
                        out.insert(name.to_string(), merged);
                    }
                }
            }
        }
        if out.is_empty() {
            return self.identity.locals.clone().into_iter().collect();
        }
        out
    }

    /// `req.user` / `req.auth`: verified, unless this file fills it from a decode.
    fn request_identity(&self, member: Node<'t>, slot: &str, path: Option<String>) -> Flow {
        let origin = Some(Origin {
            file: self.current,
            span: Span::of(&member),
            text: text(member, self.src).to_string(),
        });
        match self.slot_value(slot).as_ref().or(self
            .identity
            .request_identity
            .get(slot)
            .filter(|_| self.chain.is_empty()))
        {
            // What the middleware in front put there: verified claims, or decoded ones.
            Some(learned) if learned.labels.has(Labels::UNVERIFIED) => Flow {
                labels: Labels::UNVERIFIED,
                decodes: learned.decodes.clone(),
                origin,
                path,
                ..Flow::default()
            },
            _ => Flow {
                labels: Labels::VERIFIED,
                origin,
                path,
                ..Flow::default()
            },
        }
    }

    fn assign(&mut self, expr: Node<'t>, frame: &mut Frame) -> Flow {
        let value = expr
            .field(Field::Right)
            .map(|r| self.eval(r, frame))
            .unwrap_or_default();
        let Some(left) = expr.field(Field::Left).map(unwrap_expr) else {
            return value;
        };
        match left.kind() {
            "identifier" => {
                let name = text(left, self.src).to_string();
                let value = if expr.kind() == "augmented_assignment_expression" {
                    frame
                        .env
                        .get(&name)
                        .cloned()
                        .unwrap_or_default()
                        .join(&value.derived())
                } else {
                    value.clone()
                };
                frame.env.insert(name, value);
            }
            "member_expression" | "subscript_expression" => self.assign_member(left, &value, frame),
            "object_pattern" | "array_pattern" => self.bind_pattern(left, value.clone(), frame),
            _ => {}
        }
        value
    }

    /// `req.user = ...`, `res.locals.user = ...`, `params.Key = {...}`.
    fn assign_member(&mut self, left: Node<'t>, value: &Flow, frame: &mut Frame) {
        let object = left.field(Field::Object).map(unwrap_expr);
        let key = member_property(left, self.src);
        let object_flow = object
            .map(|o| self.eval_quiet(o, frame))
            .unwrap_or_default();
        let mut value = value.clone();
        self.settle(&mut value, frame);
        // `req.user = claims`, `req.userId = claims.sub`, `res.locals.user = claims`: a slot
        // the rest of the request reads the caller's identity from.
        let carries_identity =
            value.labels.has(Labels::VERIFIED) || value.labels.has(Labels::UNVERIFIED);
        let request_slot = object_flow.request_object
            && (matches!(key.as_deref(), Some("user" | "auth")) || carries_identity);
        let is_identity_slot = request_slot
            || object.is_some_and(|o| {
                text(o, self.src).ends_with("res.locals") || text(o, self.src) == "locals"
            });
        if is_identity_slot {
            if value.labels.has(Labels::UNVERIFIED) {
                for decode in &value.decodes {
                    self.facts.decode_trusts.push(DecodeTrust {
                        decode_file: decode.0,
                        decode: decode.1,
                        sink_file: self.current,
                        sink: Span::of(&left),
                        how: "becomes the request's identity",
                    });
                }
            }
            if let (true, Some(slot)) = (object_flow.request_object, &key) {
                if carries_identity {
                    let mut stored = value.clone();
                    stored.fields = None;
                    self.learn_slot(slot, &stored);
                    let merged = match self.learned.request_identity.get(slot) {
                        Some(previous) => previous.clone().join(&stored),
                        None => stored,
                    };
                    self.learned.request_identity.insert(slot.clone(), merged);
                }
            }
            if !object_flow.request_object {
                if let Some(key) = &key {
                    let mut stored = value.clone();
                    stored.fields = None;
                    self.learn_slot(&format!("locals.{key}"), &stored);
                    self.learned.locals.insert(key.clone(), stored);
                }
            }
            return;
        }
        // `params.Key = {...}` / `params.ExpressionAttributeValues[':id'] = x`.
        let Some((root, path)) = member_chain(left, self.src) else {
            return;
        };
        if let Some(target) = frame.env.get_mut(&root) {
            set_path(target, &path, value.at(self.current, Span::of(&left)));
        }
    }

    /// A decode whose token has since been verified on this path reads verified claims
    /// (`const claims = jwt.decode(t); jwt.verify(t, ...); req.user = claims`).
    pub(super) fn settle(&self, flow: &mut Flow, frame: &Frame) {
        if !flow.labels.has(Labels::UNVERIFIED) || flow.decodes.is_empty() {
            return;
        }
        let tokens = &self.decode_tokens;
        flow.decodes.retain(|d| {
            !tokens
                .get(d)
                .is_some_and(|t| frame.verified_tokens.contains(t))
        });
        if flow.decodes.is_empty() {
            flow.labels = flow
                .labels
                .without(Labels::UNVERIFIED)
                .union(Labels::VERIFIED);
        }
    }

    /// Binds a declaration or parameter pattern to a value.
    pub(super) fn bind_pattern(&mut self, pattern: Node<'t>, value: Flow, frame: &mut Frame) {
        match pattern.kind() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                frame.env.insert(text(pattern, self.src).to_string(), value);
            }
            "required_parameter" | "optional_parameter" => {
                if let Some(p) = pattern.field(Field::Pattern) {
                    self.bind_pattern(p, value, frame);
                }
            }
            "assignment_pattern" | "object_assignment_pattern" => {
                let default = pattern
                    .field(Field::Right)
                    .map(|d| self.eval(d, frame))
                    .unwrap_or_default();
                if let Some(left) = pattern.field(Field::Left) {
                    self.bind_pattern(left, value.join(&default), frame);
                }
            }
            "object_pattern" => {
                let props: Vec<Node<'t>> = pattern.named_children().collect();
                for prop in props {
                    match prop.kind() {
                        "shorthand_property_identifier_pattern" => {
                            let name = text(prop, self.src);
                            let v = self.read_property(&value, Some(name), prop);
                            self.bind_pattern(prop, v, frame);
                        }
                        "object_assignment_pattern" => {
                            if let Some(left) = prop.field(Field::Left) {
                                let name = text(left, self.src).to_string();
                                let v = self.read_property(&value, Some(&name), left);
                                let default = prop
                                    .field(Field::Right)
                                    .map(|d| self.eval(d, frame))
                                    .unwrap_or_default();
                                self.bind_pattern(left, v.join(&default), frame);
                            }
                        }
                        "pair_pattern" => {
                            let key = prop
                                .field(Field::Key)
                                .and_then(|k| property_key(k, self.src));
                            if let Some(inner) = prop.field(Field::Value) {
                                let v = self.read_property(&value, key.as_deref(), prop);
                                self.bind_pattern(inner, v, frame);
                            }
                        }
                        "rest_pattern" => {
                            if let Some(inner) = prop.named_child(0) {
                                self.bind_pattern(inner, value.clone(), frame);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "array_pattern" => {
                let element = value
                    .field("[]")
                    .cloned()
                    .unwrap_or_else(|| value.derived());
                let items: Vec<Node<'t>> = pattern.named_children().collect();
                for item in items {
                    self.bind_pattern(item, element.clone(), frame);
                }
            }
            "rest_pattern" => {
                if let Some(inner) = pattern.named_child(0) {
                    self.bind_pattern(inner, value, frame);
                }
            }
            _ => {}
        }
    }

    /// Decoded values returned by middleware or identity helpers are trusted by their callers.
    fn note_returned(&mut self, value: &Flow, stmt: Node<'t>, frame: &Frame) {
        if value.decodes.is_empty() || !value.labels.has(Labels::UNVERIFIED) {
            return;
        }
        let function = enclosing_function(stmt);
        let identity_helper = function.is_some_and(|f| {
            let name = function_name(f, self.src).to_ascii_lowercase();
            [
                "auth",
                "user",
                "identity",
                "claims",
                "current",
                "principal",
                "caller",
                "session",
                "account",
            ]
            .iter()
            .any(|w| name.contains(w))
        });
        if frame.handler || identity_helper {
            for decode in &value.decodes {
                self.facts.decode_trusts.push(DecodeTrust {
                    decode_file: decode.0,
                    decode: decode.1,
                    sink_file: self.current,
                    sink: Span::of(&stmt),
                    how: "is returned as the caller's identity",
                });
            }
        }
    }

    // ---- calls ----------------------------------------------------------------------------

    fn call(&mut self, call: Node<'t>, frame: &mut Frame) -> Flow {
        let Some(function) = call.field(Field::Function).map(unwrap_expr) else {
            return Flow::default();
        };
        if self.calls_next(call, function) {
            if let Some(calls) = self.next_calls.as_mut() {
                calls.push(frame.authorized);
            }
        }
        if self.register(call, frame) || self.register_param_callback(call, frame) {
            return Flow::default();
        }
        if let Some(flow) = self.jwt_call(call, function, frame) {
            return flow;
        }
        if let Some(flow) = self.ddb_method_call(call, function, frame) {
            return flow;
        }
        let method = member_property(function, self.src);
        let receiver = function
            .field(Field::Object)
            .filter(|_| function.kind() == "member_expression");
        // `req.get('x')`, `req.header('x')`, `req.param('x')`.
        if let (Some(receiver), Some(method)) = (receiver, method.as_deref()) {
            let object = self.eval(receiver, frame);
            if object.request_object {
                let args = self.eval_args(call, frame);
                let labels = match method {
                    "get" | "header" => Labels::REQ_HEADERS,
                    "param" => Labels::REQ_PARAMS,
                    // `req.sanitize(req.params.id)` (express-sanitizer): a cleaned value is
                    // still the one the client sent.
                    _ => return join_all(&args).derived(),
                };
                return Flow {
                    labels,
                    origin: Some(Origin {
                        file: self.current,
                        span: Span::of(&call),
                        text: text(call, self.src).to_string(),
                    }),
                    path: Some(text(call, self.src).to_string()),
                    ..Flow::default()
                };
            }
            // A method of this file's classes or objects (`this.repo.find(id)`) before the
            // built-in of the same name (`Array.prototype.find`).
            if let Some(target) = self.function_value(function) {
                return self.call_local(call, target, frame);
            }
            if let Some(flow) = self.method_call(call, method, &object, frame) {
                return flow;
            }
        }
        if text(function, self.src) == "Object.assign" {
            return self.object_assign(call, frame);
        }
        // `clauses.push(x)`: the array now holds `x`.
        if let (Some(receiver), Some("push" | "unshift" | "add")) = (receiver, method.as_deref()) {
            let receiver = unwrap_expr(receiver);
            if receiver.kind() == "identifier" {
                let values = self.eval_args(call, frame);
                let name = text(receiver, self.src).to_string();
                if let Some(array) = frame.env.get_mut(&name) {
                    let element = values
                        .iter()
                        .fold(array.field("[]").cloned().unwrap_or_default(), |acc, v| {
                            acc.join(v)
                        });
                    array.labels = array.labels.union(element.labels);
                    array.fields_mut().insert("[]".to_string(), element);
                }
                return Flow::default();
            }
        }
        // The file's own functions, evaluated with these arguments.
        if let Some(target) = self.function_value(function) {
            return self.call_local(call, target, frame);
        }
        let name = if function.kind() == "identifier" {
            text(function, self.src).to_string()
        } else {
            method.clone().unwrap_or_default()
        };
        let args = self.eval_args(call, frame);
        self.resolve_promise(&name, &args, frame);
        builtin_result(&name, function, &args, self.src)
    }

    /// `Object.assign(target, ...sources)`: like an object literal with spreads, in order; a
    /// source with keys we cannot see (the request body) may overwrite what came before.
    fn object_assign(&mut self, call: Node<'t>, frame: &mut Frame) -> Flow {
        let args = arguments(call);
        let mut result = match args.first() {
            Some(first) => self.eval(*first, frame),
            None => return Flow::default(),
        };
        for source in args.iter().skip(1) {
            let value = self.eval(*source, frame);
            result.labels = result.labels.union(value.labels);
            match &value.fields {
                Some(fields) => {
                    let target = result.fields_mut();
                    for (k, v) in fields.iter() {
                        target.insert(k.clone(), v.clone());
                    }
                }
                None if value.labels.is_request() => {
                    if let Some(fields) = result.fields.as_mut().map(std::sync::Arc::make_mut) {
                        for existing in fields.values_mut() {
                            *existing = existing.clone().either(&value.derived());
                        }
                    }
                    result
                        .spreads
                        .push(((self.current, Span::of(source)), spread_value(value)));
                }
                None => {}
            }
        }
        result
    }

    /// Evaluates the arguments (callbacks inline, with the caller's variables in scope).
    fn eval_args(&mut self, call: Node<'t>, frame: &mut Frame) -> Vec<Flow> {
        let mut values = Vec::new();
        for arg in arguments(call) {
            let arg = unwrap_expr(arg);
            if is_function(arg) {
                if !looks_like_handler(arg, self.src) {
                    self.call_closure(arg, &[], frame);
                }
                values.push(Flow::default());
            } else {
                values.push(self.eval(arg, frame));
            }
        }
        values
    }

    /// `resolve(value)` inside a `new Promise` executor: the promise's value.
    fn resolve_promise(&mut self, name: &str, args: &[Flow], frame: &Frame) {
        if frame.resolvers.iter().any(|r| r == name) {
            if let (Some(first), Some(acc)) = (args.first(), self.resolved.last_mut()) {
                *acc = acc.clone().join(first);
            }
        }
    }

    /// Calls a function of this file with the arguments' values.
    fn call_local(&mut self, call: Node<'t>, target: Node<'t>, frame: &mut Frame) -> Flow {
        let target_src = self.src_of(target);
        for (param, arg) in parameters(target).into_iter().zip(arguments(call)) {
            if let Some(name) = first_identifier(param, target_src) {
                self.param_nodes
                    .insert((target.id(), name.to_string()), (self.current, arg));
            }
        }
        let args = self.eval_args(call, frame);
        if self.call_stack.len() >= MAX_CALL_DEPTH || self.call_stack.contains(&target.id()) {
            return join_all(&args).derived_unknown();
        }
        // `subjectOf(bearer)` after `jwt.verify(bearer, ...)`: inside, its `token` parameter
        // is that verified token ("the same token" is the same value, whatever its name).
        self.verified_arguments = parameters(target)
            .into_iter()
            .zip(arguments(call))
            .filter(|(_, arg)| frame.verified_tokens.contains(text(*arg, self.src)))
            .filter_map(|(param, _)| first_identifier(param, target_src).map(str::to_string))
            .collect();
        self.call_inline(target, &args, frame)
    }

    /// Evaluates `function` with `args` bound to its parameters, seeing the caller's variables
    /// (callbacks are closures; the file's functions see module variables the same way).
    /// Calls a callback defined here: like [`Self::call_inline`], and what it writes to the
    /// variables it closes over (`sets.push(...)` inside a `forEach`) is seen afterwards.
    pub(super) fn call_closure(
        &mut self,
        function: Node<'t>,
        args: &[Flow],
        frame: &mut Frame,
    ) -> Flow {
        let (value, env) = self.call_inline_with_env(function, args, frame);
        for (name, flow) in env {
            if let Some(existing) = frame.env.get_mut(&name) {
                if existing.labels != flow.labels
                    || existing.fields.is_none() != flow.fields.is_none()
                {
                    *existing = existing.clone().join(&flow);
                }
            }
        }
        value
    }

    pub(super) fn call_inline(&mut self, function: Node<'t>, args: &[Flow], frame: &Frame) -> Flow {
        self.call_inline_with_env(function, args, frame).0
    }

    fn call_inline_with_env(
        &mut self,
        function: Node<'t>,
        args: &[Flow],
        frame: &Frame,
    ) -> (Flow, Vec<(String, Flow)>) {
        let verified_arguments = std::mem::take(&mut self.verified_arguments);
        if self.call_stack.len() >= MAX_CALL_DEPTH + 2 || self.call_stack.contains(&function.id()) {
            return (Flow::default(), Vec::new());
        }
        // A function of another file sees that file's module variables, not the caller's,
        // and the caller's guards (by variable name) mean nothing there: only the values
        // passed carry what is known about them.
        let unit = self.unit_of(function);
        let crossing = unit != self.current;
        let mut inner = Frame {
            env: if crossing {
                self.module_env(unit)
            } else {
                frame.env.clone()
            },
            owned: if crossing {
                HashSet::default()
            } else {
                frame.owned.clone()
            },
            allowlisted: if crossing {
                HashSet::default()
            } else {
                frame.allowlisted.clone()
            },
            authorized: frame.authorized,
            route: frame.route.clone(),
            handler: false,
            identity_available: frame.identity_available,
            verified_tokens: frame.verified_tokens.clone(),
            responded: frame.responded.clone(),
            returns: None,
            resolvers: frame.resolvers.clone(),
        };
        inner.verified_tokens.extend(verified_arguments);
        if args.first().is_some_and(|a| a.request_object) {
            self.called_with_request.insert(function.id());
        }
        self.call_stack.push(function.id());
        let decisions_before = self.facts.decode_trusts.len();
        let result = self.within(unit, |this| {
            for (i, param) in parameters(function).into_iter().enumerate() {
                let value = args.get(i).cloned().unwrap_or_default();
                this.bind_pattern(param, value, &mut inner);
            }
            this.exec_body(function, &mut inner)
        });
        // A `validate(token)` helper that decodes to pick the key, then verifies.
        self.forgive_key_selection(decisions_before, &inner);
        self.call_stack.pop();
        let written = if crossing {
            Vec::new()
        } else {
            inner.env.entries_above(frame.env.base())
        };
        (result, written)
    }

    /// Methods whose result derives from the receiver or a callback: string methods, array
    /// iteration, promise chains, `send` of a DynamoDB command.
    fn method_call(
        &mut self,
        call: Node<'t>,
        method: &str,
        receiver: &Flow,
        frame: &mut Frame,
    ) -> Option<Flow> {
        let args = arguments(call);
        let callback = args
            .first()
            .copied()
            .map(unwrap_expr)
            .filter(|a| is_function(*a));
        match method {
            "map" | "flatMap" | "forEach" | "filter" | "find" | "some" | "every" | "reduce" => {
                let element = receiver
                    .field("[]")
                    .cloned()
                    .unwrap_or_else(|| receiver.derived());
                let result = match callback {
                    Some(cb) => {
                        // `reduce((acc, x) => ..., initial)`: one step from the initial value.
                        let first = if method == "reduce" {
                            let initial = args
                                .get(1)
                                .map(|a| self.eval(*a, frame))
                                .unwrap_or_default();
                            vec![initial, element.clone()]
                        } else {
                            vec![element.clone()]
                        };
                        let result = self.call_closure(cb, &first, frame);
                        if matches!(method, "filter" | "find" | "some" | "every") {
                            self.filter_owner_check(cb, receiver, frame);
                        }
                        if method == "reduce" {
                            result.join(&first[0])
                        } else {
                            result
                        }
                    }
                    None => {
                        self.eval_args(call, frame);
                        Flow::default()
                    }
                };
                Some(match method {
                    "map" | "flatMap" => {
                        let mut flow = result.derived();
                        flow.labels = result.labels;
                        flow = flow.with_fields(std::collections::BTreeMap::from([(
                            "[]".to_string(),
                            result,
                        )]));
                        flow
                    }
                    "filter" | "find" => {
                        let mut kept = receiver.clone();
                        // `fields.filter((f) => EXPORTABLE.includes(f))` keeps only the list's own names.
                        if callback.is_some_and(|cb| self.admits_only_constants(cb, frame)) {
                            kept.allowlisted = true;
                            if let Some(element) = kept
                                .fields
                                .as_mut()
                                .and_then(|f| std::sync::Arc::make_mut(f).get_mut("[]"))
                            {
                                element.allowlisted = true;
                            }
                        }
                        kept
                    }
                    "reduce" => result,
                    _ => Flow::default(),
                })
            }
            "then" => {
                let value = match callback {
                    Some(cb) => self.call_closure(cb, std::slice::from_ref(receiver), frame),
                    None => receiver.clone(),
                };
                for extra in args.iter().skip(1) {
                    if is_function(unwrap_expr(*extra)) {
                        self.call_closure(unwrap_expr(*extra), &[Flow::default()], frame);
                    }
                }
                Some(value)
            }
            "catch" | "finally" => {
                if let Some(cb) = callback {
                    self.call_closure(cb, &[Flow::default()], frame);
                }
                Some(receiver.clone())
            }
            "send" | "promise" | "execute" => {
                let values = self.eval_args(call, frame);
                // `client.send(command)` resolves to the command's result.
                Some(match values.first() {
                    Some(v) if !v.from_ops.is_empty() => v.clone(),
                    _ => {
                        self.note_response(method, &values, frame);
                        receiver.clone()
                    }
                })
            }
            "json" | "end" | "render" | "jsonp" => {
                let values = self.eval_args(call, frame);
                self.note_response(method, &values, frame);
                Some(Flow::default())
            }
            "trim" | "toLowerCase" | "toUpperCase" | "toString" | "slice" | "substring"
            | "substr" | "replace" | "replaceAll" | "split" | "join" | "concat" | "padStart"
            | "padEnd" | "normalize" | "trimStart" | "trimEnd" | "toLocaleLowerCase"
            | "valueOf" | "at" => {
                let values = self.eval_args(call, frame);
                let mut flow = receiver.derived();
                for v in values {
                    flow = flow.join(&v.derived());
                }
                if method == "split" {
                    let element = flow.clone();
                    flow = flow.with_fields(std::collections::BTreeMap::from([(
                        "[]".to_string(),
                        element,
                    )]));
                }
                Some(flow)
            }
            "parse" | "parseAsync" | "validate" | "validateAsync" | "attempt" | "cast"
            | "safeParse" => {
                // Format validation does not make a value owned: it stays what it was.
                let values = self.eval_args(call, frame);
                Some(
                    values
                        .first()
                        .map(|v| {
                            let mut flow = v.clone();
                            flow.fields = v.fields.clone();
                            flow
                        })
                        .unwrap_or_default(),
                )
            }
            _ => None,
        }
    }

    fn note_response(&mut self, _method: &str, values: &[Flow], frame: &mut Frame) {
        for v in values {
            for op in &v.from_ops {
                if !frame.responded.contains(op) {
                    frame.responded.push(*op);
                }
            }
        }
    }

    /// A callback that is a membership test in a list that is not request input
    /// (`(f) => ALLOWED.includes(f)`).
    fn admits_only_constants(&mut self, callback: Node<'t>, frame: &Frame) -> bool {
        let Some(body) = callback.field(Field::Body) else {
            return false;
        };
        let expr = if body.kind() == "statement_block" {
            let found = body
                .named_children()
                .find(|s| s.kind() == "return_statement")
                .and_then(|r| r.named_child(0));
            match found {
                Some(e) => e,
                None => return false,
            }
        } else {
            body
        };
        let admitted = guards::allowlisted(expr, true, self.src);
        !admitted.is_empty()
            && admitted.iter().all(|(_, collection)| {
                collection.is_some_and(|c| !self.eval_quiet(c, frame).labels.is_request())
            })
    }

    /// `Items.filter((i) => i.ownerId === req.user.sub)`: pattern (e) for queries.
    fn filter_owner_check(&mut self, callback: Node<'t>, receiver: &Flow, frame: &mut Frame) {
        if receiver.from_ops.is_empty() {
            return;
        }
        let body = callback.field(Field::Body);
        let Some(body) = body else { return };
        let expr = if body.kind() == "statement_block" {
            let found = body
                .named_children()
                .find(|s| s.kind() == "return_statement")
                .and_then(|r| r.named_child(0));
            match found {
                Some(e) => e,
                None => return,
            }
        } else {
            body
        };
        let mut comparisons = equal_when_true(expr, self.src);
        comparisons.extend(equal_when_false(expr, self.src));
        for cmp in comparisons {
            let texts = [text(cmp.left, self.src), text(cmp.right, self.src)];
            let owner = [cmp.left, cmp.right].iter().any(|n| self.names_owner(*n));
            let verified = texts
                .iter()
                .any(|t| t.contains(".user") || t.contains(".auth") || t.contains("locals"));
            if owner && verified {
                let ops = receiver.from_ops.clone();
                self.owner_checked(&ops, frame);
            }
        }
    }

    fn construct(&mut self, new: Node<'t>, frame: &mut Frame) -> Flow {
        if let Some(flow) = self.ddb_command(new, frame) {
            return flow;
        }
        let constructor = new.field(Field::Constructor).map(unwrap_expr);
        if constructor.is_some_and(|c| text(c, self.src) == "Promise") {
            if let Some(executor) = arguments(new)
                .first()
                .copied()
                .map(unwrap_expr)
                .filter(|e| is_function(*e))
            {
                let params = parameters(executor);
                let mut inner = frame.fork();
                if let Some(resolve) = params.first() {
                    inner.resolvers.push(text(*resolve, self.src).to_string());
                }
                self.resolved.push(Flow::default());
                self.call_inline(executor, &[], &inner);
                return self.resolved.pop().unwrap_or_default();
            }
        }
        if let Some(lib) = constructor.and_then(|c| self.resolver.lib_ref(c)) {
            if is_ddb_module(&lib) {
                self.eval_args(new, frame);
                return Flow::default();
            }
        }
        self.eval_args(new, frame);
        Flow::default()
    }
}

// ---- helpers ------------------------------------------------------------------------------

impl Flow {
    /// The result of something we cannot see into that was given these values: keeps only
    /// the identity labels (a helper returning its argument unchanged is the common case).
    fn derived_unknown(&self) -> Flow {
        self.derived()
    }
}

/// What a route does with DynamoDB that needs the caller known: any write, or a read of an
/// item (or key condition) chosen by request input.
const WRITES: &str = "writes to DynamoDB";

fn data_access(op: &super::facts::DdbOp) -> Option<&'static str> {
    op.entries.iter().find_map(|entry| {
        let kind = entry.kind();
        if kind.is_write() {
            return Some(WRITES);
        }
        let keyed_by_request = match kind {
            // Claims decoded without verification are the caller's to write, like request input.
            OpKind::Get => entry.key.iter().any(|p| client_chosen(&p.flow)),
            OpKind::Query => entry.values.iter().any(|p| client_chosen(&p.flow)),
            _ => false,
        };
        keyed_by_request.then_some("reads an item the client chooses")
    })
}

fn client_chosen(flow: &Flow) -> bool {
    flow.labels.is_request() || flow.labels.has(Labels::UNVERIFIED)
}

/// `router.route('/x').get(...).post(...)`: the router under the chain.
fn strip_route_chain(node: Node) -> Node {
    let mut node = unwrap_expr(node);
    for _ in 0..16 {
        if node.kind() != "call_expression" {
            break;
        }
        let Some(object) = node
            .field(Field::Function)
            .and_then(|f| f.field(Field::Object))
        else {
            break;
        };
        node = unwrap_expr(object);
    }
    node
}

/// A key for an app or router known only by its text (`this.router`).
fn text_key(text: &str) -> usize {
    text.bytes().fold(0xcbf2_9ce4_8422_2325usize, |h, b| {
        (h ^ b as usize).wrapping_mul(0x0100_0000_01b3)
    })
}

/// express-jwt's `.unless({ path: ['/login', ...] })`: the paths it lets through.
fn unless_paths(arg: Node, src: &str) -> Vec<String> {
    let text = text(arg, src);
    let Some(at) = text.find(".unless(") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let rest = &text[at..];
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' || c == '"' {
            if let Some(end) = rest[i + 1..].find(c) {
                let literal = &rest[i + 1..i + 1 + end];
                if literal.starts_with('/') {
                    out.push(literal.to_string());
                }
                for _ in 0..=end {
                    chars.next();
                }
            }
        }
    }
    out
}

fn logical_operator<'s>(node: Node, src: &'s str) -> Option<&'s str> {
    (node.kind() == "binary_expression")
        .then(|| node.field(Field::Operator).map(|o| text(o, src)))
        .flatten()
        .filter(|op| matches!(*op, "&&" | "||"))
}

/// An object holding decoded claims carries them: `{ sub: claims.sub }` is still unverified.
fn absorb_decodes(object: &mut Flow, value: &Flow) {
    for decode in &value.decodes {
        if !object.decodes.contains(decode) {
            object.decodes.push(*decode);
        }
    }
}

fn join_opt(a: Option<Flow>, b: Option<Flow>) -> Option<Flow> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.join(&b)),
        (a, b) => a.or(b),
    }
}

fn join_all(values: &[Flow]) -> Flow {
    values.iter().fold(Flow::default(), |acc, v| acc.join(v))
}

/// The value a class field or object property `name` of `body` is initialised with.
fn member_initialiser<'t>(body: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    body.named_children()
        .filter(|m| {
            matches!(
                m.kind(),
                "pair" | "field_definition" | "public_field_definition"
            )
        })
        .find(|m| {
            m.field(Field::Key)
                .or_else(|| m.field(Field::Property))
                .or_else(|| m.field(Field::Name))
                .and_then(|n| property_key(n, src))
                .as_deref()
                == Some(name)
        })?
        .field(Field::Value)
}

/// Any one of an object literal's values (an array's elements), joined: what `object[k]`
/// holds when `k` cannot be read. `None` when the object's properties are not known, or
/// when one of them is request input of unknown shape (the join would keep the others'
/// shape and hide that the client may shape this one).
fn any_field(object: &Flow) -> Option<Flow> {
    let fields = object.fields.as_ref()?;
    let client_shaped = |v: &Flow| v.whole_request || v.labels.is_request() && v.fields.is_none();
    if fields.values().any(client_shaped) {
        return None;
    }
    let mut values = fields.values();
    let first = values.next()?.clone();
    Some(values.fold(first, |joined, value| joined.join(value)))
}

/// Results of well-known functions: conversions keep their input's provenance, id
/// generators are server-generated, everything else unknown.
fn builtin_result(name: &str, function: Node, args: &[Flow], src: &str) -> Flow {
    let first = args.first().cloned().unwrap_or_default();
    match name {
        "String" | "Number" | "parseInt" | "parseFloat" | "decodeURIComponent"
        | "encodeURIComponent" | "BigInt" | "Boolean" | "escape" | "unescape" | "trim"
        | "toLower" | "toUpper" | "lowerCase" | "upperCase" => first.derived(),
        "marshall" | "unmarshall" | "convertToAttr" | "convertToNative" | "structuredClone"
        | "freeze" => first,
        "randomUUID" | "uuid" | "v4" | "v1" | "v7" | "uuidv4" | "nanoid" | "ulid" | "cuid"
        | "createId" | "randomBytes" | "now" => Flow::labelled(Labels::SERVER_GENERATED),
        "assign" if text(function, src).starts_with("Object") => join_all(args),
        "keys" | "values" | "entries" if text(function, src).starts_with("Object") => {
            let element = first.derived();
            let mut flow = first.derived();
            flow = flow.with_fields(std::collections::BTreeMap::from([(
                "[]".to_string(),
                element,
            )]));
            flow
        }
        "from" if text(function, src).starts_with("Array") => first,
        // lodash-style collection helpers keep the elements they are given.
        "uniq" | "uniqBy" | "compact" | "flatten" | "flattenDeep" | "sortBy" | "orderBy"
        | "clone" | "cloneDeep" | "pick" | "omit" | "castArray" => first,
        // `chunk(items, 25)`: arrays of the items (DynamoDB batches hold 25 at most).
        "chunk" => {
            let element = first
                .field("[]")
                .cloned()
                .unwrap_or_else(|| first.derived());
            let batch = first
                .derived()
                .with_fields(std::collections::BTreeMap::from([(
                    "[]".to_string(),
                    element,
                )]));
            first
                .derived()
                .with_fields(std::collections::BTreeMap::from([(
                    "[]".to_string(),
                    batch,
                )]))
        }
        "fromEntries" => first.derived(),
        _ => Flow::default(),
    }
}

pub(super) fn is_ddb_module(lib: &LibRef) -> bool {
    matches!(
        lib.module.as_str(),
        "@aws-sdk/client-dynamodb"
            | "@aws-sdk/lib-dynamodb"
            | "aws-sdk"
            | "aws-sdk/clients/dynamodb"
    )
}

pub(super) fn parameters(function: Node) -> Vec<Node> {
    if let Some(single) = function.field(Field::Parameter) {
        return vec![single];
    }
    let Some(params) = function.field(Field::Parameters) else {
        return Vec::new();
    };
    params
        .named_children()
        .filter(|p| p.kind() != "comment")
        .collect()
}

fn first_identifier<'s>(pattern: Node, src: &'s str) -> Option<&'s str> {
    let pattern = match pattern.kind() {
        "required_parameter" | "optional_parameter" => pattern.field(Field::Pattern)?,
        _ => pattern,
    };
    (pattern.kind() == "identifier").then(|| text(pattern, src))
}

/// `(req, res)`, `(req, res, next)`, `(request, reply)`: a handler or middleware by shape.
fn looks_like_handler(function: Node, src: &str) -> bool {
    let params = parameters(function);
    let Some(first) = params.first() else {
        return false;
    };
    let first_name = first_identifier(*first, src).unwrap_or("");
    let second_name = params
        .get(1)
        .and_then(|p| first_identifier(*p, src))
        .unwrap_or("");
    let req_like = matches!(first_name, "req" | "request" | "_req");
    let res_like = matches!(second_name, "res" | "response" | "_res" | "reply");
    (req_like && (res_like || params.len() == 1 && first_name == "req"))
        || (first.kind() == "object_pattern" || pattern_is_object(*first)) && res_like
}

fn pattern_is_object(param: Node) -> bool {
    param
        .field(Field::Pattern)
        .is_some_and(|p| p.kind() == "object_pattern")
}

/// Whether a handler reads the caller's identity anywhere.
fn reads_identity(function: Node, req: &str, src: &str) -> bool {
    let body = text(function, src);
    let req = req.split(':').next().unwrap_or(req).trim();
    body.contains(&format!("{req}.user"))
        || body.contains(&format!("{req}.auth"))
        || body.contains("res.locals")
        || (req.starts_with('{') && (req.contains("user") || req.contains("auth")))
}

fn enclosing<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut current = node.parent();
    while let Some(n) = current {
        if kinds.contains(&n.kind()) {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

fn enclosing_function(node: Node) -> Option<Node> {
    let mut current = node.parent();
    while let Some(n) = current {
        if is_function(n) {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

/// The name a function goes by: its own, its variable's, or its property's.
pub(super) fn function_name(function: Node, src: &str) -> String {
    if let Some(name) = function.field(Field::Name) {
        return text(name, src).to_string();
    }
    let parent = function.parent();
    match parent.map(|p| p.kind()) {
        Some("variable_declarator") => parent
            .and_then(|p| p.field(Field::Name))
            .map(|n| text(n, src).to_string())
            .unwrap_or_default(),
        Some("pair") => parent
            .and_then(|p| p.field(Field::Key))
            .map(|n| text(n, src).to_string())
            .unwrap_or_default(),
        Some("assignment_expression") => parent
            .and_then(|p| p.field(Field::Left))
            .map(|n| text(n, src).to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// `a.b.c` as text when it is a plain access path.
fn access_path(node: Node, src: &str) -> Option<String> {
    let node = unwrap_expr(node);
    match node.kind() {
        "identifier" => Some(text(node, src).to_string()),
        "member_expression" => {
            let object = node.field(Field::Object)?;
            Some(format!(
                "{}.{}",
                access_path(object, src)?,
                member_property(node, src)?
            ))
        }
        _ => None,
    }
}

/// `params.Key.id` → (`params`, ["Key", "id"]).
fn member_chain(left: Node, src: &str) -> Option<(String, Vec<String>)> {
    let mut path = Vec::new();
    let mut node = left;
    for _ in 0..32 {
        match node.kind() {
            "member_expression" | "subscript_expression" => {
                path.push(member_property(node, src)?);
                node = unwrap_expr(node.field(Field::Object)?);
            }
            "identifier" => {
                path.reverse();
                return Some((text(node, src).to_string(), path));
            }
            _ => return None,
        }
    }
    None
}

fn set_path(target: &mut Flow, path: &[String], value: Flow) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    target.labels = target.labels.union(value.labels);
    let fields = target.fields_mut();
    if rest.is_empty() {
        fields.insert(first.clone(), value);
        return;
    }
    let child = fields.entry(first.clone()).or_default();
    set_path(child, rest, value);
}
