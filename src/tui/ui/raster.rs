//! Lines between terminal cells, for the network's weights: drawn in braille dots (2×4 per
//! cell), or under `--ascii` in `-`, `/`, `\` and `|`. A dashed line marks a negative weight,
//! so the sign reads without colour.
//!
//! Unlike ratatui's `Canvas`, which gives every cell the colour of whatever was drawn there
//! last and has no ASCII marker, each cell here belongs to the line of highest priority that
//! passes through it, with that line's whole style (modifiers too): an edge the formula reads
//! stays whole where weaker edges cross it, and `NO_COLOR` can highlight it by reverse video.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Braille dot bits by (column, row) within a cell (Unicode's dot numbering 1–8).
const DOTS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];

/// How a line is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Pen {
    /// The style of the line's cells.
    pub style: Style,
    /// Cells of a higher priority are never drawn over by a lower one.
    pub priority: u8,
    /// A stretch left out after every longer one.
    pub dashed: bool,
    /// Two rows of dots rather than one (braille): a line that must stand out.
    pub thick: bool,
}

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    /// Braille dots set.
    dots: u8,
    /// The ASCII character, under `--ascii`.
    ascii: Option<char>,
    style: Style,
    /// Priority of the line that owns the cell, plus one (0: empty).
    owner: u16,
}

/// A grid of cells that lines are drawn into, then written over a buffer.
pub struct Raster {
    area: Rect,
    ascii: bool,
    cells: Vec<Cell>,
}

impl Raster {
    /// An empty raster over `area`; under `ascii` lines are drawn in `-`, `/`, `\` and `|`
    /// rather than braille.
    pub fn new(area: Rect, ascii: bool) -> Self {
        Raster {
            area,
            ascii,
            cells: vec![Cell::default(); area.width as usize * area.height as usize],
        }
    }

    /// The cell at (x, y) of the area, if inside, once `pen` may draw on it: a higher
    /// priority clears what a lower one drew.
    fn claim(&mut self, x: i32, y: i32, pen: Pen) -> Option<&mut Cell> {
        let (w, h) = (self.area.width as i32, self.area.height as i32);
        if x < 0 || y < 0 || x >= w || y >= h {
            return None;
        }
        let cell = &mut self.cells[(y * w + x) as usize];
        let owner = u16::from(pen.priority) + 1;
        if owner < cell.owner {
            return None;
        }
        if owner > cell.owner {
            *cell = Cell {
                owner,
                style: pen.style,
                ..Cell::default()
            };
        }
        Some(cell)
    }

    /// A line from cell `from` to cell `to` (columns and rows relative to the area), each with
    /// the row of dots (0 to 3, top to bottom) it leaves or arrives at: lines that meet at one node arrive at different dots,
    /// and so stay apart up to it. ASCII has one row per cell.
    pub fn line_at(&mut self, from: (u16, u16, u8), to: (u16, u16, u8), pen: Pen) {
        if self.ascii {
            self.ascii_line((from.0, from.1), (to.0, to.1), pen);
        } else {
            self.braille_line(from, to, pen);
        }
    }

    fn braille_line(&mut self, from: (u16, u16, u8), to: (u16, u16, u8), pen: Pen) {
        // Dot coordinates: 2 per cell across, 4 down.
        let dot = |row: u16, d: u8| i32::from(row) * 4 + i32::from(d.min(3));
        let (x0, y0) = (i32::from(from.0) * 2, dot(from.1, from.2));
        let (x1, y1) = (i32::from(to.0) * 2 + 1, dot(to.1, to.2));
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).max(1);
        for i in 0..=steps {
            if pen.dashed && i % 6 >= 4 {
                continue;
            }
            let x = x0 + ((x1 - x0) * i + steps / 2).div_euclid(steps);
            let y = y0 + ((y1 - y0) * i + steps / 2).div_euclid(steps);
            self.dot(x, y, pen);
            if pen.thick {
                // The second row of dots below, or above at a cell's last row.
                self.dot(x, if y.rem_euclid(4) == 3 { y - 1 } else { y + 1 }, pen);
            }
        }
    }

    fn dot(&mut self, x: i32, y: i32, pen: Pen) {
        let bit = DOTS[x.rem_euclid(2) as usize][y.rem_euclid(4) as usize];
        if let Some(cell) = self.claim(x.div_euclid(2), y.div_euclid(4), pen) {
            cell.dots |= bit;
        }
    }

    /// A line of `-` (or `|` where steep) that turns a corner `\` or `/` wherever it steps
    /// to the next row (column).
    fn ascii_line(&mut self, from: (u16, u16), to: (u16, u16), pen: Pen) {
        let (x0, y0) = (i32::from(from.0), i32::from(from.1));
        let (x1, y1) = (i32::from(to.0), i32::from(to.1));
        let (dx, dy) = (x1 - x0, y1 - y0);
        let level = dx.abs() >= dy.abs();
        let (straight, turn) = match (level, (dy > 0) == (dx > 0)) {
            (true, true) | (false, true) => (if level { '-' } else { '|' }, '\\'),
            (true, false) | (false, false) => (if level { '-' } else { '|' }, '/'),
        };
        let steps = dx.abs().max(dy.abs()).max(1);
        let at = |i: i32| {
            (
                x0 + (dx * i + steps / 2).div_euclid(steps),
                y0 + (dy * i + steps / 2).div_euclid(steps),
            )
        };
        let mut before = at(0);
        for i in 0..=steps {
            let (x, y) = at(i);
            let turned = if level { y != before.1 } else { x != before.0 };
            before = (x, y);
            if pen.dashed && i % 2 == 1 {
                continue;
            }
            if let Some(cell) = self.claim(x, y, pen) {
                cell.ascii = Some(if turned { turn } else { straight });
            }
        }
    }

    /// The cells (relative to the area) that something was drawn in.
    #[cfg(test)]
    pub fn covered(&self) -> Vec<(u16, u16)> {
        let w = self.area.width as usize;
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.dots != 0 || c.ascii.is_some())
            .map(|(i, _)| ((i % w) as u16, (i / w) as u16))
            .collect()
    }

    /// Writes every drawn cell over the buffer.
    pub fn render(&self, buf: &mut Buffer) {
        let w = self.area.width as usize;
        for (i, cell) in self.cells.iter().enumerate() {
            let symbol = match (self.ascii, cell.ascii) {
                (true, Some(c)) => c,
                (false, _) if cell.dots != 0 => {
                    char::from_u32(0x2800 + u32::from(cell.dots)).unwrap_or(' ')
                }
                _ => continue,
            };
            let (x, y) = ((i % w) as u16, (i / w) as u16);
            if let Some(c) = buf.cell_mut((self.area.x + x, self.area.y + y)) {
                c.set_char(symbol).set_style(cell.style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pen(priority: u8, dashed: bool) -> Pen {
        Pen {
            style: Style::new(),
            priority,
            dashed,
            thick: false,
        }
    }

    impl Raster {
        fn line(&mut self, from: (u16, u16), to: (u16, u16), pen: Pen) {
            self.line_at((from.0, from.1, 1), (to.0, to.1, 1), pen);
        }
    }

    fn text(buf: &Buffer) -> String {
        buf.content.iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn a_level_line_is_a_row_of_dots_and_a_dashed_one_has_gaps() {
        let area = Rect::new(0, 0, 6, 1);
        let mut r = Raster::new(area, false);
        r.line((0, 0), (5, 0), pen(0, false));
        let mut buf = Buffer::empty(area);
        r.render(&mut buf);
        assert_eq!(text(&buf), "⠒⠒⠒⠒⠒⠒");
        let mut r = Raster::new(area, false);
        r.line((0, 0), (5, 0), pen(0, true));
        let mut buf = Buffer::empty(area);
        r.render(&mut buf);
        assert_eq!(text(&buf), "⠒⠒ ⠒⠒ ");
        // Thick: two rows of dots; arriving at another row of dots.
        let mut r = Raster::new(area, false);
        r.line_at(
            (0, 0, 1),
            (5, 0, 3),
            Pen {
                thick: true,
                ..pen(0, false)
            },
        );
        let mut buf = Buffer::empty(area);
        r.render(&mut buf);
        assert_eq!(text(&buf), "⠶⢦⣤⣤⣤⣤");
    }

    #[test]
    fn ascii_lines_follow_their_slope() {
        let area = Rect::new(0, 0, 5, 3);
        let mut r = Raster::new(area, true);
        r.line((0, 0), (4, 0), pen(0, false));
        r.line((0, 0), (2, 2), pen(0, false));
        let mut buf = Buffer::empty(area);
        r.render(&mut buf);
        // A diagonal turns a corner at every step: `\` where it goes down a row.
        assert_eq!(text(&buf), "-----".to_string() + " \\   " + "  \\  ");
    }

    #[test]
    fn a_higher_priority_owns_the_cells_it_crosses() {
        let area = Rect::new(0, 0, 3, 1);
        let mut r = Raster::new(area, true);
        let high = Pen {
            style: Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
            ..pen(5, false)
        };
        r.line((0, 0), (2, 0), high);
        r.line((0, 0), (2, 0), pen(1, true));
        let mut buf = Buffer::empty(area);
        r.render(&mut buf);
        assert_eq!(text(&buf), "---");
        assert!(
            buf.content[1]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        );
    }
}
