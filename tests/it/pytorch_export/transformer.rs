//! `export --format pytorch` of transformer lessons — embedding, layer norm, attention, LoRA
//! on dense layers, GELU, AdamW — the bundled ones and random ones (`transformer::gpt`: one,
//! two or four heads, causal or not, LoRA or not, batches, AdamW, Adam or SGD, a Chinese
//! vocabulary). Each script holds the lesson's exact parameters and data; builds each layer
//! from the PyTorch modules a user would (nn.Embedding and a position nn.Parameter,
//! nn.LayerNorm, nn.MultiheadAttention, nn.Linear and LoRA's two bias-free linears), writes
//! out the computation of the modules whose inner numbers the tutor traces and checks it
//! against the modules themselves; trains only what the lesson trains; and the numbers it
//! checks PyTorch against are an independent reference's: the forward pass of
//! `transformer_ref`, gradients by finite differences of its loss, AdamW's decay in closed
//! form.

use bpnn_tutor::export::pytorch;
use bpnn_tutor::layers::Kind;
use bpnn_tutor::lesson::{Layer, Lesson, Optimizer, parse};
use bpnn_tutor::trace::{Index, Quantity, Tensor, Trace};

use super::{activation, bundled, optimizer};
use crate::common::script::{bits, expected, holds_exact_parameters_and_data};
use crate::common::transformer_ref;
use crate::transformer::gpt;

const ADAMW: &str = "{ kind = \"adamw\", learning_rate = 0.05, weight_decay = 0.1 }";

/// The bundled transformer lessons and random ones: (name, lesson).
fn lessons() -> Vec<(String, Lesson)> {
    let mut out: Vec<(String, Lesson)> = bundled()
        .into_iter()
        .filter(|(name, l)| bpnn_tutor::layers::diagram::applies(l) && *name != "gpt_small")
        .map(|(name, l)| (name.to_string(), l))
        .collect();
    let random = [
        (5, 1, true, false, 1, ADAMW),
        (6, 2, false, true, 2, ADAMW),
        (
            7,
            4,
            true,
            true,
            3,
            "{ kind = \"adam\", learning_rate = 0.01 }",
        ),
        (
            8,
            2,
            true,
            false,
            2,
            "{ kind = \"sgd\", learning_rate = 0.3, momentum = 0.5 }",
        ),
    ];
    for (seed, heads, causal, lora, batch, opt) in random {
        let text = gpt(seed, heads, causal, lora, batch, opt);
        let lesson = parse(&text, "gpt.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
        out.push((format!("gpt({seed}, {heads} heads)"), lesson));
    }
    out
}

fn script(lesson: &Lesson) -> String {
    pytorch::script(&Trace::new(lesson.clone())).unwrap()
}

/// Each of `lines` in `text`, in order.
fn in_order(name: &str, text: &str, lines: &[String]) {
    let mut at = 0;
    for line in lines {
        let found = text[at..].find(line.as_str());
        assert!(
            found.is_some(),
            "{name}: no {line:?} after the lines before it"
        );
        at += found.unwrap() + line.len();
    }
}

#[test]
fn every_transformer_script_holds_the_exact_parameters_and_data() {
    let mut seen = 0;
    for (name, lesson) in lessons() {
        holds_exact_parameters_and_data(&name, &lesson, &script(&lesson));
        seen += 1;
    }
    let small = bundled()
        .into_iter()
        .find(|(n, _)| *n == "gpt_small")
        .unwrap();
    holds_exact_parameters_and_data(small.0, &small.1, &script(&small.1));
    assert!(seen >= 7, "the bundled tiny GPTs and the random ones");
}

/// What layer `l`'s part of the script must hold: its modules in `__init__`, its lines in
/// `forward`, the PyTorch parameters it gives the optimizer, and what `main` compares it by.
struct Expected {
    modules: Vec<String>,
    forward: Vec<String>,
    trains: Vec<String>,
    checks: Vec<String>,
}

fn layer_part(l: usize, layer: &Layer) -> Expected {
    let input = format!("a{}", l - 1);
    let own = match layer.residual {
        Some(_) => format!("out{l}"),
        None => format!("a{l}"),
    };
    let m = format!("layer{l}");
    let (t, d) = (layer.output.positions(), layer.output.features());
    let mut e = Expected {
        modules: Vec::new(),
        forward: Vec::new(),
        trains: Vec::new(),
        checks: Vec::new(),
    };
    let weights = |e: &mut Expected, params: &[&str]| {
        if layer.weights_train() {
            e.trains
                .extend(params.iter().map(|p| format!("model.{m}{p}")));
        }
    };
    let biases = |e: &mut Expected, params: &[&str]| {
        if layer.biases_train() {
            e.trains
                .extend(params.iter().map(|p| format!("model.{m}{p}")));
        }
    };
    match &layer.kind {
        Kind::Embedding(emb) => {
            e.modules
                .push(format!("self.{m} = nn.Embedding({}, {d})", emb.vocabulary));
            let mut rhs = format!("self.{m}({input}.long())");
            let mut params = vec![".weight"];
            if emb.positions {
                e.modules.push(format!(
                    "self.{m}_pos = nn.Parameter(torch.zeros({t}, {d}))"
                ));
                rhs.push_str(&format!(" + self.{m}_pos"));
                params.push("_pos");
            }
            e.forward.push(format!("{own} = {rhs}\n"));
            weights(&mut e, &params);
            e.checks.push(format!("cmp(\"delta({l})\", "));
            e.checks.push(format!("{own}.grad[0])"));
        }
        Kind::LayerNorm(n) => {
            let eps = format!("{:?}", n.epsilon);
            e.modules
                .push(format!("self.{m} = nn.LayerNorm({d}, eps={eps})"));
            e.forward.extend([
                format!("x{l} = {input}.clone()"),
                format!("mu{l} = x{l}.mean(dim=-1)\n"),
                format!("var{l} = ((x{l} - mu{l}[..., None]) ** 2).mean(dim=-1)\n"),
                format!(
                    "xhat{l} = (x{l} - mu{l}[..., None]) / torch.sqrt(var{l}[..., None] + {eps})\n"
                ),
                format!("{own} = self.{m}.weight * xhat{l} + self.{m}.bias\n"),
            ]);
            weights(&mut e, &[".weight"]);
            biases(&mut e, &[".bias"]);
            for (stem, tensor) in [
                ("mu", format!("mu{l}[0])")),
                ("var", format!("var{l}[0])")),
                ("xhat", format!("xhat{l}[0])")),
                ("delta", format!("{own}.grad[0])")),
                ("dxhat", format!("xhat{l}.grad[0])")),
                ("dx", format!("x{l}.grad[0])")),
            ] {
                e.checks.push(format!("cmp(\"{stem}({l})\", "));
                e.checks.push(tensor);
            }
            e.checks
                .push(format!("{own}.detach(), model.{m}({input}))\n"));
        }
        Kind::Attention(at) => {
            let dh = d / at.heads;
            e.modules.push(format!(
                "self.{m} = nn.MultiheadAttention({d}, {}, batch_first=True)\n",
                at.heads
            ));
            if at.causal {
                e.modules.push(format!(
                    "self.{m}_mask = torch.triu(torch.ones({t}, {t}, dtype=torch.bool), diagonal=1)"
                ));
            }
            for (i, v) in ["q", "k", "v"].iter().enumerate() {
                let rows = format!("[{}:{}]", i * d, (i + 1) * d);
                e.forward.push(format!(
                    "{v}{l} = F.linear({input}, self.{m}.in_proj_weight{rows}, self.{m}.in_proj_bias{rows})\n"
                ));
            }
            let score = format!("qh{l} @ kh{l}.transpose(-2, -1) / math.sqrt({dh})");
            e.forward.push(match at.causal {
                true => format!("score{l} = ({score}).masked_fill(self.{m}_mask, -math.inf)\n"),
                false => format!("score{l} = {score}\n"),
            });
            e.forward.extend([
                format!("attn{l} = torch.softmax(score{l}, dim=-1)"),
                format!("ctx{l} = (attn{l} @ vh{l}).transpose(1, 2).flatten(2)"),
                format!("{own} = self.{m}.out_proj(ctx{l})\n"),
            ]);
            weights(&mut e, &[".in_proj_weight", ".out_proj.weight"]);
            biases(&mut e, &[".in_proj_bias", ".out_proj.bias"]);
            // One head's scores are [t,s]: head 1 of the (B, H, T, T) tensor, an expression
            // the script names before it indexes it when the name is free (`dattn3 =
            // attn3.grad[:, 0]`; attn3 is the forward pass's own).
            let square = |v: &str| match at.heads {
                1 => format!("({v}[:, 0])[0])"),
                _ => format!("{v}[0])"),
            };
            let grad_square = |stem: &str, v: &str| match at.heads {
                1 => (
                    Some(format!("    {stem}{l} = {v}.grad[:, 0]\n")),
                    format!("{stem}{l}[0])"),
                ),
                _ => (None, format!("{v}.grad[0])")),
            };
            let plain = |tensor: String| (None, tensor);
            for (stem, (named, tensor)) in [
                ("q", plain(format!("q{l}[0])"))),
                ("score", plain(square(&format!("score{l}")))),
                ("attn", plain(square(&format!("attn{l}")))),
                ("ctx", plain(format!("ctx{l}[0])"))),
                ("delta", plain(format!("{own}.grad[0])"))),
                ("dctx", plain(format!("ctx{l}.grad[0])"))),
                ("dattn", grad_square("dattn", &format!("attn{l}"))),
                ("dscore", grad_square("dscore", &format!("score{l}"))),
                ("dk", plain(format!("k{l}.grad[0])"))),
            ] {
                e.checks.extend(named);
                e.checks.push(format!("cmp(\"{stem}({l})\", "));
                e.checks.push(tensor);
            }
            let mask = match at.causal {
                true => format!("model.{m}_mask"),
                false => "None".into(),
            };
            let call = format!(
                "model.{m}({input}, {input}, {input}, attn_mask={mask}, average_attn_weights=False)"
            );
            e.checks.push(format!("{own}.detach(), {call}[0])\n"));
            e.checks.push(format!("attn{l}.detach(), {call}[1])\n"));
        }
        Kind::Dense(dense) => {
            let (n, inputs) = (d, layer.input.features());
            e.modules
                .push(format!("self.{m} = nn.Linear({inputs}, {n})\n"));
            match dense.lora {
                None => {
                    e.forward.push(format!("z{l} = self.{m}({input})\n"));
                    weights(&mut e, &[".weight"]);
                    biases(&mut e, &[".bias"]);
                }
                Some(lora) => {
                    let r = lora.rank;
                    e.modules.extend([
                        format!("self.{m}_lora_a = nn.Linear({inputs}, {r}, bias=False)"),
                        format!("self.{m}_lora_b = nn.Linear({r}, {n}, bias=False)"),
                    ]);
                    e.forward.extend([
                        format!("down{l} = self.{m}_lora_a({input})"),
                        format!(
                            "z{l} = self.{m}({input}) + self.{m}_lora_b(down{l}) * ({:?} / {r})\n",
                            lora.alpha
                        ),
                    ]);
                    // The base W and b are frozen: only A and B train.
                    weights(&mut e, &["_lora_a.weight", "_lora_b.weight"]);
                    e.checks.push(format!("cmp(\"down({l})\", "));
                    e.checks.push(format!("down{l}[0])"));
                }
            }
            let act = activation(layer.activation(), &format!("z{l}"));
            e.forward.push(format!("{own} = {act}\n"));
            e.checks.push(format!("cmp(\"delta({l})\", "));
            e.checks.push(format!("z{l}.grad[0])"));
            if dense.lora.is_some() {
                e.checks.push(format!("cmp(\"ddown({l})\", "));
                e.checks.push(format!("down{l}.grad[0])"));
            }
        }
        Kind::Conv2d(_) | Kind::Pool2d(_) | Kind::Flatten(_) | Kind::Rnn(_) | Kind::Lstm(_) => {
            unreachable!("no image or recurrent layer in a transformer lesson")
        }
    }
    if let Some(n) = layer.residual {
        e.forward
            .push(format!("a{l} = out{l} + a{n}  # residual = {n}\n"));
    }
    e
}

#[test]
fn every_transformer_script_builds_the_model_from_pytorchs_modules() {
    for (name, lesson) in lessons() {
        let script = script(&lesson);
        let at = |s: &str| script.find(s).unwrap_or_else(|| panic!("{name}: no {s}"));
        let init = &script[at("def __init__")..at("def forward")];
        let forward = &script[at("def forward")..at("def loss_fn")];
        let main = &script[at("def main")..];
        let mut trains = Vec::new();
        for (i, layer) in lesson.layers.iter().enumerate() {
            let part = layer_part(i + 1, layer);
            in_order(&name, init, &part.modules);
            in_order(&name, forward, &part.forward);
            // Sample 1's checks in order, then the written-out layers against the modules.
            in_order(&name, main, &part.checks);
            let output = format!("cmp(\"a({})\", ", i + 1);
            assert!(main.contains(&output), "{name}: {output}");
            trains.extend(part.trains);
        }
        let optimizer = optimizer(&lesson.optimizer, &trains.join(", "));
        assert!(
            script.contains(&format!("    optimizer = {optimizer}\n")),
            "{name}: {optimizer}"
        );
        let depth = lesson.depth();
        // The logits' features at each position: the vocabulary.
        let v = lesson.shape(depth).features();
        assert!(
            script.contains(&format!(
                "    return F.cross_entropy(t[\"z{depth}\"].reshape(-1, {v}), y.reshape(-1, {v}))\n"
            )),
            "{name}: the loss on the logits, every position a row"
        );
    }
}

#[test]
fn adamw_is_torchs_with_its_decay_step_checked_and_the_key_bias_held_to_noise() {
    for (name, lesson) in lessons() {
        let script = script(&lesson);
        let update = &script[script.find("def check_update").unwrap()..];
        let steps = lesson.epochs * lesson.batches_per_epoch();
        let lr = lesson.optimizer.learning_rate();
        if let Optimizer::AdamW { weight_decay, .. } = lesson.optimizer {
            assert!(update.contains("    def decayed(p):\n"), "{name}");
            // p·(1 − η·λ) of the initial parameters, for every tensor that trains.
            let initial = Trace::new(lesson.clone()).initial_params();
            let mut decayed = 0;
            for (i, layer) in lesson.layers.iter().enumerate() {
                let l = i + 1;
                for spec in layer.specs().iter().filter(|s| s.trains) {
                    let stem = format!("decayed_{}({l})", spec.tensor.name());
                    let label = match spec.tensor {
                        Tensor::W | Tensor::B => {
                            format!("decayed({l}) of {}({l})", spec.tensor.name())
                        }
                        _ => stem,
                    };
                    let (got, dims) = expected(update, &label);
                    assert_eq!(dims, spec.dims, "{name}: {label}");
                    let before = initial.layers[i].get(spec.tensor).unwrap();
                    for (g, p) in got.iter().zip(before.iter()) {
                        let want = p * (1.0 - lr * weight_decay);
                        assert!(
                            (g - want).abs() <= 1e-15 * want.abs(),
                            "{name}: {label}: {g} vs {want}"
                        );
                    }
                    decayed += 1;
                }
            }
            assert!(decayed > 0, "{name}");
        } else {
            assert!(!script.contains("decayed("), "{name}");
        }
        // The key bias, whose true gradient is 0, is held to NOISE of η a step; no other.
        for (i, layer) in lesson.layers.iter().enumerate() {
            let l = i + 1;
            let Kind::Attention(_) = layer.kind else {
                continue;
            };
            let d = layer.input.features();
            if layer.biases_train() {
                let first = format!(
                    "model.layer{l}.in_proj_bias[{d}:{}], noise=NOISE * {lr:?} * 1)\n",
                    2 * d
                );
                assert!(update.contains(&first), "{name}: {first}");
            }
            let last = format!(
                "start=initial[\"layer{l}.in_proj_bias\"][{d}:{}], noise=NOISE * {lr:?} * {steps})\n",
                2 * d
            );
            assert!(script.contains(&last), "{name}: {last}");
        }
        let noisy = script.matches(", noise=NOISE").count();
        let keys = lesson
            .layers
            .iter()
            .filter(|l| matches!(l.kind, Kind::Attention(_)))
            .map(|l| if l.biases_train() { 2 } else { 1 })
            .sum::<usize>();
        assert_eq!(noisy, keys, "{name}: only the key biases");
    }
}

/// 1e-10 relatively, and 1e-13 absolutely: the script's numbers and the reference sum in
/// different orders.
fn near(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: how many");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-10 * g.abs().max(w.abs()) + 1e-13,
            "{what}[{i}]: {g} in the script, {w} in the reference"
        );
    }
}

#[test]
fn the_forward_numbers_the_scripts_check_are_the_references() {
    for (name, lesson) in lessons() {
        let whole = script(&lesson);
        let main = &whole[whole.find("def main").unwrap()..];
        let params = Trace::new(lesson.clone()).initial_params();
        let reference = transformer_ref::forward(&lesson, &params, 0);
        for l in 1..=lesson.depth() {
            let (a, _) = expected(main, &format!("a({l})"));
            near(&a, &reference.a[l], &format!("{name} a({l})"));
        }
        for (l, weights) in &reference.attn {
            let (attn, dims) = expected(main, &format!("attn({l})"));
            let Kind::Attention(at) = lesson.layers[l - 1].kind else {
                unreachable!()
            };
            let t = lesson.input.positions();
            let want_dims = match at.heads {
                1 => vec![t, t],
                h => vec![h, t, t],
            };
            assert_eq!(dims, want_dims, "{name} attn({l})");
            near(&attn, weights, &format!("{name} attn({l})"));
        }
        let (loss, _) = expected(main, "loss");
        near(&loss, &[reference.loss], &format!("{name} loss"));
        // A LoRA layer's base ends as it started, and the script says so.
        let end = &whole[whole.find("Training: the loss of every epoch").unwrap()..];
        for (i, layer) in lesson.layers.iter().enumerate() {
            if let Kind::Dense(d) = &layer.kind
                && d.lora.is_some()
            {
                let (w, _) = expected(end, &format!("final w({})", i + 1));
                let start = params.layers[i].get(Tensor::W).unwrap();
                assert_eq!(bits(w), bits(start.iter().copied()), "{name}");
            }
        }
    }
}

/// Sample 1's gradient of every tensor the script checks, against central differences of
/// the reference's loss of sample 1.
#[test]
fn the_gradients_the_scripts_check_are_finite_differences_of_the_references_loss() {
    let chosen = ["tiny_gpt_two_heads", "tiny_gpt_lora", "gpt(6, 2 heads)"];
    for (name, lesson) in lessons()
        .into_iter()
        .filter(|(n, _)| chosen.contains(&n.as_str()))
    {
        let whole = script(&lesson);
        let main = &whole[whole.find("def main").unwrap()..];
        let params = Trace::new(lesson.clone()).initial_params();
        let h = 1e-6;
        let mut checked = 0;
        for (i, layer) in lesson.layers.iter().enumerate() {
            let l = i + 1;
            for spec in layer.specs() {
                let label = format!("{}({l})", Quantity::Grad(spec.tensor).name());
                if !main.contains(&format!("cmp(\"{label}\", ")) {
                    // A LoRA layer's frozen base has no gradient step.
                    assert!(!spec.trains, "{name}: no {label}");
                    continue;
                }
                let (got, dims) = expected(main, &label);
                assert_eq!(dims, spec.dims, "{name} {label}");
                let tensor = params.layers[i].get(spec.tensor).unwrap();
                for ((ix, _), g) in tensor.indexed_iter().zip(&got) {
                    let ix = Index::new(ndarray::Dimension::slice(&ix));
                    let loss = |delta: f64| {
                        let mut p = params.clone();
                        *p.layers[i].at_mut(spec.tensor, &ix) += delta;
                        transformer_ref::forward(&lesson, &p, 0).loss
                    };
                    let numeric = (loss(h) - loss(-h)) / (2.0 * h);
                    assert!(
                        (g - numeric).abs() <= 1e-6 * g.abs().max(numeric.abs()) + 1e-8,
                        "{name} {label}{ix:?}: {g} in the script, {numeric} by differences"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{name}: {checked}");
    }
}
