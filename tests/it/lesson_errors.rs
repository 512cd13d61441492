//! Broken lessons, one problem each: the error must name the right line:column (counted by hand
//! from the texts below) and say what is wrong. The full messages are snapshotted so a change in
//! wording is reviewed like any other change.

use std::path::Path;

use bpnn_tutor::lesson::{self, LessonError};

use crate::common::cli::bin;

/// A valid lesson; the cases edit it line by line. Line numbers, for counting:
const BASE: &str = r#"[lesson]
title = "Test lesson"

[network]
inputs = 2

[[network.layer]]
neurons = 2
activation = "sigmoid"
weights = [[0.15, 0.20], [0.25, 0.30]]
biases = [0.35, 0.35]

[[network.layer]]
neurons = 2
activation = "sigmoid"
weights = [[0.40, 0.45], [0.50, 0.55]]
biases = [0.60, 0.60]

[training]
loss = "half_sse"
optimizer = { kind = "sgd", learning_rate = 0.5 }
epochs = 1
batch_size = 1

[[data]]
input = [0.05, 0.10]
target = [0.01, 0.99]
"#;
// 1 [lesson]            8 neurons = 2          15 activation (layer 2)   22 epochs
// 2 title               9 activation           16 weights (layer 2)      23 batch_size
// 4 [network]          10 weights              17 biases (layer 2)       25 [[data]]
// 5 inputs             11 biases               19 [training]             26 input
// 7 [[network.layer]]  13 [[network.layer]]    20 loss                   27 target
//                      14 neurons = 2          21 optimizer

/// A valid lesson with initialised weights and generated data.
const GEN: &str = r#"[lesson]
title = "Generated"

[network]
inputs = 2
init = { scheme = "xavier_uniform", seed = 7 }

[[network.layer]]
neurons = 3
activation = "tanh"

[[network.layer]]
neurons = 1
activation = "sigmoid"

[training]
loss = "bce"
optimizer = { kind = "adam", learning_rate = 0.01 }
epochs = 2

[generate]
samples = 100
distribution = "uniform"
seed = 42
target = [1.0]
"#;
// 5 inputs  6 init  9 neurons  13 neurons  17 loss  18 optimizer  22 samples
// 23 distribution  24 seed  25 target

/// `base` with line `n` (1-based) replaced by `text` (which may hold several lines, or none).
fn edit(base: &str, changes: &[(usize, &str)]) -> String {
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    for &(n, text) in changes {
        lines[n - 1] = text.to_string();
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Runs the real binary on a lesson that must be refused: exit code 1, nothing on standard
/// output, and on standard error the library's message (a missing file also gets a help line
/// listing the bundled lessons, since the command line takes their names too).
fn refused_by_the_binary(path: &Path, err: &LessonError) {
    for args in [&["train"][..], &["export", "--format", "json", "-o", "-"]] {
        let out = bin().args(args).arg(path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?} {}: {stderr}",
            path.display()
        );
        assert!(out.stdout.is_empty(), "{args:?}: wrote to stdout");
        assert!(
            stderr.starts_with(err.to_string().trim_end()),
            "{args:?}: {stderr}\nexpected:\n{err}"
        );
    }
}

/// Write `text` as `NAME.toml` in a fresh directory and load it through the library, then
/// through the real binary.
fn load_bytes(name: &str, bytes: &[u8]) -> (LessonError, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.toml"));
    std::fs::write(&path, bytes).unwrap();
    let err = match lesson::load(&path) {
        Ok(_) => panic!("{name}: expected an error, the lesson loaded"),
        Err(e) => e,
    };
    refused_by_the_binary(&path, &err);
    // Stable text for the snapshot: the temporary directory is not part of the message.
    let shown = err.to_string().replace(
        &format!("{}{}", dir.path().display(), std::path::MAIN_SEPARATOR),
        "",
    );
    (err, shown)
}

/// Load `text`, expect an error at `line:column` whose message contains `phrase`, and
/// snapshot the full message.
fn check(name: &str, text: &str, line: usize, column: usize, phrase: &str) {
    check_bytes(name, text.as_bytes(), Some((line, column)), phrase);
}

fn check_bytes(name: &str, bytes: &[u8], at: Option<(usize, usize)>, phrase: &str) {
    let (err, shown) = load_bytes(name, bytes);
    let d = err.diagnostic();
    let first = shown.lines().next().unwrap_or("");
    assert_eq!(
        d.line.zip(d.column),
        at,
        "{name}: wrong position in\n{shown}"
    );
    match at {
        Some((line, column)) => assert!(
            first.starts_with(&format!("error: {name}.toml:{line}:{column}: ")),
            "{name}: first line is {first:?}"
        ),
        None => assert!(
            first.starts_with(&format!("error: {name}.toml: ")),
            "{name}: first line is {first:?}"
        ),
    }
    assert!(
        d.message.contains(phrase),
        "{name}: message {:?} lacks {phrase:?}",
        d.message
    );
    assert!(
        first.contains(&d.message),
        "{name}: the first line holds the message"
    );
    insta::assert_snapshot!(name, shown);
}

macro_rules! case {
    ($name:ident, $text:expr, $line:expr, $column:expr, $phrase:expr) => {
        #[test]
        fn $name() {
            check(stringify!($name), &$text, $line, $column, $phrase);
        }
    };
}

#[test]
fn the_base_lessons_are_valid() {
    for text in [BASE, GEN] {
        if let Err(e) = lesson::parse(text, "base.toml") {
            panic!("{e}");
        }
    }
}

// --- TOML syntax -------------------------------------------------------------------------

// The string runs to the end of line 2: `title = "Test lesson` is 20 characters.
case!(
    syntax_unterminated_string,
    edit(BASE, &[(2, r#"title = "Test lesson"#)]),
    2,
    21,
    "this string has no closing `\"` on its line"
);
case!(
    syntax_bare_word,
    edit(BASE, &[(9, "activation = sigmoid")]),
    9,
    14,
    "text must be in quotes"
);
case!(
    syntax_missing_commas,
    edit(BASE, &[(10, "weights = [[0.15 0.20], [0.25, 0.30]]")]),
    10,
    13,
    "numbers in an array must be separated by commas"
);
case!(
    syntax_duplicate_key,
    edit(BASE, &[(22, "epochs = 1\nepochs = 2")]),
    23,
    1,
    "`epochs` is defined twice"
);

// --- unknown keys and names --------------------------------------------------------------

case!(
    unknown_key_learning_rate,
    edit(
        BASE,
        &[(21, r#"optimizer = { kind = "sgd", learing_rate = 0.5 }"#)]
    ),
    21,
    29,
    "did you mean `learning_rate`?"
);
case!(
    unknown_table,
    edit(BASE, &[(19, "[trainig]")]),
    19,
    2,
    "did you mean `training`?"
);
case!(
    unknown_layer_key,
    edit(BASE, &[(11, "bias = [0.35, 0.35]")]),
    11,
    1,
    "did you mean `biases`?"
);
case!(
    unknown_sample_key,
    edit(BASE, &[(27, "targets = [0.01, 0.99]")]),
    27,
    1,
    "did you mean `target`?"
);
case!(
    unknown_notes_key,
    edit(BASE, &[(3, "\n[lesson.notes]\nforwrd = \"x\"")]),
    5,
    1,
    "did you mean `forward`?"
);
case!(
    unknown_activation,
    edit(BASE, &[(9, r#"activation = "sigmod""#)]),
    9,
    14,
    "did you mean `sigmoid`?"
);
case!(
    unknown_loss,
    edit(BASE, &[(20, r#"loss = "MSE""#)]),
    20,
    8,
    "did you mean `mse`?"
);
case!(
    unknown_optimizer_kind,
    edit(
        BASE,
        &[(21, r#"optimizer = { kind = "adma", learning_rate = 0.5 }"#)]
    ),
    21,
    22,
    "did you mean `adam`?"
);
case!(
    unknown_init_scheme,
    edit(
        BASE,
        &[(5, "inputs = 2\ninit = { scheme = \"xavier\", seed = 1 }")]
    ),
    6,
    19,
    "did you mean `xavier_uniform`?"
);
case!(
    unknown_distribution,
    edit(GEN, &[(23, r#"distribution = "gaussian""#)]),
    23,
    16,
    "did you mean `normal`?"
);

// --- shapes ------------------------------------------------------------------------------

case!(
    weights_columns,
    edit(
        BASE,
        &[(16, "weights = [[0.40, 0.45, 0.1], [0.50, 0.55, 0.2]]")]
    ),
    16,
    12,
    "weights of layer 2 has 3 columns, but layer 1 has 2 neurons"
);
case!(
    weights_rows,
    edit(
        BASE,
        &[(16, "weights = [[0.40, 0.45], [0.50, 0.55], [0.1, 0.2]]")]
    ),
    16,
    11,
    "weights of layer 2 has 3 rows, but layer 2 has 2 neurons"
);
case!(
    weights_ragged,
    edit(BASE, &[(10, "weights = [[0.15, 0.20], [0.25]]")]),
    10,
    26,
    "row 2 of the weights of layer 1 has 1 number, but the network has 2 inputs"
);
case!(
    weights_flat_for_one_neuron,
    edit(
        BASE,
        &[
            (14, "neurons = 1"),
            (16, "weights = [0.40, 0.45]"),
            (17, "biases = [0.60]"),
            (27, "target = [0.01]")
        ]
    ),
    16,
    12,
    "expected a row of numbers (an array) in the weights of layer 2"
);
case!(
    biases_length,
    edit(BASE, &[(11, "biases = [0.35, 0.35, 0.35]")]),
    11,
    10,
    "biases of layer 1 has 3 numbers, but layer 1 has 2 neurons"
);
case!(
    input_length,
    edit(BASE, &[(26, "input = [0.05, 0.10, 0.2]")]),
    26,
    9,
    "the input of sample 1 has 3 numbers, but the network has 2 inputs"
);
case!(
    target_length,
    edit(BASE, &[(27, "target = [0.01]")]),
    27,
    10,
    "the target of sample 1 has 1 number, but the output layer (layer 2) has 2 neurons"
);
case!(
    generated_target_length,
    edit(GEN, &[(25, "target = [1.0, 0.0]")]),
    25,
    10,
    "the target has 2 numbers, but the output layer (layer 2) has 1 neuron"
);

// --- numbers that are not finite ---------------------------------------------------------

case!(
    nan_weight,
    edit(BASE, &[(10, "weights = [[0.15, nan], [0.25, 0.30]]")]),
    10,
    19,
    "`nan`"
);
case!(
    inf_learning_rate,
    edit(
        BASE,
        &[(21, r#"optimizer = { kind = "sgd", learning_rate = inf }"#)]
    ),
    21,
    45,
    "`inf` (infinity)"
);
case!(
    nan_input,
    edit(BASE, &[(26, "input = [0.05, -nan]")]),
    26,
    16,
    "must be finite"
);
case!(
    overflowing_bias,
    edit(BASE, &[(17, "biases = [0.60, 1e400]")]),
    17,
    17,
    "too large"
);

// --- ranges and limits -------------------------------------------------------------------

case!(
    learning_rate_zero,
    edit(
        BASE,
        &[(21, r#"optimizer = { kind = "sgd", learning_rate = 0 }"#)]
    ),
    21,
    45,
    "`learning_rate` must be greater than 0"
);
case!(
    epochs_zero,
    edit(BASE, &[(22, "epochs = 0")]),
    22,
    10,
    "`epochs` must be at least 1"
);
case!(
    epochs_a_trillion,
    edit(BASE, &[(22, "epochs = 1_000_000_000_000")]),
    22,
    10,
    "more than the limit of 1,000,000"
);
case!(
    epochs_beyond_64_bits,
    edit(BASE, &[(22, "epochs = 99999999999999999999")]),
    22,
    10,
    "far beyond the limit of 1,000,000"
);
case!(
    batch_size_zero,
    edit(BASE, &[(23, "batch_size = 0")]),
    23,
    14,
    "`batch_size` must be at least 1"
);
case!(
    neurons_zero,
    edit(BASE, &[(8, "neurons = 0")]),
    8,
    11,
    "`neurons` must be at least 1"
);
case!(
    neurons_two_billion,
    edit(BASE, &[(8, "neurons = 2000000000")]),
    8,
    11,
    "more than the limit of 100,000"
);
case!(
    inputs_zero,
    edit(BASE, &[(5, "inputs = 0")]),
    5,
    10,
    "`inputs` must be at least 1"
);
case!(
    too_many_parameters,
    edit(BASE, &[(8, "neurons = 100000"), (14, "neurons = 100000")]),
    14,
    11,
    "more than the limit of 20,000,000"
);
case!(
    too_many_layers,
    edit(
        BASE,
        &[(
            12,
            &"[[network.layer]]\nneurons = 2\nactivation = \"sigmoid\"\n".repeat(64)
        )]
    ),
    7,
    1,
    "more than the limit of 64"
);
case!(
    samples_too_many,
    edit(GEN, &[(22, "samples = 2000000")]),
    22,
    11,
    "more than the limit of 1,000,000"
);
case!(
    data_values_too_many,
    edit(GEN, &[(5, "inputs = 100"), (22, "samples = 1000000")]),
    22,
    11,
    "more than the limit of 50,000,000"
);
case!(
    momentum_out_of_range,
    edit(
        BASE,
        &[(
            21,
            r#"optimizer = { kind = "sgd", learning_rate = 0.5, momentum = 1.0 }"#
        )]
    ),
    21,
    61,
    "`momentum` must be at least 0 and less than 1"
);
case!(
    momentum_with_adam,
    edit(
        BASE,
        &[(21, r#"optimizer = { kind = "adam", momentum = 0.9 }"#)]
    ),
    21,
    30,
    "`momentum` only applies with kind = \"sgd\""
);
case!(
    beta2_out_of_range,
    edit(BASE, &[(21, r#"optimizer = { kind = "adam", beta2 = 1 }"#)]),
    21,
    38,
    "`beta2` must be at least 0 and less than 1"
);
case!(
    epsilon_zero,
    edit(
        BASE,
        &[(21, r#"optimizer = { kind = "adam", epsilon = 0.0 }"#)]
    ),
    21,
    40,
    "`epsilon` must be greater than 0"
);
case!(
    uniform_low_not_below_high,
    edit(
        BASE,
        &[(
            5,
            "inputs = 2\ninit = { scheme = \"uniform\", low = 1.0, high = 0.5 }"
        )]
    ),
    6,
    36,
    "`low` = 1.0 must be less than `high` = 0.5"
);
case!(
    normal_std_zero,
    edit(
        BASE,
        &[(5, "inputs = 2\ninit = { scheme = \"normal\", std = 0 }")]
    ),
    6,
    35,
    "`std` must be greater than 0"
);
case!(
    std_without_normal,
    edit(BASE, &[(5, "inputs = 2\ninit = { std = 0.1 }")]),
    6,
    10,
    "`std` only applies with scheme = \"normal\""
);
case!(
    low_with_normal_distribution,
    edit(
        GEN,
        &[(23, r#"distribution = "normal""#), (24, "low = 0.0")]
    ),
    24,
    1,
    "`low` only applies with distribution = \"uniform\""
);
case!(
    negative_seed,
    edit(GEN, &[(24, "seed = -1")]),
    24,
    8,
    "`seed` must be a whole number from 0 up"
);
case!(
    init_and_weights,
    edit(BASE, &[(11, r#"init = { scheme = "normal" }"#)]),
    11,
    1,
    "layer 1 gives both `weights` and an `init`"
);

// --- losses and output layers ------------------------------------------------------------

case!(
    bce_without_sigmoid,
    edit(
        BASE,
        &[(15, r#"activation = "relu""#), (20, r#"loss = "bce""#)]
    ),
    20,
    8,
    "bce needs a sigmoid output layer, but layer 2 uses relu"
);
case!(
    bce_target_above_one,
    edit(
        BASE,
        &[(20, r#"loss = "bce""#), (27, "target = [0.01, 1.5]")]
    ),
    27,
    17,
    "bce targets are probabilities"
);
case!(
    softmax_hidden,
    edit(BASE, &[(9, r#"activation = "softmax""#)]),
    9,
    14,
    "softmax is only allowed on the output layer"
);
case!(
    softmax_without_cross_entropy,
    edit(BASE, &[(15, r#"activation = "softmax""#)]),
    20,
    8,
    "a softmax output layer needs loss = \"cross_entropy\""
);
case!(
    cross_entropy_without_softmax,
    edit(BASE, &[(20, r#"loss = "cross_entropy""#)]),
    20,
    8,
    "cross_entropy needs a softmax output layer, but layer 2 uses sigmoid"
);
case!(
    cross_entropy_target_sum,
    edit(
        BASE,
        &[
            (15, r#"activation = "softmax""#),
            (20, r#"loss = "cross_entropy""#),
            (27, "target = [0.5, 0.6]")
        ]
    ),
    27,
    10,
    "but cross_entropy targets must sum to 1"
);

// --- missing or empty parts --------------------------------------------------------------

case!(
    data_empty,
    edit(
        BASE,
        &[(1, "data = []\n[lesson]"), (25, ""), (26, ""), (27, "")]
    ),
    1,
    8,
    "`data` has no samples"
);
case!(
    no_data,
    edit(BASE, &[(25, ""), (26, ""), (27, "")]),
    1,
    1,
    "the lesson has no training data"
);
case!(
    data_and_generate,
    format!("{BASE}\n[generate]\nsamples = 3\ntarget = [0.0, 1.0]\n"),
    29,
    2,
    "both [[data]] samples and a [generate] table"
);
case!(
    no_layers,
    edit(
        BASE,
        &[
            (7, ""),
            (8, ""),
            (9, ""),
            (10, ""),
            (11, ""),
            (13, ""),
            (14, ""),
            (15, ""),
            (16, ""),
            (17, "")
        ]
    ),
    4,
    1,
    "the network has no layers"
);
case!(
    missing_title,
    edit(BASE, &[(2, "")]),
    1,
    1,
    "[lesson] is missing `title`"
);
case!(
    single_bracket_layer,
    edit(
        BASE,
        &[
            (7, "[network.layer]"),
            (13, ""),
            (14, ""),
            (15, ""),
            (16, ""),
            (17, ""),
            (27, "target = [0.01, 0.99]")
        ]
    ),
    7,
    1,
    "expected [[network.layer]]"
);

// --- wrong types -------------------------------------------------------------------------

case!(
    inputs_as_string,
    edit(BASE, &[(5, r#"inputs = "two""#)]),
    5,
    10,
    "expected a whole number for `inputs`, found the string \"two\""
);
case!(
    learning_rate_in_quotes,
    edit(
        BASE,
        &[(21, r#"optimizer = { kind = "sgd", learning_rate = "0.5" }"#)]
    ),
    21,
    45,
    "expected a number for `learning_rate`, found the string \"0.5\""
);
case!(
    epochs_fractional,
    edit(BASE, &[(22, "epochs = 2.5")]),
    22,
    10,
    "expected a whole number for `epochs`"
);
case!(
    trainable_not_bool,
    edit(BASE, &[(11, r#"trainable = "yes""#)]),
    11,
    13,
    "expected true or false for `trainable`"
);

// --- text that would act on a terminal, and data files ----------------------------------

// `title = ` is 8 characters: the string starts at column 9.
case!(
    title_with_an_escape_sequence,
    edit(BASE, &[(2, r#"title = "Test\u001b]0;pwned\u0007 lesson""#)]),
    2,
    9,
    "`title` contains the control character U+001B"
);
case!(
    csv_data_without_its_file,
    edit(BASE, &[(25, "[data]"), (26, "inputs = 2"), (27, "")]),
    25,
    1,
    "[data] is missing `csv`"
);
case!(
    csv_data_with_other_inputs,
    edit(
        BASE,
        &[(25, "[data]"), (26, r#"csv = "d.csv""#), (27, "inputs = 3")]
    ),
    27,
    10,
    "`inputs` is 3, but the network has 2 inputs"
);
case!(
    csv_path_not_a_string,
    edit(BASE, &[(25, "[data]"), (26, "csv = 5"), (27, "inputs = 2")]),
    26,
    7,
    "expected a string for `csv`"
);
// `weights = { ` is 12 characters.
case!(
    npy_key_misspelt,
    edit(BASE, &[(10, r#"weights = { np = "w.npy" }"#)]),
    10,
    13,
    "unknown key `np` in the table for the weights of layer 1; did you mean `npy`?"
);

// --- bytes, not text ---------------------------------------------------------------------

#[test]
fn binary_file() {
    let text = edit(BASE, &[(2, "ti\0tle = \"x\"")]);
    check_bytes("binary_file", text.as_bytes(), Some((2, 3)), "NUL byte");
}

#[test]
fn not_utf8() {
    // `title = "Caf` is 12 characters; the bad byte is the 13th.
    let mut bytes = b"[lesson]\ntitle = \"Caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(&BASE.as_bytes()[BASE.find("\"\n").unwrap()..]);
    check_bytes("not_utf8", &bytes, Some((2, 13)), "not valid UTF-8");
}

#[test]
fn empty_file() {
    check_bytes("empty_file", b"", None, "the file is empty");
}

#[test]
fn whitespace_only_file() {
    check_bytes(
        "whitespace_only_file",
        b"\n  \n\t\n",
        None,
        "the file is empty",
    );
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = lesson::load(&dir.path().join("nope.toml")).unwrap_err();
    refused_by_the_binary(&dir.path().join("nope.toml"), &err);
    let d = err.diagnostic();
    assert_eq!((d.line, d.column), (None, None));
    assert_eq!(d.message, "no such file");
    assert!(err.to_string().starts_with("error: "));
    assert!(err.to_string().contains("nope.toml: no such file"));
}

#[test]
fn directory() {
    let dir = tempfile::tempdir().unwrap();
    let err = lesson::load(dir.path()).unwrap_err();
    refused_by_the_binary(dir.path(), &err);
    assert_eq!(err.diagnostic().line, None);
    assert!(err.diagnostic().message.contains("directory"), "{err}");
}

#[test]
fn unknown_bundled_name() {
    let err = lesson::load_arg("sigmoid_2layr").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "error: sigmoid_2layr: there is no lesson file or bundled lesson called \
             `sigmoid_2layr`; did you mean `sigmoid_2layer`?\n  = help: the bundled lessons are: \
             {}; or give the path of a .toml file",
            lesson::bundled::LESSONS.names().join(", ")
        )
    );
}

// --- accepted edge cases -----------------------------------------------------------------

#[test]
fn bce_accepts_targets_of_exactly_0_and_1() {
    let text = edit(BASE, &[(20, r#"loss = "bce""#), (27, "target = [0, 1.0]")]);
    let l = lesson::parse(&text, "t.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.data[0].target.to_vec(), vec![0.0, 1.0]);
}

#[test]
fn cross_entropy_accepts_one_hot_and_probabilities() {
    for target in ["[0.0, 1.0]", "[0.25, 0.75]", "[0.1, 0.9]"] {
        let text = edit(
            BASE,
            &[
                (15, r#"activation = "softmax""#),
                (20, r#"loss = "cross_entropy""#),
                (27, &format!("target = {target}")),
            ],
        );
        if let Err(e) = lesson::parse(&text, "t.toml") {
            panic!("{target}: {e}");
        }
    }
}

#[test]
fn a_single_bias_is_broadcast_and_omitted_biases_are_zero() {
    let text = edit(BASE, &[(11, "biases = 0.5"), (17, "")]);
    let l = lesson::parse(&text, "t.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.layers[0].biases().to_vec(), vec![0.5, 0.5]);
    assert_eq!(l.layers[1].biases().to_vec(), vec![0.0, 0.0]);
}

#[test]
fn loading_a_directory_path_or_name_of_a_bundled_lesson() {
    let by_name = lesson::load_arg("sigmoid_2layer").unwrap();
    let with_ext = lesson::load_arg("sigmoid_2layer.toml").unwrap();
    assert_eq!(by_name, with_ext);
    assert_eq!(by_name.source, "lessons/sigmoid_2layer.toml");
    let by_path = lesson::load(Path::new("lessons/sigmoid_2layer.toml")).unwrap();
    assert_eq!(by_path, by_name);
}
