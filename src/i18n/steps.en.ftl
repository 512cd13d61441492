# What each step's number is, in words: a layer kind's steps and the loss.
# A kind says its steps in these messages in every language (`Explain::describe` is the English
# of `Explain::describe_in`), so a sentence's numbers are worked out once and only its words
# are the language's; every id is in steps.zh.ftl with the same variables (a test checks).

## The loss
desc-loss = loss of sample { $sample } ({ $loss })
desc-at-sample = , sample { $sample }
desc-at-update = , update after batch { $batch }

## Shared by the kinds: updates, optimizer states, the layer below, two clauses
desc-grad = gradient of the loss for the { $param }
desc-updated = updated { $param }
desc-state = { $moment } of the { $param }
desc-moment-m = Adam's first moment (running mean of gradients)
desc-moment-v = Adam's second moment (running mean of squared gradients)
desc-moment-velocity = momentum velocity
desc-moment-mhat = bias-corrected first moment
desc-moment-vhat = bias-corrected second moment
desc-moment-decayed = AdamW's decayed value (before the Adam step)
desc-the-input = the input
desc-layer = layer { $layer }
desc-layer-output = layer { $layer }'s output
desc-feature-delta = error signal ∂L/∂a of feature { $feature } at position { $position }
desc-clauses = { $first }; { $then }

## dense
desc-input = input { $j }
desc-output-neuron = output neuron { $j }
desc-hidden-neuron = hidden neuron { $j }
desc-layer-neuron = neuron { $j } of hidden layer { $l }
desc-dense-at-position = { $neuron } at position { $position }
desc-z = weighted input of { $neuron }
desc-a = activation ({ $activation }) of { $neuron }
desc-delta = error signal ∂L/∂z of { $neuron }
desc-weight = weight from { $from } to { $to }
desc-bias = bias of { $neuron }
desc-dense-lora-down = LoRA's down projection A·a, rank { $rank }
desc-dense-lora-ddown = ∂L/∂ of LoRA's down projection, rank { $rank }
desc-dense-lora-grad = gradient of the loss for LoRA's { $tensor }[{ $index }]
desc-dense-lora-updated = updated LoRA's { $tensor }[{ $index }]
desc-dense-lora-state = { $moment } of LoRA's { $tensor }[{ $index }]

## conv2d
desc-conv-at = feature map { $map } at row { $row }, column { $col }
desc-conv-input-image = the input image
desc-conv-channels = each of the { $count } channels of { $of }, summed
desc-conv-z = weighted input of { $at }: the { $kernel } kernel laid over rows { $top } to { $bottom }, columns { $left } to { $right } of { $channels } (cross-correlation, the kernel not flipped, as nn.Conv2d computes), plus the map's bias{ $padding }
desc-conv-padding = ; the window reaches over the edge, where the padding's 0s stand
desc-conv-a = activation ({ $activation }) of { $at }
desc-conv-delta = error signal ∂L/∂z of { $at }
desc-conv-weight = kernel weight of map { $map }, input channel { $channel }, kernel row { $row }, column { $col }
desc-conv-bias = bias of feature map { $map }
desc-conv-grad-weight = gradient of the loss for the { $weight }: input channel { $channel } correlated with the δ of map { $map } — the sum over every output of its δ times the input this weight saw there
desc-conv-grad-bias = gradient of the loss for the bias of feature map { $map }: the sum of the map's δ over all { $positions } of its positions, each of which the bias was added to
desc-conv-passed-back = the error passed back from layer { $from } is the sum over every output of its { $kernel } kernel whose window read this number, of the weight that read it times that output's δ — what textbooks call the full convolution of δ⁽{ $from }⁾ with the flipped kernel

## maxpool2d, avgpool2d
desc-pool-at = map { $map } at row { $row }, column { $col }
desc-pool-max-a = max pool output, { $at }: the largest number (the first of equal ones) of the { $kernel } window over rows { $top } to { $bottom }, columns { $left } to { $right } of map { $map } of { $source }
desc-pool-avg-a = average pool output, { $at }: the mean of the { $kernel } window over rows { $top } to { $bottom }, columns { $left } to { $right } of map { $map } of { $source }
desc-pool-max-delta = error ∂L/∂a reaching the max pool output, { $at }
desc-pool-avg-delta = error ∂L/∂a reaching the average pool output, { $at }
desc-pool-max-routed = in turn this error goes back only to its window's maximum
desc-pool-avg-routed = in turn this error is shared equally by its window's numbers
desc-pool-max-passed-back = the max pool of layer { $from } passes each window's error only to the window's maximum (the first of equal ones); every other number of the window gets 0
desc-pool-avg-passed-back = the average pool of layer { $from } shares each window's error equally, 1/{ $area } of it to every number of the window

## flatten
desc-flatten-place = channel { $channel }, row { $row }, column { $col }
desc-flatten-a = number { $number } of the flattened vector: { $place } of { $below }, in row-major order: ({ $channel } − 1)·{ $plane } + ({ $row } − 1)·{ $width } + { $col } = { $number }
desc-flatten-delta = error ∂L/∂a reaching number { $number } of the flattened vector; it goes back to { $place } of { $below }
desc-flatten-passed-back = the flatten of layer { $from } hands each number's error back to the place it came from

## rnn, lstm: what both say
desc-recurrent-unit = hidden unit { $unit } at step { $step }
desc-recurrent-row = hidden unit { $unit }
desc-recurrent-gate-row = the { $gate } of unit { $unit } (row { $row })
desc-recurrent-input-weight = input weight from input { $input } to { $row }
desc-recurrent-weight = recurrent weight from hidden unit { $unit } (the state before) to { $row }
desc-recurrent-input-bias = input bias of { $row }
desc-recurrent-bias = recurrent bias of { $row }
desc-recurrent-delta = error signal ∂L/∂z of { $unit }
desc-recurrent-output = output of layer { $layer } at step { $step }: the hidden state of unit { $unit }
desc-recurrent-output-last = output of layer { $layer }: the hidden state of unit { $unit } at the last step, { $step }
desc-recurrent-grad = gradient of the loss for the { $param }, summed over all { $steps } steps
desc-recurrent-grad-one = gradient of the loss for the { $param }, summed over its one step

## rnn
desc-rnn-z = weighted input of { $unit }: W_ih times the input, plus W_hh times the state before it, plus both biases
desc-rnn-h = hidden state ({ $activation }) of { $unit }
desc-rnn-dh = error reaching the hidden state of { $unit }: from the output at its step and from the step after it

## lstm
desc-lstm-input-gate = input gate
desc-lstm-forget-gate = forget gate
desc-lstm-cell-candidate = cell candidate
desc-lstm-output-gate = output gate
desc-lstm-row = the { $gate } of unit { $unit } at step { $step } (row { $row } of the stacked gates i, f, g, o)
desc-lstm-z = weighted input of { $row }
desc-lstm-gate = { $gate } of unit { $unit } at step { $step }: { $function } of its row of z
desc-lstm-c = cell state of { $unit }: the forget gate times the cell state before (c₀ = 0), plus the input gate times the candidate
desc-lstm-h = hidden state of { $unit }: the output gate times tanh of the cell state
desc-lstm-dh = error reaching the hidden state of { $unit }: from the output at its step and from the step after it through W_hh
desc-lstm-dc = error reaching the cell state of { $unit }: through h at its step, and from the step after it through the forget gate

## embedding
desc-embedding-a = feature { $feature } of position { $position }: its token's embedding plus the position's
desc-embedding-grad-token = gradient of the loss for feature { $feature } of token { $token }'s embedding
desc-embedding-grad-position = gradient of the loss for feature { $feature } of position { $position }
desc-embedding-updated-token = updated feature { $feature } of token { $token }'s embedding
desc-embedding-updated-position = updated feature { $feature } of position { $position }
desc-embedding-state-token = { $moment } of entry [{ $row },{ $col }] of the embedding table
desc-embedding-state-position = { $moment } of entry [{ $row },{ $col }] of the position table

## layernorm
desc-norm-scale = scale γ of feature { $feature }
desc-norm-shift = shift β of feature { $feature }
desc-norm-mean = mean μ of position { $position }'s features
desc-norm-variance = variance σ² of position { $position }'s features
desc-norm-xhat = normalised feature { $feature } of position { $position }
desc-norm-a = layer norm's output, feature { $feature } of position { $position }
desc-norm-dxhat = ∂L/∂x̂ of feature { $feature } at position { $position }
desc-norm-dx = error passed to the input, feature { $feature } at position { $position }: directly, through μ and through σ²

## attention
desc-attention-pair = of query { $query } for key { $key }
desc-attention-pair-head = of query { $query } for key { $key } in head { $head }
desc-attention-query = query feature { $feature } at position { $position }
desc-attention-key = key feature { $feature } at position { $position }
desc-attention-value = value feature { $feature } at position { $position }
desc-attention-context = context feature { $feature } at position { $position }
desc-attention-score = scaled score { $pair }
desc-attention-weight = attention weight { $pair }
desc-attention-a = attention's output, feature { $feature } at position { $position }
desc-attention-dcontext = ∂L/∂ of context feature { $feature } at position { $position }
desc-attention-dweight = ∂L/∂ of the attention weight { $pair }
desc-attention-dscore = ∂L/∂ of the score { $pair }
desc-attention-dquery = ∂L/∂ of query feature { $feature } at position { $position }
desc-attention-dkey = ∂L/∂ of key feature { $feature } at position { $position }
desc-attention-dvalue = ∂L/∂ of value feature { $feature } at position { $position }
desc-attention-param = { $tensor } { $entry }
desc-attention-wq = query weight
desc-attention-wk = key weight
desc-attention-wv = value weight
desc-attention-wo = output weight
desc-attention-bq = query bias
desc-attention-bk = key bias
desc-attention-bv = value bias
desc-attention-bo = output bias
