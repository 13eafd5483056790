//! The abstract values same-file resolution produces.

use crate::position::Span;

/// A value as far as same-file resolution can tell.
#[derive(Debug, Clone)]
pub enum Value {
    Str {
        text: String,
        span: Span,
    },
    Bool {
        value: bool,
    },
    Array {
        items: Vec<Value>,
        span: Span,
    },
    Object(ObjectShape),
    Function,
    /// `null`/`undefined`: an options argument that is not there.
    Nothing,
    /// One of two values (`cond ? a : b`, `a || b`): checks look at both.
    Either(Box<Value>, Box<Value>),
    Unknown,
}

impl Value {
    /// The alternatives this value may take (itself, or each side of an `Either`).
    pub fn alternatives(&self) -> Vec<&Value> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(value) = stack.pop() {
            match value {
                Value::Either(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                other => out.push(other),
            }
        }
        out
    }

    /// Either of two values; two objects merge into one whose keys are those of both, which
    /// is what "is this key certainly missing?" needs.
    pub fn either(a: Value, b: Value) -> Value {
        match (a, b) {
            (Value::Object(mut a), Value::Object(b)) => {
                a.open |= b.open;
                a.props.extend(b.props);
                Value::Object(a)
            }
            (a, b) => Value::Either(Box::new(a), Box::new(b)),
        }
    }
}

/// An object literal after merging spreads and later property assignments.
#[derive(Debug, Clone, Default)]
pub struct ObjectShape {
    pub props: Vec<Prop>,
    /// Some keys may exist that we cannot see (a spread or assignment we could not resolve).
    pub open: bool,
}

#[derive(Debug, Clone)]
pub struct Prop {
    pub key: String,
    /// The whole `key: value` (what `ignoreExpiration: true` reports).
    pub span: Span,
    pub value: Value,
    /// Where a hard-coded string literal behind this value sits, if there is one.
    pub literal: Option<Span>,
}

impl ObjectShape {
    /// The last property with this key (later ones win, as in JavaScript).
    pub fn get(&self, key: &str) -> Option<&Prop> {
        self.props.iter().rev().find(|p| p.key == key)
    }

    /// Whether the key is certainly not configured: absent, or set to `undefined`, `null` or
    /// `''` (which jsonwebtoken and jose treat as not given).
    pub fn lacks(&self, key: &str) -> bool {
        match self.get(key) {
            Some(prop) => match &prop.value {
                Value::Nothing => true,
                Value::Str { text, .. } => text.is_empty(),
                _ => false,
            },
            None => !self.open,
        }
    }

    /// Sets `path` (nested keys) to `prop`, creating nested objects on the way; a step
    /// through something that is not an object we can see opens the shape instead.
    pub fn assign(&mut self, path: &[String], prop: Prop) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        if rest.is_empty() {
            self.props.push(prop);
            return;
        }
        let existing = self.props.iter().rposition(|p| p.key == *first);
        let index = match existing {
            Some(i) => i,
            None => {
                self.props.push(Prop {
                    key: first.clone(),
                    span: prop.span,
                    value: Value::Object(ObjectShape::default()),
                    literal: None,
                });
                self.props.len() - 1
            }
        };
        match &mut self.props[index].value {
            Value::Object(inner) => inner.assign(rest, prop),
            _ => self.open = true,
        }
    }
}
