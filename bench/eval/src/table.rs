//! Plain-text tables for the terminal, and TSV files, shared by the subcommands.

use std::fmt::Write as _;

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text columns.
    Left,
    /// Number columns.
    Right,
}

/// A table printed with aligned columns, a header and a rule under it.
#[derive(Debug, Clone)]
pub struct Table {
    header: Vec<(String, Align)>,
    rows: Vec<Row>,
}

#[derive(Debug, Clone)]
enum Row {
    /// One cell per column.
    Cells(Vec<String>),
    /// A first cell, then a note that runs across the other columns.
    Note(String, String),
}

impl Table {
    /// A table with these columns.
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Table { header: columns.iter().map(|(h, a)| (h.to_string(), *a)).collect(), rows: Vec::new() }
    }

    /// Adds a row; missing cells are blank, extra cells run on past the last column.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(Row::Cells(cells));
    }

    /// Adds a row whose first cell is followed by a note across the other columns (a tool that
    /// did not run, and why).
    pub fn note(&mut self, first: String, note: String) {
        self.rows.push(Row::Note(first, note));
    }

    /// The table as text, one line per row, each line ending in a newline.
    pub fn render(&self) -> String {
        let n = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|(h, _)| h.chars().count()).collect();
        for row in &self.rows {
            let cells = match row {
                Row::Cells(cells) => cells.as_slice(),
                Row::Note(first, _) => std::slice::from_ref(first),
            };
            for (i, cell) in cells.iter().enumerate().take(n) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let header: Vec<String> = self.header.iter().map(|(h, _)| h.clone()).collect();
        self.line(&mut out, &header, &widths);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        self.line(&mut out, &rule, &widths);
        for row in &self.rows {
            match row {
                Row::Cells(cells) => self.line(&mut out, cells, &widths),
                Row::Note(first, note) => {
                    let w = widths.first().copied().unwrap_or(0);
                    let _ = writeln!(out, "{first:<w$}  {note}");
                }
            }
        }
        out
    }

    fn line(&self, out: &mut String, cells: &[String], widths: &[usize]) {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            match (self.header.get(i), widths.get(i)) {
                (Some((_, Align::Right)), Some(w)) => {
                    let _ = write!(line, "{cell:>w$}");
                }
                (Some((_, Align::Left)), Some(w)) if i + 1 < cells.len() => {
                    let _ = write!(line, "{cell:<w$}");
                }
                _ => line.push_str(cell),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// A TSV cell: tabs and line breaks inside it become spaces.
pub fn tsv_cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up() {
        let mut t = Table::new(&[("tool", Align::Left), ("F1", Align::Right)]);
        t.row(vec!["ours".into(), "0.975".into()]);
        t.row(vec!["trafilatura 2.3.1".into(), "0.95".into()]);
        t.note("goose".into(), "not installed: no venv".into());
        assert_eq!(
            t.render(),
            "tool                  F1\n\
             -----------------  -----\n\
             ours               0.975\n\
             trafilatura 2.3.1   0.95\n\
             goose              not installed: no venv\n"
        );
    }

    #[test]
    fn tsv_cells_stay_on_one_line() {
        assert_eq!(tsv_cell("a\tb\nc"), "a b c");
    }
}
