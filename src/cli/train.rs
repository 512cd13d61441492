//! `train`: the whole run without recording, one line per epoch.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::engine::{TrainState, Workspace, train_batches};
use crate::export::{Target, write_atomic};
use crate::lesson::{self, Lesson};

use super::Failure;

pub fn run(lesson: Lesson, save: Option<&str>, force: bool) -> Result<ExitCode, Failure> {
    // Refuse early rather than after a long run.
    if let Some(path) = save
        && !force
        && std::path::Path::new(path).exists()
    {
        return Err(crate::export::WriteError::Exists(path.to_string()).into());
    }
    let mut state = TrainState::initial(&lesson);
    let mut ws = Workspace::new(&lesson);
    let show_bar = std::io::stderr().is_terminal();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let batches = lesson.batches_per_epoch();
    let mut diverged = None;
    for epoch in 1..=lesson.epochs {
        let mut loss = 0.0;
        train_batches(&lesson, &mut state, &mut ws, 0..batches, |_, o| {
            loss += o.loss_sum;
            if !o.finite && diverged.is_none() {
                diverged = Some(epoch);
            }
        });
        let mean = loss / lesson.data.len() as f64;
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
    if let Some(path) = save {
        let mut trained = lesson.clone();
        for (layer, p) in trained.layers.iter_mut().zip(&state.params.layers) {
            layer.weights = p.w.clone();
            layer.biases = p.b.clone();
        }
        let text = lesson::to_toml(&trained);
        write_atomic(&Target::parse(path), force, |w| {
            w.write_all(text.as_bytes())
        })?;
        eprintln!("saved the trained parameters to {path}");
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
