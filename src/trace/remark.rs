//! The remarks under a formula written the way the engine computes it rather than the
//! textbook way (a clamp of PyTorch's, a shifted softmax, tanh′ rounded once, ReLU's
//! selection), in words of the interface's language.

use crate::i18n::Lang;
use crate::notation::{Digits, Notation, number};
use crate::tr;

use super::formula::{Sym, symbol};
use super::step::{Index, Quantity};

/// Why a formula is not written the textbook way, in words under it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Remark {
    /// `BCELoss` clamps ln a⁽ˡ⁾ⱼ (or ln(1 − a⁽ˡ⁾ⱼ)), which is `log`, at −100.
    LogClamped {
        /// The output layer.
        l: usize,
        /// The output's indices, from 0.
        ix: Index,
        /// Whether it is ln(1 − a) that is clamped.
        one_minus: bool,
        /// The unclamped logarithm.
        log: f64,
    },
    /// `BCELoss`'s gradient divides by 10⁻¹² because a⁽ˡ⁾ⱼ(1 − a⁽ˡ⁾ⱼ) = `product` is smaller.
    DenominatorClamped {
        /// The output layer.
        l: usize,
        /// The output's indices, from 0.
        ix: Index,
        /// a(1 − a).
        product: f64,
    },
    /// The cross-entropy loss is written with log-softmax: output `underflow` is 0 (if one
    /// is), or −Σ y ln a would not evaluate to the loss exactly.
    LogSoftmax {
        /// The output layer.
        l: usize,
        /// An output's indices (from 0) that underflows to 0, if one does.
        underflow: Option<Index>,
    },
    /// Softmax is written shifted by max z, as computed: e^z would overflow (or underflow).
    SoftmaxShifted {
        /// The softmax layer.
        l: usize,
        /// The position, for a sequence; empty otherwise.
        at: Index,
        /// Whether an exponential would overflow (else it would underflow).
        overflow: bool,
    },
    /// tanh′ = 1 − (a⁽ˡ⁾ⱼ)² is rounded once: a⁽ˡ⁾ⱼ is so near ±1 that 1 − a·a, rounded
    /// twice, would be off by `error` relatively.
    RoundedOnce {
        /// The layer.
        l: usize,
        /// The neuron's indices, from 0.
        ix: Index,
        /// The relative error 1 − a·a would have.
        error: f64,
    },
    /// z⁽ˡ⁾ⱼ ≤ 0, so ReLU's backward selects δ⁽ˡ⁾ⱼ = 0, although the error reaching it is
    /// `error` (infinite or NaN): times ReLU′(z) = 0 it would be NaN.
    ReluSelects {
        /// The layer.
        l: usize,
        /// The neuron's indices, from 0.
        ix: Index,
        /// The error reaching the unit.
        error: f64,
    },
    /// A fixed sentence of a layer kind's own (why a masked attention weight is 0, …).
    Words {
        /// In Unicode.
        unicode: &'static str,
        /// In plain ASCII.
        ascii: &'static str,
    },
}

impl Remark {
    /// The remark as a sentence, in Unicode or (with `ascii`) plain ASCII.
    pub fn text(&self, ascii: bool, digits: Digits) -> String {
        self.text_in(ascii, digits, Lang::En)
    }

    /// [`Remark::text`] in words of `lang`.
    pub fn text_in(&self, ascii: bool, digits: Digits, lang: Lang) -> String {
        let n = if ascii {
            Notation::Ascii
        } else {
            Notation::Unicode
        };
        let num = |v: f64| number::format(v, digits, n);
        let minus = if ascii { "-" } else { "−" };
        let a = |l: usize, ix: Index| symbol(&Sym::q(Quantity::A, l, ix), n);
        match *self {
            Remark::LogClamped {
                l,
                ix,
                one_minus,
                log,
            } => {
                let (what, why) = match (one_minus, ascii) {
                    (true, true) => (format!("ln(1 - {})", a(l, ix)), "remark-rounds-to-1"),
                    (true, false) => (format!("ln(1 − {})", a(l, ix)), "remark-rounds-to-1"),
                    (false, true) => (format!("ln({})", a(l, ix)), "remark-underflows"),
                    (false, false) => (format!("ln {}", a(l, ix)), "remark-underflows"),
                };
                let is = if log.is_infinite() {
                    format!("{} ({} {})", num(log), a(l, ix), lang.t(why))
                } else {
                    num(log)
                };
                tr!(
                    lang,
                    "remark-log-clamped",
                    what = what,
                    minus = minus,
                    is = is
                )
            }
            Remark::DenominatorClamped { l, ix, product } => {
                let (aj, y, delta) = (
                    a(l, ix),
                    symbol(&Sym::Y(ix), n),
                    symbol(&Sym::q(Quantity::Delta, l, ix), n),
                );
                let eps = symbol(&Sym::BceEps, n);
                let (times, ne) = if ascii { ("*", "!=") } else { ("", "≠") };
                tr!(
                    lang,
                    "remark-denominator-clamped",
                    product = format!("{aj}{times}(1 {minus} {aj}) = {}", num(product)),
                    eps = eps,
                    wrong = format!("{delta} {ne} {aj} {minus} {y}")
                )
            }
            Remark::LogSoftmax { l, underflow } => {
                let why = match (underflow, ascii) {
                    (Some(ix), _) => {
                        format!("{} {}", a(l, ix), lang.t("remark-underflows"))
                    }
                    (None, true) => tr!(lang, "remark-not-exact", sum = "-sum of y*ln(a)"),
                    (None, false) => tr!(lang, "remark-not-exact", sum = "−Σ y ln a"),
                };
                let rule = if ascii {
                    "ln(a[j]) = z[j] - max(z) - ln(sum over k of e^(z[k] - max(z)))"
                } else {
                    "ln aⱼ = zⱼ − max z − ln Σₖ e^(zₖ − max z)"
                };
                tr!(lang, "remark-log-softmax", why = why, rule = rule)
            }
            Remark::SoftmaxShifted { l, at, overflow } => {
                let max_z = symbol(&Sym::MaxZ { l, at }, n);
                let how = match (overflow, ascii) {
                    (true, true) => tr!(lang, "remark-overflow", inf = "inf"),
                    (true, false) => tr!(lang, "remark-overflow", inf = "∞"),
                    (false, _) => lang.t("remark-underflow-digits"),
                };
                tr!(
                    lang,
                    "remark-softmax-shifted",
                    how = how,
                    shift = format!("{minus}{max_z}")
                )
            }
            Remark::RoundedOnce { l, ix, error } => {
                let aj = a(l, ix);
                let (square, times) = if ascii {
                    (format!("1 - {aj}^2"), format!("1 - {aj}*{aj}"))
                } else {
                    (format!("1 − {aj}²"), format!("1 − {aj}·{aj}"))
                };
                let pm = if ascii { "+-1" } else { "±1" };
                tr!(
                    lang,
                    "remark-rounded-once",
                    square = square,
                    a = aj,
                    pm = pm,
                    times = times,
                    error = num(error)
                )
            }
            Remark::Words {
                unicode,
                ascii: plain,
            } => {
                let english = if ascii { plain } else { unicode };
                // Named after the ASCII sentence, the same for both notations.
                match lang.translated(&crate::i18n::id("remark-words-", plain)) {
                    Some(words) if lang != Lang::En => words,
                    _ => english.to_string(),
                }
            }
            Remark::ReluSelects { l, ix, error } => {
                let (z, delta) = (
                    symbol(&Sym::q(Quantity::Z, l, ix), n),
                    symbol(&Sym::q(Quantity::Delta, l, ix), n),
                );
                let e = num(error);
                let (le, times, prime) = if ascii {
                    ("<=", "*", "'")
                } else {
                    ("≤", "·", "′")
                };
                tr!(
                    lang,
                    "remark-relu-selects",
                    zle = format!("{z} {le} 0"),
                    delta = delta,
                    e = e.as_str(),
                    nan = format!("{e}{times}ReLU{prime}({z}) = {e}{times}0")
                )
            }
        }
    }
}
