//! Marks: what each answer of a sheet is worth — by the worksheet's `[grading]` `marks`, or
//! else the lesson's, or one mark each — and what it earns by its verdict: all of them right,
//! a share of them carried or imprecise (½ unless `[grading]` says), none wrong or
//! unanswered.

use crate::lesson::Marks;
use crate::trace::Step;

use super::report::Mark;

/// The marks scheme that applies to one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    marks: Marks,
}

impl Scheme {
    /// The worksheet's marks, or else the lesson's, or one mark an answer.
    pub fn resolve(worksheet: Option<&Marks>, lesson: Option<&Marks>) -> Scheme {
        Scheme {
            marks: worksheet.or(lesson).cloned().unwrap_or(Marks::DEFAULT),
        }
    }

    /// What an answer to `step` is worth: the marks of the rule naming its step, else its
    /// kind of number, else its phase, else every answer's.
    pub fn worth(&self, step: &Step) -> f64 {
        let name = step.name();
        let quantity = step.id.quantity.name();
        let phase = step.phase().name();
        let rule = |key: &str| self.marks.rules.iter().find(|r| r.key == key);
        rule(&name)
            .or_else(|| rule(&quantity))
            .or_else(|| rule(phase))
            .map_or(self.marks.each, |r| r.marks)
    }

    /// What an answer marked `mark` earns of its `worth`.
    pub fn earned(&self, mark: &Mark, worth: f64) -> f64 {
        match mark {
            Mark::Right => worth,
            Mark::Carried(_) => self.marks.carried * worth,
            Mark::Imprecise => self.marks.imprecise * worth,
            Mark::Wrong | Mark::Unanswered => 0.0,
        }
    }
}

/// Marks earned out of marks possible.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Total {
    /// Earned.
    pub earned: f64,
    /// Possible: every entry of the sheet, answered or not.
    pub out_of: f64,
}

impl Total {
    /// The share earned, in percent (100 for a sheet worth nothing).
    pub fn percent(&self) -> f64 {
        if self.out_of == 0.0 {
            100.0
        } else {
            100.0 * self.earned / self.out_of
        }
    }

    /// `31.5/40 (78.8%)`.
    pub fn line(&self) -> String {
        format!(
            "{}/{} ({}%)",
            marks(self.earned),
            marks(self.out_of),
            percent(self.percent())
        )
    }
}

/// Marks as a teacher writes them: `3`, `2.5`, `0.25`.
pub fn marks(x: f64) -> String {
    let rounded = (x * 1000.0).round() / 1000.0;
    let text = format!("{rounded:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A percentage to one decimal: `78.8`, `100`.
pub fn percent(p: f64) -> String {
    let text = format!("{p:.1}");
    text.strip_suffix(".0").unwrap_or(&text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_written_short() {
        assert_eq!(marks(3.0), "3");
        assert_eq!(marks(2.5), "2.5");
        assert_eq!(marks(0.25), "0.25");
        assert_eq!(marks(1.0 / 3.0), "0.333");
        assert_eq!(percent(78.76), "78.8");
        assert_eq!(percent(100.0), "100");
        let t = Total {
            earned: 31.5,
            out_of: 42.0,
        };
        assert_eq!(t.line(), "31.5/42 (75%)");
    }
}
