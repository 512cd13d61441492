# What each step's number is, in words: a layer kind's steps and the loss.
# English is written by the kinds themselves (`Explain::describe`); these messages serve the
# translations (`Explain::describe_in`), and the English ones keep the ids and variables in step.

## A dense layer and the loss
desc-loss = loss of sample { $sample } ({ $loss })
desc-input = input { $j }
desc-output-neuron = output neuron { $j }
desc-hidden-neuron = hidden neuron { $j }
desc-layer-neuron = neuron { $j } of hidden layer { $l }
desc-z = weighted input of { $neuron }
desc-a = activation ({ $activation }) of { $neuron }
desc-delta = error signal ∂L/∂z of { $neuron }
desc-weight = weight from { $from } to { $to }
desc-bias = bias of { $neuron }
desc-grad = gradient of the loss for the { $param }
desc-updated = updated { $param }
desc-state = { $moment } of the { $param }
desc-moment-m = Adam's first moment (running mean of gradients)
desc-moment-v = Adam's second moment (running mean of squared gradients)
desc-moment-velocity = momentum velocity
desc-moment-mhat = bias-corrected first moment
desc-moment-vhat = bias-corrected second moment
desc-moment-decayed = AdamW's decayed value (before the Adam step)
desc-at-sample = , sample { $sample }
desc-at-update = , update after batch { $batch }
