# Errors of lessons, in English: what a lesson file, its CSV and .npy data files or a layer kind's
# settings are refused for (the commands' own are in errors.commands.en.ftl). Ids start with err-.

## A TOML value that is not what its key takes (source/reader.rs).
err-missing-key = { $owner } is missing `{ $key }`
err-the-string = the string { $text }
err-the-whole-number = the whole number { $n }
err-the-number = the number { $n }
err-the-date = the date { $date }
err-an-empty-array = an empty array
err-an-array = an array
err-a-table = a table
err-a-string = a string
err-true-or-false = true or false
err-a-number = a number
err-a-whole-number = a whole number
err-for-key = for `{ $key }`
err-for-what = for { $what }
err-in-what = in { $what }
err-expected = expected { $expected } { $what }, found { $found }
err-remove-quotes = remove the quotes: { $value }
err-too-large-number = { $literal } is too large a number { $what }
err-nan-number = found `{ $literal }` (not a number) { $what }, but every number in a lesson must be finite
err-infinite-number = found `{ $literal }` (infinity) { $what }, but every number in a lesson must be finite
err-beyond-f64 = { $literal } is too large a number { $what }: it is beyond the largest f64 (about 1.8e308)
err-negative = { $name } must not be negative, found { $text }
err-far-beyond-limit = { $name } = { $text } is far beyond the limit of { $max }
err-expected-whole = expected a whole number for { $name }, found { $found }
err-without-decimal-point = write it without a decimal point: { $n }
err-at-least = { $name } must be at least { $min }, found { $n }
err-more-than-limit = { $name } is { $n }, more than the limit of { $max }
err-seed-negative = `seed` must be a whole number from 0 up, found { $n }
err-for-the = for the { $kind }
err-unknown-choice = unknown { $kind } { $name }

## Reading a file: what it is, its size, its bytes (source/input.rs, text.rs, limits.rs).
err-noun-lesson = lesson
err-noun-worksheet = worksheet
err-noun-csv = CSV data
err-noun-npy = NumPy .npy
err-not-utf8 = the file is not valid UTF-8
err-a-directory = a directory
err-a-fifo = a FIFO (a named pipe)
err-a-char-device = a character device
err-a-block-device = a block device
err-a-socket = a socket
err-not-regular = not a regular file
err-not-a-file-of = this is { $what }, not a { $noun } file
err-bytes = { $n } bytes
err-bytes-exactly = { $n } bytes ({ $size })
err-file-too-large = the file is { $shown }, more than the limit of { $limit } for a { $noun }
err-over-limit-read = more than { $limit }, the limit for a { $noun }: reading stopped there
err-no-such-file = no such file
err-permission-denied = cannot read the file: permission denied
err-cannot-read = cannot read the file: { $error }
err-utf16 = the file is UTF-16 text
err-utf16-help = save it as UTF-8, the encoding TOML requires
err-bad-byte = the file is not valid UTF-8: byte 0x{ $byte } is not part of any character
err-bad-byte-help = save the file as UTF-8 text, the encoding TOML requires
err-nul-byte = the file contains a NUL byte: this looks like a binary file, not a TOML { $noun }
err-nul-byte-help = a { $noun } is a text file in TOML

## TOML syntax (source/parse.rs): the toml crate's own detail stays as it is.
err-invalid-toml = invalid TOML: { $detail }
err-control-in-string = invalid TOML: a string cannot hold the control character U+{ $code }
err-control-in-string-help = remove it, or write it as the escape \u{ $code } in a "…" string
err-defined-twice = { $name } is defined twice
err-defined-twice-help = each key or table may appear only once; for several layers or samples use [[double brackets]]
err-value-missing = invalid TOML: a value is missing
err-value-missing-help = write a value after `=`
err-numbers-need-commas = invalid TOML: numbers in an array must be separated by commas
err-write = write { $text }
err-text-needs-quotes = invalid TOML: text must be in quotes
err-unclosed-string = invalid TOML: this string has no closing `"` on its line
err-unclosed-string-help = end the string with ", or use """ … """ for text over several lines
err-leading-digit = invalid TOML: a number must start with a digit
err-leading-digit-help = write 0.5 rather than .5
err-after-value = invalid TOML: unexpected text after the value
err-after-value-help = each `key = value` goes on a line of its own; remove what follows the value

## The lesson as a whole (lesson/mod.rs, lesson/schema/mod.rs).
err-lesson-too-large-help = a lesson file holds the lesson and a few numbers; bring bulk numbers in files beside it: samples as [data] with csv = "FILE.csv" and inputs = N, a layer's parameters as weights = {"{"} npy = "FILE.npy" {"}"} and biases = {"{"} npy = "FILE.npy" {"}"}
err-lesson-path-help = give the path of a .toml lesson file
err-file-empty = the file is empty
err-what-a-lesson-needs = a lesson needs [lesson] with a title, [network] with inputs and at least one [[network.layer]], [training] with a loss and an optimizer, and [[data]] samples, [data] read from a CSV file, or a [generate] table
err-bundled-lessons = the bundled lessons are: { $names }
err-and-then = { $first }; { $then }
err-or-a-path = { $list }; or give the path of a .toml file
err-owner-file = the file
err-no-table = the file has no [{ $key }] table
err-only-applies = `{ $key }` only applies with { $setting }
err-remove-from = remove `{ $key }` from { $owner }
err-the-default = { $value } (the default)
err-low-below-high = `low` = { $low } must be less than `high` = { $high }
err-high-above-low = `high` = { $high } must be greater than `low` = { $low }
err-uniform-help = a uniform range draws numbers from low up to high

## [lesson] (lesson/schema/about.rs).
err-lesson-section-help = start the file with [lesson] and a line title = "…"
err-title-help = add title = "…", shown on the start screen
err-title-empty = the title is empty
err-title-empty-help = give the lesson a title, shown on the start screen
err-no-text = `{ $key }` gives no text
err-no-text-help = write { $key } = {"{"} en = "…", zh = "…" {"}"} or one string
err-control-in-text = `{ $key }` contains the control character U+{ $code }, which would act on the terminal instead of being shown
err-control-in-title-help = a title is one line of text: remove the line breaks and control characters
err-control-in-text-help = remove the control characters; line breaks and tabs are fine

## init, [generate] and [training] (lesson/schema/init.rs, generate.rs, training.rs).
err-kind-init-scheme = init scheme
err-kind-distribution = distribution
err-kind-loss = loss
err-kind-optimizer = optimizer kind
err-kind-outputs = outputs
err-kind-layer = layer kind
err-above-zero = `{ $key }` must be greater than 0, found { $found }
err-unit-interval = `{ $key }` must be at least 0 and less than 1, found { $found }
err-samples-help = add samples = N, how many samples to draw
err-generated-target-help = add target = […] with { $numbers }, every sample's target
err-the-target = the target
err-cannot-draw-inputs = cannot draw inputs from this range: high − low is too large
err-cannot-draw-weights = cannot draw weights from this range: high − low is too large
err-narrower-range = use a narrower range between low and high
err-training-section-help = add [training] with loss = "…" and optimizer = {"{"} kind = "sgd", learning_rate = 0.5 {"}"}
err-loss-help = add loss = "…", one of: { $names }
err-optimizer-help = add optimizer = {"{"} kind = "sgd", learning_rate = 0.5 {"}"}
err-optimizer-write = write optimizer = {"{"} kind = "sgd", learning_rate = 0.5 {"}"}
err-owner-optimizer = the optimizer
err-optimizer-kind-help = add kind = "sgd", kind = "adam" or kind = "adamw"
err-bce-needs-sigmoid = bce needs a sigmoid output layer, but layer { $l } uses { $uses }
err-bce-needs-sigmoid-help = set activation = "sigmoid" on layer { $l }, or use loss = "mse"
err-ce-needs-softmax = cross_entropy needs a softmax output layer, but layer { $l } uses { $uses }
err-ce-needs-softmax-help = use bce for sigmoid outputs, or set activation = "softmax" on layer { $l }
err-softmax-needs-ce = a softmax output layer needs loss = "cross_entropy", found `{ $loss }`
err-softmax-needs-ce-help = softmax pairs with cross_entropy, as in PyTorch's CrossEntropyLoss

## [network] and its layers (lesson/schema/network.rs).
err-network-section-help = add [network] with inputs = N, then one [[network.layer]] per layer
err-owner-layer = layer { $l }
err-owner-layer-init = the init of layer { $l }
err-tokens-shape = { $t } tokens
err-tokens-not-inputs = a network of tokens has a `vocabulary`, not `inputs`
err-tokens-not-inputs-help = remove `inputs`: the embedding layer turns each token into numbers
err-vocabulary-needs-sequence = a vocabulary needs `sequence = T`, the tokens per sample
err-vocabulary-needs-sequence-help = add sequence = 4 (for example) to [network]
err-inputs-help = add inputs = N, the number of input values
err-input-too-large = the input has { $n } numbers, more than the limit of { $max }
err-input-too-large-help = use a smaller input
err-image-input-help = write an image's input as inputs = [channels, height, width], e.g. [1, 6, 6]
err-image-input-length = `inputs` as an array is an image's [channels, height, width], but it has { $n } numbers
err-image-not-sequence = an image input cannot also be a `sequence`
err-image-not-sequence-help = give a sequence's features as inputs = N with sequence = T
err-input-channels = the input's channels
err-input-height = the input's height
err-input-width = the input's width
err-an-array-of-tokens = an array of token strings
err-vocabulary-size = a vocabulary needs 2 to { $max } tokens, but this one has { $n }
err-vocabulary-size-help = list every token the data uses, e.g. ["我", "爱", "学习", "。"]
err-bad-token = a token must be a non-empty string without control characters
err-bad-token-help = write each token as the text it stands for, e.g. "我"
err-token-twice = the token "{ $token }" is listed twice
err-token-twice-help = list each token once: its place in the list is its id
err-no-layers = the network has no layers
err-no-layers-help = add one [[network.layer]] per layer, each with neurons and activation
err-single-layer-table = expected [[network.layer]] (double brackets: a list of layers), found a single table
err-single-layer-table-help = write each layer as [[network.layer]]
err-a-list-of-layers = a list of layers
err-too-many-layers = the network has { $n } layers, more than the limit of { $max }
err-layer-too-large = layer { $l } outputs { $n } numbers ({ $shape }), more than the limit of { $max }
err-layer-too-large-help = use a smaller layer
err-too-many-parameters = with layer { $l } the network has { $n } weights and biases, more than the limit of { $max }
err-too-many-parameters-help = use fewer or smaller layers
err-residual-input = residual = 0 adds the input's output ({ $added }) to layer { $l }'s ({ $output }), but their shapes differ
err-residual-layer = residual = { $n } adds layer { $n }'s output ({ $added }) to layer { $l }'s ({ $output }), but their shapes differ
err-residual-help = a residual adds an earlier output of the same shape
err-weights-and-init = layer { $l } gives both `weights` and an `init`
err-weights-and-init-help = remove `init` to keep the weights, or remove `weights` to draw them

## Counts, each with its plural (the lesson's messages).
err-n-numbers = { $n ->
    [one] 1 number
   *[other] { $n } numbers
 }
err-n-rows = { $n ->
    [one] 1 row
   *[other] { $n } rows
 }
err-n-columns = { $n ->
    [one] 1 column
   *[other] { $n } columns
 }
err-n-neurons = { $n ->
    [one] 1 neuron
   *[other] { $n } neurons
 }
err-n-inputs = { $n ->
    [one] 1 input
   *[other] { $n } inputs
 }
err-n-outputs = { $n ->
    [one] 1 output
   *[other] { $n } outputs
 }
err-n-entries = { $n ->
    [one] 1 entry
   *[other] { $n } entries
 }
err-n-tokens = { $n ->
    [one] 1 token
   *[other] { $n } tokens
 }
err-n-channels = { $n ->
    [one] 1 channel
   *[other] { $n } channels
 }
err-n-positions = { $n ->
    [one] 1 position
   *[other] { $n } positions
 }
err-n-features = { $n ->
    [one] 1 feature
   *[other] { $n } features
 }
err-n-hidden-units = { $n ->
    [one] 1 hidden unit
   *[other] { $n } hidden units
 }
err-n-output-channels = { $n ->
    [one] 1 output channel
   *[other] { $n } output channels
 }
err-n-input-channels = { $n ->
    [one] 1 input channel
   *[other] { $n } input channels
 }
err-n-kernel-rows = { $n ->
    [one] 1 kernel row
   *[other] { $n } kernel rows
 }
err-n-kernel-columns = { $n ->
    [one] 1 kernel column
   *[other] { $n } kernel columns
 }
err-n-values = { $n ->
    [one] 1 value
   *[other] { $n } values
 }
err-n-targets = { $n ->
    [one] 1 target
   *[other] { $n } targets
 }
err-n-bytes = { $n ->
    [one] 1 byte
   *[other] { $n } bytes
 }

## A layer's weights and biases, tensors and axes (lesson/schema/layer.rs, tensor.rs).
err-kind-activation = activation
err-activation-help = add activation = "…", one of: { $names }
err-softmax-hidden = softmax is only allowed on the output layer (layer { $depth }), but layer { $l } is hidden
err-softmax-hidden-help = use sigmoid, tanh, relu, leaky_relu or identity for hidden layers
err-softmax-single = softmax over a single neuron always outputs 1, so nothing can be learned
err-softmax-single-help = give the output layer 2 or more neurons, or use sigmoid with loss = "bce"
err-neurons-help = add neurons = N
err-weights-of-layer = the weights of layer { $l }
err-biases-of-layer = the biases of layer { $l }
err-weights-help = write weights = [[…], …], one row per neuron, or read them from a NumPy file: weights = {"{"} npy = "FILE.npy" {"}"}
err-weight-rows = weights of layer { $l } has { $rows }, but layer { $l } has { $neurons }
err-weight-rows-help = give layer { $l } one row of weights per neuron: { $rows } rows of { $cols } numbers
err-network-has = the network has { $inputs }
err-one-per-input = one per input
err-layer-has = layer { $l } has { $neurons }
err-one-per-neuron-of = one per neuron of layer { $l }
err-weight-columns = weights of layer { $l } has { $columns }, but { $below }
err-weight-row-length = row { $row } of the weights of layer { $l } has { $numbers }, but { $below }
err-weight-row-help = give each row of layer { $l }'s weights { $cols } numbers, { $per }
err-a-row-of-numbers = a row of numbers (an array)
err-one-neuron-row = weights is a list of rows, one per neuron: for one neuron write [[{ $row }]]
err-numbers-or-one = an array of numbers or a single number
err-bias-count = biases of layer { $l } has { $numbers }, but layer { $l } has { $neurons }
err-bias-count-help = give one bias per neuron ({ $n }), or a single number for all of them
err-axis-entry = entry
err-axis-row = row
err-axis-column = column
err-axis-channel = channel
err-axis-position = position
err-axis-feature = feature
err-axis-output = output
err-axis-input = input
err-axis-hidden-unit = hidden unit
err-axis-output-channel = output channel
err-axis-input-channel = input channel
err-axis-kernel-row = kernel row
err-axis-kernel-column = kernel column
err-each-of = { $outer }, each of { $inner }
err-an-array-of-per = an array of { $n } (one per { $axis })
err-nested-count = { $what } has { $entries } here, but needs { $n } (one per { $axis })
err-nested-help = { $what } is nested arrays of shape { $shape }: { $axes }
err-flat-count = { $what } has { $numbers }, but its shape { $shape } needs { $total }
err-flat-count-help = write { $what } as nested arrays of shape { $shape }, or flat with all { $total } numbers in row-major order

## The samples (lesson/schema/data.rs).
err-data-and-generate = the lesson has both [[data]] samples and a [generate] table
err-data-and-generate-help = keep one of them: written samples, or generated ones
err-no-data = the lesson has no training data
err-no-data-help = add [[data]] samples with input and target, [data] with csv = "FILE.csv", or a [generate] table
err-too-much-data = { $samples } samples of { $each } numbers each are { $n } numbers, more than the limit of { $max }
err-fewer-samples = use fewer samples
err-too-many-samples = { $what } has { $n } samples, more than the limit of { $max }
err-single-data-table = expected [[data]] (double brackets: a list of samples), found a single table
err-single-data-table-help = write each sample as [[data]] with input = […] and target = […], or read them from a CSV file: [data] with csv = "FILE.csv" and inputs = N
err-a-list-of-samples = a list of samples
err-data-empty = `data` has no samples
err-data-empty-help = add [[data]] samples with input = […] and target = […]
err-owner-sample = sample { $s }
err-input-tokens-help = add input = […] with { $n } tokens
err-input-of-sample = the input of sample { $s }
err-input-shape-help = add input = […] of shape { $shape }
err-target-help = add target = […] with { $numbers }
err-target-of-sample = the target of sample { $s }
err-input-help = add input = […] with { $numbers }
err-input-length = { $what } has { $numbers }, but the network has { $inputs }
err-input-length-help = give each input { $numbers }, one per input of the network
err-token-count = { $what } has { $tokens }, but the network reads sequences of { $len }
err-token-count-help = give { $len } tokens, one per position
err-not-in-vocabulary = "{ $token }" in { $what } is not in the vocabulary
err-not-in-vocabulary-help = use one of the vocabulary's tokens: { $tokens }
err-target-tokens = { $what } is written as tokens, but the output layer has { $numbers } per position, not one per token of the vocabulary ({ $size })
err-target-tokens-help = give the output layer neurons = the vocabulary's size
err-target-length = { $what } has { $numbers }, but the output layer (layer { $l }) has { $neurons }
err-target-length-help = give each target { $numbers }, one per output neuron
err-bce-target = { $what } has { $value }, but bce targets are probabilities: each must be between 0 and 1
err-bce-target-help = use mse or half_sse for targets outside [0, 1]
err-ce-target = { $what } has { $value }, but cross_entropy targets are probabilities: each must be between 0 and 1
err-ce-target-help = give class probabilities, e.g. a one-hot target such as [0.0, 1.0, 0.0]
err-target-sum = { $what } sums to { $sum }, but cross_entropy targets must sum to 1
err-target-sum-help = use a one-hot target such as [0.0, 1.0, 0.0], or probabilities that add up to 1

## The kinds of layer (src/layers/*: schema.rs and the readers in mod.rs, window.rs, lora.rs).
err-key-of-layer = the { $key } of layer { $l }
err-kernel-too-large = the { $kernel } kernel of layer { $l } is larger than its { $input } input
err-kernel-too-large-padded = the { $kernel } kernel of layer { $l } is larger than its { $input } input with its padding
err-kernel-too-large-help = use a smaller kernel, or pad the input (padding = 1)
err-channels-help = add channels = N, the number of feature maps (out_channels)
err-gets-vector = a vector of { $n } numbers
err-gets-sequence = a sequence of { $t } positions of { $f } features
err-image-layer-first-help = give the network an image input: inputs = [channels, height, width]
err-image-layer-help = put it before the flatten layer, or give the network an image input
err-takes-an-image = a { $kind } layer takes an image (channels × height × width), but layer { $l } gets { $got }
err-dense-image = a dense layer takes a vector, but layer { $l } gets a { $image } image
err-dense-image-help = put a layer with kind = "flatten" before it
err-dense-tokens = a dense layer takes numbers, but layer { $l } gets tokens
err-embedding-first-help = put a layer with kind = "embedding" first
err-lora-of-layer = lora.{ $part } of layer { $l }
err-window-too-large = the { $kernel } window of layer { $l } is larger than its { $input } input
err-window-too-large-help = use a smaller kernel
err-hidden-help = add hidden = N, the number of hidden units
err-recurrent-vector-input = an { $kind } layer reads a sequence, but the network's input is a vector
err-recurrent-vector-input-help = give [network] sequence = T beside inputs = F: each sample's input is then T steps of F numbers
err-recurrent-vector = an { $kind } layer reads a sequence, but layer { $below } outputs a vector of { $n }
err-recurrent-vector-help = a recurrent layer below it gives every step with outputs = "all"
err-recurrent-image = an { $kind } layer reads a sequence, but layer { $l } gets a { $image } image
err-recurrent-image-help = give [network] inputs = F with sequence = T
err-recurrent-tokens = an { $kind } layer reads numbers, but layer { $l } gets tokens
err-layer-lacks = layer { $l } has no `{ $key }`
err-window-key-help = add { $key } = 3 (or [rows, columns])
err-window-pair = { $name } as an array is [rows, columns], but it has { $n } numbers
err-window-pair-help = write { $key } = 3, or { $key } = [3, 3] for rows and columns
err-lora-owner = the lora of layer { $l }
err-rank-help = add rank = R, the adapter's rank (e.g. 2)
err-alpha-positive = `alpha` must be a number greater than 0
err-alpha-positive-help = the low-rank path is scaled by alpha/rank
err-attention-not-sequence = attention relates the positions of a sequence, but layer { $l } gets { $got }
err-attention-not-sequence-help = use it on a sequence: after an embedding or a layer norm
err-heads-divide = { $heads } heads do not divide the { $d } features of layer { $l }'s input
err-heads-divide-help = each head takes dim/heads features: choose heads that divide dim
err-embedding-not-tokens = an embedding turns tokens into numbers, but layer { $l } gets { $got }
err-embedding-not-tokens-help = put the embedding first, on a network with a `vocabulary`
err-dim-help = add dim = N, the features of each token
err-positions-of-layer = the positions of layer { $l } (one row per position)
err-embeddings-of-layer = the weights of layer { $l } (one row per token)
err-norm-not-sequence = a layer norm normalises each position of a sequence, but layer { $l } gets { $got }
err-norm-not-sequence-help = use it on a sequence: after an embedding, or on inputs = N with sequence = T
err-epsilon-positive = `epsilon` must be greater than 0
err-epsilon-positive-help = PyTorch's default is 1e-5
err-gamma-of-layer = the weights γ of layer { $l }
err-beta-of-layer = the biases β of layer { $l }

## [grading] (lesson/schema/grading.rs).
err-precision-help = write significant_figures = 3 (0.593 has 3) or decimals = 2 (0.59 has 2)
err-marks-help = write marks = 2 (every answer), or marks = {"{"} backward = 2, dw = 1, "loss" = 3 {"}"} by phase (forward, loss, backward, update), kind of number (z, a, delta, dw, w, m, …) or step
err-grading-says-nothing = [grading] says neither `significant_figures` nor `decimals`
err-grading-both = [grading] sets both `significant_figures` and `decimals`
err-grading-both-help = keep one of them: the precision is counted one way
err-share = `{ $key }` is { $x }, but a share of the marks is from 0 to 1
err-share-help = write { $key } = 0.5 for half the marks, 1 for all of them, 0 for none
err-marks-range = { $x } marks { $what }: marks are from 0 to { $max }
err-marks-key = `{ $name }` in `marks` is neither a phase, a kind of number nor a step name

## [data] read from a CSV file (lesson/schema/csv).
err-csv-too-large-help = a data set holds at most 50,000,000 numbers
err-csv-path-help = give the path of a CSV file, one sample per line
err-relative-to-lesson = the path is relative to the lesson file
err-csv-sample-help = write one sample per line: its inputs, then its targets
err-csv-help = add csv = "FILE.csv", a file with one sample per line
err-for-csv-path = for `csv` (the path of a CSV file)
err-csv-path-empty = the path of the CSV file is empty
err-csv-path-empty-help = write csv = "FILE.csv", a file with one sample per line
err-csv-only-header = the file has no samples (only the header line)
err-csv-no-samples = the file has no samples
err-csv-inputs-help = add inputs = { $n }: the first { $n } columns of each line are the input, the rest the target
err-csv-inputs = `inputs` is { $n }, but the network has { $inputs }
err-csv-inputs-image = `inputs` is { $n }, but the network has { $inputs } (a { $image } image, flat in row-major order)
err-csv-inputs-write = write inputs = { $n }: the first columns of each line are a sample's input, one per input of the network
err-in-file = { $file }: { $message }
err-csv-line-too-long = line { $line } is longer than { $limit }, more than a line of { $numbers } needs
err-csv-nul = the file contains a NUL byte: this looks like a binary file, not CSV text
err-csv-nul-help = a CSV data file is text: one sample per line, its numbers separated by commas
err-csv-bad-byte = the file is not UTF-8 text: byte 0x{ $byte } is not part of any character
err-csv-bad-byte-help = save the file as UTF-8 text
err-csv-unclosed-quote = this quote is not closed on its line
err-csv-unclosed-quote-help = close the quote after the number, or remove the quotes: numbers need none
err-csv-header-width = the header names { $columns }, but each line needs { $per_line }: { $inputs } (inputs = { $n }) and { $targets }
err-csv-header-width-help = name each of the { $per_line } columns, or write header = false if the first line is a sample
err-csv-too-many-samples = this is sample { $n }, more than the limit of { $max }
err-csv-too-much-data = with this line the data holds more than { $max } numbers, the limit
err-csv-nan = found `{ $literal }` (not a number), but every number in a lesson must be finite
err-csv-infinite = found `{ $literal }` (infinity), but every number in a lesson must be finite
err-csv-line-count = line { $line } has { $values }, but each line needs { $per_line }: { $inputs } (inputs = { $n }) and { $targets } (one per output neuron)
err-csv-semicolons = separate the values with commas, not semicolons
err-csv-line-count-help = write each sample on a line of its own: { $n } numbers, then { $targets }
err-decimal-point = numbers use a decimal point: { $fixed }
err-csv-header-help = if the first line names the columns, add header = true to [data]
err-an-empty-value = an empty value
err-csv-not-a-number = expected a number, found { $found }
err-target-on-line = the target on line { $line }

## A layer's tensor read from a .npy file (lesson/schema/npy).
err-npy-too-large-help = a network has at most 20,000,000 weights and biases, 8 bytes each
err-npy-path-help = give the path of a .npy file saved by numpy.save
err-npy-cannot-read = cannot be read: { $error }
err-npy-table-for = the table for { $what }
err-npy-help = write {"{"} npy = "FILE.npy" {"}"}, a file saved by numpy.save
err-for-npy-path = for `npy` (the path of a .npy file)
err-npy-path-empty = the path of the .npy file is empty
err-npy-path-empty-help = write npy = "FILE.npy", a file saved by numpy.save
err-npy-truncated = the file is truncated: it ends after { $got } of its { $count } numbers
err-npy-save-again = save the array again with numpy.save
err-npy-grew = the file grew while it was read
err-npy-grew-help = read it again once it is written
err-npy-holds = the file holds { $holds }
err-npy-bad-dtype = its header's dtype { $dtype } is not a NumPy dtype
err-npy-records = the file holds records of several fields
err-npy-not-float64 = { $problem }, but a lesson's parameters are float64 (dtype '<f8')
err-npy-convert-help = convert it in NumPy: numpy.save("FILE.npy", array.astype(numpy.float64))
err-npy-sized = { $kind } numbers
err-npy-own-order = float64 numbers in a byte order of its own
err-npy-booleans = booleans
err-npy-text = text
err-npy-bytes = bytes
err-npy-objects = Python objects
err-npy-dates = dates
err-npy-time-spans = time spans
err-npy-raw-bytes = raw bytes
err-npy-dtype-words = { $words } (dtype { $dtype })
err-npy-matrix-shape = shape { $shape }: neurons × inputs
err-npy-vector-shape = shape { $shape }: one per neuron
err-npy-shape-of = shape { $shape }
err-npy-transposed = it looks transposed: save array.T, or PyTorch's layer.weight, which is neurons × inputs
err-npy-ravel = save it as a 1-dimensional array: numpy.save("FILE.npy", array.ravel())
err-npy-wrong-shape = the file holds an array of shape { $found }, but { $what } must have { $wanted }
err-npy-short = the file is truncated: its header promises { $count } float64 numbers ({ $bytes } bytes), but { $follow } follow it
err-npy-long = the file has { $extra } after its { $numbers }
err-npy-nan = the file holds NaN at index [{ $place }], but every number in a lesson must be finite
err-npy-infinite = the file holds an infinite number at index [{ $place }], but every number in a lesson must be finite
err-npy-the-number = the number { $n }
err-npy-empty-tuple = an empty tuple
err-npy-other-tuple = a tuple of something else
err-npy-a-list = a list
err-npy-a-dictionary = a dictionary
err-npy-end-of-header = the end of the header
err-npy-a-value = a value
err-npy-colon = `:` after a key
err-npy-comma-brace = `,` or `{"}"}`
err-npy-comma-paren = `,` or `)`
err-npy-comma-bracket = `,` or `]`
err-npy-end-of-string = the end of a string
err-npy-a-python-value = a value (a string, a number, True, False or a tuple)
err-npy-not-npy = this is not a NumPy .npy file (it does not start with \x93NUMPY)
err-npy-version = the .npy format version { $v } is not supported (only 1, 2 and 3)
err-npy-truncated-header = the file is truncated inside its header
err-npy-header-too-long = its header is { $n } bytes long, more than the { $max } a NumPy array needs
err-npy-header-not-text = its header is not text: byte { $at } of it is not part of any character
err-npy-too-deep = its header is not the description of an array
err-npy-syntax = its header cannot be read: at character { $at }, expected { $expected }, found { $found }
err-npy-not-dict = its header is { $found }, not a dictionary of 'descr', 'fortran_order' and 'shape'
err-npy-unknown-key-near = its header has the unknown key { $key }; did you mean '{ $near }'?
err-npy-unknown-key = its header has the unknown key { $key } (a header has 'descr', 'fortran_order' and 'shape')
err-npy-duplicate = its header gives '{ $key }' twice
err-npy-missing = its header has no '{ $key }'
err-npy-descr = its header's 'descr' is { $found }, not a dtype such as '<f8'
err-npy-order = its header's 'fortran_order' is { $found }, not True or False
err-npy-shape = its header's 'shape' is { $found }, not a tuple of whole numbers such as (3, 2)
