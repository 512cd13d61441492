# The words the tutor's pictures, panels and matrix views of each layer kind draw (the dense
# layer's on vectors are in en.ftl). Ids start view-<kind>-.

## conv
view-conv-layer = Layer { $layer }
view-conv-what = conv2d { $kernel }, { $from } { $arrow } { $to } channels, stride { $stride }, padding { $padding }
view-conv-channel = { $name } ch { $n }
view-conv-channel-max = { $name } ch { $n }, * max
view-conv-padded = { $caption }, padded by { $padding }
view-conv-more = + { $n } more
view-conv-cut = { $caption } r{ $r0 }-{ $r1 } c{ $c0 }-{ $c1 }
view-conv-legend-z = { $star } cross-correlation: the kernel is not flipped
view-conv-legend-grad = lit: every input this weight saw
view-conv-legend-delta = * the maximum of its window
view-conv-no-params = Layer { $layer } ({ $kind }) has no parameters: it only moves numbers.
view-conv-kernels-of = Layer { $layer } ({ $kind }) has no parameters; the kernels of layer { $conv }:
view-conv-gradient = { $name }, sample { $n }
view-conv-new-values = { $name }: new values as the update writes them
view-conv-kernels = kernels [o,c]
view-conv-some-kernels = { $shown } of { $all } kernels [o,c]
view-conv-sum-over-c = sum over c of
view-conv-sum-of = sum of
view-conv-note-z = Entry { $at }: each kernel W[{ $o },c] lies over its { $kh }×{ $kw } window of input channel c, the products are summed over the window and over every channel, and the bias is added once. Cross-correlation: the kernel is not flipped.
view-conv-note-a = The activation acts on each entry alone: { $at } of A from { $at } of Z.
view-conv-note-delta = Entry { $at }: the error that reached this number, times the activation's slope at its z.
view-conv-note-dw = Entry { $at }: the input channel slid under δ of map { $o }: every output's δ times the input that this weight met there, summed.
view-conv-note-db = The bias is added at every position of the map, so its gradient is the sum of the map's δ.

## pool
view-pool-what = { $kind } { $kernel }, stride { $stride }
view-pool-max = max
view-pool-mean = mean
view-pool-back = back
view-pool-routed = { $name } back
view-pool-legend-max = * the window's maximum: it alone gets the gradient back
view-pool-legend-mean = each number of a window gets 1/{ $area } of its gradient back
view-pool-note-max = Entry { $at }: the largest number of its { $window } window (the first of equal ones).
view-pool-note-mean = Entry { $at }: the mean of its { $window } window.
view-pool-note-max-back = Entry { $at }: the error reaching this output; going back, all of it goes to its window's maximum, 0 to the rest.
view-pool-note-mean-back = Entry { $at }: the error reaching this output; going back, each number of its window gets 1/{ $area } of it.

## flatten
view-flatten-legend = row-major: channel, then row, then column
view-flatten-more-channels = , and { $n } more channels)
view-flatten-note = Entry { $j } is { $from } of the image: channel by channel, row by row, column by column (row-major, as torch.flatten).

## recurrent (rnn, lstm, and a dense layer on a sequence, drawn unrolled)
view-recurrent-layer = layer { $layer }: { $kind }
view-recurrent-steps = steps { $first } to { $last } of { $steps }
view-recurrent-weights = weights:
view-recurrent-card-h = a unit's state at step t; its z reads the input at t and h at t { $minus } 1
view-recurrent-card-dh = its error { $d }L/{ $d }h: from the output at t plus from t + 1 through W_hh
view-lstm-card-c = an LSTM's cell state c = { $cell }, from gates i, f, g, o
view-rnn-kind = rnn ({ $activation }) unrolled in time
view-lstm-kind = lstm unrolled in time
view-dense-kind = dense ({ $activation }) at every position
view-recurrent-row-sums = row sums of
view-recurrent-sum-over-t = sum over t of
view-recurrent-loss = loss
view-recurrent-sequence-loss = { $formula }, one row of A and Y per position
view-recurrent-from = from
view-recurrent-and = and
view-recurrent-note-z = Row { $row } of { $w_ih } times { $x }, plus { $b_ih }, plus row { $row } of { $w_hh } times { $h } (the state before), plus { $b_hh }.
view-recurrent-note-z-first = Row { $row } of { $w_ih } times { $x }, plus { $b_ih }, (h₀ = 0, so W_hh adds nothing at the first step), plus { $b_hh }.
view-recurrent-note-dh = Row { $row } of { $w_hh }ᵀ is column { $row } of { $w_hh }: the weights from unit { $row } into every row at the next step. Times δ of the next step it is what reaches { $h } from step { $next }; added to what reaches it from the output at step { $step }, it is the total derivative.
view-recurrent-note-grad = Entry ({ $row }, { $col }) sums one product per step: row { $row } of the δs times column { $col } of the other matrix, step by step.

## diagram (the blocks of a transformer: embedding, layer norm, attention, dense)
view-diagram-input = input
view-diagram-tokens = tokens
view-diagram-embedding = embedding
view-diagram-layer-norm = layer norm
view-diagram-attention = attention
view-diagram-heads = { $attention } ×{ $heads }
view-diagram-causal = causal
view-diagram-output = output
view-diagram-dense = dense
view-diagram-position = position
view-diagram-cells = cells: a at feature { $feature } of the lit block

## layernorm
view-norm-stat = { $stat } layer { $layer }

## attention
view-attention-title = Attention
view-attention-layer = layer { $layer }
view-attention-scores = scores S = q·k/√d, masked −∞
view-attention-weights = weights attn = softmax over the keys
view-attention-mask = −∞ mask

## matrices (the matrix view of a transformer's layers)
view-matrices-scores = { $formula } (M: −∞ above the diagonal)
view-matrices-scores-unmasked = { $formula } (M: −∞ above the diagonal, none here)
view-matrices-attn = A = softmax(S), row by row: over the keys
view-matrices-minus-row-sums = − row sums)
view-matrices-context = C = AV (each head's A with its own features of V)
view-matrices-normalised = X̂ = (X − μ) / √(σ² + ε), row by row
view-matrices-embedding = Y = E[x] + P: each position's token's row of E, plus its row of P
view-matrices-rows = { $formula }, row by row
view-matrices-entries = { $formula }, entry by entry
view-matrices-single = { $name }: one row per position; its formula is above
view-matrices-new = { $name } (new)
view-matrices-old = { $name } (old)
view-matrices-update = { $name } { $arrow } { $name } − step, entry by entry (the formula above)
view-matrices-minus-step = − step
