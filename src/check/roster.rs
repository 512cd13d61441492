//! A class roster: a CSV file of students, one a line. With a header row, the column named
//! `name` or `student` holds the names; without one, the first column. Blank lines are
//! skipped; a name is one line of text.

use crate::source::input::{self, Expect, Input};
use crate::source::reader::Cx;
use crate::source::{SourceError, text};

/// What a roster file is, for the checks of [`crate::source`].
const EXPECT: Expect = Expect {
    noun: "err-noun-roster",
    limit: 1 << 20,
    too_large_help: "err-roster-too-large-help",
    path_help: "err-roster-path-help",
    not_found_help: Some("err-roster-not-found-help"),
};

/// The most students one roster may list.
pub const MAX_STUDENTS: usize = 1000;

/// Column names that hold the students' names.
const NAME_COLUMNS: [&str; 4] = ["name", "student", "names", "students"];

/// The students of the roster at `input`, in order.
pub fn read(input: &Input) -> Result<Vec<String>, SourceError> {
    let source = input::read_text(input, &EXPECT)?;
    parse(&source.text, &source.name)
}

/// The students of roster text `text`, from the file `file` (for messages).
pub fn parse(text: &str, file: &str) -> Result<Vec<String>, SourceError> {
    let text = text::check(text, file, EXPECT.noun)?;
    let cx = Cx { file, text };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut names = Vec::new();
    let mut column = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let at = e.position().map_or(0, |p| p.byte() as usize);
            SourceError::from(cx.at(
                at..at,
                crate::msg!("err-roster-not-csv", error = e.to_string()),
            ))
        })?;
        let at = record.position().map_or(0, |p| p.byte() as usize);
        if i == 0
            && let Some(c) = record
                .iter()
                .position(|f| NAME_COLUMNS.contains(&f.trim().to_lowercase().as_str()))
        {
            column = c;
            continue;
        }
        let name = record.get(column).unwrap_or("").trim();
        if name.is_empty() {
            continue;
        }
        if name.chars().any(char::is_control) {
            return Err(cx
                .at(at..at + name.len(), crate::msg!("err-roster-control"))
                .with_help(crate::msg!("err-roster-control-help"))
                .into());
        }
        if names.len() == MAX_STUDENTS {
            return Err(cx
                .at(
                    at..at,
                    crate::msg!("err-roster-too-many", max = MAX_STUDENTS.to_string()),
                )
                .with_help(crate::msg!(EXPECT.too_large_help))
                .into());
        }
        names.push(name.to_string());
    }
    if names.is_empty() {
        return Err(text::empty(
            file,
            &crate::msg!("err-roster-empty"),
            &crate::msg!("err-roster-empty-help"),
        ));
    }
    Ok(names)
}

/// A file name for a student: lower-case letters and digits, words joined by `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "student".into()
    } else {
        out.chars().take(40).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_or_without_a_header() {
        let with = parse("id,Name\n1,Ana Lima\n2,\"Okafor, Ben\"\n\n", "r.csv").unwrap();
        assert_eq!(with, ["Ana Lima", "Okafor, Ben"]);
        let without = parse("Ana Lima\nBen\n", "r.csv").unwrap();
        assert_eq!(without, ["Ana Lima", "Ben"]);
        assert!(parse("\n\n", "r.csv").is_err());
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(slug("Ana Lima"), "ana-lima");
        assert_eq!(slug("Okafor, Ben"), "okafor-ben");
        assert_eq!(slug("José Ñúñez"), "josé-ñúñez");
        assert_eq!(slug("../etc"), "etc");
        assert_eq!(slug("!!!"), "student");
    }
}
