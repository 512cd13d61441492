//! `[lesson]`: the title, the summary and the notes of each phase.
//!
//! This text reaches the terminal (the tutor, the summary of a piped run, exports), so control
//! characters are refused where they are written: an escape sequence in a title could retitle
//! the terminal window or clear the screen. Tabs are fine, and so are line breaks in the summary
//! and the notes.

use super::{Res, section};
use crate::lesson::model::{Bilingual, Notes, Texts};
use crate::source::display;
use crate::source::reader::{Cx, Table, Value, for_key, string, table};

const LESSON_KEYS: [&str; 3] = ["title", "summary", "notes"];
const NOTES_KEYS: [&str; 4] = ["forward", "loss", "backward", "update"];

/// What `[lesson]` says.
pub(super) struct About {
    pub title: String,
    pub summary: String,
    pub notes: Notes,
    pub bilingual: Bilingual,
}

pub(super) fn read(cx: Cx, top: &Table) -> Res<About> {
    let t = section(cx, top, "lesson", "err-lesson-section-help")?;
    t.allow_only(cx, &LESSON_KEYS)?;
    let mut bilingual = Bilingual::default();
    let title = t.require(cx, "title", crate::msg!("err-title-help"))?;
    let title_text = either(cx, title.value, "title", Lines::One, &mut bilingual.title)?;
    if title_text.trim().is_empty() {
        return Err(cx
            .at(title.value.span(), crate::msg!("err-title-empty"))
            .with_help(crate::msg!("err-title-empty-help"))
            .into());
    }
    let summary = match t.get("summary") {
        Some(e) => either(cx, e.value, "summary", Lines::Many, &mut bilingual.summary)?,
        None => String::new(),
    };
    let notes = match t.get("notes") {
        Some(e) => notes(cx, e.value, &mut bilingual.notes)?,
        None => Notes::default(),
    };
    Ok(About {
        title: title_text,
        summary,
        notes,
        bilingual,
    })
}

fn notes(cx: Cx, v: &Value, both: &mut [Option<Texts>; 4]) -> Res<Notes> {
    let n = table(cx, v, "[lesson.notes]", &for_key("notes"))?;
    n.allow_only(cx, &NOTES_KEYS)?;
    let mut read = [None, None, None, None];
    for (i, key) in NOTES_KEYS.iter().enumerate() {
        if let Some(e) = n.get(key) {
            read[i] = Some(either(cx, e.value, key, Lines::Many, &mut both[i])?);
        }
    }
    let [forward, loss, backward, update] = read;
    Ok(Notes {
        forward,
        loss,
        backward,
        update,
    })
}

/// A text given as one string, or per language as `{ en = "…", zh = "…" }` (either may be
/// left out): the text in the interface's language (else the other), the pair kept in `both`.
fn either(cx: Cx, v: &Value, key: &str, lines: Lines, both: &mut Option<Texts>) -> Res<String> {
    if !v.get_ref().is_table() {
        return text(cx, v, key, lines);
    }
    let owner = format!("`{key}`");
    let t = table(cx, v, &owner, &for_key(key))?;
    t.allow_only(cx, &["en", "zh"])?;
    let one = |lang: &str| {
        t.get(lang)
            .map(|e| text(cx, e.value, key, lines))
            .transpose()
    };
    let texts = Texts {
        en: one("en")?,
        zh: one("zh")?,
    };
    if texts.en.is_none() && texts.zh.is_none() {
        return Err(cx
            .at(v.span(), crate::msg!("err-no-text", key = key))
            .with_help(crate::msg!("err-no-text-help", key = key))
            .into());
    }
    let shown = texts.pick(crate::i18n::lang());
    *both = Some(texts);
    Ok(shown)
}

/// May the text run over several lines?
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Many,
}

/// The string of `key`, refused if it holds a character that would act on a terminal.
fn text(cx: Cx, v: &Value, key: &str, lines: Lines) -> Res<String> {
    let s = string(cx, v, &for_key(key))?;
    let allowed = |c: char| c == '\t' || (lines == Lines::Many && c == '\n');
    // A line break written as CR LF is a line break.
    let unsafe_char = s
        .replace("\r\n", "\n")
        .chars()
        .find(|&c| display::is_unsafe(c) && !allowed(c));
    match unsafe_char {
        None => Ok(s.to_string()),
        Some(c) => Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-control-in-text",
                    key = key,
                    code = format!("{:04X}", c as u32)
                ),
            )
            .with_help(crate::msg!(if lines == Lines::One {
                "err-control-in-title-help"
            } else {
                "err-control-in-text-help"
            }))
            .into()),
    }
}
