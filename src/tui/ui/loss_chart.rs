//! Loss per epoch so far (a background thread finishes training for long lessons; its progress
//! shows here), and the loss of the current sample once the trace has computed it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Sparkline, Widget};

use crate::notation::{Digits, number};
use crate::trace::StepId;

use super::theme::Theme;
use super::{View, fit};

/// Draws the loss panel: the epoch's mean and the sample's loss, training's progress, and
/// the curve (in one row when the panel is small).
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = &view.theme;
    let block = view.block(view.theme.lang.t("panel-loss"));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let training = &view.tutor.training;
    let epoch = view.step.epoch;
    let epochs = view.tutor.trace.epochs();
    let w = inner.width as usize;
    let mut lines = Vec::new();
    let hide_loss = view.hidden(StepId::LOSS);
    // The epoch's mean gives its samples' losses away (a one-sample epoch's mean is that
    // sample's loss): in a quiz it waits until the epoch's last loss is on screen.
    let hide_mean = view.app.quizzing() && !last_loss_shown(view);
    let mean = match training.losses.get(epoch - 1) {
        Some(_) if hide_mean => "?".into(),
        Some(&loss) => view.cell(loss),
        None => format!("{}{}", theme.lang.t("loss-training"), theme.ellipsis()),
    };
    lines.push(Line::from(vec![
        Span::styled(
            crate::tr!(theme.lang, "loss-epoch-mean", epoch = epoch.to_string()),
            theme.dim,
        ),
        Span::raw(mean),
    ]));
    let sample_loss = if hide_loss {
        "?".into()
    } else if view.known(StepId::LOSS) {
        view.cell(view.values().loss())
    } else {
        theme.lang.t("loss-not-yet")
    };
    lines.push(Line::from(vec![
        Span::styled(
            crate::tr!(theme.lang, "loss-sample", n = view.sample.to_string()),
            theme.dim,
        ),
        Span::raw(sample_loss),
    ]));
    if !training.complete() {
        let pct = 100 * training.done / training.total.max(1);
        let trained = training.losses.len();
        lines.push(Line::styled(
            fit(
                &crate::tr!(
                    theme.lang,
                    "loss-training-progress",
                    pct = pct.to_string(),
                    trained = trained.to_string(),
                    epochs = epochs.to_string()
                ),
                w,
                theme,
            ),
            theme.dim,
        ));
    }
    let text_h = (lines.len() as u16).min(inner.height);
    Paragraph::new(lines).render(
        Rect {
            height: text_h,
            ..inner
        },
        buf,
    );
    let chart_area = Rect {
        y: inner.y + text_h,
        height: inner.height - text_h,
        ..inner
    };
    // One epoch has no curve to draw.
    if epochs < 2 {
        return;
    }
    if chart_area.height >= 4 && chart_area.width >= 20 {
        chart(view, chart_area, buf);
    } else if chart_area.height >= 1 {
        sparkline(
            view,
            Rect {
                height: 1,
                ..chart_area
            },
            buf,
        );
    }
}

/// Has the learner reached the epoch's last loss (and may see it)?
fn last_loss_shown(view: &View) -> bool {
    let layout = view.tutor.layout();
    let last = layout.position(&StepId::LOSS, crate::trace::Place::Sample(layout.samples()));
    match last {
        Some(at) => view.step.index > at || (view.step.index == at && !view.hide),
        None => true,
    }
}

/// The curve in one row, for panels too small for the chart: `loss ▇▅▄▃▂▂▁▁`.
fn sparkline(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = &view.theme;
    let label = format!("{} ", theme.lang.t("loss-curve"));
    let room = (area.width as usize).saturating_sub(super::width(&label));
    if view.tutor.training.losses.len() < 2 || room < 4 {
        return;
    }
    let losses: Vec<f64> = view
        .tutor
        .training
        .losses
        .iter()
        .copied()
        .filter(|l| l.is_finite())
        .collect();
    if losses.len() < 2 {
        return;
    }
    // Evenly spaced epochs (first and last included) when there are more than columns.
    let n = losses.len().min(room);
    let picked: Vec<f64> = (0..n)
        .map(|i| losses[i * (losses.len() - 1) / (n - 1).max(1)])
        .collect();
    let (lo, hi) = picked
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &l| {
            (lo.min(l), hi.max(l))
        });
    let levels: Vec<u64> = picked
        .iter()
        .map(|&l| {
            if hi > lo {
                1 + ((l - lo) / (hi - lo) * 7.0).round() as u64
            } else {
                4
            }
        })
        .collect();
    let bars = if theme.ascii {
        ASCII_BARS
    } else {
        ratatui::symbols::bar::NINE_LEVELS
    };
    let label_w = super::width(&label) as u16;
    Span::styled(label, theme.dim).render(area, buf);
    let spark_area = Rect {
        x: area.x + label_w,
        width: n as u16,
        ..area
    };
    Sparkline::default()
        .data(&levels)
        .max(8)
        .bar_set(bars)
        .render(spark_area, buf);
}

const ASCII_BARS: ratatui::symbols::bar::Set = ratatui::symbols::bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "=",
    five_eighths: "=",
    half: "-",
    three_eighths: "-",
    one_quarter: "_",
    one_eighth: "_",
    empty: " ",
};

/// The loss curve over the epochs trained so far, the current epoch marked on it.
fn chart(view: &View, area: Rect, buf: &mut Buffer) {
    let theme = &view.theme;
    let losses = &view.tutor.training.losses;
    let Some(scale) = Scale::fit(losses) else {
        return;
    };
    let points = thinned(losses, &scale, area.width);
    let here = current(view, &scale);
    let datasets = vec![curve(theme, &points), marker(theme, &here)];
    let epochs = view.tutor.trace.epochs();
    let label = |v: f64| number::format(v, Digits::Sig(3), view.app.settings.notation());
    // The axis' ends are losses of the run: in a quiz, numbers the learner is still to work.
    let labels = if view.app.quizzing() {
        vec![Span::raw("?"), Span::raw("?")]
    } else {
        vec![
            Span::raw(label(scale.data_lo)),
            Span::raw(label(scale.data_hi)),
        ]
    };
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .title(Span::styled(theme.lang.t("loss-axis"), theme.dim))
                .bounds([1.0, epochs.max(2) as f64])
                .labels(vec![Span::raw("1"), Span::raw(epochs.max(2).to_string())]),
        )
        .y_axis(
            Axis::default()
                .bounds([scale.lo, scale.hi])
                .title(Span::styled(if scale.log { "log" } else { "" }, theme.dim))
                .labels(labels),
        )
        .style(Style::new());
    chart.render(area, buf);
    if theme.ascii {
        asciify(area, buf);
    }
}

/// (epoch, loss) of the finite losses; walked twice rather than collected, since a long
/// lesson has a million of them and only a few hundred are drawn.
fn finite(losses: &[f64]) -> impl Iterator<Item = (f64, f64)> + '_ {
    losses
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_finite())
        .map(|(e, &l)| ((e + 1) as f64, l))
}

/// The chart's y axis: the finite losses' range, on a log scale where they span orders of
/// magnitude, padded so the curve does not touch the frame.
struct Scale {
    /// How many losses are finite.
    count: usize,
    /// Losses are drawn as their log10.
    log: bool,
    /// The axis' bounds, scaled and padded.
    lo: f64,
    hi: f64,
    /// The smallest and largest loss, which label the axis' ends.
    data_lo: f64,
    data_hi: f64,
}

impl Scale {
    /// `None` when no loss is finite, or the bounds are not (they would send the canvas
    /// drawing lines to infinity).
    fn fit(losses: &[f64]) -> Option<Scale> {
        let (count, lo, hi) = finite(losses).fold(
            (0usize, f64::INFINITY, f64::NEG_INFINITY),
            |(n, lo, hi), (_, l)| (n + 1, lo.min(l), hi.max(l)),
        );
        if count == 0 {
            return None;
        }
        // Losses spanning orders of magnitude (or diverging) read better on a log scale.
        let log = lo > 0.0 && hi / lo > 100.0;
        let mut scale = Scale {
            count,
            log,
            lo,
            hi,
            data_lo: lo,
            data_hi: hi,
        };
        let (lo, hi) = (scale.y(lo), scale.y(hi));
        let pad = if log {
            0.05
        } else if hi > lo {
            (hi - lo) * 0.05
        } else {
            lo.abs().max(1e-12) * 0.1
        };
        (scale.lo, scale.hi) = (lo - pad, hi + pad);
        (scale.lo.is_finite() && scale.hi.is_finite() && scale.hi > scale.lo).then_some(scale)
    }

    /// Where a loss goes on the axis.
    fn y(&self, loss: f64) -> f64 {
        if self.log { loss.log10() } else { loss }
    }
}

/// The points of the curve: braille gives two per column, so more epochs than that are
/// thinned evenly (the last always kept).
fn thinned(losses: &[f64], scale: &Scale, columns: u16) -> Vec<(f64, f64)> {
    let most = (columns as usize * 2).max(2);
    let step = scale.count.div_ceil(most).max(1);
    finite(losses)
        .enumerate()
        .filter(|(i, _)| i % step == 0 || i + 1 == scale.count)
        .map(|(_, (e, l))| (e, scale.y(l)))
        .collect()
}

/// The current epoch's point, if its loss is known and finite.
fn current(view: &View, scale: &Scale) -> Vec<(f64, f64)> {
    let epoch = view.step.epoch;
    view.tutor
        .training
        .losses
        .get(epoch - 1)
        .filter(|l| l.is_finite())
        .map(|&l| vec![(epoch as f64, scale.y(l))])
        .unwrap_or_default()
}

/// The curve: a line through its points, or a lone point.
fn curve<'a>(theme: &Theme, points: &'a [(f64, f64)]) -> Dataset<'a> {
    let marker = if theme.ascii {
        Marker::Custom('*')
    } else {
        Marker::Braille
    };
    Dataset::default()
        .marker(marker)
        .graph_type(if points.len() > 1 {
            GraphType::Line
        } else {
            GraphType::Scatter
        })
        .data(points)
}

/// The current epoch on the curve, in the focus style.
fn marker<'a>(theme: &Theme, here: &'a [(f64, f64)]) -> Dataset<'a> {
    let marker = if theme.ascii {
        Marker::Custom('@')
    } else {
        Marker::Dot
    };
    Dataset::default()
        .marker(marker)
        .graph_type(GraphType::Scatter)
        .style(theme.focus)
        .data(here)
}

/// Replaces the chart's line-drawing symbols with ASCII.
fn asciify(area: Rect, buf: &mut Buffer) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            let replacement = match cell.symbol() {
                "│" => "|",
                "─" => "-",
                "└" | "┌" | "┐" | "┘" | "┼" => "+",
                s if s.is_ascii() => continue,
                _ => "*",
            };
            cell.set_symbol(replacement);
        }
    }
}
