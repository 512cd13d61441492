# Errors and warnings of the commands, in English: output files, the command line's own errors
# and clap's, export ranges, step names, worksheets, rosters and variants. Ids start with err-.

## Writing files (source/write.rs, transaction.rs, lesson/save.rs).
err-exists = { $path } already exists; add --force to overwrite it, or choose another name
err-cannot-write = cannot write { $path }: { $error }
err-name-too-long = cannot write { $path }: its name is { $bytes } bytes long, more than the { $max } a file name may have; choose a shorter name
err-cannot-write-stdout = cannot write to standard output: { $error }
err-short-on-disk = the file on disk does not hold everything written to it
err-is-a-directory = it is a directory
err-not-a-directory = { $dir } is not a directory
err-no-directory = the directory { $dir } does not exist
err-directory-read-only = the directory { $dir } may not be written to
err-save-needs-files = this lesson is saved as several files (its numbers are too many for one lesson file), so it cannot go to standard output: give --save a file name

## The command line's own errors, warnings and notes (cli/*).
err-warning = {"warning: "}
err-note = {"note: "}
err-pytorch-range = --epoch and --sample do not apply to --format pytorch: the script checks sample 1, the first update, every epoch's loss and the final parameters
err-blank-too-large = the blank worksheet of epoch { $epoch }, sample { $sample } would be more than { $size }, the most `check` reads: this lesson has too many numbers per sample to work through by hand
err-not-finite = not saving { $path }: the trained parameters are not all finite ({ $name } is { $value }), and a lesson cannot start from them
err-both-from-stdin = the lesson and the worksheet cannot both come from standard input (-)
err-terminal = the terminal failed: { $error }
err-at-sample = sample { $n }
err-at-update = the update of batch { $batch }
err-diverges = training diverges: { $name } in epoch { $epoch }, { $at }, is { $value }
err-json-null = {" "}(JSON writes NaN and infinity as null)
err-saved = saved the trained lesson to { $path }
err-saved-beside = {"  "}with its numbers beside it in { $names }
err-tabular-only = --no-formulas, --quantity, --layer and --step apply to --format json and csv
err-wrote = wrote { $path }
err-markdown-at-least = this Markdown export is at least { $size }, more than the 512 KB GitHub renders; nothing was written. Export less with --epoch and --sample, or add --large to write it anyway.
err-markdown-too-large = this Markdown export is { $size }, more than the 512 KB GitHub renders; nothing was written. Export less with --epoch and --sample, or add --large to write it anyway.
err-export-too-large = this export would be about { $size } ({ $steps } steps of about { $per_step } bytes); nothing was written. Choose less with --epoch, --sample, --quantity, --layer or --step (and --no-formulas), or add --large to write it anyway.
err-whole-trace = the whole trace has { $steps } steps, too many for one file; exporting epoch 1, sample 1 and its update. Choose others with --epoch and --sample.
err-other-lesson = { $at }: the worksheet is for the lesson { $named }, but it is checked against { $given } (the command line wins)
err-no-worksheets = { $dir }: the directory holds no .toml worksheets
err-unreadable-directory = { $dir }: the directory cannot be read: { $error }
err-stdin-twice = standard input (-) can be read once only; name it once
err-skipped = { $path } is skipped: { $why }
err-dangling-link = it is a symbolic link to nothing that can be read ({ $error })
err-cannot-examine = it cannot be examined ({ $error })
err-not-a-worksheet-file = it is { $what }, not a worksheet file
err-wrote-blank = wrote { $path }: a blank worksheet for epoch { $epoch }, sample { $sample }; check it with: bpnn-tutor check { $lesson } { $path }
err-variants-to-directory = variants are written to a directory: give -o DIR
err-wrote-variants = wrote { $n } worksheets, each with its own variant (seed { $seed }), to { $dir } and their answer keys to { $keys }; check them with: bpnn-tutor check { $lesson } { $dir }
err-same-variant = variant { $n } kept coming out the same as an earlier one: this lesson has too few distinct variants

## clap's errors, said by the command line in another language (cli/usage.rs).
err-clap-missing = the following required arguments were not provided:
err-clap-unknown-argument = unexpected argument '{ $arg }' found
err-clap-invalid-value = invalid value '{ $value }' for '{ $arg }'
err-clap-value-required = a value is required for '{ $arg }' but none was supplied
err-clap-possible-values = possible values: { $values }
err-clap-validation = invalid value '{ $value }' for '{ $arg }': { $why }
err-clap-not-a-count = not a whole number from 0 up
err-clap-unknown-subcommand = unrecognized subcommand '{ $name }'
err-clap-missing-subcommand = '{ $name }' requires a subcommand but one was not provided
err-clap-subcommands = subcommands: { $values }
err-clap-used-twice = the argument '{ $arg }' cannot be used multiple times
err-clap-the-argument = the argument '{ $arg }'
err-clap-the-subcommand = the subcommand '{ $name }'
err-clap-an-argument = an argument
err-clap-conflict = { $who } cannot be used with '{ $other }'
err-clap-conflict-list = { $who } cannot be used with:
err-clap-conflict-others = { $who } cannot be used with one or more of the other specified arguments
err-clap-no-equals = equal sign is needed when assigning values to '{ $arg }'
err-clap-too-many-values = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
err-clap-too-few-values = { $n ->
    [one] { $min } values required by '{ $arg }'; only { $n } was provided
   *[other] { $min } values required by '{ $arg }'; only { $n } were provided
 }
err-clap-wrong-number = { $n ->
    [one] { $expected } values required for '{ $arg }' but { $n } was provided
   *[other] { $expected } values required for '{ $arg }' but { $n } were provided
 }
err-clap-similar-subcommand = tip: a similar subcommand exists: { $names }
err-clap-similar-subcommands = tip: some similar subcommands exist: { $names }
err-clap-similar-argument = tip: a similar argument exists: { $names }
err-clap-similar-arguments = tip: some similar arguments exist: { $names }
err-clap-similar-value = tip: a similar value exists: { $names }
err-clap-similar-values = tip: some similar values exist: { $names }
err-clap-tip = tip: { $text }
err-clap-pass-as-value = to pass '{ $arg }' as a value, use '{ $with }'
err-clap-exists = '{ $name }' exists
err-clap-remove-dashes = subcommand '{ $name }' exists; to use it, remove the '--' before it
err-clap-more-information = For more information, try '{ $help }'.
err-clap-kind-invalid-value = one of the values isn't valid for an argument
err-clap-kind-unknown-argument = unexpected argument found
err-clap-kind-unknown-subcommand = unrecognized subcommand
err-clap-kind-no-equals = equal is needed when assigning values to one of the arguments
err-clap-kind-validation = invalid value for one of the arguments
err-clap-kind-too-many-values = unexpected value for an argument found
err-clap-kind-too-few-values = more values required for an argument
err-clap-kind-wrong-number = too many or too few values for an argument
err-clap-kind-conflict = an argument cannot be used with one or more of the other specified arguments
err-clap-kind-missing = one or more required arguments were not provided
err-clap-kind-missing-subcommand = a subcommand is required but one was not provided
err-clap-kind-utf8 = invalid UTF-8 was detected in one or more arguments
err-clap-kind-other = the command line cannot be read

## Ranges, steps and scripts of an export, a blank worksheet, variants (export/*, check/*).
err-epochs-outside = --epoch { $range } is outside the lesson, which has epochs 1 to { $last }
err-samples-outside = --sample { $range } is outside the lesson, which has samples 1 to { $last }
err-no-quantity = --quantity `{ $q }` is no quantity; use a step name's stem such as z, a, delta, dw, db, w, b, m, v or loss
err-no-such-steps = --quantity `{ $q }`: this lesson has no such steps
err-layer-outside = --layer { $l } is outside the lesson, which has layers 1 to { $last }
err-bad-step-option = --step `{ $name }`: { $why }
err-not-a-range = `{ $text }` is not a number or a range such as 1..3
err-empty-range = `{ $text }` is an empty range
err-step-expected = expected a step name such as z(1)[2], dw(2)[1,2] or loss
err-step-unknown-quantity = unknown quantity `{ $stem }`; expected a name such as z, a, delta, dw, db, w, b or loss (the README lists them all)
err-step-layer = the layer in `{ $name }` must be a whole number
err-step-indices = the indices in `{ $name }` must be whole numbers from 1
err-step-zero = neurons are numbered from 1, in `{ $name }`
err-step-too-many = `{ $name }` has { $n } indices; a step has at most { $max }
err-epoch-out-of-range = { $epochs ->
    [one] --epoch { $epoch } is out of range: the lesson trains for 1 epoch (1 to 1)
   *[other] --epoch { $epoch } is out of range: the lesson trains for { $epochs } epochs (1 to { $epochs })
 }
err-sample-out-of-range = { $samples ->
    [one] --sample { $sample } is out of range: the lesson has 1 sample (1 to 1)
   *[other] --sample { $sample } is out of range: the lesson has { $samples } samples (1 to { $samples })
 }
err-untranslated = cannot write a PyTorch script: layer { $layer } ({ $kind }) does not say which PyTorch tensor holds its steps { $stem }
err-no-script = cannot write a PyTorch script: { $why }
err-ragged = the steps { $stem } do not fill a tensor of shape { $dims }
err-variants-dense-only = variants are drawn for dense networks on vectors; this lesson has other layers
err-variants-samples = the lesson has { $n } samples; variants are drawn for at most { $max }, a data set a learner can work by hand
err-variants-parameters = the network has { $n } parameters; variants are drawn for at most { $max }
err-variants-none-found = no variant of this lesson in { $draws } draws keeps every unit unsaturated and every mistake's number apart; its shape or loss leaves too little room
err-no-step-in-trace = { $at }: the trace has no step { $step } in { $place }

## A roster (check/roster.rs) and a worksheet's [variant] (check/variant/read.rs).
err-noun-roster = roster
err-roster-too-large-help = a roster lists one student a line; split a larger class into several
err-roster-path-help = give the path of a CSV file with one student a line, or - to read it from standard input
err-roster-not-found-help = check the path; a roster is a CSV file with one student a line
err-roster-not-csv = the roster is not valid CSV: { $error }
err-roster-control = a student's name holds a control character
err-roster-control-help = write each name on one line, in plain text
err-roster-too-many = the roster lists more than { $max } students
err-roster-empty = the roster lists no students
err-roster-empty-help = write one student a line, e.g. Ana Lima
err-variant-help = `bpnn-tutor worksheet LESSON --variants N -o DIR` writes worksheets with their [variant]: an id, one {"{"} weights, biases {"}"} per layer and one {"{"} input, target {"}"} per sample
err-variant-unsupported = the worksheet has a [variant], but { $why }
err-variant-unsupported-help = remove [variant] to grade against the lesson's own numbers
err-for-variant-id = for `id` (the variant's name)
err-n-layers = { $n ->
    [one] 1 layer
   *[other] { $n } layers
 }
err-n-samples = { $n ->
    [one] 1 sample
   *[other] { $n } samples
 }
err-n-epochs = { $n ->
    [one] 1 epoch
   *[other] { $n } epochs
 }
err-n-batches = { $n ->
    [one] 1 batch
   *[other] { $n } batches
 }
err-variant-entries = { $what } has { $entries } entries, but the lesson has { $has }
err-variant-layer = layer { $l } of [variant]
err-variant-weights-of = the weights of { $owner }
err-variant-weights = the weights of { $owner } are { $found }, but layer { $l } is { $shape } (neurons × inputs)
err-variant-rows = { $n } rows
err-variant-row-of = row { $row } of the weights of { $owner }
err-variant-a-row-of = a row of { $n }
err-variant-biases-of = the biases of { $owner }
err-variant-biases = the biases of { $owner } are { $found } numbers, but layer { $l } has { $n } neurons
err-variant-sample = sample { $s } of [variant]
err-variant-input-of = the input of { $owner }
err-variant-input = the input of { $owner } has { $found } numbers, but the network has { $inputs } inputs
err-variant-target-of = the target of { $owner }
err-variant-target-length = the target of { $owner } has { $found } numbers, but the network has { $outputs } outputs
err-variant-target-probability = the target of { $owner } is not a probability, as { $loss } needs
err-variant-target-sum = the target of { $owner } does not sum to 1, as cross_entropy needs

## Worksheets (check/worksheet/*).
err-step-names = step names look like z(1)[2], a(1)[2], loss, delta(2)[1], db(2)[1], dw(2)[1,2], w(2)[1,2], b(2)[1]
err-value-help = write value = 0.593, or value = "0.5930" to keep trailing zeros; value = "" leaves it unanswered
err-what-a-worksheet-needs = a worksheet has one [[answer]] table per number, each with name = "a(1)[1]" and value = 0.5933; `bpnn-tutor worksheet LESSON -o FILE` writes a blank one
err-worksheet-too-large-help = split it into several worksheets, or check fewer numbers at a time
err-worksheet-path-help = give the path of a .toml worksheet, or - to read it from standard input
err-worksheet-not-found-help = check the path; `bpnn-tutor worksheet LESSON -o FILE` writes a blank worksheet
err-no-worksheet = there is no worksheet file or bundled worksheet called { $name }
err-bundled-worksheets = the bundled worksheets are: { $names }; or give the path of a .toml file (`bpnn-tutor worksheet LESSON -o FILE` writes a blank one)
err-owner-worksheet = the worksheet
err-worksheet-empty = the worksheet is empty
err-for-lesson-name = for `lesson` (the lesson's file or name)
err-for-student-name = for `student` (the student's name)
err-student-name = `student` is empty or holds a line break or another control character
err-student-name-help = write the student's name on one line, e.g. student = "Ana Lima"
err-marks-no-step = `marks` names { $step }, a step this lesson does not have
err-answered-twice = { $step } of { $place } is answered twice (first in the [[answer]] on line { $line })
err-answered-twice-help = keep one answer per step
err-place-sample = epoch { $epoch }, sample { $n }
err-place-batch = epoch { $epoch }, batch { $n }
err-outside-answer = { $key } is outside any [[answer]]
err-outside-answer-help = `{ $key }` belongs to an answer: start each answer with a line [[answer]]
err-worksheet-keys-help = a worksheet has an optional lesson = "…", an optional [grading] table and [[answer]] tables
err-no-answers = the worksheet has no [[answer]] tables
err-answer-empty = `answer` has no answers
err-single-answer-table = expected [[answer]] (double brackets: a list of answers), found a single table
err-single-answer-table-help = write each answer as [[answer]] with name = "…" and value = …
err-answers-not-a-list = expected a list of [[answer]] tables, found { $found }
err-owner-answer = answer { $n }
err-answer-name-help = add name = "…" with a step name such as z(1)[2], dw(2)[1,2] or loss
err-for-step-name = for `name` (a step name such as z(1)[2])
err-answer-epoch = epoch = { $epoch }, but the lesson trains for { $epochs }
err-only-one = write { $key } = 1, or leave it out (it defaults to 1)
err-choose-epoch = choose an epoch from 1 to { $n }
err-choose-sample = choose a sample from 1 to { $n }
err-choose-batch = choose a batch from 1 to { $n }
err-epochs-from-one = epochs are numbered from 1
err-samples-from-one = samples are numbered from 1
err-batches-from-one = batches are numbered from 1
err-batch-not-update = `batch` is only for update steps; { $step } is computed for each sample
err-use-sample = use `sample` instead: { $range }
err-sample-and-batch = both `sample` and `batch` are given; for the update step { $step } they mean the same: the batch
err-keep-one = keep one of them
err-answer-sample = sample = { $n }, but the lesson has { $samples }
err-sample-names-batch = sample = { $n } names the batch for the update step { $step }
err-answer-batch = { $size ->
    [1] { $what }, but an epoch has { $batches } (a batch of 1 sample)
   *[other] { $what }, but an epoch has { $batches } (batches of up to { $size } samples)
 }
err-updates-after-batches = updates come after each batch; { $range }
err-list-comma = {", "}
err-list-and = { $rest } and { $last }
err-layer-in-list = { $l } ({ $neurons }, { $activation })
err-layer-zero-given = layer 0 is the input x, given rather than computed
err-layer-zero = layers are numbered from 1; layer 0 is the input x
err-the-layers-are = the network's layers are { $layers }
err-its-layers-are = its layers are { $layers }
err-j-runs = in { $q }({ $l })[j], j runs from 1 to { $n }
err-k-runs = in { $q }({ $l })[j,k], k is the neuron of layer { $below } and runs from 1 to { $n }
err-momentum-keeps = SGD with momentum keeps only a velocity v per parameter
err-sgd-keeps = plain SGD keeps no optimizer state
err-adam-keeps = Adam keeps m, v, mhat and vhat
err-adamw-keeps = AdamW keeps decayed, m, v, mhat and vhat
err-moments-help = m, v, mhat and vhat are Adam's; v alone is SGD's momentum velocity
err-frozen = layer { $l } is frozen (trainable = false), so nothing of it is updated
err-frozen-help = its gradients (dw({ $l })[j,k], db({ $l })[j]) are still computed
err-fixed-biases = the biases of layer { $l } are fixed (train_biases = false)
err-fixed-biases-help = its gradients db({ $l })[j] are still computed
err-not-in-trace = it is not part of this lesson's trace
err-name-empty = `name` is empty: which number is this?
err-not-a-step-name = { $name } is not a step name
err-not-a-step-name-because = { $name } is not a step name: { $why }
err-loss-no-index = the loss has no layer or neuron index
err-loss-no-index-help = write name = "loss"
err-no-such-step = the lesson has no step { $step }: { $why }
err-tensor-indices = the { $key } of layer { $l } ({ $tensor }) is { $dims }, indices from 1
err-rnn-indices = layer { $l } is an rnn of { $h } units over { $t } steps: z, h, dh and delta({ $l })[t,j] for t = 1..{ $t }, j = 1..{ $h }
err-lstm-indices = layer { $l } is an lstm of { $h } units over { $t } steps: h, c, i, f, g, o, dh and dc({ $l })[t,j] for t = 1..{ $t }, j = 1..{ $h }; z and delta({ $l })[t,r] for r = 1..{ $rows } (the rows i, f, g, o stacked)
err-positions-indices = layer { $l } acts at each of { $t } positions: z, a and delta({ $l })[t,j] for t = 1..{ $t }, j = 1..{ $n }
err-decimal-point-value = numbers use a decimal point: write value = { $fixed }
err-minus-sign = write the minus sign as `-`, the one on the keyboard: value = { $fixed } (the exports print the minus sign −, another character)
err-name-needs-quotes = invalid TOML: the step name must be in quotes
err-value-not-number = invalid TOML: `value` must be a number, found { $value }
err-key-once-in-answer = each key may appear once in an answer; start the next answer with [[answer]]
err-more-problems = { $n ->
    [one] … and 1 more problem
   *[other] … and { $n } more problems
 }
err-problems = { $n } problems in { $file }
err-problems-at-least = at least { $n } problems in { $file }
