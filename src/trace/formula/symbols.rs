//! The names of symbols and functions in each notation: w⁽¹⁾₁,₂ · w(1)[1,2] · w^{(1)}_{1,2}.

use super::{Func, General, Ix, Param, Renderer, Style, Sym, mul, sum_over, var};
use crate::notation::scripts::{subscript, superscript};
use crate::notation::{Digits, Notation};
use crate::trace::{Gate, Index, Inner, Quantity, Tensor};

/// A function's name in a notation: σ, sigmoid, `\sigma`.
pub fn func_name(f: Func, n: Notation) -> String {
    let (u, a, l) = match f {
        Func::Sigmoid => ("σ", "sigmoid", "\\sigma"),
        Func::Tanh => ("tanh", "tanh", "\\tanh"),
        Func::Relu => ("ReLU", "relu", "\\operatorname{ReLU}"),
        Func::LeakyRelu => ("LeakyReLU", "leaky_relu", "\\operatorname{LeakyReLU}"),
        Func::Gelu => ("GELU", "gelu", "\\operatorname{GELU}"),
        Func::Erf => ("erf", "erf", "\\operatorname{erf}"),
        Func::Identity => ("id", "identity", "\\operatorname{id}"),
        Func::Softmax => ("softmax", "softmax", "\\operatorname{softmax}"),
        Func::Exp => ("exp", "exp", "\\exp"),
        Func::Ln => ("ln", "ln", "\\ln"),
        Func::LnOneMinus => ("ln", "ln", "\\ln"),
        Func::Sqrt => ("√", "sqrt", "\\sqrt"),
        Func::F => ("f", "f", "f"),
    };
    match n {
        Notation::Unicode => u,
        Notation::Ascii => a,
        Notation::Latex => l,
    }
    .to_string()
}

/// `base` with layer `l` and 1-based indices, in a notation: w⁽¹⁾₁,₂ · w(1)[1,2] · w^{(1)}_{1,2}.
fn indexed(base: (&str, &str, &str), l: Option<usize>, idx: &[usize], n: Notation) -> String {
    let idx: Vec<String> = idx.iter().map(|i| (i + 1).to_string()).collect();
    let idx = idx.join(",");
    match n {
        Notation::Unicode => {
            let layer = l.map_or(String::new(), |l| superscript(&format!("({l})")));
            format!("{}{layer}{}", base.0, subscript(&idx))
        }
        Notation::Ascii => {
            let layer = l.map_or(String::new(), |l| format!("({l})"));
            if idx.is_empty() {
                format!("{}{layer}", base.1)
            } else {
                format!("{}{layer}[{idx}]", base.1)
            }
        }
        Notation::Latex => {
            let layer = l.map_or(String::new(), |l| format!("^{{({l})}}"));
            if idx.is_empty() {
                format!("{}{layer}", base.2)
            } else {
                format!("{}{layer}_{{{idx}}}", base.2)
            }
        }
    }
}

/// A parameter tensor's letter in each notation: w, b, w_ih, γ, E, ….
pub fn tensor_base(t: Tensor) -> (&'static str, &'static str, &'static str) {
    match t {
        Tensor::W => ("w", "w", "w"),
        Tensor::B => ("b", "b", "b"),
        // In braces, so that the layer's superscript that follows is not a double exponent.
        Tensor::WIh => ("w_ih", "w_ih", "{w^{\\mathrm{ih}}}"),
        Tensor::WHh => ("w_hh", "w_hh", "{w^{\\mathrm{hh}}}"),
        Tensor::BIh => ("b_ih", "b_ih", "{b^{\\mathrm{ih}}}"),
        Tensor::BHh => ("b_hh", "b_hh", "{b^{\\mathrm{hh}}}"),
        Tensor::WQ => ("w_q", "w_q", "{w^{Q}}"),
        Tensor::WK => ("w_k", "w_k", "{w^{K}}"),
        Tensor::WV => ("w_v", "w_v", "{w^{V}}"),
        Tensor::WO => ("w_o", "w_o", "{w^{O}}"),
        Tensor::BQ => ("b_q", "b_q", "{b^{Q}}"),
        Tensor::BK => ("b_k", "b_k", "{b^{K}}"),
        Tensor::BV => ("b_v", "b_v", "{b^{V}}"),
        Tensor::BO => ("b_o", "b_o", "{b^{O}}"),
        Tensor::Gamma => ("γ", "gamma", "\\gamma"),
        Tensor::Beta => ("β", "beta", "\\beta"),
        Tensor::Emb => ("E", "emb", "E"),
        Tensor::Pos => ("P", "pos", "P"),
        Tensor::LoraA => ("A", "lora_a", "A"),
        Tensor::LoraB => ("B", "lora_b", "B"),
    }
}

/// A sample quantity's letter in each notation: z, a, δ, ….
pub fn quantity_base(q: Quantity) -> (&'static str, &'static str, &'static str) {
    match q {
        Quantity::Z => ("z", "z", "z"),
        Quantity::A => ("a", "a", "a"),
        Quantity::Delta => ("δ", "delta", "\\delta"),
        Quantity::Loss => ("L", "L", "L"),
        Quantity::Grad(t) | Quantity::Param(t) | Quantity::State(_, t) => tensor_base(t),
        Quantity::Block(i) => inner_base(i),
        Quantity::H => ("h", "h", "h"),
        Quantity::C => ("c", "c", "c"),
        Quantity::Gate(g) => match g {
            Gate::Input => ("i", "i", "i"),
            Gate::Forget => ("f", "f", "f"),
            Gate::Cell => ("g", "g", "g"),
            Gate::Output => ("o", "o", "o"),
        },
        // Written ∂L/∂h⁽ˡ⁾ₜ,ⱼ by `symbol`; these are their names without the indices.
        Quantity::DH => ("∂L/∂h", "dL/dh", "\\partial L/\\partial h"),
        Quantity::DC => ("∂L/∂c", "dL/dc", "\\partial L/\\partial c"),
    }
}

/// The letter of a number inside a transformer's layers: μ, σ², x̂, q, k, v, S (a score),
/// α (an attention weight), c (the context), u (LoRA's down projection); a gradient's is
/// its forward quantity's (written ∂L/∂… by [`symbol`]), ∂L/∂x's is x.
pub fn inner_base(i: Inner) -> (&'static str, &'static str, &'static str) {
    match i.of().unwrap_or(i) {
        Inner::Mu => ("μ", "mu", "\\mu"),
        Inner::Var => ("σ²", "var", "{\\sigma^2}"),
        Inner::XHat => ("x̂", "xhat", "\\hat{x}"),
        Inner::Query => ("q", "q", "q"),
        Inner::Key => ("k", "k", "k"),
        Inner::Value => ("v", "v", "v"),
        Inner::Score => ("S", "score", "S"),
        Inner::Attn => ("α", "attn", "\\alpha"),
        Inner::Ctx => ("c", "ctx", "c"),
        Inner::Down => ("u", "down", "u"),
        _ => ("x", "x", "x"),
    }
}

fn param_symbol(p: &Param, n: Notation) -> String {
    indexed(tensor_base(p.tensor), Some(p.l), &p.ix.to_vec(), n)
}

/// An optimizer state's letter before a parameter's: m of w is m, m of w_ih is m[w_ih].
fn state_symbol(base: (&str, &str, &str), p: &Param, n: Notation) -> String {
    if p.tensor.is_plain() {
        return indexed(base, Some(p.l), &p.ix.to_vec(), n);
    }
    let t = tensor_base(p.tensor);
    let tagged = (
        format!("{}[{}]", base.0, t.0),
        format!("{}_{}", base.1, t.1),
        format!("{}[{}]", base.2, t.2),
    );
    indexed(
        (&tagged.0, &tagged.1, &tagged.2),
        Some(p.l),
        &p.ix.to_vec(),
        n,
    )
}

fn partial(num: &str, den: &str, n: Notation) -> String {
    match n {
        Notation::Unicode => format!("∂{num}/∂{den}"),
        Notation::Ascii => format!("d{num}/d{den}"),
        Notation::Latex => format!("\\frac{{\\partial {num}}}{{\\partial {den}}}"),
    }
}

/// A symbol's name in a notation.
pub fn symbol(sym: &Sym, n: Notation) -> String {
    match *sym {
        Sym::Q {
            q: Quantity::Block(i),
            l,
            ix,
        } if i.is_backward() => partial("L", &indexed(inner_base(i), Some(l), &ix.to_vec(), n), n),
        Sym::Q {
            q: q @ (Quantity::DH | Quantity::DC),
            l,
            ix,
        } => {
            let of = if q == Quantity::DH {
                Quantity::H
            } else {
                Quantity::C
            };
            partial("L", &symbol(&Sym::q(of, l, ix), n), n)
        }
        Sym::Q { q, l, ix } => indexed(quantity_base(q), Some(l), &ix.to_vec(), n),
        Sym::P(p) => param_symbol(&p, n),
        Sym::Y(ix) => indexed(("y", "y", "y"), None, &ix.to_vec(), n),
        Sym::Loss => "L".into(),
        Sym::Grad { p, sample } => {
            let loss = match (sample, n) {
                (None, _) => "L".to_string(),
                (Some(s), Notation::Unicode) => format!("L{}", subscript(&(s + 1).to_string())),
                (Some(s), Notation::Ascii) => format!("L[{}]", s + 1),
                (Some(s), Notation::Latex) => format!("L_{{{}}}", s + 1),
            };
            partial(&loss, &param_symbol(&p, n), n)
        }
        Sym::DlDa { l, ix } => partial("L", &symbol(&Sym::q(Quantity::A, l, ix), n), n),
        Sym::Deriv { func, l, ix } => {
            let z = symbol(&Sym::q(Quantity::Z, l, ix), n);
            match n {
                Notation::Unicode => format!("{}′({z})", func_name(func, n)),
                Notation::Ascii => format!("{}'({z})", func_name(func, n)),
                Notation::Latex => format!("{}'\\left({z}\\right)", func_name(func, n)),
            }
        }
        Sym::M(p) => state_symbol(("m", "m", "m"), &p, n),
        Sym::V(p) => state_symbol(("v", "v", "v"), &p, n),
        Sym::MHat(p) => state_symbol(("m̂", "mhat", "\\hat{m}"), &p, n),
        Sym::VHat(p) => state_symbol(("v̂", "vhat", "\\hat{v}"), &p, n),
        Sym::Decayed(p) => {
            let t = tensor_base(p.tensor);
            let base = (
                format!("{}\u{303}", t.0),
                format!("decayed_{}", t.1),
                format!("\\tilde{{{}}}", t.2),
            );
            indexed((&base.0, &base.1, &base.2), Some(p.l), &p.ix.to_vec(), n)
        }
        Sym::Lambda => ["λ", "lambda", "\\lambda"][n as usize].into(),
        Sym::Eta => ["η", "eta", "\\eta"][n as usize].into(),
        Sym::Mu => ["μ", "mu", "\\mu"][n as usize].into(),
        Sym::Beta1 => ["β₁", "beta1", "\\beta_1"][n as usize].into(),
        Sym::Beta2 => ["β₂", "beta2", "\\beta_2"][n as usize].into(),
        Sym::Eps => ["ε", "eps", "\\epsilon"][n as usize].into(),
        Sym::T => "t".into(),
        Sym::MaxZ { l, at } => {
            let z = indexed(("z", "z", "z"), Some(l), &at.to_vec(), n);
            match n {
                Notation::Unicode => format!("max {z}"),
                Notation::Ascii => format!("max({z})"),
                Notation::Latex => format!("\\max {z}"),
            }
        }
        Sym::LogSumExp { l, at } => {
            let zk = indexed(("z", "z", "z"), Some(l), &[], n);
            let max = symbol(&Sym::MaxZ { l, at }, n);
            match n {
                Notation::Unicode => format!("ln Σₖ e^({zk}ₖ − {max})"),
                Notation::Ascii => format!("ln(sum over k of e^(z({l})[k] - {max}))"),
                Notation::Latex => format!("\\ln \\sum_{{k}} e^{{z^{{({l})}}_{{k}} - {max}}}"),
            }
        }
        Sym::BceEps => ["10⁻¹²", "1e-12", "10^{-12}"][n as usize].into(),
        Sym::General(g) => general(&g, n),
        Sym::PassedBack { l, ix } => passed_back(l, &ix, n, crate::i18n::Lang::En),
        Sym::RowMax { q, l, at } => {
            let x = indexed(quantity_base(q), Some(l), &at.to_vec(), n);
            match n {
                Notation::Unicode => format!("max {x}"),
                Notation::Ascii => format!("max({x})"),
                Notation::Latex => format!("\\max {x}"),
            }
        }
        Sym::Text(t) => t[n as usize].into(),
        Sym::Recurrent { l, ix } => recurrent(l, &ix, n),
    }
}

/// (W_hh⁽ˡ⁾ᵀδ⁽ˡ⁾ₜ₊₁)ⱼ: what reaches h⁽ˡ⁾ₜ,ⱼ from the next step, through the hidden-to-hidden
/// weights (`ix` is [t, j], from 0).
fn recurrent(l: usize, ix: &Index, n: Notation) -> String {
    let (next, j) = (ix.j() + 2, ix.k().unwrap_or(0) + 1);
    match n {
        Notation::Unicode => {
            let layer = superscript(&format!("({l})"));
            format!(
                "(W_hh{layer}ᵀδ{layer}{}){}",
                subscript(&next.to_string()),
                subscript(&j.to_string())
            )
        }
        Notation::Ascii => format!("(W_hh({l})^T delta({l})[{next}])[{j}]"),
        Notation::Latex => format!(
            "\\left(W^{{\\mathrm{{hh}}({l})\\top}}\\delta^{{({l})}}_{{{next}}}\\right)_{{{j}}}"
        ),
    }
}

/// Σₖ w⁽ˡ⁺¹⁾ₖⱼ·δ⁽ˡ⁺¹⁾ₖ, written as the general rules write a sum over k; for a number with
/// several indices, ∂L/∂a⁽ˡ⁾ at them.
fn passed_back(l: usize, ix: &Index, n: Notation, lang: crate::i18n::Lang) -> String {
    if ix.len() != 1 {
        return partial("L", &symbol(&Sym::q(Quantity::A, l, *ix), n), n);
    }
    let j = ix.j();
    let (up, k) = (Ix::At(l + 1), Ix::K);
    let w = var(
        Sym::General(General::W {
            l: up,
            j: k,
            k: Ix::At(j),
        }),
        f64::NAN,
    );
    let delta = var(Sym::General(General::Delta { l: up, j: k }), f64::NAN);
    let sum = sum_over(k, None, mul(vec![w, delta]));
    Renderer {
        style: Style::new(n, Digits::Full).in_lang(lang),
        substituted: false,
    }
    .render(&sum)
}

/// [`symbol`], with its words in `lang`: those ASCII spells a sum with ("sum over k of"), and
/// a kind's named term that starts with a word (`via μ`), whose word is the message
/// `md-word-…` in `lang` (`经由 μ`).
pub fn symbol_in(sym: &Sym, n: Notation, lang: crate::i18n::Lang) -> String {
    match *sym {
        Sym::PassedBack { l, ix } if n == Notation::Ascii => passed_back(l, &ix, n, lang),
        Sym::Text(t) if lang != crate::i18n::Lang::En => {
            let text = t[n as usize];
            let word = t[Notation::Ascii as usize].split(' ').next().unwrap_or("");
            let ours = word.len() > 1 && word.chars().all(|c| c.is_ascii_lowercase());
            match ours.then(|| lang.translated(&format!("md-word-{word}"))) {
                Some(Some(words)) => text.replacen(word, &words, 1),
                _ => text.to_string(),
            }
        }
        _ => symbol(sym, n),
    }
}

/// An index of a general rule: `j`, `l-1`, or a number (a neuron's shown from 1 by the
/// caller's choice: layers are given as they are).
pub(super) fn index(i: Ix, n: Notation) -> String {
    match (i, n) {
        (Ix::At(v), _) => v.to_string(),
        (Ix::J, _) => "j".into(),
        (Ix::K, _) => "k".into(),
        (Ix::L, _) => "l".into(),
        (Ix::LMinus1, Notation::Unicode) => "l−1".into(),
        (Ix::LMinus1, _) => "l-1".into(),
        (Ix::LPlus1, _) => "l+1".into(),
    }
}

/// `s` in subscript characters, letters j and k included.
pub(super) fn sub(s: &str) -> String {
    subscript(s)
        .replace('j', "ⱼ")
        .replace('k', "ₖ")
        .replace('l', "ₗ")
}

/// `s` in superscript characters, the letter l included.
fn sup(s: &str) -> String {
    superscript(s).replace('l', "ˡ").replace('−', "⁻")
}

/// `base` with a general layer and indices: a⁽ˡ⁻¹⁾ₖ · a(l-1)[k] · a^{(l-1)}_{k}.
fn general_indexed(base: (&str, &str, &str), l: Option<Ix>, idx: &[Ix], n: Notation) -> String {
    let show = |i: &Ix| match i {
        Ix::At(v) => (v + 1).to_string(),
        i => index(*i, n),
    };
    let idx: Vec<String> = idx.iter().map(show).collect();
    let idx = idx.join(",");
    let layer = l.map(|l| index(l, n));
    match n {
        Notation::Unicode => {
            let layer = layer.map_or(String::new(), |l| sup(&format!("({l})")));
            format!("{}{layer}{}", base.0, sub(&idx))
        }
        Notation::Ascii => {
            let layer = layer.map_or(String::new(), |l| format!("({l})"));
            match idx.is_empty() {
                true => format!("{}{layer}", base.1),
                false => format!("{}{layer}[{idx}]", base.1),
            }
        }
        Notation::Latex => {
            let layer = layer.map_or(String::new(), |l| format!("^{{({l})}}"));
            match idx.is_empty() {
                true => format!("{}{layer}", base.2),
                false => format!("{}{layer}_{{{idx}}}", base.2),
            }
        }
    }
}

/// A symbol of a general rule in a notation.
fn general(g: &General, n: Notation) -> String {
    let gi = general_indexed;
    match *g {
        General::Z { l, j } => gi(("z", "z", "z"), Some(l), &[j], n),
        General::A { l, j } => gi(("a", "a", "a"), Some(l), &[j], n),
        General::Y { j } => gi(("y", "y", "y"), None, &[j], n),
        General::Delta { l, j } => gi(("δ", "delta", "\\delta"), Some(l), &[j], n),
        General::W { l, j, k } => gi(("w", "w", "w"), Some(l), &[j, k], n),
        General::B { l, j } => gi(("b", "b", "b"), Some(l), &[j], n),
        General::DlDa { l, j } => partial("L", &gi(("a", "a", "a"), Some(l), &[j], n), n),
        General::Deriv { l, j } => {
            let z = gi(("z", "z", "z"), Some(l), &[j], n);
            match n {
                Notation::Unicode => format!("f′({z})"),
                Notation::Ascii => format!("f'({z})"),
                Notation::Latex => format!("f'\\left({z}\\right)"),
            }
        }
        General::GradW { l, j, k } => partial("L", &gi(("w", "w", "w"), Some(l), &[j, k], n), n),
        General::GradB { l, j } => partial("L", &gi(("b", "b", "b"), Some(l), &[j], n), n),
        General::P => "p".into(),
        General::GradP => partial("L", "p", n),
        General::M => "m".into(),
        General::V => "v".into(),
        General::MHat => ["m̂", "mhat", "\\hat{m}"][n as usize].into(),
        General::VHat => ["v̂", "vhat", "\\hat{v}"][n as usize].into(),
    }
}
