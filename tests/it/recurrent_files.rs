//! Recurrent layers in files: the lesson syntax (`kind = "rnn" | "lstm"`, `hidden`,
//! `outputs`, the four tensors, defaults), broken lessons with a message at the right place,
//! the JSON export (`indices`, `initial` and `final` under the lesson's keys, the sequence and
//! the layers' settings), `train --save` reading back, and the Markdown export working one time
//! step out in full.

use crate::common::cli::bin;
use crate::common::recurrent::bundled;

use bpnn_tutor::layers::recurrent::Outputs;
use bpnn_tutor::lesson::{self, Kind, Shape};
use bpnn_tutor::trace::Trace;

const RNN: &str = r#"[lesson]
title = "RNN"

[network]
inputs = 2
sequence = 3

[[network.layer]]
kind = "rnn"
hidden = 2
weights_ih = [[0.5, -0.3], [0.2, 0.4]]
weights_hh = [[0.1, -0.2], [0.3, 0.25]]
biases_ih = [0.05, -0.1]

[[network.layer]]
neurons = 1
activation = "identity"

[training]
loss = "mse"
optimizer = { kind = "sgd", learning_rate = 0.1 }
epochs = 1

[[data]]
input = [[1.0, 0.0], [0.5, -1.0], [0.0, 1.0]]
target = [[0.2], [0.4], [-0.1]]
"#;

fn error(text: &str) -> String {
    match lesson::parse(text, "l.toml") {
        Ok(_) => panic!("no error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn defaults_follow_pytorch() {
    let l = lesson::parse(RNN, "l.toml").unwrap();
    let layer = &l.layers[0];
    let Kind::Rnn(k) = layer.kind else {
        panic!("an rnn")
    };
    assert_eq!(k.activation, bpnn_tutor::lesson::Activation::Tanh);
    assert_eq!(k.outputs, Outputs::All);
    assert_eq!(layer.output, Shape::Sequence { t: 3, f: 2 });
    // biases_hh not given: zeros; the dense layer acts at every position.
    assert_eq!(
        layer.params[3].iter().copied().collect::<Vec<_>>(),
        [0.0, 0.0]
    );
    assert_eq!(l.layers[1].output, Shape::Sequence { t: 3, f: 1 });
    let lstm = RNN
        .replace("kind = \"rnn\"", "kind = \"lstm\"\noutputs = \"last\"")
        .replace("weights_ih = [[0.5, -0.3], [0.2, 0.4]]\n", "")
        .replace("weights_hh = [[0.1, -0.2], [0.3, 0.25]]\n", "")
        .replace("biases_ih = [0.05, -0.1]\n", "")
        .replace(
            "[network]\n",
            "[network]\ninit = { scheme = \"uniform\", seed = 1 }\n",
        )
        .replace("target = [[0.2], [0.4], [-0.1]]", "target = [0.2]");
    let l = lesson::parse(&lstm, "l.toml").unwrap();
    let shapes: Vec<Vec<usize>> = l.layers[0]
        .params
        .iter()
        .map(|p| p.shape().to_vec())
        .collect();
    assert_eq!(shapes, [vec![8, 2], vec![8, 2], vec![8], vec![8]]);
    assert_eq!(l.layers[0].output, Shape::Vector(2));
}

#[test]
fn broken_recurrent_layers_say_where_and_why() {
    let cases = [
        (
            RNN.replace("sequence = 3\n", ""),
            "l.toml:7:1",
            "an rnn layer reads a sequence, but the network's input is a vector",
        ),
        (RNN.replace("hidden = 2\n", ""), "", "hidden"),
        (
            RNN.replace("kind = \"rnn\"", "kind = \"rnn\"\nactivation = \"sigmoid\""),
            "l.toml:10:14",
            "sigmoid",
        ),
        (
            RNN.replace("kind = \"rnn\"", "kind = \"rnn\"\noutputs = \"first\""),
            "l.toml:10:11",
            "unknown outputs `first`",
        ),
        (
            RNN.replace(
                "[[0.1, -0.2], [0.3, 0.25]]",
                "[[0.1, -0.2, 0.0], [0.3, 0.25, 0.0]]",
            ),
            "l.toml:12",
            "weights_hh of layer 1",
        ),
        (
            RNN.replace(
                "input = [[1.0, 0.0], [0.5, -1.0], [0.0, 1.0]]",
                "input = [[1.0, 0.0], [0.5, -1.0]]",
            ),
            "",
            "3",
        ),
        (
            RNN.replace("kind = \"rnn\"", "kind = \"rnm\""),
            "l.toml:9:8",
            "did you mean `rnn`?",
        ),
    ];
    for (text, at, what) in cases {
        let e = error(&text);
        assert!(
            e.contains(at) && e.contains(what),
            "want {at} {what}, got:\n{e}"
        );
    }
}

#[test]
fn json_carries_indices_and_the_tensors_under_the_lessons_keys() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.json");
    let status = bin()
        .args([
            "export",
            "lstm_remembers",
            "--format",
            "json",
            "--epoch",
            "1",
            "--sample",
            "1",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let step = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "c(1)[3,2]")
        .unwrap();
    assert_eq!(step["indices"], serde_json::json!([3, 2]));
    assert_eq!(step["quantity"], "c");
    assert_eq!(step["phase"], "forward");
    let lesson = bundled("lstm_remembers");
    let trace = Trace::new(lesson);
    assert_eq!(step["value"].as_f64().unwrap(), {
        let id = trace.parse_step("c(1)[3,2]").unwrap();
        trace
            .find(&bpnn_tutor::trace::StepKey {
                epoch: 1,
                place: bpnn_tutor::trace::Place::Sample(1),
                id,
            })
            .unwrap()
            .value
    });
    for key in ["weights_ih", "weights_hh", "biases_ih", "biases_hh"] {
        assert!(json["initial"]["layers"][0][key].is_array(), "{key}");
        assert!(json["final"]["layers"][0][key].is_array(), "{key}");
    }
    assert_eq!(
        json["initial"]["layers"][0]["weights_ih"]
            .as_array()
            .unwrap()
            .len(),
        8
    );
    assert_eq!(json["initial"]["layers"][0]["biases_ih"][2], 2.0);
    assert_eq!(json["lesson"]["sequence"], 5);
    assert_eq!(json["lesson"]["layers"][0]["kind"], "lstm");
    assert_eq!(json["lesson"]["layers"][0]["hidden"], 2);
    assert_eq!(json["lesson"]["layers"][0]["outputs"], "last");
    // The first batch's gradient beside each update step, in the table of updates.
    let update = json["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "w_hh(1)[3,1]")
        .unwrap();
    assert!(update["gradient"].is_f64());
    assert_eq!(update["indices"], serde_json::json!([3, 1]));
}

#[test]
fn trained_recurrent_parameters_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("trained.toml");
    let status = bin()
        .args(["train", "rnn_echo", "--save"])
        .arg(&saved)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(
        text.contains("kind = \"rnn\"") && text.contains("outputs = \"last\""),
        "{text}"
    );
    let back = lesson::parse(&text, "trained.toml").unwrap();
    let trained = Trace::new(bundled("rnn_echo")).final_params();
    for (layer, params) in back.layers.iter().zip(&trained.layers) {
        for (a, (_, b)) in layer.params.iter().zip(&params.tensors) {
            assert_eq!(a.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
        }
    }
}

#[test]
fn markdown_works_one_time_step_out_and_tables_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.md");
    let status = bin()
        .args(["export", "rnn_by_hand", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success());
    let doc = std::fs::read_to_string(&out).unwrap();
    crate::common::markdown::check_markdown(&doc, "rnn_by_hand");
    // Step 2 forward, its z worked out; step 1 tabled.
    assert!(doc.contains("<a id=\"e1-s1-z-1-2-1\"></a>**`z(1)[2,1]`**"));
    assert!(doc.contains("| <a id=\"e1-s1-z-1-1-1\"></a>`z(1)[1,1]` |"));
    // Back: ∂L/∂h at step 2 worked out with its part from step 3, in matrix form too.
    assert!(doc.contains("<a id=\"e1-s1-dh-1-2-1\"></a>**`dh(1)[2,1]`**"));
    assert!(doc.contains("*From step 3 through W_hh:*"));
    assert!(doc.contains("\\frac{\\partial L}{\\partial W_{\\mathrm{hh}}^{(1)}}"));
    assert!(doc.contains("```mermaid\nflowchart LR\n"));
    // Unrolled: the input x (n0) feeds h at each step (n1, n2, n3), chained through W_hh.
    assert!(doc.contains("  n1[\"h⁽¹⁾ t = 1<br/>rnn, 2 units, tanh\"]"));
    assert!(doc.contains("  n0 -->|\"x₂\"| n2"));
    assert!(doc.contains("  n1 -->|\"W_hh\"| n2"));
    assert!(doc.contains("  n2 -->|\"W_hh\"| n3"));
    assert!(doc.contains("Layer 1 (rnn, 2 units, tanh) is drawn unrolled over its 3 steps"));
}

/// The Markdown export's diagram and table of layers for a many-to-many RNN under a dense layer
/// at every position, and for an LSTM over a sequence long enough to be windowed: each layer as
/// its kind draws itself, and the table naming each layer's kind, settings and output shape.
#[test]
fn markdown_draws_each_layer_through_time_and_tables_the_kinds() {
    let export = |lesson: &str, ascii: bool| {
        let mut cmd = bin();
        cmd.args(["export", lesson, "-o", "-"]);
        if ascii {
            cmd.arg("--ascii");
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let doc = export("rnn_next_step", false);
    crate::common::markdown::check_markdown(&doc, "rnn_next_step");
    // Six states (n1..n6) and the dense layer at each of the six positions (n7..n12).
    assert!(doc.contains("  n7[\"a⁽²⁾ t = 1<br/>dense, 1 neuron, identity\"]"));
    assert!(doc.contains("  n1 --> n7\n"));
    assert!(doc.contains("  n6 --> n12\n"));
    assert!(doc.contains("  n5 -->|\"W_hh\"| n6\n"));
    assert!(doc.contains("Layer 2 (dense, 1 neuron, identity) acts at each of its 6 positions"));
    assert!(doc.contains("| layer | kind | settings | output | trains |"));
    assert!(doc.contains("| 0 (input) | — | — | 6 × 1 | — |"));
    assert!(doc.contains(
        "| 1 (hidden) | `rnn` | `hidden = 3`, `activation = \"tanh\"`, `outputs = \"all\"` | 6 × 3 | weights and biases |"
    ));
    assert!(doc.contains(
        "| 2 (output) | `dense` | `neurons = 1`, `activation = \"identity\"` | 6 × 1 | weights and biases |"
    ));
    // 20 steps: 1, 2, 3 and 20 drawn, the gap marked on the edge and in words.
    let doc = export("lstm_sized", true);
    assert!(doc.contains("  n4[\"h(1) t=20<br/>lstm, 32 units\"]"));
    assert!(doc.contains("  n0 -->|\"x[20]\"| n4\n"));
    assert!(doc.contains("  n3 -->|\"W_hh ...\"| n4\n"));
    assert!(doc.contains("the cell state c through the forget gate (h(0) = c(0) = 0)"));
    assert!(doc.contains("The middle steps are left out (...)"));
    assert!(doc.contains("| 1 (hidden) | `lstm` | `hidden = 32`, `outputs = \"last\"` | 32 |"));
    // The output layer reads h_20 alone.
    assert!(doc.contains("  n4 --> n5\n") && !doc.contains("  n3 --> n5\n"));
    // A lesson of dense layers keeps its table of neurons.
    let doc = export("sigmoid_2layer", false);
    assert!(doc.contains("| layer | neurons | activation | trains |"));
}
