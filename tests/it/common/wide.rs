//! Frames with wide (Chinese) characters: their rows as text, their widths and borders checked
//! by display width, their panels found by title, and the English words left in them.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// The frame's rows as text: a wide character's second cell is part of it, not a space.
pub fn text(buf: &Buffer) -> String {
    let w = buf.area.width as usize;
    let mut rows = Vec::new();
    for row in buf.content.chunks(w) {
        let mut line = String::new();
        let mut skip = false;
        for cell in row {
            if !skip {
                line.push_str(cell.symbol());
            }
            skip = !skip && UnicodeWidthStr::width(cell.symbol()) == 2;
        }
        rows.push(line);
    }
    rows.join("\n")
}

/// A row as cells: a wide character followed by a blank for the cell it covers; a combining
/// mark (the hat of X̂) is part of the cell before it, and left out.
pub fn cells(row: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in row.chars() {
        match UnicodeWidthStr::width(c.to_string().as_str()) {
            0 => {}
            2 => out.extend([c, ' ']),
            _ => out.push(c),
        }
    }
    out
}

/// Every row of the frame is exactly `w` columns wide.
pub fn widths(frame: &str, w: usize) {
    for row in frame.lines() {
        assert_eq!(UnicodeWidthStr::width(row), w, "{row}");
    }
}

/// Every row of the frame is exactly `w` columns wide, and (without an overlay over the
/// panels) each panel's right border is in the column of its top-right corner: nothing a
/// Chinese word pushed out of place.
pub fn aligned(frame: &str, w: usize) {
    widths(frame, w);
    let rows: Vec<&str> = frame.lines().collect();
    for (y, row) in rows.iter().enumerate() {
        // A corner ┐ at column x: the rows under it down to ┘ have │ (or a corner) there.
        let cols: Vec<char> = cells(row);
        for (x, &c) in cols.iter().enumerate() {
            if c != '┐' {
                continue;
            }
            for below in &rows[y + 1..] {
                let b = cells(below)[x];
                if b == '┘' {
                    break;
                }
                assert!(
                    "│┤┘┐".contains(b) || b == '┌',
                    "column {x} under ┐: {below}"
                );
            }
        }
    }
}

/// Where the frame's panels are: the cell of each corner of a border, in reading order.
pub fn corners(frame: &str) -> Vec<(usize, usize, char)> {
    let mut out = Vec::new();
    for (y, row) in frame.lines().enumerate() {
        for (x, c) in cells(row).into_iter().enumerate() {
            if "┌┐└┘".contains(c) {
                out.push((x, y, c));
            }
        }
    }
    out
}

/// The panel whose top border starts `┌ title…`, borders, title and legend included: its rows
/// from its top-left corner to its top-right corner's column, down to its bottom border.
pub fn panel(frame: &str, title: &str) -> Option<String> {
    let rows: Vec<Vec<char>> = frame.lines().map(cells).collect();
    let head: Vec<char> = cells(&format!("┌ {title}"));
    rows.iter().enumerate().find_map(|(y, row)| {
        let x = (0..row.len()).find(|&x| row[x..].starts_with(&head))?;
        within(&rows, (x, y))
    })
}

/// The first panel of the frame (the network's): the one whose top-left corner is the first
/// in reading order.
pub fn first_panel(frame: &str) -> Option<String> {
    let rows: Vec<Vec<char>> = frame.lines().map(cells).collect();
    rows.iter().enumerate().find_map(|(y, row)| {
        let x = row.iter().position(|&c| c == '┌')?;
        within(&rows, (x, y))
    })
}

/// The panel whose top-left corner is at `(x, y)`, as text, its left border checked.
fn within(rows: &[Vec<char>], (x, y): (usize, usize)) -> Option<String> {
    let right = (x + 1..rows[y].len()).find(|&r| rows[y][r] == '┐')?;
    let mut out = Vec::new();
    for below in &rows[y..] {
        out.push(below[x..=right].iter().collect::<String>());
        match below[x] {
            '└' => return Some(out.join("\n")),
            '┌' | '│' => {}
            other => panic!("{other:?} on the left border of\n{}", out.join("\n")),
        }
    }
    None
}

/// The words of four letters or more written in ASCII letters, except `allowed` ones (in any
/// case): English left in a Chinese frame.
pub fn english<'t>(text: &'t str, allowed: &[&str]) -> Vec<&'t str> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 4)
        .filter(|w| !allowed.iter().any(|a| a.eq_ignore_ascii_case(w)))
        .collect()
}
