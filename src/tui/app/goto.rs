//! The go-to prompt: where a typed step name points, or why it points nowhere and which step
//! it most likely meant; Tab completion, the history of names gone to (↑ ↓), and the jump back
//! to where the last jump started (`` ` `` or Ctrl-O).

use crate::i18n::Lang;
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Family, Moment, Place, Quantity, StepId};

use super::names::{complete, meant};
use super::{App, Mode, Status, Tutor};
use crate::tui::cursor::Cursor;

/// Names gone to that the prompt's history keeps.
const HISTORY: usize = 100;

impl Tutor {
    /// Where a go-to name such as `delta(1)[2]`, `w(2)[1,2]@3` or `@2` points, in the current
    /// epoch. Without `@N`: the current sample (for update steps, the current batch).
    pub fn locate(&self, input: &str, lang: Lang) -> Result<Cursor, GotoError> {
        let input = input.trim();
        let (name, at) = match input.split_once('@') {
            Some((name, at)) => {
                let n: usize = at
                    .trim()
                    .parse()
                    .map_err(|_| tr!(lang, "goto-after-at", at = at))?;
                (name.trim(), Some(n))
            }
            None => (input, None),
        };
        let id = if name.is_empty() {
            if at.is_none() {
                return Err(lang.t("goto-type-name").into());
            }
            self.trace.step(self.cursor.epoch, self.cursor.index).id
        } else {
            self.trace.parse_step(name).map_err(|e| e.words(lang))?
        };
        let layout = self.layout();
        let place = Place::of(&id, 0);
        let (count, here) = match place {
            Place::Batch(_) => (layout.batches(), self.batch()),
            Place::Sample(_) => (layout.samples(), self.sample()),
        };
        let at = at.unwrap_or(here);
        if at == 0 || at > count {
            return Err(GotoError(tr!(
                lang,
                "goto-no-such-place",
                unit = place.unit(),
                at = at,
                count = count
            )));
        }
        match self.trace.position(&id, Place::of(&id, at)) {
            Some(index) => Ok(Cursor {
                epoch: self.cursor.epoch,
                index,
            }),
            None => Err(GotoError(why_missing(
                self.trace.lesson(),
                &layout.families(),
                &id,
                lang,
            ))),
        }
    }
}

/// Why the go-to prompt's text leads nowhere; shown under the prompt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GotoError(String);

impl From<String> for GotoError {
    fn from(message: String) -> Self {
        GotoError(message)
    }
}

impl From<&str> for GotoError {
    fn from(message: &str) -> Self {
        GotoError(message.to_string())
    }
}

/// Why a well-formed step name names no step of this lesson: the layer, an index or the
/// quantity is not there (from the lesson's families of steps, so for every layer kind), or
/// the optimizer keeps no such state.
fn why_missing(lesson: &Lesson, families: &[Family], id: &StepId, lang: Lang) -> String {
    let why = why_not(lesson, families, id, lang);
    let id = id.to_string();
    match why {
        Some(why) => tr!(lang, "goto-no-step", id = id, why = why),
        None => tr!(lang, "goto-not-here", id = id),
    }
}

/// Why a step name's layer, quantity or index is not in the lesson, if one of them is not.
fn why_not(lesson: &Lesson, families: &[Family], id: &StepId, lang: Lang) -> Option<String> {
    let depth = lesson.depth();
    let l = id.layer;
    let q = id.quantity;
    if !(1..=depth).contains(&l) {
        return Some(tr!(lang, "goto-layers", depth = depth));
    }
    if let Some(indices) = crate::layers::recurrent::words::indices(lesson, l, id, lang) {
        return Some(indices);
    }
    let layer = &lesson.layers[l - 1];
    let kind = lesson.optimizer.kind_name();
    // A step this layer or optimizer never has, whatever its indices.
    let never = match q {
        Quantity::Param(_) | Quantity::State(..) if !layer.trainable => {
            Some(tr!(lang, "goto-frozen", l = l))
        }
        Quantity::B | Quantity::State(_, crate::trace::Tensor::B) if !layer.biases_train() => {
            Some(tr!(lang, "goto-biases-fixed", l = l))
        }
        Quantity::State(Moment::M | Moment::MHat | Moment::VHat, _)
            if !lesson.optimizer.is_adam() =>
        {
            Some(tr!(lang, "goto-only-adam", q = q.name(), kind = kind))
        }
        Quantity::State(Moment::Decayed, _) if lesson.optimizer.weight_decay().is_none() => {
            Some(tr!(lang, "goto-only-adamw", kind = kind))
        }
        Quantity::State(Moment::V | Moment::Velocity, _) if !lesson.optimizer.has_state() => {
            Some(lang.t("goto-no-velocity"))
        }
        _ => None,
    };
    if never.is_some() {
        return never;
    }
    let Some(family) = families
        .iter()
        .find(|f| f.quantity.name() == q.name() && f.layer == l)
    else {
        return Some(tr!(lang, "goto-layer-has-no", l = l, q = q.name()));
    };
    let ix = id.ix.to_vec();
    if ix.len() != family.dims.len() {
        let n = family.dims.len();
        return Some(tr!(lang, "goto-takes-indices", q = q.name(), l = l, n = n));
    }
    // The first index out of range, said as the dense layer's neurons where that is what it is.
    for (i, (&x, &n)) in ix.iter().zip(&family.dims).enumerate() {
        if x < n {
            continue;
        }
        return Some(match (i, ix.len()) {
            (0, 1 | 2) if n == lesson.width(l) => {
                tr!(lang, "goto-neurons", l = l, w = lesson.width(l))
            }
            (1, 2) if n == lesson.width(l - 1) => {
                tr!(lang, "goto-neurons-k", l = l - 1, w = lesson.width(l - 1))
            }
            _ => tr!(lang, "goto-index-range", i = i + 1, n = n),
        });
    }
    None
}

impl App {
    /// Opens the go-to prompt.
    pub(super) fn open_goto(&mut self) {
        self.recall = None;
        self.mode = Mode::Goto {
            input: String::new(),
            error: None,
            meant: None,
            hint: None,
        };
    }

    /// Enter in the go-to prompt: to the step named — or, the text unchanged since it was
    /// found wanting, to the step it most likely meant — or why not under the prompt.
    pub(super) fn submit(&mut self) {
        let (
            Some(tutor),
            Mode::Goto {
                input,
                error,
                meant: was,
                hint,
            },
        ) = (&mut self.tutor, &mut self.mode)
        else {
            return;
        };
        let text = was.take().unwrap_or_else(|| input.clone());
        let lang = self.settings.lang;
        match tutor.locate(&text, lang) {
            Ok(to) => {
                let from = tutor.cursor;
                tutor.cursor = to;
                if self.history.last() != Some(&text) {
                    self.history.push(text);
                }
                if self.history.len() > HISTORY {
                    self.history.remove(0);
                }
                self.mode = Mode::Normal;
                self.jumped_from(from);
            }
            Err(message) => {
                *hint = None;
                *was = meant(tutor.layout(), &text);
                *error = Some(match was {
                    Some(m) => tr!(
                        lang,
                        "goto-did-you-mean",
                        meant = m.as_str(),
                        message = message.to_string()
                    ),
                    None => message.to_string(),
                });
            }
        }
    }

    /// Tab in the go-to prompt: the step meant, if the last text was found wanting; else the
    /// name completed as far as the lesson's step names allow.
    pub(super) fn complete_name(&mut self) {
        let (
            Some(tutor),
            Mode::Goto {
                input,
                error,
                meant,
                hint,
            },
        ) = (&self.tutor, &mut self.mode)
        else {
            return;
        };
        *error = None;
        if let Some(m) = meant.take() {
            *input = m;
            *hint = None;
            return;
        }
        if input.contains('@') {
            *hint = Some(self.settings.lang.t("goto-tab-before-at"));
            return;
        }
        let done = complete(tutor.layout(), input.trim(), self.settings.lang);
        *input = done.text;
        *hint = done.hint;
    }

    /// ↑ or ↓ in the go-to prompt: an older or newer name gone to.
    pub(super) fn recall(&mut self, older: bool) {
        let Mode::Goto {
            input,
            error,
            meant,
            hint,
        } = &mut self.mode
        else {
            return;
        };
        let n = self.history.len();
        let at = match (self.recall, older) {
            (None, true) if n > 0 => Some(n - 1),
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < n => Some(i + 1),
            _ => None,
        };
        self.recall = at;
        *input = at.map(|i| self.history[i].clone()).unwrap_or_default();
        (*error, *meant, *hint) = (None, None, None);
    }

    /// Remembers where a jump (go-to, !, first or last step) started, for the jump back.
    pub(super) fn jumped_from(&mut self, from: Cursor) {
        if self.tutor.as_ref().is_some_and(|t| t.cursor != from) {
            self.jump_from = Some(from);
        }
    }

    /// `` ` `` or Ctrl-O: back to where the last jump started (and again, back here).
    pub(super) fn jump_back(&mut self) {
        let Some(tutor) = &mut self.tutor else {
            return;
        };
        let lang = self.settings.lang;
        let text = match self.jump_from.take() {
            Some(to) => {
                self.jump_from = Some(tutor.cursor);
                tutor.cursor = to;
                tr!(lang, "goto-back-to", name = tutor.current().name())
            }
            None => lang.t("goto-no-jump"),
        };
        self.status = Some(Status { text, error: false });
    }
}
