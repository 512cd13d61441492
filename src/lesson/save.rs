//! Saving a trained lesson (`train --save FILE`) as files that load again.
//!
//! A lesson small enough is one TOML file. When its parameters or its samples would take the
//! TOML file past [`MAX_TOML_BYTES`], they go to files beside it, named after it: each layer's
//! weights and biases to `NAME.w1.npy`, `NAME.b1.npy`, … (NumPy float64, readable by
//! `numpy.load`), the samples to `NAME.data.csv`; generated samples stay generated (the
//! `[generate]` table is written, not the samples). Which files are written is decided from the
//! lesson's shapes alone, so every name, and the directory, can be checked before a long training
//! run starts. The files are written as one transaction ([`crate::source::transaction`]): an
//! interrupted or failed save leaves the earlier save whole and no temporary file.
//!
//! The saved lesson says what it is: its title and summary name the lesson it was trained from,
//! for how many epochs, and the final loss; a note quoting numbers of the untrained lesson is
//! marked as such.

use std::path::{Path, PathBuf};

use ndarray_npy::WriteNpyExt;

use super::limits::MAX_TOML_BYTES;
use super::model::{Lesson, Notes, Texts};
use super::write::{Bulk, to_csv, to_toml_with};
use crate::source::transaction::{Transaction, check_writable};
use crate::source::write::{Target, WriteError, write_atomic};

/// Why a trained lesson could not be saved; said in the process's language.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// A file could not be written, or exists.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The lesson needs files beside it, and standard output has no "beside".
    #[error("{}", crate::msg!("err-save-needs-files"))]
    NeedsFiles,
}

/// Where a trained lesson came from, for its title and summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trained<'a> {
    /// The lesson it was trained from, as named in messages.
    pub from: &'a str,
    /// How many epochs it was trained for.
    pub epochs: usize,
    /// The mean loss of the last epoch.
    pub final_loss: f64,
}

/// The files a trained lesson is saved as: the lesson at the path given, and the files beside
/// it that its bulk needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavePlan {
    /// The lesson file, or standard output for `-`.
    target: Target,
    /// For each layer, one file per parameter tensor (its weights and biases, …).
    npy: Option<Vec<Vec<PathBuf>>>,
    csv: Option<PathBuf>,
}

/// Characters a number may take in TOML, with its separator: `-2.2250738585072014e-308, `.
const NUMBER_TEXT: usize = 26;
/// Room for the title, summary and notes the saved lesson gains.
const TRAINED_TEXT: usize = 1024;

impl SavePlan {
    /// The files `lesson`, once trained, is saved as when the lesson file is `path` (`-` for
    /// standard output).
    pub fn new(lesson: &Lesson, path: &Path) -> SavePlan {
        let stem = stem(path);
        let beside = |suffix: String| path.with_file_name(format!("{stem}.{suffix}"));
        let base = to_toml_with(lesson, &Bulk::all_out(lesson)).len() + TRAINED_TEXT;
        let params = lesson
            .layers
            .iter()
            .map(|l| {
                let numbers: usize = l.params.iter().map(|p| p.len()).sum();
                numbers * NUMBER_TEXT + 8 * l.neurons()
            })
            .sum::<usize>();
        let data = match lesson.generated {
            Some(_) => 0,
            None => lesson.data.len() * (lesson.inputs() + lesson.outputs() + 6) * NUMBER_TEXT,
        };
        let fits = |n: usize| n as u64 <= MAX_TOML_BYTES;
        // Move the larger part out first; the other too if the file is still too large.
        let (npy, csv) = if fits(base + params + data) {
            (false, false)
        } else if params >= data {
            (true, !fits(base + data))
        } else {
            (!fits(base + params), true)
        };
        SavePlan {
            target: Target::parse(path),
            npy: npy.then(|| {
                lesson
                    .layers
                    .iter()
                    .enumerate()
                    .map(|(i, layer)| {
                        let l = i + 1;
                        let specs = layer.specs();
                        let name =
                            |t: crate::layers::Tensor| beside(format!("{}{l}.npy", t.name()));
                        specs.iter().map(|s| name(s.tensor)).collect()
                    })
                    .collect()
            }),
            csv: csv.then(|| beside("data.csv".to_string())),
        }
    }

    /// Every file the plan writes: the files beside the lesson first, the lesson last (unless
    /// it goes to standard output).
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self.npy.iter().flatten().flatten().cloned().collect();
        files.extend(self.csv.clone());
        if let Target::File(path) = &self.target {
            files.push(path.clone());
        }
        files
    }

    /// Refuses, before any work, a plan that could not be saved: a file it would overwrite
    /// (unless `force`), a name too long, a directory missing or not writable, files beside a
    /// lesson going to standard output.
    pub fn check(&self, force: bool) -> Result<(), SaveError> {
        if self.target == Target::Stdout && (self.npy.is_some() || self.csv.is_some()) {
            return Err(SaveError::NeedsFiles);
        }
        check_writable(&self.files(), force)?;
        Ok(())
    }

    /// Writes `trained` (the lesson with its trained parameters) as planned, as one
    /// transaction: every file to a temporary file first, then all moved into place, the lesson
    /// last, never over an existing file unless `force`. If anything fails (or the process is
    /// interrupted), the files that were there before are left as they were, and no temporary
    /// file. Returns the files written.
    pub fn save(
        &self,
        trained: &Lesson,
        how: &Trained,
        force: bool,
    ) -> Result<Vec<PathBuf>, SaveError> {
        self.check(force)?;
        let lesson = described(trained, how);
        let text = to_toml_with(&lesson, &self.bulk());
        let Target::File(path) = &self.target else {
            write_atomic(&self.target, force, |out| out.write_all(text.as_bytes()))?;
            return Ok(Vec::new());
        };
        let mut transaction = Transaction::new(force);
        for (layer, files) in lesson.layers.iter().zip(self.npy.iter().flatten()) {
            for (tensor, path) in layer.params.iter().zip(files) {
                transaction.stage(path, |out| npy(tensor, out))?;
            }
        }
        if let Some(csv) = &self.csv {
            transaction.stage(csv, |out| to_csv(&lesson, out))?;
        }
        transaction.stage(path, |out| out.write_all(text.as_bytes()))?;
        transaction.commit()?;
        Ok(self.files())
    }

    /// The names the lesson file uses for the files beside it.
    fn bulk(&self) -> Bulk {
        let name = |p: &PathBuf| file_name(p);
        Bulk {
            npy: self
                .npy
                .as_ref()
                .map(|files| files.iter().map(|f| f.iter().map(name).collect()).collect()),
            csv: self.csv.as_ref().map(name),
        }
    }
}

impl Bulk {
    /// Parameters and samples all in files: what is left is the lesson's own text.
    fn all_out(lesson: &Lesson) -> Bulk {
        let none = String::new();
        Bulk {
            npy: Some(
                lesson
                    .layers
                    .iter()
                    .map(|l| vec![none.clone(); l.params.len()])
                    .collect(),
            ),
            csv: Some(none),
        }
    }
}

/// An array as a NumPy `.npy` file.
fn npy<D: ndarray::Dimension>(
    a: &ndarray::Array<f64, D>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    a.write_npy(out).map_err(std::io::Error::other)
}

/// The lesson file's name without `.toml`, safe to use in names beside it and in TOML.
fn stem(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map_or_else(|| "lesson".into(), |s| s.to_string_lossy());
    clean(&stem)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |s| clean(&s.to_string_lossy()))
}

/// A name with the characters a TOML string or a terminal would mangle replaced by `_`.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if crate::source::display::is_unsafe(c) || c == '\u{fffd}' {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// `trained` as the saved lesson describes it: trained from where, for how long, to what loss.
fn described(trained: &Lesson, how: &Trained) -> Lesson {
    let epochs = plural_epochs(how.epochs);
    let mut l = trained.clone();
    let title = |t: &str| {
        let (title, before) = earlier_training(t.trim());
        format!(
            "{title} (trained for {})",
            plural_epochs(before + how.epochs)
        )
    };
    let summary = |before: &str| {
        let mut summary = format!(
            "Trained from {} for {epochs} with `bpnn-tutor train`; the mean loss of the last \
             epoch was {}. The weights and biases below are the trained ones.",
            how.from, how.final_loss
        );
        let before = before.trim();
        if !before.is_empty() {
            summary.push_str(
                "\n\nThe summary of the lesson before training (its numbers are the untrained \
                 ones):\n",
            );
            summary.push_str(before);
        }
        summary
    };
    l.title = title(&trained.title);
    l.summary = summary(&trained.summary);
    l.notes = marked(&trained.notes);
    // Texts given in both languages are described the same way in each, so none is lost.
    let both = |texts: &Option<Texts>, f: &dyn Fn(&str) -> String| {
        texts.as_ref().map(|t| Texts {
            en: t.en.as_deref().map(f),
            zh: t.zh.as_deref().map(f),
        })
    };
    l.bilingual.title = both(&trained.bilingual.title, &title);
    l.bilingual.summary = both(&trained.bilingual.summary, &summary);
    let mark = |text: &str| marked_text(text);
    for (note, given) in l.bilingual.notes.iter_mut().zip(&trained.bilingual.notes) {
        *note = both(given, &mark);
    }
    l
}

/// "1 epoch", "3 epochs".
fn plural_epochs(n: usize) -> String {
    if n == 1 {
        "1 epoch".to_string()
    } else {
        format!("{n} epochs")
    }
}

/// A title without the "(trained for N epochs)" a previous save gave it, and that N.
fn earlier_training(title: &str) -> (&str, usize) {
    let parsed = title.strip_suffix(')').and_then(|t| {
        let (head, count) = t.rsplit_once(" (trained for ")?;
        let n = count
            .strip_suffix(" epochs")
            .or_else(|| count.strip_suffix(" epoch"))?;
        Some((head, n.parse().ok()?))
    });
    parsed.unwrap_or((title, 0))
}

/// A note marked as written for the untrained lesson, if it quotes numbers (once).
fn marked_text(text: &str) -> String {
    if quotes_numbers(text) && !text.starts_with(MARK) {
        format!("{MARK}\n{text}")
    } else {
        text.to_string()
    }
}

/// What a marked note starts with.
const MARK: &str =
    "(Written for the lesson before training: the numbers quoted here are the untrained ones.)";

/// Notes that quote numbers describe the untrained lesson: say so (once).
fn marked(notes: &Notes) -> Notes {
    let mark = |note: &Option<String>| note.as_deref().map(marked_text);
    Notes {
        forward: mark(&notes.forward),
        loss: mark(&notes.loss),
        backward: mark(&notes.backward),
        update: mark(&notes.update),
    }
}

/// Does `text` quote a computed number, such as 0.5933 (a digit, a point, a digit)?
fn quotes_numbers(text: &str) -> bool {
    let c: Vec<char> = text.chars().collect();
    c.windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == '.' && w[2].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::bundled;

    #[test]
    fn notes_that_quote_numbers_are_marked() {
        assert!(quotes_numbers("σ(0.3775) = 0.5933"));
        assert!(!quotes_numbers("layer 1 has 2 neurons."));
        let l = bundled::LESSONS
            .find("sigmoid_2layer")
            .unwrap()
            .load()
            .unwrap();
        let d = described(
            &l,
            &Trained {
                from: "lessons/sigmoid_2layer.toml",
                epochs: 1,
                final_loss: 0.25,
            },
        );
        assert_eq!(d.title, "Two-layer sigmoid network (trained for 1 epoch)");
        assert!(d.summary.starts_with(
            "Trained from lessons/sigmoid_2layer.toml for 1 epoch with `bpnn-tutor train`; \
             the mean loss of the last epoch was 0.25."
        ));
        let forward = d.notes.forward.unwrap();
        assert!(forward.starts_with("(Written for the lesson before training"));
    }

    #[test]
    fn titles_count_every_training() {
        assert_eq!(earlier_training("XOR"), ("XOR", 0));
        assert_eq!(earlier_training("XOR (trained for 1 epoch)"), ("XOR", 1));
        assert_eq!(earlier_training("XOR (trained for 30 epochs)"), ("XOR", 30));
        assert_eq!(
            earlier_training("XOR (trained for ever)"),
            ("XOR (trained for ever)", 0)
        );
    }

    #[test]
    fn a_small_lesson_is_one_file_and_a_big_one_has_files_beside_it() {
        let small = bundled::LESSONS
            .find("sigmoid_2layer")
            .unwrap()
            .load()
            .unwrap();
        let plan = SavePlan::new(&small, Path::new("out/t.toml"));
        assert_eq!(plan.files(), [PathBuf::from("out/t.toml")]);
        let big = bundled::LESSONS
            .find("mnist_sized")
            .unwrap()
            .load()
            .unwrap();
        let plan = SavePlan::new(&big, Path::new("out/t.toml"));
        let names: Vec<String> = plan.files().iter().map(|p| file_name(p)).collect();
        assert_eq!(
            names,
            ["t.w1.npy", "t.b1.npy", "t.w2.npy", "t.b2.npy", "t.toml"],
            "generated samples stay generated"
        );
    }
}
