//! `train`: the whole run without recording, one line per epoch.
//!
//! Standard output closed by its reader (`| head -1`) is not an error: without `--save`
//! training stops quietly; with `--save` it runs to the end silently and saves. Any other
//! failure to write stops with a message and saves nothing. Parameters are saved only after
//! the whole run, and never when they are not finite.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use crate::engine::Params;
use crate::lesson::{Lesson, SavePlan, Trained};
use crate::trace::{Driver, Quantity, StepId, Trace};
use ndarray::Dimension;

use super::stdout::Stream;
use super::{CliError, divergence_warning};

pub fn run(lesson: Lesson, save: Option<&Path>, force: bool) -> Result<ExitCode, CliError> {
    // Refuse early rather than after a long run.
    let plan = save.map(|path| SavePlan::new(&lesson, path));
    if let Some(plan) = &plan {
        plan.check(force)?;
    }
    let show_bar = io::stderr().is_terminal();
    let mut out = Stream::new();
    let mut driver = Driver::new(&lesson);
    let mut epoch = 0;
    let mut last_loss = f64::NAN;
    // Without --save, a closed standard output ends the run: nobody reads the rest.
    while !(out.closed() && save.is_none())
        && let Some(mean) = driver.epoch(&lesson)
    {
        epoch += 1;
        last_loss = mean;
        if show_bar {
            eprint!("\r\x1b[2K"); // clear the bar before the line goes out
        }
        let line = crate::tr!(
            crate::i18n::lang(),
            "train-epoch",
            epoch = epoch.to_string(),
            epochs = lesson.epochs.to_string(),
            mean = mean.to_string()
        );
        out.write(|o| writeln!(o, "{line}"))?;
        if show_bar {
            out.flush()?;
            progress(epoch, lesson.epochs);
        }
    }
    out.flush()?;
    if show_bar {
        eprint!("\r\x1b[2K");
    }
    if !driver.is_complete() {
        return Ok(ExitCode::SUCCESS); // the reader went away and there is nothing to save
    }
    if let Some(candidates) = driver.non_finite_batches()
        && let Some(step) = Trace::new(lesson.clone()).first_non_finite_in(candidates)
    {
        eprintln!("{}", divergence_warning(&step, false));
    }
    if let (Some(plan), Some(path)) = (&plan, save) {
        let params = driver.into_state().params;
        let how = Trained {
            from: &lesson.source,
            epochs: lesson.epochs,
            final_loss: last_loss,
        };
        save_params(&lesson, &params, plan, path, &how, force)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the lesson with the trained parameters in place, if they are all finite.
fn save_params(
    lesson: &Lesson,
    params: &Params,
    plan: &SavePlan,
    path: &Path,
    how: &Trained,
    force: bool,
) -> Result<(), CliError> {
    if let Some((name, value)) = first_non_finite(params) {
        return Err(CliError::NotFinite {
            path: path.to_path_buf(),
            name,
            value,
        });
    }
    let mut trained = lesson.clone();
    for (layer, p) in trained.layers.iter_mut().zip(&params.layers) {
        // Back to the lesson's row-major layout, whatever the engine's memory order.
        layer.params = p
            .tensors
            .iter()
            .map(|(_, a)| a.as_standard_layout().into_owned())
            .collect();
    }
    super::saved(&plan.save(&trained, how, force)?);
    Ok(())
}

/// The first parameter that is NaN or infinite, by its step name, in trace order.
fn first_non_finite(params: &Params) -> Option<(String, f64)> {
    params.layers.iter().enumerate().find_map(|(i, p)| {
        let layer = i + 1;
        p.tensors.iter().find_map(|(tensor, a)| {
            let (ix, v) = a
                .as_standard_layout()
                .indexed_iter()
                .find(|(_, v)| !v.is_finite())
                .map(|(ix, v)| (ix.slice().to_vec(), *v))?;
            let id = StepId::new(Quantity::Param(*tensor), layer, &ix);
            Some((id.to_string(), v))
        })
    })
}

fn progress(done: usize, total: usize) {
    let width = 30;
    let filled = done * width / total.max(1);
    eprint!(
        "\r[{}{}] {done}/{total} epochs",
        "#".repeat(filled),
        "-".repeat(width - filled)
    );
}
