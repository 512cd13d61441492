//! The JSON trace, version 3: every step's position in its epoch, and on update steps the
//! parameter they belong to, its value before the update, the batch-mean gradient the update
//! used and Adam's t — checked against the initial parameters and against the mean of the
//! samples' own gradient steps, computed here.

use std::collections::HashMap;

use bpnn_tutor::export::{Selection, json, select::Filter};
use bpnn_tutor::lesson;
use bpnn_tutor::trace::Trace;
use serde_json::Value;

fn trace_json(name: &str) -> Value {
    trace_json_with(name, &json::Options::default())
}

fn trace_json_with(name: &str, options: &json::Options) -> Value {
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
    json::write(&trace, &selection, options, &mut out).unwrap();
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
    assert_eq!(v["version"], 3);
    let samples = v["steps"].as_array().unwrap();
    let updates = v["updates"].as_array().unwrap();
    let mut steps: Vec<&Value> = samples.iter().chain(updates).collect();
    steps.sort_by_key(|s| s["index"].as_u64());
    // `index` is the position in the epoch, from 1, in trace order.
    for (i, s) in steps.iter().enumerate() {
        assert_eq!(s["index"], i + 1, "{s}");
    }
    // Index columns are integers in every row of both tables.
    for s in &steps {
        for column in ["epoch", "index", "batch", "layer", "j", "k"] {
            assert!(s[column].is_u64(), "{column} of {s}");
        }
    }
    assert!(samples.iter().all(|s| s["sample"].is_u64()));
    assert!(
        updates
            .iter()
            .all(|s| s.get("sample").is_none() && s["phase"] == "update")
    );
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
        assert_eq!(s.get("t").is_some_and(Value::is_u64), adam, "{s}");
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
fn without_formulas_an_export_is_a_third_smaller_or_more() {
    let size = |options: &json::Options| {
        trace_json_with("softmax_classifier", options)
            .to_string()
            .len()
    };
    let full = size(&json::Options::default());
    let lean = size(&json::Options {
        no_formulas: true,
        ..Default::default()
    });
    assert!(lean * 3 <= full * 2, "{lean} of {full} bytes");
}

#[test]
fn a_filter_keeps_the_quantities_and_layers_asked_for() {
    let lesson = lesson::bundled::LESSONS
        .all()
        .iter()
        .find(|b| b.name == "sigmoid_2layer")
        .unwrap()
        .load()
        .unwrap();
    let trace = Trace::new(lesson);
    let filter = Filter::parse(&trace, &["dw".into(), "w".into()], &[2], &[]).unwrap();
    let v = trace_json_with(
        "sigmoid_2layer",
        &json::Options {
            no_formulas: false,
            filter,
        },
    );
    let names = |table: &str| -> Vec<String> {
        v[table]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names("steps"),
        ["dw(2)[1,1]", "dw(2)[1,2]", "dw(2)[2,1]", "dw(2)[2,2]"]
    );
    assert_eq!(
        names("updates"),
        ["w(2)[1,1]", "w(2)[1,2]", "w(2)[2,1]", "w(2)[2,2]"]
    );
    let by_name = Filter::parse(&trace, &[], &[], &["loss".into(), "b(1)[2]".into()]).unwrap();
    let v = trace_json_with(
        "sigmoid_2layer",
        &json::Options {
            no_formulas: true,
            filter: by_name,
        },
    );
    assert_eq!(v["steps"].as_array().unwrap().len(), 1);
    assert_eq!(v["updates"][0]["name"], "b(1)[2]");
    assert!(v["updates"][0].get("formula").is_none());
    assert!(Filter::parse(&trace, &["q".into()], &[], &[]).is_err());
    assert!(Filter::parse(&trace, &[], &[3], &[]).is_err());
}

#[test]
fn adam_steps_carry_their_parameter_before_gradient_and_t() {
    check("adam", true);
}

#[test]
fn mini_batch_updates_use_the_mean_of_the_samples_gradients() {
    check("softmax_classifier", false);
}
