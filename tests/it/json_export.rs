//! The JSON trace, version 2: every step's position in its epoch, and on update steps the
//! parameter they belong to, its value before the update, the batch-mean gradient the update
//! used and Adam's t — checked against the initial parameters and against the mean of the
//! samples' own gradient steps, computed here.

use std::collections::HashMap;

use bpnn_tutor::export::{Selection, json};
use bpnn_tutor::lesson;
use bpnn_tutor::trace::Trace;
use serde_json::Value;

fn trace_json(name: &str) -> Value {
    let lesson = lesson::bundled::LESSONS
        .all()
        .iter()
        .find(|b| b.name == name)
        .unwrap()
        .load()
        .unwrap();
    let trace = Trace::new(lesson);
    let selection = Selection {
        epochs: 1..=1,
        samples: None,
    };
    let mut out = Vec::new();
    json::write(&trace, &selection, &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

/// `w(2)[1,3]` → (layer, row, column) from 0; `b(1)[2]` → (layer, row, None).
fn param_at(name: &str) -> (usize, usize, Option<usize>) {
    let open = name.find('(').unwrap();
    let (layer, rest) = name[open + 1..].split_once(")[").unwrap();
    let idx: Vec<usize> = rest
        .trim_end_matches(']')
        .split(',')
        .map(|i| i.parse::<usize>().unwrap() - 1)
        .collect();
    (layer.parse().unwrap(), idx[0], idx.get(1).copied())
}

fn check(name: &str, adam: bool) {
    let v = trace_json(name);
    assert_eq!(v["version"], 2);
    let steps = v["steps"].as_array().unwrap();
    // `index` is the position in the epoch, from 1, in trace order.
    for (i, s) in steps.iter().enumerate() {
        assert_eq!(s["index"], i + 1, "{s}");
    }
    // Each sample's gradient steps, by (sample, name of the parameter).
    let mut grads: HashMap<(u64, String), f64> = HashMap::new();
    for s in steps.iter().filter(|s| s["phase"] == "backward") {
        let q = s["quantity"].as_str().unwrap();
        if q == "dw" || q == "db" {
            let p = s["param"].as_str().unwrap().to_string();
            assert_eq!(p, s["name"].as_str().unwrap()[1..], "{s}");
            grads.insert(
                (s["sample"].as_u64().unwrap(), p),
                s["value"].as_f64().unwrap(),
            );
        }
    }
    let initial = &v["initial"]["layers"];
    let batch_size = v["lesson"]["batch_size"].as_u64().unwrap();
    let mut checked = 0;
    for s in steps.iter().filter(|s| s["phase"] == "update") {
        let p = s["param"]
            .as_str()
            .expect("an update step names its parameter");
        let q = s["quantity"].as_str().unwrap();
        if matches!(q, "w" | "b") {
            assert_eq!(p, s["name"].as_str().unwrap());
        } else {
            assert_eq!(&s["name"].as_str().unwrap()[q.len()..], &p[1..], "{s}");
        }
        assert_eq!(s["t"].is_u64(), adam, "{s}");
        let batch = s["batch"].as_u64().unwrap();
        if adam {
            assert_eq!(s["t"], batch);
        }
        // The batch mean: the samples' gradients summed in order, over their count.
        let samples = (batch - 1) * batch_size + 1..=batch * batch_size;
        let sum = samples
            .clone()
            .map(|n| grads[&(n, p.to_string())])
            .fold(0.0, |a, g| a + g);
        let mean = sum / samples.count() as f64;
        // Exactly: the tests read JSON with serde_json's `float_roundtrip`.
        assert_eq!(s["gradient"].as_f64().unwrap(), mean, "{s}");
        if batch == 1 {
            let (l, j, k) = param_at(p);
            let layer = &initial[l - 1];
            let want = match k {
                Some(k) => &layer["weights"][j][k],
                None => &layer["biases"][j],
            };
            assert_eq!(&s["before"], want, "{s}");
        }
        checked += 1;
    }
    assert!(checked > 0);
    for s in steps.iter().filter(|s| s["phase"] == "forward") {
        assert!(s["param"].is_null() && s["before"].is_null() && s["t"].is_null());
    }
}

#[test]
fn adam_steps_carry_their_parameter_before_gradient_and_t() {
    check("adam", true);
}

#[test]
fn mini_batch_updates_use_the_mean_of_the_samples_gradients() {
    check("softmax_classifier", false);
}
