//! A lesson's words: its texts in English and Chinese, and the notes shown beside each phase.

/// A text given in English and Chinese (either may be missing, not both).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    /// The English text.
    pub en: Option<String>,
    /// The Chinese text.
    pub zh: Option<String>,
}

impl Texts {
    /// The text in `lang`, else in the other language.
    pub fn pick(&self, lang: crate::i18n::Lang) -> String {
        let (first, other) = match lang {
            crate::i18n::Lang::Zh => (&self.zh, &self.en),
            crate::i18n::Lang::En => (&self.en, &self.zh),
        };
        first
            .as_ref()
            .or(other.as_ref())
            .cloned()
            .unwrap_or_default()
    }
}

/// A lesson's texts given per language: the title, the summary and each phase's note (in
/// trace order), each `None` where the file gave one string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bilingual {
    /// The title.
    pub title: Option<Texts>,
    /// The summary.
    pub summary: Option<Texts>,
    /// The notes: forward, loss, backward, update.
    pub notes: [Option<Texts>; 4],
}

/// Notes shown beside the steps of a phase.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Beside the forward pass.
    pub forward: Option<String>,
    /// Beside the loss.
    pub loss: Option<String>,
    /// Beside the backward pass.
    pub backward: Option<String>,
    /// Beside the update.
    pub update: Option<String>,
}
