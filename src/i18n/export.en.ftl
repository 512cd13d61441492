# The prose of the Markdown and plain-text exports (`export`, and a variant's answer key), beside
# their headings in en.ftl. Formulas, step names, anchors and numbers come in as arguments.

## Joining words

md-sentence-gap = {" "}
md-list-sep = ,{" "}
md-and = { $init } and { $last }

## The top of the document

md-long-document = > **A long document:** { $steps } steps. GitHub renders Markdown files only up to about 512 KB, so read this one in an editor, or export less with `--epoch` and `--sample`.
md-diverges-sample = > **Training diverges:** { $name } of epoch { $epoch }, sample { $sample }, is { $value }. The numbers after it are not meaningful; a smaller learning rate may help.
md-diverges-update = > **Training diverges:** { $name } of epoch { $epoch }, the update of batch { $batch }, is { $value }. The numbers after it are not meaningful; a smaller learning rate may help.

## The network and its layers

md-col-layer = layer
md-col-neurons = neurons
md-col-activation = activation
md-col-trains = trains
md-col-kind = kind
md-col-settings = settings
md-col-output = output
md-col-block = block
md-role = { $role ->
    [input] input
    [output] output
   *[hidden] hidden
}
md-layer-cell = { $l } ({ $role })
md-trains-all = weights and biases
md-trains-weights = weights only (biases fixed)
md-trains-none = no (frozen)
md-trains-some = { $trained } ({ $frozen } frozen)
md-input-values = input x<br/>{ $n } values
md-input-shape = input x<br/>{ $dims }
md-block-layer = layer { $l }: { $kind }<br/>{ $dims } out, { $activation }
md-dense-block = layer { $l }: { $n } neurons, { $activation }<br/>{ $weights }, b { $n }
md-dense-weights = { $n } weights
md-dense-words = dense, { $n ->
    [one] { $n } neuron
   *[other] { $n } neurons
}, { $activation }
md-rnn-words = rnn, { $units ->
    [one] { $units } unit
   *[other] { $units } units
}, { $activation }
md-lstm-words = lstm, { $units ->
    [one] { $units } unit
   *[other] { $units } units
}
md-edge-from = from { $neuron }
md-edge-to = to { $neuron }
md-edges-labelled = Each edge is a weight { $w }, labelled with its initial value.
md-edges-some-tabled = Each edge is a weight { $w }: labelled with its initial value where labels stay readable, else tabled below by the neurons it joins.
md-edges-tabled = Each edge is a weight { $w }; with more than two neurons a side their labels would overlap, so the initial values are tabled below by the neurons each joins.
md-neuron-bias = Each neuron shows its initial bias b.
md-wide-blocks = A layer of more than 8 neurons is one block with its counts inside, the edge into it the count of its weights (the parameters below, and the JSON export, have every value).
md-rnn-carries = its state h carries from each step to the next through W_hh ({ $h0 } = 0)
md-lstm-carries = its states carry from each step to the next, h through W_hh and the cell state c through the forget gate ({ $h0 } = { $c0 } = 0)
md-unrolled = Layer { $l } ({ $words }) is drawn unrolled over its { $steps } steps: { $carries }, and every step uses the same weights.
md-positionwise = Layer { $l } ({ $words }) acts at each of its { $steps } positions with the same weights.
md-middle-steps = The middle steps are left out ({ $dots }); every number is in the JSON export.

## A transformer's blocks

md-block-input = input
md-block-tokens = tokens
md-tokens = { $n } tokens
md-block-embedding = embedding
md-block-layer-norm = layer norm
md-block-attention = attention{ $heads }
md-block-attention-causal = attention{ $heads } causal
md-block-dense = dense{ $activation }{ $lora }
md-block-output = output{ $activation }{ $lora }
md-attention-weights = weights, softmax of each query's scores over the keys
md-attention-dscore = ∂L/∂S, through the softmax
md-attention-of = **Attention of layer { $l }** ({ $what }): one row per query t, one column per key s.
md-attention-of-head = **Attention of layer { $l }, head { $head }** ({ $what }): one row per query t, one column per key s.
md-masked = masked
md-attention-middle = (The middle rows and columns are left out; the JSON export has every weight.)

## The loss, the optimizer, the batches, the data

md-loss-line = **Loss:** { $loss }, the loss of one sample; the loss of a batch is the mean over its samples.
md-saturation-bce = As in PyTorch's BCELoss, each logarithm is taken at least −100 and the gradient divides by max(a(1 − a), 10⁻¹²), so a saturated sigmoid costs at most 100 and nothing becomes NaN; where a clamp acts, the step's formula shows it.
md-saturation-ce = As in PyTorch's CrossEntropyLoss, ln a is computed from the logits as log-softmax, z − max z − ln Σ e^(z − max z), so the loss is finite whenever the logits are; where an output underflows to 0, the step's formula is written that way.
md-optimizer-line = **Optimizer:** { $words }
md-opt-sgd = plain stochastic gradient descent ({ $name }), learning rate { $eta } = { $rate }. Every trainable parameter p moves against the batch-mean gradient:
md-opt-momentum = stochastic gradient descent with momentum ({ $name }), learning rate { $eta } = { $rate }, momentum { $mu } = { $momentum }. Each parameter p keeps a velocity v that starts at 0 (so the first v is the gradient, as in PyTorch):
md-opt-adam = Adam ({ $name }), learning rate { $eta } = { $rate }, { $b1 } = { $beta1 }, { $b2 } = { $beta2 }, { $eps } = { $epsilon }. Each parameter p keeps moments m and v that start at 0; t counts the updates, from 1:
md-opt-adamw = AdamW ({ $name }), learning rate { $eta } = { $rate }, { $b1 } = { $beta1 }, { $b2 } = { $beta2 }, { $eps } = { $epsilon }, weight decay λ = { $decay }. Each step first decays the parameter, { $rule }, then takes Adam's step from { $decayed }; m and v start at 0; t counts the updates, from 1:
md-batches = **Batch size:** { $size }: { $batch ->
    [one] the parameters are updated after every sample
   *[other] the parameters are updated after every { $batch } samples with the mean of their gradients
} ({ $updates ->
    [one] 1 update per epoch
   *[other] { $updates } updates per epoch
}). **Epochs:** { $epochs }. **Samples:** { $samples }.
md-notes-here = The lesson's notes describe epoch 1, sample 1 and its update: they are quoted there, beside the steps they discuss.
md-notes-elsewhere = The lesson's notes describe epoch 1, sample 1 and its update, which this document does not show; `--epoch 1 --sample 1` shows them beside their numbers.
md-data = **Data:**
md-col-sample = sample
md-col-input-x = input x
md-col-target-y = target y
md-data-selected = The data has { $total } samples; the table lists { $shown } of the { $selected } selected.
md-data-first = The first 10 of { $total } samples; the JSON export lists them all.
md-values-in-all = ({ $n } values in all)
md-values = ({ $n } values)

## Parameters

md-layer-block = Layer { $l }, { $label }:
md-matrix-size = { $name } is { $size }
md-large-matrices = Large matrices show their first rows and columns and their last ({ $list }); the JSON export has every value.
md-final-words = After { $epochs ->
    [one] its one epoch
   *[other] all { $count } epochs
} of training (whatever part of it this document shows).
md-more-kernels = { $n ->
    [one] and { $n } more kernel
   *[other] and { $n } more kernels
}
md-start-words = What the first step shown here reads: the parameters after { $updates ->
    [one] { $count } update
   *[other] { $count } updates
} of training.

## Samples and their steps

md-rule = **The rule,** for every neuron j of every layer l (k runs over the neurons of layer l − 1, or l + 1 going back):
md-rule-through-time = **Through time,** for a recurrent layer at each step t (forward t = 1..T, back t = T..1):
md-rule-lstm-note-latex = \text{"{"}(lstm; rows stacked {"}"} i, f, g, o\text{"{"}; {"}"} c_0 = 0)
md-rule-lstm-ascii = i, f, o = sigmoid(z rows i, f, o); g = tanh(z rows g); c[t] = f (*) c[t-1] + i (*) g; h[t] = o (*) tanh(c[t])   (lstm; rows stacked i, f, g, o; c[0] = 0)
md-rule-dh-note-latex = \text{"{"}(from the output at {"}"} t \text{"{"}, and from step {"}"} t + 1\text{"{"}){"}"}
md-rule-dh-note-ascii = (from the output at t, and from step t + 1)
md-rule-dc-note-latex = \text{"{"}(lstm: the cell path){"}"}
md-rule-dc-note-ascii = (lstm: the cell path)
md-rule-sums-ascii = dL/dW_ih = sum over t of delta[t] x[t]^T, dL/dW_hh = sum over t >= 2 of delta[t] h[t-1]^T, dL/db_ih = dL/db_hh = sum over t of delta[t]
md-rows-ifgo-latex = \text{"{"}rows {"}"} i, f, g, o
md-rows-ifgo-ascii = rows i, f, g, o
md-col-step = step
md-col-with-numbers = with the numbers
md-col-value = value
md-col-what = what it is
md-col-formula = formula
md-more-steps = { $n ->
    [one] { $count } more step
   *[other] { $count } more steps
} of wide layers (every one is in the JSON export, or here with `--sample`)
md-chain-rule = Chain rule, factor by factor:
md-where = Where:
md-term-label = *{ $label }:*
md-note = **Note:** { $text }
md-word-via = via
md-ascii-sum = sum over { $i } of
md-ascii-sum-to = sum over { $i } = 1..{ $n } of
md-more-terms-together = ({ $n } more terms, together)
md-matrix-form = **In matrix form,** the same numbers layer by layer:
md-matrix-form-odot = **In matrix form,** the same numbers layer by layer ({ $odot } multiplies entry by entry):
md-epoch-loss = **Loss of epoch { $epoch }:** { $loss } ({ $n ->
    [one] the loss of its one sample
   *[other] the mean of the losses of its { $count } samples, each with the parameters of its moment
}).

## Updates

md-updated-with = Every trainable parameter is updated with { $samples ->
    [one] the gradient of sample { $first }
   *[other] the mean of the gradients of samples { $first } to { $last }
}{ $hidden ->
    [yes] {" "}(samples outside the selection are not shown above, but count)
   *[no] {""}
}.
md-batch-mean = **The batch mean.** The update uses the mean of the { $n } samples' gradients; for { $name } it is (the other parameters' means are in the gradient column below):
md-frozen-params = Layer { $l } ({ $role }) is frozen: its parameters stay as they are.
md-frozen-weights = Layer { $l } ({ $role }) is frozen: its weights and biases stay as they are.
md-layer-heading = Layer { $l } ({ $role }):
md-layer-heading-frozen = Layer { $l } ({ $role }; { $frozen } frozen):
md-layer-heading-fixed-biases = Layer { $l } ({ $role }) (its biases are fixed):
md-col-parameter = parameter
md-col-before = before
md-col-gradient = gradient
md-col-after = after
md-col-update-step = step { $size }
md-col-velocity = velocity v
md-col-decayed = decayed
md-optimizer-state = The optimizer's state after this update:
md-params-more = { $dots } { $n } more
md-params-more-where = (every parameter is in the JSON export, or here with `--sample`)
md-loss-after = **Loss after the update:** { $samples ->
    [one] the loss of sample { $first }
   *[other] the mean loss of samples { $first } to { $last }
} was { $before } with the parameters before this update; with the new ones it is **{ $after }**{ $change ->
    [down] , down { $percent }%
    [up] , up { $percent }%
   *[none] {""}
}.

## The loss per epoch

md-losses-words = The mean of the per-sample losses over each epoch, each sample's loss taken with the parameters of its moment, for the whole run.
md-col-epoch = epoch
md-col-mean-loss = mean loss
md-why-first = the first epoch
md-why-after = after { $n ->
    [one] { $n } update
   *[other] { $n } updates
}
md-why-lowest = the lowest
md-why-not-finite = the first that is not finite
md-why-half = first below half the first epoch's
md-why-below = first below { $value }
md-why-last = the last
md-after-training = after training
md-trained-network = the trained network: the mean loss of { $n ->
    [one] its one sample
   *[other] all { $count } samples
} with the final parameters
md-losses-stride = Of { $epochs } epochs the table shows those marked and every { $stride ->
    [1] epoch
    [2] 2nd
    [3] 3rd
   *[other] { $stride }th
}; the JSON export lists every epoch.

## Anchors

md-anchors-words = Every step has an anchor (an HTML `id`) made from where it is and its name, with the name's parentheses, brackets and commas turned into hyphens: `e` and the epoch, then `s` and the sample (or `b` and the batch, for an update), then the name. A step worked out has it on its heading, any other on its row of a table. In this document:
md-cite-sample = { $name } of epoch { $epoch }, sample { $sample }
md-cite-update = { $name } of epoch { $epoch }, the update of batch { $batch }
md-anchor-is = { $link } is { $words };
md-anchor-row = { $link } is { $name } in its table;
md-section-epoch = an epoch
md-section-sample = a sample
md-section-phase = a phase of it
md-section-update = an update
md-section-item = { $link } ({ $what })
md-sections = sections: { $list }.
md-anchors-parts = And `#lesson`, `#network`, `#initial`, `#losses`, `#final`, `#anchors` for the parts of the document.
md-anchors-left-out = Steps this document leaves out (of wide layers, or of epochs and samples it does not show) have no anchor here: export them with `--epoch` and `--sample`.

## A variant's answer key

md-key-title = Answer key: { $title } — variant { $variant }
md-key-intro = Epoch 1: every sample of the first batch — forward pass, loss, backward pass — then its update. Values are exact to the digits shown; a learner's answer is graded to the digits they write.
md-key-starts = What the variant starts from
md-key-layer = layer { $l } ({ $activation }): { $params }
md-key-sample = sample { $sample }: { $values }
md-key-loss = loss { $loss }, optimizer { $optimizer } with η = { $rate }
md-key-update = Update after batch 1
md-key-sample-phase = Sample { $sample }: { $phase }
md-key-phase = { $phase ->
    [forward] forward pass
    [loss] loss
    [backward] backward pass
   *[update] update
}
