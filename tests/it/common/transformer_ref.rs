//! An independent reference for the forward pass of a transformer lesson, written from the
//! layer kinds' definitions (nn.Embedding plus positions, nn.LayerNorm, nn.MultiheadAttention,
//! nn.Linear with LoRA and GELU, residuals) in plain loops over `Vec`s, in orders of its own:
//! two-pass statistics, softmax as e^x/Σe^x without a shift, the score's 1/√d_h applied to q
//! first as PyTorch's MultiheadAttention does. It reads the lesson's settings and the
//! parameters by their names, nothing of the engine.

use bpnn_tutor::engine::Params;
use bpnn_tutor::layers::Kind;
use bpnn_tutor::lesson::{Activation, Lesson};
use bpnn_tutor::trace::{Index, Tensor};

/// Every layer's output a⁽ˡ⁾ (l = 0..=L, flat, positions × features), every attention
/// layer's weights (by layer: heads × T × T), and the sample's loss.
pub struct Forward {
    pub a: Vec<Vec<f64>>,
    pub attn: Vec<(usize, Vec<f64>)>,
    pub loss: f64,
}

pub fn erf(x: f64) -> f64 {
    // erf(x) = (2/√π)∫₀ˣ e^(−t²) dt by Simpson's rule: 20 000 intervals reach 1e-14.
    let n = 20_000;
    let h = x / n as f64;
    let f = |t: f64| (-t * t).exp();
    let mut s = f(0.0) + f(x);
    for i in 1..n {
        s += f(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    s * h / 3.0 * 2.0 / std::f64::consts::PI.sqrt()
}

pub fn gelu(x: f64) -> f64 {
    0.5 * x * (1.0 + erf(x / 2f64.sqrt()))
}

/// The forward pass of sample `s` under `params`.
pub fn forward(lesson: &Lesson, params: &Params, s: usize) -> Forward {
    let mut a: Vec<Vec<f64>> = vec![lesson.data[s].input.to_vec()];
    let mut attn = Vec::new();
    let t_len = lesson.input.positions();
    for (i, layer) in lesson.layers.iter().enumerate() {
        let l = i + 1;
        let p = |t: Tensor, ix: &[usize]| params.at(l, t, &Index::new(ix));
        let x = a[l - 1].clone();
        let (d_in, d_out) = (layer.input.features(), layer.output.features());
        let mut out = vec![0.0; t_len * d_out];
        match &layer.kind {
            Kind::Embedding(e) => {
                for t in 0..t_len {
                    for j in 0..d_out {
                        let pos = if e.positions {
                            p(Tensor::Pos, &[t, j])
                        } else {
                            0.0
                        };
                        out[t * d_out + j] = p(Tensor::Emb, &[x[t] as usize, j]) + pos;
                    }
                }
            }
            Kind::LayerNorm(n) => {
                for t in 0..t_len {
                    let row = &x[t * d_in..(t + 1) * d_in];
                    let mean = row.iter().sum::<f64>() / d_in as f64;
                    let var =
                        row.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / d_in as f64;
                    for j in 0..d_in {
                        out[t * d_in + j] = (row[j] - mean) / (var + n.epsilon).sqrt()
                            * p(Tensor::Gamma, &[j])
                            + p(Tensor::Beta, &[j]);
                    }
                }
            }
            Kind::Attention(at) => {
                let d = d_in;
                let dh = d / at.heads;
                let proj = |w: Tensor, b: Tensor| -> Vec<f64> {
                    let mut o = vec![0.0; t_len * d];
                    for t in 0..t_len {
                        for r in 0..d {
                            o[t * d + r] =
                                (0..d).map(|k| p(w, &[r, k]) * x[t * d + k]).sum::<f64>()
                                    + p(b, &[r]);
                        }
                    }
                    o
                };
                let (q, k, v) = (
                    proj(Tensor::WQ, Tensor::BQ),
                    proj(Tensor::WK, Tensor::BK),
                    proj(Tensor::WV, Tensor::BV),
                );
                let mut weights = vec![0.0; at.heads * t_len * t_len];
                let mut ctx = vec![0.0; t_len * d];
                for h in 0..at.heads {
                    for t in 0..t_len {
                        let seen: Vec<usize> =
                            (0..t_len).filter(|&s| !at.causal || s <= t).collect();
                        let e: Vec<f64> = seen
                            .iter()
                            .map(|&s| {
                                let dot: f64 = (h * dh..(h + 1) * dh)
                                    .map(|c| {
                                        q[t * d + c] * (1.0 / (dh as f64).sqrt()) * k[s * d + c]
                                    })
                                    .sum();
                                dot.exp()
                            })
                            .collect();
                        let total: f64 = e.iter().sum();
                        for (&s, e) in seen.iter().zip(&e) {
                            weights[(h * t_len + t) * t_len + s] = e / total;
                        }
                        for c in h * dh..(h + 1) * dh {
                            ctx[t * d + c] = seen
                                .iter()
                                .map(|&s| weights[(h * t_len + t) * t_len + s] * v[s * d + c])
                                .sum();
                        }
                    }
                }
                for t in 0..t_len {
                    for r in 0..d {
                        out[t * d + r] = (0..d)
                            .map(|c| p(Tensor::WO, &[r, c]) * ctx[t * d + c])
                            .sum::<f64>()
                            + p(Tensor::BO, &[r]);
                    }
                }
                attn.push((l, weights));
            }
            Kind::Dense(dense) => {
                for t in 0..t_len {
                    let xt = &x[t * d_in..(t + 1) * d_in];
                    let mut z: Vec<f64> = (0..d_out)
                        .map(|j| {
                            (0..d_in)
                                .map(|k| p(Tensor::W, &[j, k]) * xt[k])
                                .sum::<f64>()
                                + p(Tensor::B, &[j])
                        })
                        .collect();
                    if let Some(lora) = dense.lora {
                        let u: Vec<f64> = (0..lora.rank)
                            .map(|r| (0..d_in).map(|k| p(Tensor::LoraA, &[r, k]) * xt[k]).sum())
                            .collect();
                        for (j, zj) in z.iter_mut().enumerate() {
                            *zj += lora.alpha / lora.rank as f64
                                * (0..lora.rank)
                                    .map(|r| p(Tensor::LoraB, &[j, r]) * u[r])
                                    .sum::<f64>();
                        }
                    }
                    let act: Vec<f64> = match dense.activation {
                        Activation::Softmax => {
                            let total: f64 = z.iter().map(|v| v.exp()).sum();
                            z.iter().map(|v| v.exp() / total).collect()
                        }
                        Activation::Gelu => z.iter().map(|&v| gelu(v)).collect(),
                        Activation::Identity => z,
                        Activation::Tanh => z.iter().map(|v| v.tanh()).collect(),
                        other => panic!("the reference has no {other:?}"),
                    };
                    out[t * d_out..(t + 1) * d_out].copy_from_slice(&act);
                }
            }
            Kind::Conv2d(_) | Kind::Pool2d(_) | Kind::Flatten(_) => {
                unreachable!("images have their own reference (cnn_reference)")
            }
            Kind::Rnn(_) | Kind::Lstm(_) => {
                unreachable!("recurrent layers have their own reference (recurrent_reference)")
            }
        }
        if let Some(n) = layer.residual {
            for (o, r) in out.iter_mut().zip(&a[n]) {
                *o += r;
            }
        }
        a.push(out);
    }
    // Cross-entropy, the mean over positions.
    let y = lesson.data[s].target.to_vec();
    let probs = a.last().unwrap();
    let v = lesson.layers.last().unwrap().output.features();
    let loss = (0..t_len)
        .map(|t| {
            -(0..v)
                .map(|j| {
                    if y[t * v + j] > 0.0 {
                        y[t * v + j] * probs[t * v + j].ln()
                    } else {
                        0.0
                    }
                })
                .sum::<f64>()
        })
        .sum::<f64>()
        / t_len as f64;
    Forward { a, attn, loss }
}
