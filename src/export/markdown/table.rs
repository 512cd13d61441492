//! Compact tables of steps: one row per step that is not worked out — its anchor and name,
//! its formula with the numbers substituted, its value — and a row counting the steps a
//! summary leaves out. Rows are gathered until the table ends, so its value column is
//! written in one number style.

use std::io;

use crate::notation::number::Column;
use crate::tr;
use crate::trace::{Step, Style};

use super::Doc;
use super::text::{DIGITS, anchor, code, count, escape_line, unicode_formula};

/// A row of a table of steps.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Row {
    /// A step: its anchor, its name, `name = numbers`, its value.
    Step {
        anchor: String,
        name: String,
        formula: String,
        value: f64,
    },
    /// Steps a summary leaves out here.
    More(usize),
}

impl Doc<'_> {
    /// The style of formulas in table cells: Unicode text, or ASCII.
    fn cell_style(&self) -> Style {
        Style::new(self.text_notation(), DIGITS).in_lang(self.lang)
    }

    /// Adds a step to the table being gathered.
    pub(super) fn table_row(&mut self, step: &Step) {
        let formula = self.trace.formula(step);
        let style = self.cell_style();
        let relation = match (formula.assign, self.ascii) {
            (false, _) => "=",
            (true, true) => "<-",
            (true, false) => "←",
        };
        let mut text = format!(
            "{} {relation} {}",
            formula.name(style),
            formula.substituted(style)
        );
        // Where PyTorch's clamps act, the row says so, as a worked step does.
        for remark in formula.remark_lines(style) {
            text.push_str(" (");
            text.push_str(&remark);
            text.push(')');
        }
        self.table.push(Row::Step {
            anchor: anchor(step),
            name: step.name(),
            formula: text,
            value: step.value,
        });
    }

    /// Counts a step that a summary leaves out.
    pub(super) fn table_skip(&mut self) {
        self.left_out = true;
        match self.table.last_mut() {
            Some(Row::More(n)) => *n += 1,
            _ => self.table.push(Row::More(1)),
        }
    }

    /// Writes the table gathered so far, if any.
    pub(super) fn flush_table(&mut self) -> io::Result<()> {
        if self.table.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.table);
        let values = rows.iter().filter_map(|r| match r {
            Row::Step { value, .. } => Some(*value),
            Row::More(_) => None,
        });
        let column = Column::new(values.collect::<Vec<_>>(), DIGITS, self.text_notation());
        let head = self.columns(&["step", "with-numbers", "value"]);
        writeln!(self.out, "| {head} |")?;
        writeln!(self.out, "| --- | --- | ---: |")?;
        for row in &rows {
            match row {
                Row::Step {
                    anchor,
                    name,
                    formula,
                    value,
                } => {
                    if self.cited.row.is_none() {
                        self.cited.row = Some((anchor.clone(), name.clone()));
                    }
                    let formula = match self.ascii {
                        true => code(formula),
                        false => escape_line(&unicode_formula(formula)),
                    };
                    writeln!(
                        self.out,
                        "| <a id=\"{anchor}\"></a>{} | {formula} | {} |",
                        code(name),
                        column.format(*value)
                    )?;
                }
                Row::More(n) => {
                    let dots = self.t("…", "...");
                    let more = tr!(self.lang, "md-more-steps", n = *n, count = count(*n));
                    writeln!(self.out, "| {dots} | {more} | |")?;
                }
            }
        }
        writeln!(self.out)
    }
}
