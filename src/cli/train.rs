//! `train`: the whole run without recording, one line per epoch.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::engine::{TrainState, Workspace, train_batches};
use crate::lesson::{Lesson, SavePlan, Trained};

use super::CliError;

pub fn run(lesson: Lesson, save: Option<&Path>, force: bool) -> Result<ExitCode, CliError> {
    // Refuse early rather than after a long run.
    let plan = save.map(|path| SavePlan::new(&lesson, path));
    if let Some(plan) = &plan {
        plan.check_free(force)?;
    }
    let mut state = TrainState::initial(&lesson);
    let mut ws = Workspace::new(&lesson);
    let show_bar = std::io::stderr().is_terminal();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let batches = lesson.batches_per_epoch();
    let mut diverged = None;
    let mut last_loss = f64::NAN;
    for epoch in 1..=lesson.epochs {
        let mut loss = 0.0;
        train_batches(&lesson, &mut state, &mut ws, 0..batches, |_, o| {
            loss += o.loss_sum;
            if !o.finite && diverged.is_none() {
                diverged = Some(epoch);
            }
        });
        let mean = loss / lesson.data.len() as f64;
        last_loss = mean;
        if show_bar {
            eprint!("\r\x1b[2K"); // clear the bar before the line goes out
        }
        if writeln!(out, "epoch {epoch}/{}  loss {mean}", lesson.epochs).is_err() {
            break; // The reader went away (e.g. `| head`): stop quietly.
        }
        if show_bar {
            let _ = out.flush();
            progress(epoch, lesson.epochs);
        }
    }
    let _ = out.flush();
    if show_bar {
        eprint!("\r\x1b[2K");
    }
    if let Some(e) = diverged {
        eprintln!("warning: training diverges in epoch {e}: some numbers became NaN or infinite");
    }
    if let Some(plan) = &plan {
        let mut trained = lesson.clone();
        for (layer, p) in trained.layers.iter_mut().zip(&state.params.layers) {
            layer.weights = p.w.clone();
            layer.biases = p.b.clone();
        }
        let how = Trained {
            from: &lesson.source,
            epochs: lesson.epochs,
            final_loss: last_loss,
        };
        super::saved(&plan.save(&trained, &how, force)?);
    }
    Ok(ExitCode::SUCCESS)
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
