//! Small convolutional lessons, one for each construct the engine must get right: stride 1
//! and 2, padding 0 and 1, one and two input channels, max and average pooling (overlapping
//! too), a pool first and a pool last, two convolutions in a row, every activation, every
//! loss and optimizer. Their weights are drawn by the lessons' seeded `init`, their inputs by
//! `[generate]`.

use bpnn_tutor::lesson::{self, Lesson};

/// A lesson with `network` (its `[network]` body and layers) trained by `training`.
pub fn text(name: &str, network: &str, training: &str, target: &str) -> String {
    format!(
        "[lesson]\ntitle = \"{name}\"\n\n[network]\n{network}\n\n[training]\n{training}\n\n\
         [generate]\nsamples = 4\ndistribution = \"normal\"\nseed = 7\ntarget = {target}\n"
    )
}

/// The lesson of `text`.
pub fn parse(text: &str) -> Lesson {
    lesson::parse(text, "cnn.toml").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every construct, by name.
pub fn all() -> Vec<(&'static str, Lesson)> {
    texts()
        .into_iter()
        .map(|(name, text)| (name, parse(&text)))
        .collect()
}

/// Every construct's lesson file, by name.
pub fn texts() -> Vec<(&'static str, String)> {
    let conv = |extra: &str| format!("[[network.layer]]\nkind = \"conv2d\"\n{extra}\n");
    let pool = |kind: &str, extra: &str| format!("[[network.layer]]\nkind = \"{kind}\"\n{extra}\n");
    let flatten = "[[network.layer]]\nkind = \"flatten\"\n";
    let dense =
        |n: usize, act: &str| format!("[[network.layer]]\nneurons = {n}\nactivation = \"{act}\"\n");
    let ce = "loss = \"cross_entropy\"\noptimizer = { kind = \"sgd\", learning_rate = 0.1 }\nepochs = 2\nbatch_size = 2";
    vec![
        (
            "stride1_pad0_max_softmax",
            text(
                "a",
                &format!(
                    "inputs = [1, 6, 6]\ninit = {{ scheme = \"xavier_uniform\", seed = 3 }}\n{}{}{flatten}{}",
                    conv("channels = 2\nkernel = 3\nactivation = \"tanh\""),
                    pool("maxpool2d", "kernel = 2"),
                    dense(2, "softmax")
                ),
                ce,
                "[1.0, 0.0]",
            ),
        ),
        (
            "stride2_pad1_two_channels_avg_adam",
            text(
                "b",
                &format!(
                    "inputs = [2, 7, 7]\ninit = {{ scheme = \"he_uniform\", seed = 11 }}\n{}{}{flatten}{}",
                    conv(
                        "channels = 3\nkernel = 3\nstride = 2\npadding = 1\nactivation = \"sigmoid\""
                    ),
                    pool("avgpool2d", "kernel = 2"),
                    dense(3, "softmax")
                ),
                "loss = \"cross_entropy\"\noptimizer = { kind = \"adam\", learning_rate = 0.05 }\nepochs = 2\nbatch_size = 3",
                "[0.0, 0.0, 1.0]",
            ),
        ),
        (
            "two_convs_overlapping_pool_momentum_bce",
            text(
                "c",
                &format!(
                    "inputs = [1, 8, 8]\ninit = {{ scheme = \"xavier_uniform\", seed = 5 }}\n{}{}{}{flatten}{}{}",
                    conv("channels = 2\nkernel = [3, 2]\npadding = [1, 0]\nactivation = \"tanh\""),
                    conv("channels = 3\nkernel = 2\nstride = [1, 2]\nactivation = \"leaky_relu\""),
                    pool("maxpool2d", "kernel = 2\nstride = 1"),
                    dense(4, "tanh"),
                    dense(1, "sigmoid")
                ),
                "loss = \"bce\"\noptimizer = { kind = \"sgd\", learning_rate = 0.3, momentum = 0.9 }\nepochs = 2\nbatch_size = 2",
                "[1.0]",
            ),
        ),
        (
            "pool_first_conv_last_half_sse",
            text(
                "d",
                &format!(
                    "inputs = [2, 9, 9]\ninit = {{ scheme = \"uniform\", seed = 2 }}\n{}{}{}{flatten}",
                    pool("maxpool2d", "kernel = 2\nstride = 1"),
                    pool("avgpool2d", "kernel = 3\nstride = 2"),
                    conv("channels = 2\nkernel = 2\npadding = 1\nactivation = \"identity\""),
                ),
                "loss = \"half_sse\"\noptimizer = { kind = \"sgd\", learning_rate = 0.05 }\nepochs = 2\nbatch_size = 1",
                "[1.0, -1.0, 0.5, 0.0, 0.25, -0.5, 1.0, 2.0, 0.0, 1.0, -1.0, 0.5, 0.0, 0.25, -0.5, 1.0, 2.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]",
            ),
        ),
        (
            "relu_conv_mse_pool_output",
            text(
                "e",
                &format!(
                    "inputs = [1, 5, 5]\ninit = {{ scheme = \"he_uniform\", seed = 9 }}\n{}{}",
                    conv("channels = 2\nkernel = 2\nactivation = \"relu\"\nbiases = [0.3, 0.2]"),
                    pool("maxpool2d", "kernel = 2\nstride = 2"),
                ),
                "loss = \"mse\"\noptimizer = { kind = \"sgd\", learning_rate = 0.1 }\nepochs = 2",
                "[0.5, 0.25, -0.5, 1.0, 0.0, 0.5, 1.0, 0.25]",
            ),
        ),
    ]
}
