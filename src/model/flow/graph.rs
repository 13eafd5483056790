//! The Express route graph of the project: apps and routers (by where they are declared),
//! what each registers in order, where routers are mounted, and so which routes have
//! authentication in front of them and under which full path.

use rustc_hash::FxHashMap as HashMap;

use super::routes::RouteInfo;
use super::Settings;
use crate::position::Span;

/// An app or router: the file and the node id of its declaration.
pub type Key = (usize, usize);

/// One argument of a registration call, as far as the route graph cares.
#[derive(Clone, Debug)]
pub enum Arg {
    /// A function of the project (node id), installed last in its registration.
    Handler(usize),
    Middleware {
        authenticates: bool,
        authorizes: bool,
        /// express-jwt `.unless({ path: [...] })`: paths it lets through.
        unless: Vec<String>,
        /// The project function it is, when it is one (node id).
        function: Option<usize>,
    },
    /// A router (or app) mounted here.
    Child(Key),
}

/// `app.get(...)`, `router.use(...)`, ... as recorded while evaluating.
#[derive(Clone, Debug)]
pub struct Registration {
    pub id: usize,
    pub file: usize,
    pub span: Span,
    pub receiver: Option<Key>,
    pub receiver_is_app: bool,
    pub is_use: bool,
    pub path: Option<String>,
    pub args: Vec<Arg>,
    /// Order of registration on its receiver (source order within a file).
    pub order: usize,
    /// How many handler functions it installs.
    pub handlers: usize,
}

/// What the graph says about each registration (by id).
pub fn route_infos(
    registrations: &[Registration],
    settings: &Settings,
) -> HashMap<usize, RouteInfo> {
    let graph = Graph::new(registrations);
    registrations
        .iter()
        .map(|reg| (reg.id, graph.info(reg, settings)))
        .collect()
}

struct Mount<'r> {
    parent: Option<Key>,
    parent_app: bool,
    registration: &'r Registration,
    prefix: String,
}

struct Graph<'r> {
    by_receiver: HashMap<Key, Vec<&'r Registration>>,
    mounts: HashMap<Key, Vec<Mount<'r>>>,
    apps: std::collections::HashSet<Key>,
}

impl<'r> Graph<'r> {
    fn new(registrations: &'r [Registration]) -> Graph<'r> {
        let mut by_receiver: HashMap<Key, Vec<&Registration>> = HashMap::default();
        let mut mounts: HashMap<Key, Vec<Mount>> = HashMap::default();
        let mut apps = std::collections::HashSet::default();
        for reg in registrations {
            if let Some(key) = reg.receiver {
                by_receiver.entry(key).or_default().push(reg);
                if reg.receiver_is_app {
                    apps.insert(key);
                }
            }
            for arg in &reg.args {
                if let Arg::Child(child) = arg {
                    if reg.is_use && Some(*child) != reg.receiver {
                        mounts.entry(*child).or_default().push(Mount {
                            parent: reg.receiver,
                            parent_app: reg.receiver_is_app,
                            registration: reg,
                            prefix: reg.path.clone().unwrap_or_default(),
                        });
                    }
                }
            }
        }
        for list in by_receiver.values_mut() {
            list.sort_by_key(|r| (r.file, r.order));
        }
        Graph {
            by_receiver,
            mounts,
            apps,
        }
    }

    fn info(&self, reg: &Registration, settings: &Settings) -> RouteInfo {
        let prefix = reg.receiver.map(|k| self.prefix(k, 0)).unwrap_or_default();
        let full_path = join(&prefix, reg.path.as_deref().unwrap_or(""));
        let mut authenticated = false;
        let mut authorizes = false;
        for arg in &reg.args {
            match arg {
                Arg::Middleware {
                    authenticates,
                    authorizes: z,
                    unless,
                    ..
                } => {
                    authenticated |= *authenticates && !exempt(unless, &full_path);
                    authorizes |= *z;
                }
                Arg::Handler(_) => break,
                Arg::Child(_) => {}
            }
        }
        if let Some(key) = reg.receiver {
            authenticated |= self.before(key, reg, &full_path, Check::Authenticates, 0);
            authenticated |= self.receiver_covered(key, Check::Authenticates, &full_path, 0);
            // `router.use(requireRole('admin'))`: an authorisation decision for what follows.
            authorizes |= self.before(key, reg, &full_path, Check::Authorizes, 0);
            authorizes |= self.receiver_covered(key, Check::Authorizes, &full_path, 0);
        }
        let middlewares = self.chain(reg);
        RouteInfo {
            middlewares,
            public: settings.is_public_path(&full_path),
            path: Some(full_path),
            registered: reg.receiver.is_some_and(|k| self.reaches_app(k, 0)),
            authenticated,
            authorizes,
            registration: Some(reg.id),
            param: None,
        }
    }

    /// A `use` on `key` registered before `reg` (and covering its path) whose middlewares
    /// authenticate (or authorise).
    fn before(
        &self,
        key: Key,
        reg: &Registration,
        full_path: &str,
        check: Check,
        depth: usize,
    ) -> bool {
        if depth > 16 {
            return false;
        }
        let Some(list) = self.by_receiver.get(&key) else {
            return false;
        };
        list.iter()
            .take_while(|r| r.id != reg.id && (r.file, r.order) < (reg.file, reg.order))
            .filter(|r| r.is_use)
            .filter(|r| {
                r.path
                    .as_deref()
                    .is_none_or(|p| covers(p, reg.path.as_deref().unwrap_or("")))
            })
            .any(|r| r.args.iter().any(|a| check.holds(a, full_path)))
    }

    /// Whether everything that reaches routes of `key` passes the check: every mount of it
    /// is covered (at the mount, before it on the parent, or above the parent).
    fn receiver_covered(&self, key: Key, check: Check, full_path: &str, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        let Some(mounts) = self.mounts.get(&key) else {
            return false;
        };
        mounts.iter().all(|m| {
            let here = m
                .registration
                .args
                .iter()
                .take_while(|a| !matches!(a, Arg::Child(c) if *c == key))
                .any(|a| check.holds(a, full_path));
            here || m.parent.is_some_and(|p| {
                self.before(p, m.registration, full_path, check, depth + 1)
                    || self.receiver_covered(p, check, full_path, depth + 1)
            })
        })
    }

    /// The project functions that run before `reg`'s handler: its own middlewares, earlier
    /// `use`s on its receiver, and those at and above its mount points.
    fn chain(&self, reg: &Registration) -> Vec<usize> {
        let mut out = Vec::new();
        let mut todo = vec![(reg, 0usize)];
        while let Some((current, depth)) = todo.pop() {
            if depth > 16 || out.len() > 256 {
                break;
            }
            let own = current
                .args
                .iter()
                .take_while(|a| !matches!(a, Arg::Child(_)));
            let own: Vec<&Arg> = if current.id == reg.id {
                let last = current
                    .args
                    .iter()
                    .rposition(|a| matches!(a, Arg::Handler(_)));
                current
                    .args
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != last)
                    .map(|(_, a)| a)
                    .collect()
            } else {
                own.collect()
            };
            out.extend(own.into_iter().filter_map(function_of));
            let Some(key) = current.receiver else {
                continue;
            };
            if let Some(list) = self.by_receiver.get(&key) {
                for earlier in list
                    .iter()
                    .filter(|r| r.is_use && (r.file, r.order) < (current.file, current.order))
                {
                    if earlier.args.iter().any(|a| matches!(a, Arg::Child(_))) {
                        continue;
                    }
                    out.extend(earlier.args.iter().filter_map(function_of));
                }
            }
            if let Some(mounts) = self.mounts.get(&key) {
                for mount in mounts {
                    todo.push((mount.registration, depth + 1));
                }
            }
        }
        out
    }

    fn reaches_app(&self, key: Key, depth: usize) -> bool {
        if self.apps.contains(&key) {
            return true;
        }
        if depth > 16 {
            return false;
        }
        self.mounts.get(&key).is_some_and(|mounts| {
            !mounts.is_empty()
                && mounts.iter().all(|m| {
                    m.parent_app || m.parent.is_some_and(|p| self.reaches_app(p, depth + 1))
                })
        })
    }

    fn prefix(&self, key: Key, depth: usize) -> String {
        if depth > 16 {
            return String::new();
        }
        match self.mounts.get(&key).and_then(|m| m.first()) {
            Some(mount) => {
                let above = mount
                    .parent
                    .map(|p| self.prefix(p, depth + 1))
                    .unwrap_or_default();
                join(&above, &mount.prefix)
            }
            None => String::new(),
        }
    }
}

#[derive(Clone, Copy)]
enum Check {
    Authenticates,
    Authorizes,
}

impl Check {
    fn holds(self, arg: &Arg, full_path: &str) -> bool {
        match (self, arg) {
            (
                Check::Authenticates,
                Arg::Middleware {
                    authenticates: true,
                    unless,
                    ..
                },
            ) => !exempt(unless, full_path),
            (
                Check::Authorizes,
                Arg::Middleware {
                    authorizes: true, ..
                },
            ) => true,
            _ => false,
        }
    }
}

fn function_of(arg: &Arg) -> Option<usize> {
    match arg {
        Arg::Handler(f) => Some(*f),
        Arg::Middleware { function, .. } => *function,
        Arg::Child(_) => None,
    }
}

fn join(prefix: &str, path: &str) -> String {
    let joined = format!(
        "{}/{}",
        prefix.trim_end_matches('/'),
        path.trim_start_matches('/')
    );
    if joined.len() > 1 {
        joined.trim_end_matches('/').to_string()
    } else {
        joined
    }
}

/// A `use` path covers a route path when it is a prefix of it by segments.
fn covers(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    prefix.is_empty() || path == prefix || path.starts_with(&format!("{prefix}/"))
}

fn exempt(unless: &[String], full_path: &str) -> bool {
    unless
        .iter()
        .any(|p| p == full_path || p.trim_end_matches('/') == full_path)
}
