//! Byte spans and their translation into the line/column pairs users and tools read.
//!
//! Columns are counted in UTF-16 code units, 1-based: that is what SARIF defaults to, what
//! editors and ESLint show for JavaScript, and so one convention serves every output format.

use serde::Serialize;

/// A half-open byte range in a file's source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    pub fn of(node: &crate::model::ast::Node) -> Self {
        Span::new(node.start_byte(), node.end_byte())
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A 1-based line and UTF-16 column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line, for turning byte offsets into positions.
#[derive(Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| (i + 1) as u32));
        LineIndex { starts }
    }

    /// 0-based line holding `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> u32 {
        self.starts.get(line).copied().unwrap_or(0)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn position(&self, text: &str, offset: u32) -> Position {
        let offset = clamp_to_char_boundary(text, offset as usize);
        let line = self.line_of(offset as u32);
        let start = self.line_start(line) as usize;
        let column = text
            .get(start..offset)
            .map(|s| s.encode_utf16().count())
            .unwrap_or(0);
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// The text of the 0-based `line` without its line terminator.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.line_start(line) as usize;
        let end = self
            .starts
            .get(line + 1)
            .map(|&s| s as usize)
            .unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

fn clamp_to_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "a\n😀x = 1\r\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(index.position(text, x), Position { line: 2, column: 3 });
        assert_eq!(index.line_text(text, 1), "😀x = 1");
    }
}
