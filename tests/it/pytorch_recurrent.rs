//! `export --format pytorch` of the recurrent kinds, on every bundled recurrent lesson and on
//! networks built here (tanh and ReLU, the last state or every state, stacked, with a
//! residual, frozen tensors, one sample and batches, SGD, momentum and Adam): the script holds
//! the lesson's exact parameters and data; builds `nn.RNN` / `nn.LSTM` with them, runs the
//! module and the same recurrence step by step with its parameters, and reads δ, ∂L/∂h and
//! ∂L/∂c from each step's tensor; and the numbers it checks PyTorch against are those of the
//! independent reference (`common::recurrent_reference`) and obey backpropagation through
//! time's closed forms. Running the scripts needs PyTorch: `docs/pytorch/run_scripts.sh`.

use bpnn_tutor::export::pytorch;
use bpnn_tutor::layers::recurrent::Outputs;
use bpnn_tutor::lesson::{Activation, Kind, Lesson, Loss, Optimizer};
use bpnn_tutor::trace::Trace;

use crate::common::recurrent::{LESSONS, Spec, bundled, lesson_of, optimizer};
use crate::common::recurrent_reference as reference;
use crate::common::script::{expected, holds_exact_parameters_and_data};

/// 1e-9 relatively, with a floor for results that cancel to almost nothing.
fn agree(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: how many");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            g == w || (g - w).abs() <= 1e-9 * w.abs().max(1.0),
            "{what}[{i}]: {g} in the script, {w} expected"
        );
    }
}

/// Networks built here, one of each sort the kinds must translate.
fn built() -> Vec<(String, Lesson)> {
    use Activation::{Identity, Relu, Sigmoid, Softmax, Tanh};
    let mut lessons = vec![
        (
            "rnn tanh, last, sgd, one sample",
            lesson_of(
                (3, 2),
                &[Spec::Rnn(Tanh, 3, Outputs::Last), Spec::Dense(Identity, 2)],
                (Loss::HalfSse, optimizer(0)),
                (2, 1, 1),
                (11, 0.8),
            ),
        ),
        (
            "rnn relu, all, momentum, batches",
            lesson_of(
                (4, 1),
                &[Spec::Rnn(Relu, 2, Outputs::All), Spec::Dense(Identity, 1)],
                (Loss::Mse, optimizer(1)),
                (3, 2, 3),
                (12, 0.8),
            ),
        ),
        (
            "lstm, all, softmax, adam",
            lesson_of(
                (3, 2),
                &[Spec::Lstm(2, Outputs::All), Spec::Dense(Softmax, 3)],
                (Loss::CrossEntropy, optimizer(2)),
                (2, 3, 3),
                (13, 0.8),
            ),
        ),
        (
            "rnn under lstm, residual, bce, adam",
            lesson_of(
                (4, 3),
                &[
                    Spec::Rnn(Tanh, 3, Outputs::All),
                    Spec::Lstm(2, Outputs::Last),
                    Spec::Dense(Sigmoid, 1),
                ],
                (Loss::Bce, optimizer(2)),
                (2, 2, 4),
                (14, 0.7),
            ),
        ),
        (
            "lstm frozen, momentum",
            lesson_of(
                (3, 2),
                &[Spec::Lstm(2, Outputs::Last), Spec::Dense(Identity, 1)],
                (Loss::Mse, optimizer(1)),
                (2, 2, 2),
                (15, 0.8),
            ),
        ),
        (
            "rnn relu, last, fixed biases, adam",
            lesson_of(
                (5, 2),
                &[Spec::Rnn(Relu, 3, Outputs::Last), Spec::Dense(Identity, 1)],
                (Loss::HalfSse, optimizer(2)),
                (3, 1, 2),
                (16, 0.8),
            ),
        ),
    ];
    lessons[3].1.layers[0].residual = Some(0);
    lessons[4].1.layers[0].trainable = false;
    lessons[5].1.layers[0].train_biases = false;
    lessons
        .into_iter()
        .map(|(name, lesson)| (name.to_string(), lesson))
        .collect()
}

/// The bundled recurrent lessons (`lstm_sized` for 2 epochs) and the networks built here.
fn lessons() -> Vec<(String, Lesson)> {
    let mut all: Vec<(String, Lesson)> = LESSONS
        .iter()
        .map(|&name| {
            let mut lesson = bundled(name);
            if name == "lstm_sized" {
                lesson.epochs = 2;
            }
            (name.to_string(), lesson)
        })
        .collect();
    all.extend(built());
    all
}

fn script(lesson: &Lesson) -> String {
    pytorch::script(&Trace::new(lesson.clone())).unwrap()
}

#[test]
fn every_recurrent_script_holds_the_lessons_exact_parameters_and_data() {
    for (name, lesson) in built() {
        holds_exact_parameters_and_data(&name, &lesson, &script(&lesson));
    }
}

/// `lines` appear in `text` in this order.
fn in_order(text: &str, lines: &[String], what: &str) {
    let mut from = 0;
    for line in lines {
        let found = text[from..].find(line.as_str());
        assert!(
            found.is_some(),
            "{what}: no {line:?} after the lines before it"
        );
        from += found.unwrap() + line.len();
    }
}

/// The module a layer builds, as a PyTorch user writes it.
fn module(kind: &Kind, f: usize) -> String {
    match kind {
        Kind::Rnn(k) => format!(
            "nn.RNN({f}, {}, nonlinearity=\"{}\", batch_first=True)",
            k.hidden,
            match k.activation {
                Activation::Tanh => "tanh",
                _ => "relu",
            }
        ),
        Kind::Lstm(k) => format!("nn.LSTM({f}, {}, batch_first=True)", k.hidden),
        _ => String::new(),
    }
}

/// The lines of a recurrent layer's forward pass: its module's own, the loop over the steps
/// with its parameters from zero states, and its output `own`.
fn forward(kind: &Kind, l: usize, t: usize, own: &str) -> Vec<String> {
    let (name, hidden, outputs, zero) = match kind {
        Kind::Rnn(k) => ("rnn", k.hidden, k.outputs, "h"),
        Kind::Lstm(k) => ("lstm", k.hidden, k.outputs, "h = c"),
        _ => unreachable!("not a recurrent layer"),
    };
    let x = format!("a{}", l - 1);
    let mut lines = vec![
        format!("        h{l}, _ = self.layer{l}({x})\n"),
        format!("        {name} = self.layer{l}\n"),
        format!("        {zero} = {x}.new_zeros(len({x}), {hidden})"),
        format!("        for x in {x}.unbind(dim=1):  # x_t for t = 1..{t}\n"),
        format!(
            "            z = F.linear(x, {name}.weight_ih_l0, {name}.bias_ih_l0) + \
             F.linear(h, {name}.weight_hh_l0, {name}.bias_hh_l0)\n"
        ),
    ];
    match kind {
        Kind::Rnn(k) => lines.push(match k.activation {
            Activation::Tanh => "            h = torch.tanh(z)\n".into(),
            _ => "            h = torch.relu(z)\n".into(),
        }),
        _ => lines.extend([
            "            z_i, z_f, z_g, z_o = z.chunk(4, dim=1)".into(),
            "            i, f, g, o = torch.sigmoid(z_i), torch.sigmoid(z_f), \
             torch.tanh(z_g), torch.sigmoid(z_o)\n"
                .into(),
            "            c = f * c + i * g\n".into(),
            "            h = o * torch.tanh(c)\n".into(),
        ]),
    }
    lines.push(format!("            z{l}_steps.append(z)\n"));
    lines.push(format!("        z{l} = torch.stack(z{l}_steps, dim=1)\n"));
    lines.push(match outputs {
        Outputs::Last => format!("        {own} = h  # outputs = \"last\": h_T\n"),
        Outputs::All => format!("        {own} = torch.stack(h{l}_steps, dim=1)"),
    });
    lines
}

/// The line comparing a group of sample 1 with the tensor that holds it.
fn compares(main: &str, label: &str, tensor: &str, what: &str) {
    let found = main.lines().any(|line| {
        line.starts_with(&format!("    cmp(\"{label}\", "))
            && line.ends_with(&format!(", {tensor})"))
    });
    assert!(found, "{what}: no cmp of {label} against {tensor}");
}

#[test]
fn every_recurrent_script_runs_the_module_and_its_steps() {
    for (name, lesson) in lessons() {
        let script = script(&lesson);
        let main = &script[script.find("def main").unwrap()..];
        let (mut modules, mut lines, mut trains) = (Vec::new(), Vec::new(), Vec::new());
        for (i, layer) in lesson.layers.iter().enumerate() {
            let l = i + 1;
            let f = layer.input.features();
            let own = match layer.residual {
                Some(_) => format!("out{l}"),
                None => format!("a{l}"),
            };
            let (weights, biases) = match layer.kind {
                Kind::Dense(_) => {
                    modules.push(format!("self.layer{l} = nn.Linear({f}, "));
                    lines.push(format!("        z{l} = self.layer{l}(a{})\n", l - 1));
                    (vec!["weight"], vec!["bias"])
                }
                _ => {
                    modules.push(format!("self.layer{l} = {}\n", module(&layer.kind, f)));
                    lines.extend(forward(&layer.kind, l, layer.input.positions(), &own));
                    (
                        vec!["weight_ih_l0", "weight_hh_l0"],
                        vec!["bias_ih_l0", "bias_hh_l0"],
                    )
                }
            };
            if let Some(n) = layer.residual {
                lines.push(format!("        a{l} = out{l} + a{n}  # residual = {n}\n"));
            }
            if layer.weights_train() {
                trains.extend(weights.iter().map(|p| format!("model.layer{l}.{p}")));
            }
            if layer.biases_train() {
                trains.extend(biases.iter().map(|p| format!("model.layer{l}.{p}")));
            }
            if matches!(layer.kind, Kind::Dense(_)) {
                continue;
            }
            // The module's own states are h(l); δ, ∂L/∂h (and ∂L/∂c) each step's gradient.
            compares(main, &format!("h({l})"), &format!("h{l}[0]"), &name);
            compares(main, &format!("z({l})"), &format!("z{l}[0]"), &name);
            let mut grads = vec![("dh", "h"), ("delta", "z")];
            if let Kind::Lstm(_) = layer.kind {
                grads.push(("dc", "c"));
                for q in ["i", "f", "g", "o", "c"] {
                    compares(main, &format!("{q}({l})"), &format!("{q}{l}[0]"), &name);
                }
            }
            for (q, steps) in grads {
                assert!(
                    main.contains(&format!(
                        "\n    {q}{l} = torch.stack([v.grad for v in {steps}{l}_steps], dim=1)\n"
                    )),
                    "{name}: {q}({l}) from the steps' gradients"
                );
                compares(main, &format!("{q}({l})"), &format!("{q}{l}[0]"), &name);
            }
        }
        in_order(&script, &modules, &name);
        in_order(
            &script[script.find("def forward").unwrap()..],
            &lines,
            &name,
        );
        let optimizer = match lesson.optimizer {
            Optimizer::Sgd { .. } => "torch.optim.SGD",
            Optimizer::Adam { .. } => "torch.optim.Adam",
            Optimizer::AdamW { .. } => "torch.optim.AdamW",
        };
        assert!(
            script.contains(&format!(
                "    optimizer = {optimizer}([{}], ",
                trains.join(", ")
            )),
            "{name}: the optimizer over {trains:?}"
        );
        // Each step's tensor keeps its gradient.
        assert!(
            main.contains(
                "for u in v if isinstance(v, list) else [v]:\n            u.retain_grad()"
            ),
            "{name}"
        );
    }
}

#[test]
fn the_numbers_a_recurrent_script_checks_are_the_references() {
    for (name, lesson) in lessons() {
        let whole = script(&lesson);
        let main = &whole[whole.find("def main").unwrap()..];
        let run = reference::train(&lesson);
        // The first batch's gradient: its mean in check_batch, or sample 1's when alone.
        let batch = match whole.find("def check_batch") {
            Some(at) => &whole[at..],
            None => main,
        };
        for (i, layer) in lesson.layers.iter().enumerate() {
            let l = i + 1;
            if !matches!(layer.kind, Kind::Dense(_)) {
                let (h, c) = &run.states[0][i];
                agree(
                    &expected(main, &format!("h({l})")).0,
                    h,
                    &format!("{name} h({l})"),
                );
                if let Kind::Lstm(_) = layer.kind {
                    agree(
                        &expected(main, &format!("c({l})")).0,
                        c,
                        &format!("{name} c({l})"),
                    );
                }
            }
            for (t, spec) in layer.specs().iter().enumerate() {
                let stem = format!("{}({l})", spec.tensor.name());
                let (got, dims) = expected(main, &format!("final {stem}"));
                assert_eq!(dims, spec.dims, "{name}: final {stem}'s shape");
                agree(&got, &run.params[i][t], &format!("{name} final {stem}"));
                let (got, _) = expected(batch, &format!("d{stem}"));
                agree(&got, &run.first_gradient[i][t], &format!("{name} d{stem}"));
            }
        }
        let (losses, _) = expected(main, "loss per epoch");
        agree(&losses, &run.epoch_losses, &format!("{name} epoch losses"));
    }
}

/// The script's δ, ∂L/∂h, ∂L/∂c and gradients of layer 1 obey backpropagation through time's
/// closed forms, entry by entry in their [t, j] places: an RNN's δ = ∂L/∂h·f′(z), an LSTM's
/// cell path and gates' δ, each gradient a sum over the steps.
#[test]
fn the_errors_a_recurrent_script_checks_are_laid_out_by_step_and_unit() {
    for (name, lesson) in lessons() {
        let layer = &lesson.layers[0];
        let (hidden, rows) = match layer.kind {
            Kind::Rnn(k) => (k.hidden, k.hidden),
            Kind::Lstm(k) => (k.hidden, 4 * k.hidden),
            _ => continue,
        };
        let whole = script(&lesson);
        let main = &whole[whole.find("def main").unwrap()..];
        // Sample 1's numbers of layer 1 as the script writes them, row-major, in their shape.
        let get = |label: &str, dims: &[usize]| {
            let (values, got) = expected(main, &format!("{label}(1)"));
            assert_eq!(got, dims, "{name}: {label}(1)'s shape");
            values
        };
        let (t, f) = (layer.input.positions(), layer.input.features());
        let x = &lesson.data[0].input;
        let (th, tr) = ([t, hidden], [t, rows]);
        let (z, hs, dh, delta) = (
            get("z", &tr),
            get("h", &th),
            get("dh", &th),
            get("delta", &tr),
        );
        let mut want = vec![0.0; t * rows];
        match layer.kind {
            Kind::Rnn(k) => {
                for (i, w) in want.iter_mut().enumerate() {
                    let slope = match k.activation {
                        Activation::Tanh => 1.0 - hs[i] * hs[i],
                        _ => f64::from(u8::from(z[i] > 0.0)),
                    };
                    *w = dh[i] * slope;
                }
            }
            _ => {
                let (c, dc) = (get("c", &th), get("dc", &th));
                let gate = |q: &str| get(q, &th);
                let (i, fg, g, o) = (gate("i"), gate("f"), gate("g"), gate("o"));
                let mut carried = vec![0.0; t * hidden];
                for step in 0..t {
                    for j in 0..hidden {
                        let at = step * hidden + j;
                        let through = dh[at] * o[at] * (1.0 - c[at].tanh().powi(2));
                        if step + 1 < t {
                            carried[at] = dc[at + hidden] * fg[at + hidden];
                        }
                        agree(
                            &[dc[at]],
                            &[through + carried[at]],
                            &format!("{name} dc(1)[{},{}]", step + 1, j + 1),
                        );
                        let prev = if step > 0 { c[at - hidden] } else { 0.0 };
                        let row = |b: usize| step * rows + b * hidden + j;
                        want[row(0)] = dc[at] * g[at] * i[at] * (1.0 - i[at]);
                        want[row(1)] = dc[at] * prev * fg[at] * (1.0 - fg[at]);
                        want[row(2)] = dc[at] * i[at] * (1.0 - g[at] * g[at]);
                        want[row(3)] = dh[at] * c[at].tanh() * o[at] * (1.0 - o[at]);
                    }
                }
            }
        }
        agree(&delta, &want, &format!("{name} delta(1)"));
        // Each gradient is a sum over the steps: Σₜ δ_t[r]·x_t[k], Σₜ δ_t[r]·h_{t−1}[k], Σₜ δ_t[r].
        let sum = |term: &dyn Fn(usize) -> f64| (0..t).map(term).sum::<f64>();
        let mut w_ih = Vec::new();
        let mut w_hh = Vec::new();
        let mut b = Vec::new();
        for r in 0..rows {
            for k in 0..f {
                w_ih.push(sum(&|step| delta[step * rows + r] * x[step * f + k]));
            }
            for k in 0..hidden {
                w_hh.push(sum(&|step| match step {
                    0 => 0.0,
                    _ => delta[step * rows + r] * hs[(step - 1) * hidden + k],
                }));
            }
            b.push(sum(&|step| delta[step * rows + r]));
        }
        agree(
            &get("dw_ih", &[rows, f]),
            &w_ih,
            &format!("{name} dw_ih(1)"),
        );
        agree(
            &get("dw_hh", &[rows, hidden]),
            &w_hh,
            &format!("{name} dw_hh(1)"),
        );
        agree(&get("db_ih", &[rows]), &b, &format!("{name} db_ih(1)"));
        agree(&get("db_hh", &[rows]), &b, &format!("{name} db_hh(1)"));
    }
}
