//! Attention in a PyTorch script: its parameters are an
//! `nn.MultiheadAttention(dim, heads, batch_first=True)`'s — W_q, W_k, W_v the three blocks
//! of rows of `in_proj_weight` (b_q, b_k, b_v of `in_proj_bias`), W_o and b_o its
//! `out_proj` — and its forward pass writes out what that module computes, so that q, k, v,
//! the scores, the weights and the context, and their gradients, are tensors of their own:
//!
//! ```python
//! q3 = F.linear(a2, self.layer3.in_proj_weight[0:4], self.layer3.in_proj_bias[0:4])
//! k3 = …; v3 = …                                     # rows 4:8 and 8:12
//! qh3, kh3, vh3 = (u.unflatten(-1, (2, 2)).transpose(1, 2) for u in (q3, k3, v3))
//!                                                    # (B, T, d) → (B, heads, T, d_h)
//! score3 = (qh3 @ kh3.transpose(-2, -1) / math.sqrt(2)).masked_fill(self.layer3_mask, -math.inf)
//! attn3 = torch.softmax(score3, dim=-1)              # over the keys
//! ctx3 = (attn3 @ vh3).transpose(1, 2).flatten(2)    # the heads side by side again
//! a3 = self.layer3.out_proj(ctx3)
//! ```
//!
//! The script checks that this is the module's own output, and its weights
//! (`average_attn_weights=False`), with the causal mask given as `attn_mask`.

use crate::export::pytorch::{Forward, LayerNames, Module, ParamRef, PytorchLayer, SameAs, Traced};
use crate::lesson::Layer;
use crate::trace::{Inner, Quantity, Tensor};

use super::Attention;

/// The variables of layer `l`'s code: q, k, v, the scores, the weights and the context.
struct Vars {
    q: String,
    k: String,
    v: String,
    score: String,
    attn: String,
    ctx: String,
}

impl Vars {
    fn of(names: &LayerNames) -> Self {
        Vars {
            q: names.var("q"),
            k: names.var("k"),
            v: names.var("v"),
            score: names.var("score"),
            attn: names.var("attn"),
            ctx: names.var("ctx"),
        }
    }
}

impl Attention {
    /// A score-shaped tensor as its steps index it: `[h,t,s]` with several heads, `[t,s]`
    /// (head 1's) with one.
    fn by_head(&self, tensor: &str) -> String {
        match self.heads {
            1 => format!("{tensor}[:, 0]"),
            _ => tensor.to_string(),
        }
    }

    /// The attribute of the causal mask.
    fn mask(names: &LayerNames) -> String {
        names.module_part("mask")
    }
}

impl PytorchLayer for Attention {
    fn torch_modules(&self, layer: &Layer, names: &LayerNames) -> Vec<Module> {
        let (t, d, heads, _) = self.dims(layer);
        let mut out = vec![Module {
            attr: names.module(),
            build: format!("nn.MultiheadAttention({d}, {heads}, batch_first=True)"),
        }];
        if self.causal {
            out.push(Module {
                attr: Attention::mask(names),
                build: format!(
                    "torch.triu(torch.ones({t}, {t}, dtype=torch.bool), diagonal=1)  \
                     # True where key s comes after query t: hidden"
                ),
            });
        }
        out
    }

    fn torch_parameters(&self, layer: &Layer, names: &LayerNames) -> Vec<ParamRef> {
        let d = layer.input.features();
        let module = names.module();
        let block = |path: &str, i: usize| {
            ParamRef::part(
                format!("{module}.{path}"),
                format!("[{}:{}]", i * d, (i + 1) * d),
            )
        };
        // In the order of the kind's tensors: W_q, W_k, W_v, W_o, b_q, b_k, b_v, b_o.
        vec![
            block("in_proj_weight", 0),
            block("in_proj_weight", 1),
            block("in_proj_weight", 2),
            ParamRef::whole(format!("{module}.out_proj.weight")),
            block("in_proj_bias", 0),
            block("in_proj_bias", 1),
            block("in_proj_bias", 2),
            ParamRef::whole(format!("{module}.out_proj.bias")),
        ]
    }

    fn torch_forward(&self, layer: &Layer, names: &LayerNames) -> Forward {
        let (_, d, heads, dh) = self.dims(layer);
        let Vars {
            q,
            k,
            v,
            score,
            attn,
            ctx,
        } = Vars::of(names);
        let (input, output, module) = (names.input(), names.output(), names.module());
        let mut code = vec![format!(
            "# {module}({input}, {input}, {input}) written out: nn.MultiheadAttention's steps"
        )];
        for (i, var) in [&q, &k, &v].into_iter().enumerate() {
            let rows = format!("[{}:{}]", i * d, (i + 1) * d);
            code.push(format!(
                "{var} = F.linear({input}, self.{module}.in_proj_weight{rows}, \
                 self.{module}.in_proj_bias{rows})"
            ));
        }
        let [qh, kh, vh] = ["qh", "kh", "vh"].map(|s| names.var(s));
        code.push(format!(
            "# each head takes {dh} consecutive features: (B, T, {d}) → (B, {heads}, T, {dh})"
        ));
        code.push(format!(
            "{qh}, {kh}, {vh} = (u.unflatten(-1, ({heads}, {dh})).transpose(1, 2) for u in ({q}, {k}, {v}))"
        ));
        let scores = format!("{qh} @ {kh}.transpose(-2, -1) / math.sqrt({dh})");
        code.push(match self.causal {
            true => format!(
                "{score} = ({scores}).masked_fill(self.{}, -math.inf)",
                Attention::mask(names)
            ),
            false => format!("{score} = {scores}"),
        });
        code.push(format!(
            "{attn} = torch.softmax({score}, dim=-1)  # over the keys"
        ));
        code.push(format!(
            "{ctx} = ({attn} @ {vh}).transpose(1, 2).flatten(2)  # the heads side by side again"
        ));
        code.push(format!("{output} = self.{module}.out_proj({ctx})"));
        let mask = match self.causal {
            true => format!("model.{}", Attention::mask(names)),
            false => "None".into(),
        };
        let call = format!(
            "model.{module}({input}, {input}, {input}, attn_mask={mask}, average_attn_weights=False)"
        );
        let tensors = vec![
            q.clone(),
            k.clone(),
            v.clone(),
            score.clone(),
            attn.clone(),
            ctx.clone(),
            output.to_string(),
        ];
        Forward::new(code, tensors)
            .with_check(SameAs::new(
                format!("{output} = MultiheadAttention"),
                output,
                format!("{call}[0]"),
            ))
            .with_check(SameAs::new(
                format!("{attn} = its weights"),
                attn,
                format!("{call}[1]"),
            ))
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        let Vars {
            q,
            k,
            v,
            score,
            attn,
            ctx,
        } = Vars::of(names);
        let block = |i: Inner, tensor: String| Traced::new(Quantity::Block(i), tensor);
        vec![
            block(Inner::Query, q.clone()),
            block(Inner::Key, k.clone()),
            block(Inner::Value, v.clone()),
            block(Inner::Score, self.by_head(&score)),
            block(Inner::Attn, self.by_head(&attn)),
            block(Inner::Ctx, ctx.clone()),
            Traced::new(Quantity::Delta, format!("{}.grad", names.output())),
            block(Inner::DCtx, format!("{ctx}.grad")),
            block(Inner::DAttn, self.by_head(&format!("{attn}.grad"))),
            block(Inner::DScore, self.by_head(&format!("{score}.grad"))),
            block(Inner::DQuery, format!("{q}.grad")),
            block(Inner::DKey, format!("{k}.grad")),
            block(Inner::DValue, format!("{v}.grad")),
        ]
    }

    fn torch_zero_gradients(&self, _layer: &Layer) -> Vec<Tensor> {
        // b_k adds q_t·b_k/√d_h, the same number, to every score of query t, and a softmax
        // does not change when all its inputs move together.
        vec![Tensor::BK]
    }
}
