//! Frames for terminals that draw East Asian ambiguous-width characters (δ σ Σ ∂ η · ● × → ⊙
//! ¹ ₁, and the box-drawing lines) two cells wide, as many set up for Chinese, Japanese or
//! Korean do. ratatui lays a frame out counting each of them as one cell; drawn two wide, each
//! would push the rest of its row one cell right and the panels' right borders apart.
//!
//! [`widen`] takes the frame as drawn and makes it true there: borders become ASCII (`+ - |`,
//! whose width is not ambiguous), every other ambiguous character is given two cells (the
//! second skipped, so the terminal's drawing of it is left alone), and the columns that costs
//! are taken back from the same stretch of the row between two borders — from its trailing
//! blanks first, then one blank from the rightmost runs of them, and only then from its end.
//! Every border stays in its column.

mod table;

use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use std::num::NonZeroU16;
use unicode_width::UnicodeWidthStr;

/// The row's cells as the terminal will take them: one symbol and the columns it covers.
#[derive(Debug, Clone)]
struct Unit {
    cell: Cell,
    /// Columns on a terminal that draws ambiguous characters wide.
    columns: u16,
    /// A box-drawing line or blank that may be dropped to make room.
    filler: bool,
}

/// Makes every row of `buf` as wide as the terminal draws it when ambiguous characters take
/// two cells.
pub fn widen(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        let mut start = x;
        let mut units = Vec::new();
        while x < area.right() {
            let mut cell = buf[(x, y)].clone();
            let mut narrow = cell.symbol().width().max(1) as u16;
            // A wide character whose second cell something else took (an overlay's border
            // over Chinese text): a terminal would erase it, so it is a blank here.
            let taken =
                |dx: u16| x + dx < area.right() && !buf[(x + dx, y)].symbol().trim().is_empty();
            if narrow == 2 && taken(1) {
                cell.set_symbol(" ");
                narrow = 1;
            }
            if let Some(fence) = fence(cell.symbol()) {
                lay_out(buf, y, start, x, std::mem::take(&mut units));
                buf[(x, y)].set_symbol(fence);
                x += 1;
                start = x;
                continue;
            }
            units.push(unit(cell, narrow));
            x += narrow;
        }
        lay_out(buf, y, start, area.right(), units);
    }
}

/// A cell's unit: its symbol in ASCII if it is a horizontal line, else as it is, with the
/// columns a wide-ambiguous terminal gives it.
fn unit(mut cell: Cell, narrow: u16) -> Unit {
    let symbol = cell.symbol().to_string();
    let line = matches!(symbol.as_str(), "─" | "━" | "═" | "┄" | "┈");
    if line {
        cell.set_symbol("-");
    }
    let ambiguous = symbol.chars().next().is_some_and(table::is_ambiguous);
    let columns = if line || narrow > 1 || !ambiguous {
        narrow
    } else {
        2
    };
    Unit {
        filler: line || symbol == " ",
        cell,
        columns,
    }
}

/// The ASCII a vertical border or corner becomes; `None` for anything else. These cells stay
/// where they are: they are the fences the rest of a row is laid out between.
fn fence(symbol: &str) -> Option<&'static str> {
    match symbol {
        "│" | "┃" | "║" | "┆" | "┊" => Some("|"),
        "┌" | "┐" | "└" | "┘" | "├" | "┤" | "┬" | "┴" | "┼" | "╭" | "╮" | "╰" | "╯" | "┏" | "┓"
        | "┗" | "┛" => Some("+"),
        _ => None,
    }
}

/// Writes `units` into columns `from..to` of row `y`, taking the columns their wide symbols
/// cost back from the blanks (and lines) among them, else from their end.
fn lay_out(buf: &mut Buffer, y: u16, from: u16, to: u16, mut units: Vec<Unit>) {
    let room = to - from;
    fit(&mut units, room);
    let mut x = from;
    for u in units {
        let narrow = u.cell.symbol().width().max(1) as u16;
        let wide = u.columns;
        buf[(x, y)] = u.cell.clone();
        if wide > narrow {
            // The terminal draws it over the next cell too: say so, and leave that cell out.
            let forced = NonZeroU16::new(wide).unwrap_or(NonZeroU16::MIN);
            buf[(x, y)].set_diff_option(CellDiffOption::ForcedWidth(forced));
            let mut covered = u.cell.clone();
            covered
                .set_symbol(" ")
                .set_diff_option(CellDiffOption::Skip);
            buf[(x + 1, y)] = covered;
        } else {
            for dx in 1..wide {
                buf[(x + dx, y)] = Cell::EMPTY;
            }
        }
        x += wide;
    }
    while x < to {
        buf[(x, y)] = Cell::EMPTY;
        x += 1;
    }
}

/// Drops units until they cover at most `room` columns: trailing fillers first, then one from
/// each run of two or more fillers (rightmost first), then units from the end.
fn fit(units: &mut Vec<Unit>, room: u16) {
    let width = |units: &[Unit]| units.iter().map(|u| u.columns).sum::<u16>();
    while width(units) > room && units.last().is_some_and(|u| u.filler) {
        units.pop();
    }
    while width(units) > room {
        let run = (1..units.len())
            .rev()
            .find(|&i| units[i].filler && units[i - 1].filler);
        match run {
            Some(i) => {
                units.remove(i);
            }
            None => break,
        }
    }
    while width(units) > room {
        units.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    /// The row as a wide-ambiguous terminal shows it: each drawn symbol at its column, the
    /// cells it covers skipped.
    fn shown(buf: &Buffer, y: u16) -> String {
        let mut out = String::new();
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            out.push_str(cell.symbol());
            x += match cell.diff_option {
                CellDiffOption::ForcedWidth(w) => w.get(),
                _ => cell.symbol().width().max(1) as u16,
            };
        }
        out
    }

    fn row(text: &str) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, text.width() as u16, 1));
        buf.set_string(0, 0, text, ratatui::style::Style::new());
        buf
    }

    #[test]
    fn a_wide_symbol_takes_its_second_cell_from_the_blanks_before_the_border() {
        let mut buf = row("│δ = 0.5    │x   │");
        widen(&mut buf);
        assert_eq!(shown(&buf, 0), "|δ = 0.5   |x   |");
        // δ covers columns 1 and 2 on the terminal; the borders keep columns 0, 12 and 17.
        let two = NonZeroU16::new(2).unwrap();
        assert_eq!(buf[(1, 0)].diff_option, CellDiffOption::ForcedWidth(two));
        assert_eq!(buf[(2, 0)].diff_option, CellDiffOption::Skip);
        assert_eq!(buf[(12, 0)].symbol(), "|");
        assert_eq!(buf[(17, 0)].symbol(), "|");
    }

    #[test]
    fn without_trailing_blanks_a_run_of_them_gives_way_then_the_end() {
        let mut buf = row("│σ(z)  = a│");
        widen(&mut buf);
        assert_eq!(shown(&buf, 0), "|σ(z) = a|");
        let mut buf = row("│σσσ│");
        widen(&mut buf);
        assert_eq!(shown(&buf, 0), "|σ |");
        assert_eq!(buf[(4, 0)].symbol(), "|");
    }

    #[test]
    fn the_table_knows_the_symbols_of_backpropagation() {
        for c in "δσΣ∂η·●×→⊙¹₁─│…—".chars() {
            assert!(table::is_ambiguous(c), "{c}");
        }
        for c in "az09₀ⱼ公⠘".chars() {
            assert!(!table::is_ambiguous(c), "{c}");
        }
    }

    #[test]
    fn a_wide_character_cut_by_a_border_gives_way_to_it() {
        let mut buf = row("│公式│");
        buf[(4, 0)].set_symbol("│");
        widen(&mut buf);
        // 式 lost its second cell to the border at column 4: a blank in its place.
        assert_eq!(shown(&buf, 0), "|公 ||");
        assert_eq!(buf[(3, 0)].symbol(), " ");
        assert_eq!(buf[(4, 0)].symbol(), "|");
    }

    #[test]
    fn borders_and_titles_become_ascii_and_chinese_keeps_its_two_cells() {
        let mut buf = row("┌ 公式 · a ───┐");
        widen(&mut buf);
        assert_eq!(shown(&buf, 0), "+ 公式 · a --+");
        assert_eq!(buf[(14, 0)].symbol(), "+");
    }
}
