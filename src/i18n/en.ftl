# English messages. Every id here is in zh.ftl too, with the same variables (a test checks).
test-steps = { $count ->
    [one] { $count } step
   *[other] { $count } steps
 }

## The start card.
card-no-summary = This lesson has no summary.
card-intro = Step through every number of its training ({ $network }, { $epochs ->
    [one] { $epochs } epoch
   *[other] { $epochs } epochs
 }, { $samples ->
    [one] { $samples } sample
   *[other] { $samples } samples
 }), each with its formula:
card-network = network { $widths }
card-z = a neuron's weighted input: z = { $sum }w{ $dot }a + b
card-a = its activation a = f(z), what it passes to the next layer
card-delta = its error signal { $d }L/{ $d }z: how the loss changes with z
card-next = next step
card-every-key = every key
card-quit = quit
card-quiz = Quiz: type each value and Enter checks it; s shows it unscored.
card-begin = Any key begins; i shows this card again.
card-cut = { $ellipsis } (the summary goes on in the lesson file)

## The footer's go-to prompt.
goto-prompt = {"go to: "}
goto-usage = Enter goes, Tab completes, ↑ earlier, Esc cancels; e.g. delta(1)[2], loss@2

## The header.
header-epoch = epoch { $n }/{ $of }
header-sample = sample { $n }/{ $of }
header-batch = batch { $n }/{ $of }
header-step = step { $n }/{ $of }
header-infinity = infinity
header-diverges = {" "}{ $value } in epoch { $epoch }: press !{" "}
phase-forward = forward
phase-loss = loss
phase-backward = backward
phase-update = update

## Panels.
panel-formula = Formula

## The quiz.
quiz-header = quiz { $right }/{ $answered } right
quiz-line = { $right } right, { $wrong } wrong, { $carried } carried, { $imprecise } imprecise, { $skipped } skipped
quiz-none = quiz: no steps answered
quiz-summary = quiz: { $right } of { $asked ->
    [one] { $asked } step
   *[other] { $asked } steps
 } answered right ({ $line })
quiz-and = {" and "}
quiz-carried-from = follows from your { $from }
quiz-not-a-number = `{ $text }` is not a number: type it like 0.5933, -0.02 or 3.5e-5 (Esc clears)
quiz-already-shown = this value is already shown
quiz-type = {"  type the value (Enter checks, s shows it)"}
quiz-typing = {"  Enter checks, Esc clears"}
quiz-your = {" your "}{ $text }{": "}
quiz-skipped = {" shown, not scored"}
verdict-right = right
verdict-wrong = wrong
verdict-carried = carried
verdict-imprecise = imprecise

## The quiz's summary and the question before leaving.
summary-right = right
summary-right-means = to the digits you wrote, precise enough
summary-wrong = wrong
summary-wrong-means = {""}
summary-carried = carried
summary-carried-means = wrong, but right from your own earlier answer
summary-imprecise = imprecise
summary-imprecise-means = right to your digits, but too few of them
summary-skipped = skipped
summary-skipped-means = shown without an answer
summary-keys = Esc closes (then Q quizzes on, answers kept); q quits
summary-title = Quiz summary{ $sep }{ $answered } answered
leave-answered = You have answered { $answered ->
    [one] { $answered } step
   *[other] { $answered } steps
 } ({ $line }).
leave-ends = Leaving ends the quiz; its score is printed in the terminal.
leave-yes = {" or q or Enter: leave    "}
leave-other = {" any other key "}
leave-stay = {" stay"}
leave-title = Leave the quiz?

## Panel titles and scrolling.
panel-network = Network
panel-notes = Notes
panel-matrix = Matrix form
panel-params = Parameters
panel-loss = Loss
panel-focused = {" "}{ $arrows } PgUp PgDn scroll{ $sep }Esc{" "}
panel-rows = {" "}rows { $first }-{ $last } of { $all } { $arrows }{" "}
network-sample = sample { $n }
network-last-of-batch = sample { $n }, the last of batch { $batch }
network-layers = layers { $first } to { $last } of { $from } to { $depth }
notes-none = This lesson has no note for the { $phase } phase.
notes-overlay = Note{ $sep }{ $phase } (Esc closes)
matrix-layer = layer { $layer }
matrix-update-of-layer = update of layer { $layer }
help-title = Keys{ $sep }Esc or ? closes
help-rows = {" "}{ $arrows } PgUp PgDn{ $sep }rows { $first }-{ $last } of { $all }{" "}
picker-matching = Lessons matching `{ $filter }`{ $cursor } ({ $shown } of { $all }; Enter opens, Esc clears)
picker-choose = Choose a lesson (Enter opens it, / filters)
picker-none = No bundled lessons.
picker-no-match = No lesson's name or title contains that: Backspace or Esc.

## The parameters, network and loss panels.
params-frozen = frozen: never updated
params-tensor-fixed = { $b } fixed: never updated
params-and = { $w } and { $b }
params-grad = { $both }, sample { $sample }
params-update = { $both }: old { $arrow } new
params-mean = { $both }: mean over the batch's { $samples } samples
params-used = { $both } used
network-input = input
network-output = output
network-hidden = hidden
network-hidden-n = hidden { $layer }
network-layer-kind = layer { $layer }, { $kind }
network-frozen = frozen
legend-read = read
legend-this-weight = this weight
legend-thinned = only the current neurons' edges
legend-brighter = brighter: larger |w| (to { $max }){" "}
legend-fainter = faint: smaller |w| (to { $max }){" "}
loss-epoch-mean = epoch { $epoch } mean:{" "}
loss-not-yet = not computed yet
loss-sample = sample { $n }:{" "}

## Errors in files: the frame, unknown names.
err-error = {"error: "}
err-help = {"help: "}
err-did-you-mean = ; did you mean `{ $name }`?
err-unknown-key = unknown key { $key } in { $owner }
err-takes = { $owner } takes: { $keys }
err-choose = choose one of: { $names }
err-unknown-section = unknown section { $key }
err-unknown-top-key = unknown key { $key }
err-sections = a lesson has the sections [lesson], [network] with [[network.layer]], [training], and [[data]] (or [data] with a CSV file) or [generate]; optionally [grading]
err-no-lesson = there is no lesson file or bundled lesson called { $name }

## A misspelt command.
slip-similar = a similar subcommand exists: '{ $meant }' (bpnn-tutor { $meant } --help says what it takes)
slip-commands = the commands are { $names }
slip-unrecognized = unrecognized subcommand '{ $word }'
slip-nothing-called = there is no command, lesson file or bundled lesson called '{ $word }'
slip-message = error: { $what }
    
      tip: { $tip }
    
    Usage: bpnn-tutor [OPTIONS] [LESSON]
           bpnn-tutor <COMMAND>
    
    For more information, try '--help'.

## check's report of one worksheet.
report-student = student: { $student }
report-precision = precision: { $policy }
report-marks = marks: { $marks }
report-first-error = first error { $step }
report-follow = { $count ->
    [one] { $count } answer follows
   *[other] { $count } answers follow
 }
report-step = step
report-where = where
report-verdict = verdict
report-yours = yours
report-exact = exact
report-follows = follows from your { $from }
report-follows-rounded = follows from your rounded { $from }
verdict-unanswered = unanswered
score-right = score: { $right }/{ $total } right
score-wrong = , { $n } wrong
score-carried = , { $n } carried forward
score-imprecise = , { $n } imprecise
score-unanswered = ; { $n } unanswered
list-comma = {", "}
list-and = { $rest } and { $last }

## check's class table.
class-worksheets = { $count ->
    [one] { $count } worksheet
   *[other] { $count } worksheets
 }
class-answers = { $count ->
    [one] { $count } answer
   *[other] { $count } answers
 }
class-h-worksheet = worksheet
class-h-student = student
class-h-variant = variant
class-h-marks = marks
class-h-percent = %
class-h-right = right
class-h-wrong = wrong
class-h-carried = carried
class-h-imprecise = imprecise
class-h-unanswered = unanswered
class-h-first-error = first error
class-h-misconceptions = misconceptions
class-unreadable = could not be read (see the errors above)
class-held-to = held to { $policy }
class-other-policies = ; { $sheets } held to another, said under { $count ->
    [one] its row
   *[other] their rows
 }
class-no-misconceptions = no misconceptions found
class-frequent = most frequent misconceptions:
class-all-right = { $n } all right
class-to-look-at = { $n } with answers to look at
class-not-read = { $n } could not be read
class-summary = { $sheets }: { $parts }

## The Markdown export's headings and prose (step names, formulas and anchors never change).
md-intro = A worked example exported by bpnn-tutor from { $source }: { $what }. The first step of each kind is worked out — its formula, the formula with the numbers substituted, and the result —, the others are in tables. Numbers have at most 6 significant digits, and a trailing zero only where the value has it (0.250000 is not quite 0.25); `bpnn-tutor export --format json` gives every value to full precision.
md-epoch = Epoch { $n }
md-range-epochs = epochs { $from } to { $to }
md-range-sample = sample { $n }
md-range-samples = samples { $from } to { $to }
md-every-number-all = every number of { $epochs } (all samples)
md-every-number-of = every number of { $epochs }, { $samples }
md-the-numbers-all = the numbers of { $epochs } (all samples)
md-the-numbers-of = the numbers of { $epochs }, { $samples }
md-of-a-run = { $shown } of a run of { $epochs ->
    [one] { $epoch_count } epoch
   *[other] { $epoch_count } epochs
 } on { $samples ->
    [one] { $sample_count } sample
   *[other] { $sample_count } samples
 }
md-part-of-run = {" "}(the loss per epoch covers the whole run; choose any other part with `--epoch` and `--sample`)
md-contents = **Contents:** { $links }
md-lesson = The lesson
md-initial = Initial parameters
md-final = Final parameters
md-losses = Loss per epoch
md-anchors = About the anchors
md-network = The network
md-start = Parameters at the start of epoch { $epoch }, batch { $batch }
md-epoch-sample = Epoch { $epoch }, sample { $sample }
md-input-target = Input x = { $x }, target y = { $y }.
md-phase-forward = Forward pass
md-phase-loss = Loss
md-phase-backward = Backward pass
md-phase-update = Update
md-update-after = Epoch { $epoch }, update after batch { $batch }
md-adam-t = {" "}(Adam's t = { $t })
md-update-by-parameter = The update, parameter by parameter
md-range-epoch = epoch { $n }

## The tutor's status line.
status-shown-go-on = this value is already shown: → goes on to the next step
status-answer-full = that is as long as an answer gets: Enter checks it
status-not-digit = `{ $c }` is not part of a number: digits, - . and e, as in 3.5e-5 (Esc clears)
status-matrix-beside = at this size the matrix view is always beside the formula
status-matrix-on = matrix view: the step as one entry of its layer's equation (m: back)
status-matrix-off = scalar view (m: matrix view)
quiz-hint = hint { $n }/{ $of }: { $text }

## Precision floors (check's precision line, the quiz's and check's "not precise enough")
precision-figures = { $n ->
    [one] { $n } significant figure
   *[other] { $n } significant figures
}
precision-decimals = { $n ->
    [one] { $n } decimal
   *[other] { $n } decimals
}
precision-at-least = at least { $floor } { $by }
precision-set-default = (the default)
precision-set-lesson = (set by the lesson)
precision-set-worksheet = (set by the worksheet)
precision-set-command-line = (set on the command line)
precision-shortfall = { $text } has { $has }; { $asker } asks for { $wanted }
precision-asker-sheet = this sheet
precision-asker-lesson = this lesson

## Blank worksheets (`worksheet`): the comments; keys and step names stay as they are
ws-title = Worksheet: { $title }
ws-covers = Epoch { $epoch }, { $samples }: the forward pass, the loss and the backward pass{ $update }.
ws-then-update = , then the update after batch { $batch }
ws-one-sample = sample { $sample }
ws-samples-each = samples { $first } to { $last }, each
ws-no-sample = no sample
ws-count = { $n } numbers, in the order the tutor computes them.
ws-how =
    Work each number out by hand and write it after `value =`, e.g. value = 0.5933, with
    as many digits as you worked to: an answer is right when it agrees with the exact value
    to every digit written and has at least { $floor }. Put it in quotes
    (value = "0.5930") to keep a trailing zero; leave value = "" for a number you skip.
    An answer that is off only because an earlier answer was is reported as carried forward,
    not as a new mistake; a wrong one that a known mistake reproduces is named.

    Check your work with:
ws-forward = forward pass
ws-loss = loss
ws-backward = backward pass
ws-phase-of-sample = { $phase } of sample { $sample }
ws-from-sample = from the gradients of sample { $sample }
ws-from-mean = from the mean of the gradients of samples { $first } to { $last }
ws-update-heading = update after batch { $batch } ({ $from }); `batch` counts updates
ws-givens = What you start from:
ws-input = input
ws-target = target
ws-of-sample = { $what } of sample { $sample }
ws-given-variant = as your variant of the lesson gives them
ws-given-lesson = as the lesson gives them
ws-given-after = after the updates before batch { $batch } of epoch { $epoch }
ws-weights = weights and biases, { $when }
ws-rows = (row j of w(l) holds the weights into neuron j of layer l from each neuron k below):
ws-layer = layer { $l } ({ $what }{ $training })
ws-layer-plain = layer { $l }
ws-layer-values = { $layer }: { $values }
ws-frozen = , frozen
ws-biases-fixed = , biases fixed
ws-sgd = loss { $loss }; plain SGD with learning rate η = { $lr }
ws-sgd-momentum = loss { $loss }; SGD with learning rate η = { $lr }, momentum μ = { $momentum }
ws-adam = loss { $loss }; Adam with learning rate η = { $lr }, β1 = { $beta1 }, β2 = { $beta2 }, ε = { $epsilon }
ws-adamw = loss { $loss }; AdamW with learning rate η = { $lr }, β1 = { $beta1 }, β2 = { $beta2 }, ε = { $epsilon }, weight decay λ = { $decay }
ws-adam-moments = Adam's moments before this batch's update (this is step t = { $t }):
ws-velocity = momentum velocity before this batch's update:
ws-too-many = ({ $n } numbers: see `bpnn-tutor export`)

## `bpnn-tutor lessons`
lessons-worksheets = worksheets (grade one with: bpnn-tutor check LESSON WORKSHEET):
lessons-open = Open a lesson with: bpnn-tutor NAME

## The tutor's smaller words: the loss panel, lists cut short, the gradient check, the matrix view's notes
loss-training = training
loss-training-progress = training { $pct }% (epoch { $trained }/{ $epochs })
net-neurons = { $n } neurons
more = { $dots } { $n } more
tui-too-small = terminal too small (need { $need })
tui-it-is = it is { $size }
picker-does-not-load = This bundled lesson does not load:
gradcheck-heading = numerical (finite-difference) gradient, h = { $h }:
formula-note = note:
gradcheck-kink = they differ beyond rounding: the loss is not smooth within h of here (a kink such as ReLU at 0, or a clamp)
gradcheck-exact = backprop gives exactly the same number
gradcheck-differ = they differ
gradcheck-agrees = { $n ->
    [one] backprop agrees to { $n } digit
   *[other] backprop agrees to { $n } digits
}
gradcheck-relative = relative difference { $r }: { $word }
mx-note-z = { $z } is row { $j } of { $w } times { $a }, plus { $b }.
mx-note-softmax = softmax is not entry by entry: { $a } reads every entry of { $z }.
mx-note-a = { $f } acts on each entry alone: { $a } = { $f }({ $z }).
mx-note-delta = Row { $j } of { $wt } is column { $j } of { $w }: the weights out of neuron { $j } of layer { $l }. Times { $next } it is the error passed back from layer { $above }; { $hadamard } by { $slope } gives { $delta }.
mx-note-dw = Entry ({ $j }, { $k }) is { $delta } times { $a }: the row from { $deltas }, the column from { $at }.

## Exporting from the tutor (e)
export-busy = an export is already being written
export-what-epoch = epoch { $epoch }
export-what-sample = sample { $sample } of epoch { $epoch } (a whole epoch is { $steps } steps)
export-writing = writing { $what } as Markdown…
export-wrote = wrote { $what } to { $path }
export-failed = export failed: { $error }

## Moving: what is true at an edge, and `!`
nav-one-epoch = this lesson trains one epoch: there is no other epoch
nav-epoch-edge = epoch { $epoch } is the { $which } of this lesson's { $epochs } epochs
nav-one-unit = this lesson has one { $unit } and trains one epoch: no other { $unit }'s { $name }
nav-sample-edge = sample { $n } of epoch { $e } is the lesson's { $which } sample: no { $which ->
    [last] later
   *[other] earlier
} { $name }
nav-batch-edge = the update of batch { $n } in epoch { $e } is the lesson's { $which } update: no { $which ->
    [last] later
   *[other] earlier
} { $name }
nav-place-sample = sample { $n }, epoch { $epoch }
nav-place-batch = the update of batch { $b }, epoch { $epoch }
nav-phase-edge = the { $phase } phase of { $place } is the { $which } phase of the trace
nav-step-edge = { $name } is the { $which } step of the trace
nav-no-lesson-shown = no lesson shown: Backspace or Esc changes the filter
nav-at-sample = sample { $s }
nav-at-update = the update of batch { $b }
nav-non-finite = the first number that is not finite: { $name } in epoch { $epoch }, { $at }
nav-all-finite = every number of this lesson is finite
nav-still-training = still training ({ $pct }%): NaN and infinity are checked when it finishes

## The go-to prompt (:)
goto-after-at = after @ comes a sample number, as in delta(1)[2]@2, not `{ $at }`
goto-type-name = type a step name, e.g. delta(1)[2], a(2)[1] or loss
goto-no-such-place = there is no { $unit } { $at }: this lesson has { $unit ->
    [sample] samples
   *[other] batches
} 1 to { $count }
goto-no-step = no step { $id }: { $why }
goto-not-here = no step { $id } in this lesson
goto-layers = the layers are 1 to { $depth } (0 is the input)
goto-frozen = layer { $l } is frozen, its parameters never change
goto-biases-fixed = the biases of layer { $l } are not trained
goto-only-adam = only Adam keeps { $q }; this lesson uses { $kind }
goto-only-adamw = only AdamW keeps decayed; this lesson uses { $kind }
goto-no-velocity = plain SGD keeps no velocity v
goto-layer-has-no = layer { $l } has no { $q }
goto-takes-indices = { $q }({ $l }) takes { $n } indices
goto-neurons = layer { $l } has { $w } neurons
goto-neurons-k = layer { $l } has { $w } neurons, so k goes to { $w }
goto-index-range = index { $i } goes from 1 to { $n }
goto-did-you-mean = did you mean { $meant }? Enter goes, Tab fills in · { $message }
goto-tab-before-at = Tab completes the name before @
goto-back-to = back to { $name } (` or Ctrl-O again returns)
goto-no-jump = no jump to go back from: ` returns to where the last go-to (:), !, g or G started
names-no-start = no step name starts with `{ $text }`: { $names }
names-no-quantity = no quantity `{ $stem }` in this lesson: { $names }
names-in-layers = { $stem } is in layers { $layers }

## A formula's named terms, its remarks, and a long sum cut short
more-terms = { $n } more terms
term-passed-back = the error passed back from layer { $from }
term-slope = the slope of the { $activation }
term-loss-slope = how the loss changes with the output
term-product = their product
term-selected = what the ReLU lets through
term-residual = the error along the residual connection of layer { $from }
term-from-output = from the output at step { $t }
term-through-time = from step { $t } through W_hh
term-total-derivative = their sum, the total derivative dL/dh
term-direct-slope = the direct derivative dh/dz, the slope of the { $activation }
term-through-state = through h at this step
term-through-forget = from step { $t } through the forget gate
term-gate-error = the error reaching the { $gate }
term-gate-i = input gate
term-gate-f = forget gate
term-gate-g = cell candidate
term-gate-o = output gate
term-at-step = step { $t }
remark-rounds-to-1 = rounds to 1
remark-underflows = underflows to 0
remark-log-clamped = PyTorch's BCELoss clamps { $what } at { $minus }100 here: it is { $is }.
remark-denominator-clamped = { $product } < { $eps } is clamped to { $eps }, as PyTorch's BCELoss does, so { $wrong }: a saturated sigmoid learns slowly under BCELoss (BCEWithLogitsLoss avoids this).
remark-not-exact = { $sum } would not give the loss exactly here
remark-log-softmax = { $why }, so the loss is written with log-softmax, as PyTorch's CrossEntropyLoss computes it: { $rule }.
remark-overflow = e^z would overflow to { $inf }
remark-underflow-digits = e^z (or an output) would underflow to 0 or lose digits
remark-softmax-shifted = { $how } here, so every exponent is shifted by { $shift }, as the engine computes softmax: the same value.
remark-rounded-once = { $square } is rounded once, as PyTorch's tanh backward computes it: { $a } is so near { $pm } that { $times }, rounded after the product too, would be off by { $error } of its value.
remark-relu-selects = { $zle }, so ReLU passes no error back: { $delta } = 0, as PyTorch's ReLU backward selects it, although the error reaching it is { $e } ({ $nan } would be NaN).

## The tutor's start card on a transformer, scrolled rows, and the matrix view's updates
card-transformer = { $layers } layers over { $positions } positions
card-transformer-a = a layer's output a(l)[t,j]: feature j at position t
card-transformer-delta = its error signal { $d }L/{ $d }a ({ $d }L/{ $d }z under an activation)
card-attn = how much query t takes from key s: a softmax of q{ $dot }k/{ $sqrt }d
rows-of = { $keys } rows { $first }-{ $last } of { $all }
params-rows = rows { $first }-{ $last } of { $all }
params-columns = columns { $first }-{ $last } of { $all }
mx-old = old
mx-new = new
mx-note-update = Entry { $entry }: each { $what } of { $name } is updated on its own, from the same entry of every matrix, one after another in rows; those not updated yet are blank.

## A lesson's summary (piped), and `train`'s line per epoch
summary-line = network { $widths } · loss { $loss } · { $optimizer } · { $epochs } epoch(s) · batch size { $batch } · { $samples } sample(s)
summary-steps = { $steps } steps per epoch.
train-epoch = epoch { $epoch }/{ $epochs }  loss { $mean }
picker-lesson-line = network { $widths }{ $sep }loss { $loss }{ $sep }{ $optimizer }{ $sep }{ $epochs ->
    [one] { $epochs } epoch
   *[other] { $epochs } epochs
}{ $sep }batch size { $batch }{ $sep }{ $samples ->
    [one] { $samples } sample
   *[other] { $samples } samples
}
loss-axis = epoch
loss-curve = curve
