//! The script's `main`: the data and parameters, sample 1's forward and backward pass, the
//! training loop with the first batch's gradient and update checked inside it, then every
//! epoch's loss and the final parameters, each compared with the tutor's numbers by `cmp`.

use crate::lesson::Lesson;
use crate::trace::{Arrays, Quantity, Tensor, Trace};

use super::Untranslated;
use super::expected::{self, Group};
use super::literal::{Packed, nested_list, python_float, python_string};
use super::network::{self, LayerCode};

/// Entries up to this many get a comment each saying which step they are.
const NAMED_ENTRIES: usize = 16;

/// Everything `main` and the two checks inside the training loop need.
pub struct Checks<'a> {
    trace: &'a Trace,
    lesson: &'a Lesson,
    layers: &'a [LayerCode],
    /// The large tensors, written at the end of the script.
    pub packed: Packed,
}

impl<'a> Checks<'a> {
    /// The checks of `trace`, whose layers' code is `layers`.
    pub fn new(trace: &'a Trace, layers: &'a [LayerCode]) -> Self {
        Checks {
            trace,
            lesson: trace.lesson(),
            layers,
            packed: Packed::default(),
        }
    }

    /// `check_batch` (when a batch has several samples: its mean gradient), `check_update`
    /// and `main`.
    pub fn functions(&mut self) -> Result<String, Untranslated> {
        let sample = expected::sample(self.trace, 1)?;
        let update = expected::update(self.trace, 1)?;
        let several = self.lesson.batch_range(0).len() > 1;
        // `main` first, so the packed tensors are in the order the script reads them.
        let main = self.main(&sample, several)?;
        let mut out = String::new();
        if several {
            out.push_str(&self.check_batch(&sample));
            out.push_str("\n\n");
        }
        out.push_str(&self.check_update(&update)?);
        out.push_str("\n\n");
        out.push_str(&main);
        Ok(out)
    }

    /// The first batch's mean gradient of every tensor whose gradient sample 1's steps name
    /// (not a LoRA layer's frozen base), after its backward pass.
    fn check_batch(&mut self, sample: &[Group]) -> String {
        let batch = self.trace.batch(1, 1);
        let mut body = format!(
            "    \"\"\"The gradient of batch 1's loss (the mean of its {} samples' losses), before\n    \
             the optimizer's step: each entry the mean of the samples' gradients.\"\"\"\n    \
             print(\"\\nBatch 1: the mean gradient\")\n",
            batch.len()
        );
        for (l, layer) in self.lesson.layers.iter().enumerate() {
            for (spec, p) in layer.specs().iter().zip(&self.layers[l].params) {
                let named = sample
                    .iter()
                    .any(|g| g.layer == l + 1 && g.quantity == Quantity::Grad(spec.tensor));
                let Some(g) = batch
                    .tensor(Arrays::Gradient, l + 1, spec.tensor)
                    .filter(|_| named)
                else {
                    continue;
                };
                let values: Vec<f64> = g.iter().copied().collect();
                let stem = format!("{}({})", Quantity::Grad(spec.tensor).name(), l + 1);
                let ours = self.numbers(&format!("batch 1 {stem}"), &values, &spec.dims);
                body.push_str(&format!(
                    "    cmp({}, {ours}, {})\n",
                    python_string(&stem),
                    p.grad()
                ));
            }
        }
        format!("def check_batch(model):\n{body}")
    }

    /// The first update: each trainable tensor's optimizer state and new value.
    fn check_update(&mut self, groups: &[Group]) -> Result<String, Untranslated> {
        let mut body = format!(
            "    \"\"\"The parameters and optimizer state after the first step.\"\"\"\n{}    \
             print(\"\\nThe update of batch 1\")\n",
            network::state_helpers(&self.lesson.optimizer)
        );
        if groups.is_empty() {
            body.push_str("    pass  # nothing trains\n");
        }
        for g in groups {
            let p = self.param_of(g)?;
            let theirs = match g.quantity {
                Quantity::Param(_) => p.tensor(),
                q => q
                    .moment()
                    .and_then(|m| network::state(&self.lesson.optimizer, m, &p))
                    .ok_or_else(|| Untranslated::Quantity {
                        layer: g.layer,
                        kind: "optimizer",
                        stem: g.stem(),
                    })?,
            };
            let noise = match g.quantity {
                Quantity::Param(t) => self.noise(g.layer, t, 1),
                _ => None,
            };
            let key = format!("update 1 {}", g.label());
            body.push_str(&self.compare(g, &key, &theirs, false, noise));
        }
        Ok(format!("def check_update(model, optimizer):\n{body}"))
    }

    fn main(&mut self, sample: &[Group], several: bool) -> Result<String, Untranslated> {
        let lesson = self.lesson;
        let mut out = String::from("def main():\n");
        out.push_str(&self.data());
        out.push_str(&self.parameters());
        out.push_str(&self.optimizer());
        out.push_str(&format!(
            "\n    print(\"bpnn-tutor's numbers (ours) against PyTorch's, float64:\", {})\n",
            python_string(&lesson.source)
        ));
        out.push_str(&self.first_sample(sample)?);
        out.push_str(&self.training(several));
        out.push_str(&self.ending());
        Ok(out)
    }

    fn data(&mut self) -> String {
        let lesson = self.lesson;
        let n = lesson.data.len();
        let x: Vec<f64> = lesson
            .data
            .iter()
            .flat_map(|s| s.input.iter().copied())
            .collect();
        let y: Vec<f64> = lesson
            .data
            .iter()
            .flat_map(|s| s.target.iter().copied())
            .collect();
        let x_dims = [&[n][..], &lesson.input.dims()].concat();
        let y_dims = [&[n][..], &lesson.shape(lesson.depth()).dims()].concat();
        format!(
            "    # The data: sample n is X[n - 1], with target Y[n - 1] ({}; inputs {}, \
             outputs {}).\n    X = {}\n    Y = {}\n",
            count(n, "sample"),
            lesson.input,
            lesson.shape(lesson.depth()),
            self.packed.tensor("x", &x, &x_dims),
            self.packed.tensor("y", &y, &y_dims),
        )
    }

    fn parameters(&mut self) -> String {
        let mut out = String::from(
            "\n    model = Net()\n    with torch.no_grad():  # the lesson's initial parameters\n",
        );
        for (l, layer) in self.lesson.layers.iter().enumerate() {
            for ((spec, p), values) in layer
                .specs()
                .iter()
                .zip(&self.layers[l].params)
                .zip(&layer.params)
            {
                let stem = format!("{}({})", spec.tensor.name(), l + 1);
                let values: Vec<f64> = values.iter().copied().collect();
                let literal = self
                    .packed
                    .tensor(&format!("initial {stem}"), &values, &spec.dims);
                out.push_str(&format!(
                    "        {}.copy_({literal})  # {stem}\n",
                    p.tensor()
                ));
            }
        }
        if out.ends_with(":  # the lesson's initial parameters\n") {
            out.push_str("        pass  # the network has none\n");
        }
        out.push_str(
            "    # Kept for the final check: a parameter at the end is its start plus every update.\n    \
             initial = {name: p.detach().clone() for name, p in model.named_parameters()}\n",
        );
        out
    }

    fn optimizer(&self) -> String {
        // PyTorch parameters given to the optimizer, and the frozen tensors by step name.
        let (mut trains, mut frozen): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for (l, layer) in self.lesson.layers.iter().enumerate() {
            for (spec, p) in layer.specs().iter().zip(&self.layers[l].params) {
                if !spec.trains {
                    frozen.push(format!("{}({})", spec.tensor.name(), l + 1));
                } else if !trains.contains(&p.parameter()) {
                    trains.push(p.parameter());
                }
            }
        }
        let mut out = String::new();
        if !frozen.is_empty() {
            out.push_str(&format!(
                "    # Frozen, so not given to the optimizer: {}. They keep requires_grad, so their\n    \
                 # gradients, which bpnn-tutor shows too, are computed; nothing applies them.\n",
                frozen.join(", ")
            ));
        }
        out.push_str(&format!(
            "    optimizer = {}\n",
            network::optimizer(&self.lesson.optimizer, &trains)
        ));
        out
    }

    fn first_sample(&mut self, groups: &[Group]) -> Result<String, Untranslated> {
        let lesson = self.lesson;
        let input = if lesson.layers[0].params.is_empty() {
            // Without parameters in layer 1 nothing would ask for its gradient.
            "X[0:1].clone().requires_grad_()"
        } else {
            "X[0:1]"
        };
        let mut names: Vec<String> = Vec::new();
        for (code, l) in self.layers.iter().zip(1..) {
            for n in code.forward.returned().chain([&format!("a{l}")]) {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
        let lookups: Vec<String> = names
            .iter()
            .map(|n| format!("t[{}]", python_string(n)))
            .collect();
        let lists = self
            .layers
            .iter()
            .any(|code| !code.forward.lists.is_empty());
        let keep = match lists {
            false => "for v in t.values():\n        \
                      v.retain_grad()  # keep ∂L/∂v in v.grad: z1.grad is δ(1)"
                .to_string(),
            // A list holds one tensor per time step: each keeps its own gradient.
            true => "for v in t.values():\n        \
                     for u in v if isinstance(v, list) else [v]:\n            \
                     u.retain_grad()  # keep ∂L/∂u in u.grad, each step's own in a list"
                .to_string(),
        };
        let mut out = format!(
            "\n    # Sample 1 on its own, as a batch of one: its forward pass, loss and backward pass.\n    \
             print(\"\\nSample 1: forward pass, loss, backward pass\")\n    \
             x, y = {input}, Y[0:1]\n    t = model(x)\n    {keep}\n    \
             loss = loss_fn(t, y)\n    loss.backward()\n    {} = {}\n",
            names.join(", "),
            lookups.join(", ")
        );
        for g in groups {
            let (theirs, batch_axis) = self.sample_tensor(g)?;
            let theirs = match is_name(&theirs) {
                true => theirs,
                // An expression (a stack of the steps' gradients) is named before it is
                // indexed, unless its name is taken.
                false => {
                    let var = format!("{}{}", g.quantity.name(), g.layer);
                    match names.contains(&var) {
                        true => theirs,
                        false => {
                            out.push_str(&format!("    {var} = {theirs}\n"));
                            var
                        }
                    }
                }
            };
            out.push_str(&self.compare(g, &g.stem(), &theirs, batch_axis, None));
        }
        out.push_str(&self.same_as());
        Ok(out)
    }

    /// The layers whose code writes a module's computation out, against the module itself
    /// on sample 1 (both sides PyTorch's).
    fn same_as(&self) -> String {
        let checks: Vec<_> = self
            .layers
            .iter()
            .flat_map(|code| &code.forward.same_as)
            .collect();
        if checks.is_empty() {
            return String::new();
        }
        let mut out = String::from(
            "\n    # The layers written out step by step above against PyTorch's own modules, on\n    \
             # sample 1: both sides are PyTorch's here.\n    \
             print(\"\\nThe written-out layers against PyTorch's modules\")\n    a0 = x\n",
        );
        for c in checks {
            out.push_str(&format!(
                "    cmp({}, {}.detach(), {})\n",
                python_string(&c.label),
                indexable(&c.ours),
                c.module
            ));
        }
        out
    }

    /// The PyTorch tensor holding a group of sample 1's steps, and whether its first axis is
    /// the batch.
    fn sample_tensor(&self, g: &Group) -> Result<(String, bool), Untranslated> {
        match g.quantity {
            Quantity::Loss => return Ok(("loss".into(), false)),
            Quantity::A => return Ok((format!("a{}", g.layer), true)),
            Quantity::Grad(_) => return Ok((self.param_of(g)?.grad(), false)),
            _ => {}
        }
        self.layers[g.layer - 1]
            .traced
            .iter()
            .find(|t| t.quantity == g.quantity)
            .map(|t| (t.tensor.clone(), true))
            .ok_or_else(|| Untranslated::Quantity {
                layer: g.layer,
                kind: self.lesson.layers[g.layer - 1].kind.name(),
                stem: g.stem(),
            })
    }

    fn param_of(&self, g: &Group) -> Result<super::ParamRef, Untranslated> {
        let layer = &self.lesson.layers[g.layer - 1];
        g.tensor()
            .and_then(|t| layer.specs().iter().position(|s| s.tensor == t))
            .and_then(|i| self.layers[g.layer - 1].params.get(i).cloned())
            .ok_or_else(|| Untranslated::Quantity {
                layer: g.layer,
                kind: layer.kind.name(),
                stem: g.stem(),
            })
    }

    /// For a tensor whose true gradient is 0, after `steps` optimizer steps: the absolute
    /// difference its values are held to instead, `noise=NOISE * η * steps`, with a comment
    /// saying why.
    fn noise(&self, l: usize, tensor: Tensor, steps: usize) -> Option<(String, String)> {
        if !self.layers[l - 1].zero_gradients.contains(&tensor) {
            return None;
        }
        let stem = format!("{}({l})", tensor.name());
        let why = format!(
            "    # {stem}'s gradient is 0 in exact arithmetic, rounding noise on each side; Adam\n    \
             # divides it by √v̂ + ε, so {stem} moves a little every step, differently on each\n    \
             # side: held to NOISE of η per optimizer step ({}).\n",
            count(steps, "step")
        );
        let eta = python_float(self.lesson.optimizer.learning_rate());
        Some((why, format!("NOISE * {eta} * {steps}")))
    }

    /// One `cmp` line for a group, with comments naming its entries; `noise` (a comment and
    /// an absolute difference) for a tensor whose true gradient is 0.
    fn compare(
        &mut self,
        g: &Group,
        key: &str,
        theirs: &str,
        batch_axis: bool,
        noise: Option<(String, String)>,
    ) -> String {
        let tensor = indexable(theirs);
        let mut out = String::new();
        let entries: usize = g.dims.iter().product();
        let at = |ix: &[String]| -> String {
            let mut all: Vec<String> = Vec::new();
            if batch_axis {
                all.push("0".into());
            }
            all.extend(ix.iter().cloned());
            format!("{tensor}[{}]", all.join(", "))
        };
        if !g.dims.is_empty() && entries <= NAMED_ENTRIES {
            for offset in 0..entries {
                let ix = crate::trace::Index::at_offset(offset, &g.dims).to_vec();
                let torch_ix: Vec<String> = ix.iter().map(|i| i.to_string()).collect();
                out.push_str(&format!("    # {} is {}\n", at(&torch_ix), g.step(&ix)));
            }
        } else if !g.dims.is_empty() {
            // A layer that reads or writes a sequence (a recurrent one whose output is its
            // last state too) numbers its steps' quantities [t,j].
            let sequence = batch_axis
                && self
                    .lesson
                    .layers
                    .get(g.layer.wrapping_sub(1))
                    .is_some_and(|layer| layer.input.is_sequence() || layer.output.is_sequence());
            let letters = index_letters(g.dims.len(), sequence);
            let torch_ix: Vec<String> = letters.iter().map(|c| format!("{c} - 1")).collect();
            let range: Vec<String> = letters
                .iter()
                .zip(&g.dims)
                .map(|(c, d)| format!("{c} = 1..{d}"))
                .collect();
            out.push_str(&format!(
                "    # {} is {}[{}] for {}\n",
                at(&torch_ix),
                g.stem(),
                letters.join(","),
                range.join(", ")
            ));
        }
        let ours = self.numbers(key, &g.values, &g.dims);
        let theirs = if batch_axis {
            format!("{tensor}[0]")
        } else {
            theirs.to_string()
        };
        let stem = match g.label() == g.stem() {
            true => String::new(),
            false => format!(", {}", python_string(&g.stem())),
        };
        let noise = match noise {
            Some((why, bound)) => {
                out.push_str(&why);
                format!(", noise={bound}")
            }
            None => String::new(),
        };
        out.push_str(&format!(
            "    cmp({}, {ours}, {theirs}{stem}{noise})\n",
            python_string(&g.label())
        ));
        out
    }

    fn training(&mut self, several: bool) -> String {
        let lesson = self.lesson;
        let batch_check = match several {
            true => {
                "            if epoch == 1 and batch == 1:\n                check_batch(model)\n"
            }
            false => "",
        };
        format!(
            "\n    # Training as the lesson does: {}, {} of {} (the last may be smaller), one\n    \
             # optimizer step per batch on the batch's mean loss. The loss of an epoch is the mean\n    \
             # of its samples' losses, each taken before the update of its batch.\n    \
             losses = []\n    for epoch in range(1, {epochs} + 1):\n        total = 0.0\n        \
             for batch, start in enumerate(range(0, len(X), {size}), start=1):\n            \
             x, y = X[start:start + {size}], Y[start:start + {size}]\n            \
             model.zero_grad()  # every gradient, frozen tensors' too\n            \
             loss = loss_fn(model(x), y)\n            loss.backward()\n{batch_check}            \
             optimizer.step()\n            if epoch == 1 and batch == 1:\n                \
             check_update(model, optimizer)\n            total += loss.item() * len(x)\n        \
             losses.append(total / len(X))\n",
            count(lesson.epochs, "epoch"),
            count(lesson.batches_per_epoch(), "batch"),
            count(lesson.batch_size, "sample"),
            epochs = lesson.epochs,
            size = lesson.batch_size
        )
    }

    fn ending(&mut self) -> String {
        let losses: Vec<f64> = (1..=self.lesson.epochs)
            .map(|e| self.trace.epoch_summary(e).loss)
            .collect();
        let ours = self.numbers("loss per epoch", &losses, &[losses.len()]);
        let mut out = format!(
            "\n    print(\"\\nTraining: the loss of every epoch, and the parameters at the end\")\n    \
             # losses[e - 1] is the loss of epoch e\n    \
             cmp(\"loss per epoch\", {ours}, torch.tensor(losses), \"epoch\")\n"
        );
        let params = self.trace.final_params();
        for (l, layer) in self.lesson.layers.iter().enumerate() {
            for (spec, p) in layer.specs().iter().zip(&self.layers[l].params) {
                let Some(values) = params.layers[l].get(spec.tensor) else {
                    continue;
                };
                let values: Vec<f64> = values.iter().copied().collect();
                let stem = format!("{}({})", spec.tensor.name(), l + 1);
                let ours = self.numbers(&format!("final {stem}"), &values, &spec.dims);
                let steps = self.lesson.epochs * self.lesson.batches_per_epoch();
                let noise = match self.noise(l + 1, spec.tensor, steps) {
                    Some((why, bound)) => {
                        out.push_str(&why);
                        format!(", noise={bound}")
                    }
                    None => String::new(),
                };
                out.push_str(&format!(
                    "    cmp({}, {ours}, {}, {}, start=initial[{}]{}{noise})\n",
                    python_string(&format!("final {stem}")),
                    p.tensor(),
                    python_string(&stem),
                    python_string(&p.path),
                    p.slice
                ));
            }
        }
        out.push_str("    return report()\n");
        out
    }

    /// A list literal when small, packed when large.
    fn numbers(&mut self, key: &str, values: &[f64], dims: &[usize]) -> String {
        if values.len() <= super::literal::INLINE {
            return if dims.is_empty() {
                python_float(values[0])
            } else {
                nested_list(values, dims)
            };
        }
        self.packed.unpack(key, values, dims)
    }
}

/// `1 epoch`, `2 epochs`, `3 batches`.
fn count(n: usize, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("{n} {noun}"),
        (_, "batch") => format!("{n} batches"),
        _ => format!("{n} {noun}s"),
    }
}

/// An expression that can be indexed as it stands: a name, an attribute or an index, or
/// anything else in parentheses.
fn indexable(expr: &str) -> String {
    match is_name(expr) {
        true => expr.to_string(),
        false => format!("({expr})"),
    }
}

/// Is `expr` a name, an attribute or an index (`z1`, `model.layer1.weight.grad`)?
fn is_name(expr: &str) -> bool {
    expr.chars()
        .all(|c| c.is_alphanumeric() || "_.[]\"".contains(c))
}

/// Letters for a rank's indices, as the step names use them: `[j]`, `[j,k]` (`[t,j]` at the
/// positions of a sequence), `[c,i,j]`, `[o,c,u,v]`.
fn index_letters(rank: usize, sequence: bool) -> Vec<String> {
    let letters: &[&str] = match rank {
        1 => &["j"],
        2 if sequence => &["t", "j"],
        2 => &["j", "k"],
        3 => &["c", "i", "j"],
        4 => &["o", "c", "u", "v"],
        _ => return (1..=rank).map(|i| format!("i{i}")).collect(),
    };
    letters.iter().map(|s| s.to_string()).collect()
}
