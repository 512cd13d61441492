//! A network of sequence layers drawn as a column of blocks, one row per layer, with the
//! positions as columns: embedding → layer norm → attention ⊕ → layer norm → MLP ⊕ → layer
//! norm → output, each block named by its kind and settings (`⊕1` where a residual adds layer
//! 1's output). The current block is lit, and each cell shows the layer's output at the
//! current feature for that position, once the trace has computed it. The kinds of a
//! transformer draw it above their own picture (the attention matrix, layer norm's μ and σ²).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::i18n::Lang;
use crate::layers::Kind;
use crate::lesson::{Activation, Lesson};
use crate::tr;
use crate::trace::{Index, Quantity, StepId};
use crate::tui::ui::{View, fit};

/// Columns of a block's name.
const LABEL: usize = 16;
/// Columns of a cell.
pub const CELL: usize = 10;

/// Does the lesson need the block diagram: is it a transformer (an embedding, a layer norm
/// or attention among its layers)? Vectors, images and recurrent layers have pictures of their
/// own.
pub fn applies(lesson: &Lesson) -> bool {
    lesson.layers.iter().any(|l| {
        matches!(
            l.kind,
            Kind::Embedding(_) | Kind::LayerNorm(_) | Kind::Attention(_)
        )
    })
}

/// A layer's block, in a few words: `embedding`, `layer norm`, `attention ×2 causal`,
/// `dense gelu`, `output softmax`, with `⊕N` for a residual.
pub fn label(lesson: &Lesson, l: usize) -> String {
    label_in(lesson, l, Lang::En)
}

/// [`label`] in the language `lang`.
pub fn label_in(lesson: &Lesson, l: usize, lang: Lang) -> String {
    if l == 0 {
        return if lesson.vocabulary.is_empty() {
            lang.t("view-diagram-input")
        } else {
            lang.t("view-diagram-tokens")
        };
    }
    let layer = &lesson.layers[l - 1];
    let mut s = match &layer.kind {
        Kind::Embedding(_) => lang.t("view-diagram-embedding"),
        Kind::LayerNorm(_) => lang.t("view-diagram-layer-norm"),
        Kind::Attention(a) => {
            let mut s = lang.t("view-diagram-attention");
            if a.heads > 1 {
                s = tr!(
                    lang,
                    "view-diagram-heads",
                    attention = s,
                    heads = a.heads.to_string()
                );
            }
            if a.causal {
                s.push_str(&format!(" {}", lang.t("view-diagram-causal")));
            }
            s
        }
        Kind::Dense(d) => {
            let base = if l == lesson.depth() {
                lang.t("view-diagram-output")
            } else {
                lang.t("view-diagram-dense")
            };
            let act = match d.activation {
                Activation::Identity => String::new(),
                a => format!(" {}", a.name()),
            };
            let lora = if d.lora.is_some() { " +LoRA" } else { "" };
            format!("{base}{act}{lora}")
        }
        // Images are drawn as feature maps, not as these blocks: their kind's name.
        other => other.name().to_string(),
    };
    if let Some(n) = layer.residual {
        s.push_str(&format!(" ⊕{n}"));
    }
    s
}

/// The position and feature the current step is about, if it is at one.
pub fn focus(view: &View) -> (usize, usize) {
    let id = view.step.id;
    let layer = view.layer();
    let seq =
        view.lesson.shape(layer).is_sequence() || view.lesson.layers[layer - 1].input.is_sequence();
    match (seq, id.ix.len()) {
        (true, 2) if is_position_step(id) => (id.ix.j(), id.ix.k().unwrap_or(0)),
        (true, 3) => (id.ix.get(1).unwrap_or(0), 0),
        (true, 1) if matches!(id.quantity, Quantity::Block(_)) => (id.ix.j(), 0),
        _ => (0, 0),
    }
}

/// Is the step indexed [position, feature]?
fn is_position_step(id: StepId) -> bool {
    matches!(
        id.quantity,
        Quantity::Z | Quantity::A | Quantity::Delta | Quantity::Block(_)
    )
}

/// How the positions are laid out in `width` columns: the label's width, the first
/// position shown, and how many are (a window around the current one).
pub fn columns(view: &View, width: u16) -> (usize, usize, usize) {
    let lesson = view.lesson;
    let (t_focus, _) = focus(view);
    let positions = lesson.shape(1).positions().max(lesson.input.positions());
    let label_w = LABEL.min(width as usize / 3);
    let cols = ((width as usize).saturating_sub(label_w) / CELL).clamp(1, positions);
    let first_t = t_focus.saturating_sub(cols / 2).min(positions - cols);
    (label_w, first_t, cols)
}

/// A row of per-position numbers under the diagram, aligned with its columns: `name`, then
/// `value(t)` for each position shown (`None`: not computed yet).
pub fn row(
    view: &View,
    area: Rect,
    buf: &mut Buffer,
    name: &str,
    value: &dyn Fn(usize) -> Option<String>,
) {
    let theme = &view.theme;
    let (t_focus, _) = focus(view);
    let (label_w, first_t, cols) = columns(view, area.width);
    buf.set_string(
        area.x,
        area.y,
        fit(name, label_w.saturating_sub(1), theme),
        theme.heading,
    );
    let mut x = area.x + label_w as u16;
    for t in first_t..first_t + cols {
        let text = value(t).unwrap_or_else(|| theme.sym("·", ".").into());
        let style = if t == t_focus {
            theme.current
        } else {
            Style::new()
        };
        buf.set_string(x, area.y, fit(&text, CELL - 1, theme), style);
        x += CELL as u16;
    }
}

/// Rows the diagram takes inside its panel (one per layer and the tokens).
pub fn rows(lesson: &Lesson) -> u16 {
    (lesson.depth() + 2) as u16
}

/// Draws the diagram in `area` (no border): a heading row of positions, then a row per
/// layer, a window of them around the current one when they do not all fit. Returns the
/// rows used.
pub fn draw(view: &View, area: Rect, buf: &mut Buffer) -> u16 {
    if area.height < 2 || area.width < 20 {
        return 0;
    }
    let lesson = view.lesson;
    let theme = &view.theme;
    let (t_focus, j_focus) = focus(view);
    let current = view.layer();
    let (label_w, first_t, cols) = columns(view, area.width);
    let depth = lesson.depth();
    let body = (area.height - 1) as usize;
    let shown = body.min(depth + 1);
    let first_l = current.saturating_sub(shown / 2).min(depth + 1 - shown);
    // Heading: the positions (and the tokens of the shown sample).
    let tokens = view.values().activations(0).to_vec();
    let mut x = area.x + label_w as u16;
    buf.set_string(
        area.x,
        area.y,
        fit(&theme.lang.t("view-diagram-position"), label_w, theme),
        theme.heading,
    );
    for t in first_t..first_t + cols {
        let mut head = format!("t={}", t + 1);
        if let Some(tok) = (!lesson.vocabulary.is_empty())
            .then(|| {
                tokens
                    .get(t)
                    .and_then(|&id| lesson.vocabulary.get(id as usize))
            })
            .flatten()
        {
            // Under --ascii a token that is not ASCII is shown by its id.
            head = match theme.ascii && !tok.is_ascii() {
                true => format!("{} #{}", t + 1, tokens[t] as usize),
                false => format!("{} {}", t + 1, crate::source::display::line(tok)),
            };
        }
        let style = if t == t_focus {
            theme.current
        } else {
            theme.heading
        };
        buf.set_string(x, area.y, fit(&head, CELL - 1, theme), style);
        x += CELL as u16;
    }
    for (row, l) in (first_l..first_l + shown).enumerate() {
        let y = area.y + 1 + row as u16;
        let lit = l == current;
        let name = theme.text(&format!("{l} {}", label_in(lesson, l, theme.lang)));
        let style = if lit { theme.current } else { Style::new() };
        buf.set_string(area.x, y, fit(&name, label_w - 1, theme), style);
        if l == 0 || !lesson.shape(l).is_sequence() {
            continue;
        }
        let f = lesson.shape(l).features();
        let j = if lit { j_focus.min(f - 1) } else { 0 };
        let mut x = area.x + label_w as u16;
        for t in first_t..first_t + cols {
            let id = StepId::new(Quantity::A, l, &[t, j]);
            let text = if view.hidden(id) {
                "?".to_string()
            } else if view.known(id) {
                view.cell(view.values().value(&id))
            } else {
                theme.sym("·", ".").to_string()
            };
            let style = if lit && t == t_focus {
                theme.current
            } else if lit {
                theme.read
            } else {
                Style::new()
            };
            buf.set_string(x, y, fit(&text, CELL - 1, theme), style);
            x += CELL as u16;
        }
    }
    (shown + 1) as u16
}

/// The whole picture for a layer without one of its own: the diagram in a bordered panel.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let block = view.block(title(view));
    let inner = block.inner(area);
    block.render(area, buf);
    draw(view, inner, buf);
}

/// The panel's title: the network and the shown sample, the feature the cells show.
pub fn title(view: &View) -> String {
    let (_, j) = focus(view);
    let lang = view.theme.lang;
    let sep = view.theme.sep();
    format!(
        "{}{sep}{}{sep}{}",
        lang.t("panel-network"),
        tr!(lang, "network-sample", n = view.sample.to_string()),
        tr!(lang, "view-diagram-cells", feature = (j + 1).to_string())
    )
}

/// Rows the bordered diagram wants.
pub fn height(view: &View) -> u16 {
    rows(view.lesson) + 2
}

/// The index of a step of layer `l` at position `t` and feature `j`.
pub fn at(t: usize, j: usize) -> Index {
    Index::two(t, j)
}
