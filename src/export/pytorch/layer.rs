//! What a layer kind says about itself in a PyTorch script: the contract [`PytorchLayer`],
//! which every kind implements in its own folder (`src/layers/<kind>/pytorch.rs`), and the
//! pieces of Python it hands back.
//!
//! The script the kinds take part in (see [`super`]) is the one a learner would write:
//!
//! ```python
//! class Net(nn.Module):
//!     def __init__(self):
//!         super().__init__()
//!         self.layer1 = nn.Linear(2, 2)         # PytorchLayer::torch_modules
//!         self.layer2 = nn.Linear(2, 2)
//!
//!     def forward(self, a0):                    # a0: a batch of inputs, (B, *input shape)
//!         z1 = self.layer1(a0)                  # PytorchLayer::torch_forward: from its input
//!         a1 = torch.sigmoid(z1)                #   to its output
//!         z2 = self.layer2(a1)
//!         a2 = torch.sigmoid(z2)
//!         return {"z1": z1, "a1": a1, "z2": z2, "a2": a2}   # Forward::tensors, and each a
//!
//! model.layer1.weight.copy_(...)                # PytorchLayer::torch_parameters
//! t = model(x)                                  # sample 1, as a batch of one
//! for v in t.values(): v.retain_grad()          # so z1.grad is δ⁽¹⁾
//! ...
//! cmp("delta(1)", [...], z1.grad[0])            # PytorchLayer::torch_traced: delta(1) is z1.grad
//! ```
//!
//! Everything else is generic and needs nothing from a kind: the data, the loss (with
//! PyTorch's reduction: a batch's loss is the mean over its samples, a sequence's the mean
//! over its positions), a residual connection (`a2 = out2 + a1` after the kind's code), the
//! optimizer and its state, frozen tensors (left out of the optimizer), the training loop, and
//! the checks of a(l), of every parameter's gradient, update, optimizer state and final value.

use crate::lesson::Layer;
use crate::trace::{Quantity, Tensor};

/// A layer kind in a PyTorch float64 script. Part of the layer-kind contract
/// ([`crate::layers::LayerKind`] requires it), so every kind says how a learner would build
/// it in PyTorch, and the script checks every traced number of the kind against PyTorch's.
///
/// A kind answers for one layer of one lesson at a time; [`LayerNames`] gives the Python
/// names it must use (its module attribute, its input and output variables, its own
/// variables), so that layers never collide. The code a kind returns is Python source
/// without indentation: the script indents it where it goes. Write numbers with
/// [`python_float`](super::python_float) (full precision).
pub trait PytorchLayer {
    /// The modules the layer builds in `Net.__init__`, in order: `nn.Linear(2, 2)` for a
    /// dense layer; `nn.Conv2d(1, 2, 3, stride=1, padding=0)`; a kind PyTorch has no module
    /// for may build a module of its own from `nn.Parameter`s (say so in the comment). The
    /// modules' parameters must have the shapes of [`Layer::specs`] (they are what the lesson
    /// file writes); their values are copied in afterwards, so initialisation does not matter.
    fn torch_modules(&self, layer: &Layer, names: &LayerNames) -> Vec<Module>;

    /// Where each parameter tensor of the layer lives, one [`ParamRef`] per entry of
    /// [`Layer::specs`], in that order: `layer1.weight` and `layer1.bias` for a dense layer.
    /// The script copies the lesson's values in through them, hands the trainable ones to the
    /// optimizer, and reads their gradients (`dw(l)`, `dw_ih(l)`, …), their values after the
    /// first update and at the end (`w(l)`, …) and their optimizer state (`m(l)`, `v_w_ih(l)`,
    /// …) through them. A tensor that is part of a larger PyTorch parameter (W_q in
    /// `in_proj_weight`) is a slice of it; all tensors sharing one PyTorch parameter must
    /// train or be frozen together.
    fn torch_parameters(&self, layer: &Layer, names: &LayerNames) -> Vec<ParamRef>;

    /// The layer's forward pass in `Net.forward` for a batch: Python statements that read
    /// [`LayerNames::input`] (shape `(B, *layer.input.dims())`) and assign
    /// [`LayerNames::output`] (`(B, *layer.output.dims())`, the layer's own output before a
    /// residual, which the script adds), and the variables they define that [`torch_traced`]
    /// names (they are returned from `forward`, and gradients are kept for each of them).
    ///
    /// [`torch_traced`]: PytorchLayer::torch_traced
    fn torch_forward(&self, layer: &Layer, names: &LayerNames) -> Forward;

    /// The tensors holding the layer's traced quantities for one sample, other than its
    /// output a(l) and its parameters' gradients (which the script finds itself): for a dense
    /// layer `z(l)` is `z1` and `delta(l)` is `z1.grad`. One [`Traced`] for every quantity the
    /// kind's forward and backward steps ([`Steps`](crate::trace::kind::Steps)) name in this
    /// layer: `z`, `delta`, and a recurrent layer's `h`, an LSTM's `c`, attention's `attn`, ….
    /// A quantity no entry names cannot be checked, and the export refuses the lesson.
    fn torch_traced(&self, layer: &Layer, names: &LayerNames) -> Vec<Traced>;

    /// The layer's parameter tensors whose gradient is 0 in exact arithmetic, so that each
    /// side computes its own rounding noise there instead (attention's key bias, which adds
    /// the same number to every score of a query). Adam divides that noise by √v̂ + ε and so
    /// moves such a tensor a little every step, differently on each side: the script holds
    /// its values after updates to a millionth of η per optimizer step (`NOISE`), not to
    /// 1e-9 of their size. None by default.
    fn torch_zero_gradients(&self, _layer: &Layer) -> Vec<Tensor> {
        Vec::new()
    }
}

/// The Python names one layer's code uses. Layer `l`'s output variable is `a{l}` (the input is
/// `a0`); its own variables end in `l` too (`z1`, `h1`), so layers never collide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerNames {
    l: usize,
    input: String,
    output: String,
}

impl LayerNames {
    /// The names of layer `l`, whose own output is `output` (`a{l}`, or `out{l}` when a
    /// residual is added to it).
    pub fn new(l: usize, output: String) -> Self {
        LayerNames {
            l,
            input: format!("a{}", l - 1),
            output,
        }
    }

    /// The layer's number, from 1.
    pub fn layer(&self) -> usize {
        self.l
    }

    /// The module attribute of the layer: `layer1` (`self.layer1` in `Net`, `model.layer1`
    /// outside it).
    pub fn module(&self) -> String {
        format!("layer{}", self.l)
    }

    /// Another module attribute of the layer, for a kind that builds several: `layer1_lora`.
    pub fn module_part(&self, part: &str) -> String {
        format!("layer{}_{part}", self.l)
    }

    /// The variable holding the layer's input: the output of the layer below, `a{l−1}`
    /// (`a0` is the input of the network, a batch `(B, *input shape)`).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The variable the layer's code assigns its own output to (before a residual).
    pub fn output(&self) -> &str {
        &self.output
    }

    /// One of the layer's own variables: `var("z")` is `z1` in layer 1.
    pub fn var(&self, stem: &str) -> String {
        format!("{stem}{}", self.l)
    }
}

/// One module a layer builds: `self.{attr} = {build}` in `Net.__init__`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// Its attribute ([`LayerNames::module`] or [`LayerNames::module_part`]).
    pub attr: String,
    /// The Python expression that builds it: `nn.Linear(2, 2)`.
    pub build: String,
}

/// Where one parameter tensor lives in the model: `{path}{slice}` is the tensor, and
/// `model.{path}` the PyTorch parameter it is (part of).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamRef {
    /// The parameter's path from the model: `layer1.weight`.
    pub path: String,
    /// Python indexing that selects the tensor within the parameter (`[0:4]` for W_q in
    /// `in_proj_weight`); empty when it is the whole parameter.
    pub slice: String,
}

impl ParamRef {
    /// A whole PyTorch parameter.
    pub fn whole(path: impl Into<String>) -> Self {
        ParamRef {
            path: path.into(),
            slice: String::new(),
        }
    }

    /// Part of a PyTorch parameter: `slice` such as `[0:4]`.
    pub fn part(path: impl Into<String>, slice: impl Into<String>) -> Self {
        ParamRef {
            path: path.into(),
            slice: slice.into(),
        }
    }

    /// The PyTorch parameter, as the script names it: `model.layer1.weight`.
    pub fn parameter(&self) -> String {
        format!("model.{}", self.path)
    }

    /// The tensor itself: `model.layer1.weight` (and its slice).
    pub fn tensor(&self) -> String {
        format!("model.{}{}", self.path, self.slice)
    }

    /// Its gradient after a backward pass: `model.layer1.weight.grad`.
    pub fn grad(&self) -> String {
        format!("model.{}.grad{}", self.path, self.slice)
    }
}

/// A layer's forward pass in `Net.forward`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Forward {
    /// Python statements, in order, from [`LayerNames::input`] to [`LayerNames::output`].
    pub code: Vec<String>,
    /// The variables the code defines that [`PytorchLayer::torch_traced`] reads (`z1`): returned
    /// from `forward` by name, and their gradients kept (`retain_grad`), so `z1.grad` is
    /// ∂L/∂z⁽¹⁾. Each must be a tensor that depends on a parameter or the input.
    pub tensors: Vec<String>,
    /// The variables the code defines that hold a Python list of tensors, one per time step
    /// (`z1_steps`, whose entry t − 1 is z_t): returned from `forward` by name like
    /// [`tensors`](Forward::tensors), and the gradient of each tensor in them kept, so that
    /// `torch.stack([z.grad for z in z1_steps], dim=1)` is δ at every step. A kind that
    /// computes a recurrence step by step needs them: a tensor stacked from the steps is not
    /// on the loss's path, so its own `.grad` would stay empty.
    pub lists: Vec<String>,
    /// On an output layer with a softmax, the variable holding the logits it is taken of
    /// (`z2`): `CrossEntropyLoss` is computed from them, as PyTorch's users do. `None` for a
    /// kind without a softmax.
    pub logits: Option<String>,
    /// Where the code writes out step by step what a PyTorch module computes in one call
    /// (so that every inner number has a tensor and a gradient), the checks that it is that
    /// module's computation: empty when the code calls the module itself.
    pub same_as: Vec<SameAs>,
}

impl Forward {
    /// A forward pass of these statements, keeping `tensors`.
    pub fn new(code: Vec<String>, tensors: Vec<String>) -> Self {
        Forward {
            code,
            tensors,
            lists: Vec::new(),
            logits: None,
            same_as: Vec::new(),
        }
    }

    /// The same, also keeping the lists of per-step tensors `lists`.
    pub fn with_lists(mut self, lists: Vec<String>) -> Self {
        self.lists = lists;
        self
    }

    /// Every variable `forward` returns for this layer: its tensors, then its lists.
    pub fn returned(&self) -> impl Iterator<Item = &String> {
        self.tensors.iter().chain(&self.lists)
    }

    /// The same, with the logits of a softmax in `var`.
    pub fn with_logits(mut self, var: impl Into<String>) -> Self {
        self.logits = Some(var.into());
        self
    }

    /// The same, with a check that a tensor of the code is what a module computes.
    pub fn with_check(mut self, check: SameAs) -> Self {
        self.same_as.push(check);
        self
    }
}

/// A tensor of a layer's written-out code against the PyTorch module whose computation it
/// writes out, on sample 1: `cmp(label, ours, module)` with both PyTorch's. The expressions
/// are evaluated in the script's `main` after sample 1's forward pass, where `model` is the
/// network, `a0` its input and every variable of [`Forward::tensors`] (and each `a{l}`) the
/// forward pass's tensor of that name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameAs {
    /// The line's label: `a2 = LayerNorm`.
    pub label: String,
    /// The tensor of the written-out code: `out2`.
    pub ours: String,
    /// The module's own result for the same input: `model.layer2(a1)`.
    pub module: String,
}

impl SameAs {
    /// `ours` must equal `module`, under `label`.
    pub fn new(
        label: impl Into<String>,
        ours: impl Into<String>,
        module: impl Into<String>,
    ) -> Self {
        SameAs {
            label: label.into(),
            ours: ours.into(),
            module: module.into(),
        }
    }
}

/// Which tensor holds one traced quantity of a layer for one sample, run as a batch of one.
///
/// `tensor` is a Python expression, evaluated after the backward pass of that sample, whose
/// first axis is the batch (of one) and whose other axes are the step names' indices in
/// order: entry `[0, i, j]` is `{quantity}(l)[i+1,j+1]`. `z1` holds `z(1)[j]` at `[0, j−1]`;
/// `z1.grad` holds `delta(1)[j]`; a convolution's `z1` holds `z(1)[c,i,j]` at
/// `[0, c−1, i−1, j−1]`; a recurrent layer's `h(l)[t,j]` is `h1[0, t−1, j−1]` when it runs
/// `batch_first`. A kind that computes a quantity in pieces (one tensor per time step)
/// stacks them here, e.g. `torch.stack([z.grad for z in z1_steps], dim=1)`, and keeps the
/// list of pieces in [`Forward::lists`]; the script names such an expression before it
/// indexes it (`delta1 = torch.stack(…)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    /// The quantity of the steps: [`Quantity::Z`], [`Quantity::Delta`], ….
    pub quantity: Quantity,
    /// The Python expression of the tensor holding all of them.
    pub tensor: String,
}

impl Traced {
    /// `quantity` is held by `tensor`.
    pub fn new(quantity: Quantity, tensor: impl Into<String>) -> Self {
        Traced {
            quantity,
            tensor: tensor.into(),
        }
    }
}
