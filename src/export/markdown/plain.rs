//! The ASCII document as plain text for a terminal (`--format text`): the Markdown taken off
//! as it streams — no anchors, escapes, code spans, emphasis or fences; headings underlined;
//! links as their text; tables as aligned columns — and every line wrapped to [`WIDTH`]
//! columns (prose at spaces, formulas at their operators with a hanging indent, a table's
//! widest column within its cells). Widths are display columns: a Chinese character takes two,
//! and Chinese prose also wraps between its characters (never before closing punctuation).

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::notation::prose::joins_with_space;

/// The display width of `s`: a Chinese character counts two columns.
fn cols(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The widest line written.
pub const WIDTH: usize = 100;

/// Writes through to `out` as plain text, line by line.
pub struct PlainOut<'a> {
    out: &'a mut dyn Write,
    /// The part of a line not yet ended.
    pending: Vec<u8>,
    /// Rows of the table being read.
    table: Vec<Vec<String>>,
    /// Inside a fenced block (a formula or matrix), which is kept as it is, but wrapped.
    fenced: bool,
    /// The paragraph being read, with its first line's indent and the others'.
    para: Option<(&'static str, &'static str, String)>,
}

impl<'a> PlainOut<'a> {
    /// A plain-text writer over `out`.
    pub fn new(out: &'a mut dyn Write) -> Self {
        PlainOut {
            out,
            pending: Vec::new(),
            table: Vec::new(),
            fenced: false,
            para: None,
        }
    }

    fn line(&mut self, line: &str) -> io::Result<()> {
        let structural = line.starts_with("```")
            || line.starts_with('|')
            || line.starts_with('#')
            || line.starts_with("- ")
            || line.trim().is_empty()
            || line.trim() == ">"
            || self.fenced;
        if structural {
            self.flush_para()?;
        }
        if line.starts_with("```") {
            self.fenced = !self.fenced;
            return Ok(());
        }
        if self.fenced {
            for l in wrap_formula(line, WIDTH) {
                writeln!(self.out, "{l}")?;
            }
            return Ok(());
        }
        if line.starts_with('|') {
            let cells = cells(line);
            if !cells
                .iter()
                .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            {
                self.table.push(cells);
            }
            return Ok(());
        }
        self.flush_table()?;
        let text = inline(line);
        if text.trim().is_empty() {
            return writeln!(self.out);
        }
        let (level, title) = match text.find(' ') {
            Some(n) if n <= 4 && text[..n].chars().all(|c| c == '#') => (n, &text[n + 1..]),
            _ => (0, text.as_str()),
        };
        if level > 0 {
            let rule = if level <= 2 { '=' } else { '-' };
            let title = title.trim();
            writeln!(self.out, "{title}")?;
            return writeln!(
                self.out,
                "{}",
                rule.to_string().repeat(cols(title).min(WIDTH))
            );
        }
        let (indent, body) = match text.strip_prefix('>') {
            Some(rest) => ("  ", rest.trim_start()),
            None => match text.strip_prefix("- ") {
                Some(rest) => ("- ", rest),
                None => ("", text.as_str()),
            },
        };
        if body.is_empty() {
            return writeln!(self.out);
        }
        let hang = if indent == "- " { "  " } else { indent };
        match &mut self.para {
            Some((_, _, text)) => {
                // Lines of Chinese join without a space.
                if joins_with_space(text, body) {
                    text.push(' ');
                }
                text.push_str(body);
            }
            None => self.para = Some((indent, hang, body.to_string())),
        }
        Ok(())
    }

    /// Writes the paragraph read so far, wrapped.
    fn flush_para(&mut self) -> io::Result<()> {
        let Some((indent, hang, text)) = self.para.take() else {
            return Ok(());
        };
        for (i, l) in wrap_words(&text, WIDTH - indent.len()).iter().enumerate() {
            writeln!(self.out, "{}{l}", if i == 0 { indent } else { hang })?;
        }
        Ok(())
    }

    fn flush_table(&mut self) -> io::Result<()> {
        if self.table.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.table);
        for l in table_lines(&rows, WIDTH) {
            writeln!(self.out, "{}", l.trim_end())?;
        }
        Ok(())
    }
}

impl Write for PlainOut<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &b in buf {
            if b == b'\n' {
                let line = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
                self.line(&line)?;
            } else {
                self.pending.push(b);
            }
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let line = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.line(&line)?;
        }
        self.flush_para()?;
        self.flush_table()?;
        self.out.flush()
    }
}

/// The cells of a table row, as plain text.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(inline(cell.trim())),
            c => {
                cell.push(c);
                continue;
            }
        }
        if c == '|' {
            cell.clear();
        }
    }
    out.push(inline(cell.trim()));
    out
}

/// A line of Markdown as the text it shows: anchors, emphasis, code-span backticks and escapes
/// removed, links as their text.
pub fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        if rest.starts_with("<a id=") {
            let tail: String = chars[i..].iter().collect();
            if let Some(end) = tail.find("</a>") {
                i += tail[..end + 4].chars().count();
                continue;
            }
        }
        match chars[i] {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                // A code span: its text as it is.
                let n = chars[i..].iter().take_while(|&&c| c == '`').count();
                let fence: String = "`".repeat(n);
                let tail: String = chars[i + n..].iter().collect();
                match tail.find(&fence) {
                    Some(end) => {
                        out.push_str(tail[..end].trim());
                        i += n + tail[..end].chars().count() + n;
                    }
                    None => {
                        out.push_str(&fence);
                        i += n;
                    }
                }
            }
            '*' => i += 1,
            '[' => {
                // A link [text](#target): its text.
                let tail: String = chars[i + 1..].iter().collect();
                match tail.find("](") {
                    Some(close) if tail[close..].contains(')') => {
                        out.push_str(&inline(&tail[..close]));
                        let after = &tail[close + 2..];
                        let end = after.find(')').unwrap_or(after.len());
                        i += 1
                            + tail[..close].chars().count()
                            + 2
                            + after[..end].chars().count()
                            + 1;
                    }
                    _ => {
                        out.push('[');
                        i += 1;
                    }
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Prose wrapped to `width` display columns at spaces, and between Chinese characters (a
/// run that cannot be broken, longer than a line, stays whole).
pub fn wrap_words(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0);
    for word in s.split_whitespace() {
        for (i, piece) in pieces(word).into_iter().enumerate() {
            // A word's first piece follows a space; the others join the piece before.
            let gap = usize::from(i == 0 && !line.is_empty());
            let w = cols(piece);
            if !line.is_empty() && used + gap + w > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            } else if gap == 1 {
                line.push(' ');
                used += 1;
            }
            line.push_str(piece);
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word cut where a line may break inside it: before and after each wide (Chinese)
/// character, but never before closing punctuation nor after opening punctuation. A word
/// without wide characters is one piece.
fn pieces(word: &str) -> Vec<&str> {
    const CLOSING: &str = "，。、；：！？）》」』】”’,.;:!?)]";
    const OPENING: &str = "（《「『【“‘([";
    let wide = |c: char| c.width() == Some(2);
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in word.char_indices() {
        if let Some(p) = prev {
            let breaks = (wide(p) || wide(c)) && !CLOSING.contains(c) && !OPENING.contains(p);
            if breaks {
                out.push(&word[start..i]);
                start = i;
            }
        }
        prev = Some(c);
    }
    out.push(&word[start..]);
    out
}

/// The byte index in `s` of the end of its longest prefix at most `limit` columns wide.
fn byte_at(s: &str, limit: usize) -> usize {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.width().unwrap_or(0);
        if used > limit {
            return i;
        }
    }
    s.len()
}

/// A formula line wrapped to `width` columns: broken before ` + `, ` - `, ` = ` or `*`,
/// the rest indented under the first operand.
pub fn wrap_formula(line: &str, width: usize) -> Vec<String> {
    if cols(line) <= width {
        return vec![line.to_string()];
    }
    let lead = line.chars().take_while(|c| *c == ' ').count();
    let indent = match line.find(" = ").map(|i| cols(&line[..i])) {
        Some(i) if i < width / 2 => i + 3,
        _ => lead + 4,
    };
    // A deeply indented line (a matrix's later rows) still leaves half the width to fill.
    let indent = indent.min(width / 2);
    let mut out = Vec::new();
    let mut rest: String = line.to_string();
    let mut first = true;
    while cols(&rest) > if first { width } else { width - indent } {
        let limit = if first { width } else { width - indent };
        let cut = break_point(&rest, limit);
        let (head, tail) = rest.split_at(cut);
        out.push(match first {
            true => head.trim_end().to_string(),
            false => format!("{}{}", " ".repeat(indent), head.trim_end()),
        });
        rest = tail.trim_start().to_string();
        first = false;
    }
    out.push(match first {
        true => rest,
        false => format!("{}{rest}", " ".repeat(indent)),
    });
    out
}

/// Where to break a formula to keep at most `limit` columns: before the last operator that
/// fits, else at the last space, else at the limit.
fn break_point(s: &str, limit: usize) -> usize {
    let head = &s[..byte_at(s, limit)];
    for op in [" + ", " - ", " = ", " * ", " "] {
        if let Some(i) = head.rfind(op).filter(|&i| cols(&head[..i]) > limit / 4) {
            return i;
        }
    }
    byte_at(s, limit).max(s.chars().next().map_or(0, char::len_utf8))
}

/// A table as aligned columns within `width`: when too wide, its widest column's cells are
/// wrapped within the column.
fn table_lines(rows: &[Vec<String>], width: usize) -> Vec<String> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let len = |s: &String| cols(s);
    let mut widths: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(len)
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
    let widest = (0..n).max_by_key(|&c| widths[c]).unwrap_or(0);
    if total(&widths) > width {
        let others = total(&widths) - widths[widest];
        widths[widest] = width.saturating_sub(others).max(12);
    }
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let wrapped: Vec<Vec<String>> = (0..n)
            .map(|c| {
                let cell = row.get(c).cloned().unwrap_or_default();
                match c == widest && len(&cell) > widths[c] {
                    true => wrap_words(&cell, widths[c]),
                    false => vec![cell],
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for i in 0..height {
            let parts: Vec<String> = (0..n)
                .map(|c| {
                    let cell = wrapped[c].get(i).map_or("", String::as_str);
                    let pad = widths[c].saturating_sub(cols(cell));
                    let numeric = cell
                        .chars()
                        .next()
                        .is_some_and(|ch| ch.is_ascii_digit() || ch == '-');
                    match numeric && c > 0 {
                        true => format!("{}{cell}", " ".repeat(pad)),
                        false => format!("{cell}{}", " ".repeat(pad)),
                    }
                })
                .collect();
            out.push(parts.join("  "));
        }
        if r == 0 {
            out.push("-".repeat(total(&widths).min(width)));
        }
    }
    out.push(String::new());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_taken_off() {
        assert_eq!(
            inline(
                "<a id=\"e1-s1-z-1-1\"></a>**`z(1)[1]`** - see [the loss](#e1-s1-loss), sum\\_k"
            ),
            "z(1)[1] - see the loss, sum_k"
        );
        assert_eq!(cells("| `a` | 1 \\| 2 | x |"), vec!["a", "1 | 2", "x"]);
    }

    #[test]
    fn a_deeply_indented_formula_line_wraps_within_the_width() {
        // A matrix's later row, indented past the width: the continuation keeps half of it.
        let row = format!("{}[ {} ]", " ".repeat(98), ["-0.0190912"; 12].join("  "));
        let lines = wrap_formula(&row, 100);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.len() <= 100), "{lines:?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words, row.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn chinese_prose_wraps_between_characters_and_counts_two_columns_each() {
        // Characters of two columns at a width of 10: five to a line, the comma kept with
        // the character before it; English words still break at spaces only.
        let lines = wrap_words("一二三四，五六七八九十甲 alpha beta", 10);
        assert_eq!(lines, ["一二三四，", "五六七八九", "十甲 alpha", "beta"]);
        // An opening bracket goes with what follows it.
        let lines = wrap_words("一二三四（五", 8);
        assert_eq!(lines, ["一二三四", "（五"]);
        // A heading's rule is as wide as the heading shows.
        let mut out = Vec::new();
        let mut plain = PlainOut::new(&mut out);
        plain
            .write_all("## 初始参数\n\n两行\n中文\n".as_bytes())
            .unwrap();
        plain.flush().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "初始参数\n========\n\n两行中文\n"
        );
    }

    #[test]
    fn a_table_of_chinese_is_aligned_by_display_columns() {
        let rows = vec![
            vec!["层".to_string(), "神经元".into(), "训练".into()],
            vec!["1（隐藏层）".into(), "2".into(), "权重和偏置".into()],
        ];
        let lines = table_lines(&rows, 100);
        // Columns of 11, 6 and 10 display columns, two apart; the number right-aligned.
        assert_eq!(
            lines,
            [
                "层           神经元  训练      ",
                "-------------------------------",
                "1（隐藏层）       2  权重和偏置",
                ""
            ]
        );
    }

    #[test]
    fn lines_fit_the_width() {
        let long = format!("z(1)[1] = {}", ["w(1)[1,1]*a(0)[1]"; 12].join(" + "));
        let lines = wrap_formula(&long, 100);
        assert!(
            lines.len() > 1 && lines.iter().all(|l| l.len() <= 100),
            "{lines:?}"
        );
        assert!(lines[1].starts_with("          + ") || lines[1].starts_with("          w"));
        let prose = wrap_words(&"word ".repeat(50), 30);
        assert!(prose.iter().all(|l| l.len() <= 30));
        let table = table_lines(
            &[
                vec!["step".into(), "formula".into(), "value".into()],
                vec!["z(1)[1]".into(), "x ".repeat(80), "0.5".into()],
            ],
            100,
        );
        assert!(table.iter().all(|l| l.len() <= 100), "{table:?}");
    }
}
