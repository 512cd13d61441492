//! Worksheets of convolutional networks, graded by the real binary's `check --format json`:
//! every misconception of the family made as a learner makes it — the wrong number worked out
//! here from the independent reference's numbers and the mistake's formula, nothing of this
//! program's — must be named; a sheet of right answers is all right, nothing named; and the
//! bundled worksheet that falls into the flipped-kernel trap is graded as its comments say.

use crate::common::cnn_lessons;
use crate::common::cnn_reference::{self, SampleValues, Tensors};
use crate::common::sheets::{Dir, answer, lesson_file, marks};

use bpnn_tutor::lesson::{Lesson, bundled};

/// Six decimals, as a learner with a calculator writes them.
fn six(v: f64) -> String {
    format!("{v:.6}")
}

fn load(name: &str) -> Lesson {
    bundled::LESSONS.find(name).unwrap().load().unwrap()
}

/// The first sample's numbers and the initial parameters, from the reference.
fn first(lesson: &Lesson) -> (SampleValues, Tensors) {
    let p = cnn_reference::initial(lesson);
    let d = &lesson.data[0];
    let v = cnn_reference::sample(
        lesson,
        &p,
        d.input.as_slice().unwrap(),
        d.target.as_slice().unwrap(),
    );
    (v, p)
}

/// (verdict, misconception) of every answer of `sheet` on `lesson` (a bundled name or TOML).
fn grade(lesson: &str, sheet: &str) -> Vec<(String, String, Option<String>)> {
    let dir = Dir::new();
    let lesson = if lesson.contains('[') {
        dir.write("lesson.toml", lesson);
        "lesson.toml".to_string()
    } else {
        lesson_file(lesson)
    };
    dir.write("ws.toml", sheet);
    marks(&dir.json(&lesson, "ws.toml", &[]))
}

/// One wrong answer, alone on its sheet, named `id`.
fn names(lesson: &str, step: &str, value: f64, id: &str) {
    let got = grade(lesson, &answer(step, &six(value), ""));
    assert_eq!(
        got,
        vec![(step.to_string(), "wrong".to_string(), Some(id.to_string()))],
        "{step} = {value}"
    );
}

/// cnn_first: the 6×6 image, the 3×3 kernel w and bias b of layer 1.
struct First {
    x: Vec<f64>,
    w: Vec<f64>,
    b: f64,
    v: SampleValues,
}

impl First {
    fn new() -> First {
        let lesson = load("cnn_first");
        let (v, p) = first(&lesson);
        First {
            x: lesson.data[0].input.to_vec(),
            w: p[0][0].clone(),
            b: p[0][1][0],
            v,
        }
    }

    fn x(&self, y: usize, x: usize) -> f64 {
        self.x[y * 6 + x]
    }

    fn w(&self, u: usize, v: usize) -> f64 {
        self.w[u * 3 + v]
    }
}

#[test]
fn kernel_flipped_in_a_weighted_input_and_a_weight_gradient() {
    let f = First::new();
    // z(1)[1,1,2] with the kernel turned by 180°: Σ w[2−u][2−v]·x[u][1+v] + b.
    let mut z = f.b;
    for u in 0..3 {
        for v in 0..3 {
            z += f.w(2 - u, 2 - v) * f.x(u, 1 + v);
        }
    }
    assert!(
        (z - f.v.z[0][1]).abs() > 0.01,
        "the flip must change this number"
    );
    names("cnn_first", "z(1)[1,1,2]", z, "kernel_flipped");
    // ∂L/∂w(1)[1,1,3,3] from the flipped cell (1, 1): Σ δ[i][j]·x[i][j] (the right one
    // reads x[i+2][j+2], all 0 where δ is not).
    let delta = &f.v.delta[0];
    let mut g = 0.0;
    for i in 0..4 {
        for j in 0..4 {
            g += delta[i * 4 + j] * f.x(i, j);
        }
    }
    assert_eq!(f.v.grad[0][0][8], 0.0);
    names("cnn_first", "dw(1)[1,1,3,3]", g, "kernel_flipped");
}

#[test]
fn bias_per_pixel_and_bias_gradient_averaged() {
    let f = First::new();
    // The bias once for each of the window's 9 pixels: z + 8b.
    names(
        "cnn_first",
        "z(1)[1,2,2]",
        f.v.z[0][5] + 8.0 * f.b,
        "bias_per_pixel",
    );
    // ∂L/∂b as the mean of the map's 16 δ instead of their sum.
    let sum: f64 = f.v.delta[0].iter().sum();
    names(
        "cnn_first",
        "db(1)[1]",
        sum / 16.0,
        "bias_gradient_averaged",
    );
}

#[test]
fn a_max_pool_gradient_spread_or_taken_from_the_wrong_cell() {
    let f = First::new();
    // Cell (1, 2) of the feature map (z = 0.75, so ReLU′ = 1) is not its window's maximum
    // (that is (2, 2), 1.35): its δ is 0. Spread over the window, it gets the window's
    // pooled δ, whole or a quarter; from the wrong cell, the pooled δ at its own row and
    // column, [1, 2].
    assert_eq!(f.v.delta[0][1], 0.0);
    assert!(f.v.z[0][1] > 0.0);
    let pooled = &f.v.delta[1];
    names(
        "cnn_first",
        "delta(1)[1,1,2]",
        pooled[0],
        "pool_gradient_spread",
    );
    names(
        "cnn_first",
        "delta(1)[1,1,2]",
        pooled[0] / 4.0,
        "pool_gradient_spread",
    );
    names(
        "cnn_first",
        "delta(1)[1,1,2]",
        pooled[1],
        "pool_gradient_wrong_cell",
    );
}

#[test]
fn flatten_in_the_wrong_order() {
    let f = First::new();
    // Number 2 of the flattened vector is [1,1,2] of the pooled map; column by column it
    // would be [1,2,1].
    let pooled = &f.v.a[2];
    assert_ne!(pooled[1], pooled[2]);
    names("cnn_first", "a(3)[2]", pooled[2], "flatten_order");
}

/// cnn_two_channels: 2×5×5, kernels 2×2×3×3, stride 2, padding 1, then a 3×3 average pool.
#[test]
fn padding_and_stride_ignored_and_an_average_without_its_division() {
    let lesson = load("cnn_two_channels");
    let (v, p) = first(&lesson);
    let x = lesson.data[0].input.to_vec();
    let (w, b) = (&p[0][0], p[0][1][0]);
    let at = |c: usize, y: isize, xx: isize| {
        if (0..5).contains(&y) && (0..5).contains(&xx) {
            x[(c * 5 + y as usize) * 5 + xx as usize]
        } else {
            0.0
        }
    };
    // Map 1 at output (i, j) with the window's top-left input row/column given.
    let z = |top: (isize, isize)| {
        let mut s = b;
        for c in 0..2 {
            for u in 0..3 {
                for vv in 0..3 {
                    s += w[(c * 3 + u) * 3 + vv] * at(c, top.0 + u as isize, top.1 + vv as isize);
                }
            }
        }
        s
    };
    // Output (2, 2) reads rows and columns s·1 + u − p = 1..3; without the padding 2..4,
    // without the stride 0..2.
    assert!((z((1, 1)) - v.z[0][4]).abs() < 1e-12);
    names(
        "cnn_two_channels",
        "z(1)[1,2,2]",
        z((2, 2)),
        "padding_ignored",
    );
    names(
        "cnn_two_channels",
        "z(1)[1,2,2]",
        z((0, 0)),
        "stride_ignored",
    );
    // The pool's output as the sum of its 9 numbers, not their mean.
    let sum: f64 = v.a[1][..9].iter().sum();
    names("cnn_two_channels", "a(2)[1,1,1]", sum, "avg_pool_no_divide");
    // And its gradient shared back without the 1/9: δ(2)·(1 − a²) for the tanh map.
    let a = v.a[1][0];
    names(
        "cnn_two_channels",
        "delta(1)[1,1,1]",
        v.delta[1][0] * (1.0 - a * a),
        "avg_pool_no_divide",
    );
}

/// Two convolutions in a row: the error layer 2 passes back to layer 1, with each weight
/// where the flipped kernel would have it.
#[test]
fn kernel_flipped_in_the_error_passed_back() {
    let (_, toml) = cnn_lessons::texts().remove(2);
    let lesson = cnn_lessons::parse(&toml);
    let (v, p) = first(&lesson);
    // Layer 1: 2 maps of 8×7 (kernel [3, 2], padding [1, 0]); layer 2: 3 maps of 7×3 from a
    // 2×2 kernel with stride [1, 2], leaky ReLU. The error reaching a(1)[1,1,1]: outputs
    // (o, 0, 0) read it with kernel cell (0, 0); flipped, with cell (1, 1).
    let w2 = &p[1][0];
    let mut passed = 0.0;
    for o in 0..3 {
        passed += w2[((o * 2) * 2 + 1) * 2 + 1] * v.delta[1][o * 21];
    }
    let a = v.a[1][0];
    names(
        &toml,
        "delta(1)[1,1,1]",
        passed * (1.0 - a * a),
        "kernel_flipped",
    );
}

#[test]
fn a_sheet_of_right_answers_names_nothing() {
    let f = First::new();
    let mut sheet = String::new();
    let rows = [
        ("z(1)[1,1,2]", f.v.z[0][1]),
        ("a(1)[1,2,2]", f.v.a[1][5]),
        ("a(2)[1,1,2]", f.v.a[2][1]),
        ("a(3)[3]", f.v.a[3][2]),
        ("loss", f.v.loss),
        ("delta(3)[4]", f.v.delta[2][3]),
        ("delta(2)[1,2,1]", f.v.delta[1][2]),
        ("delta(1)[1,2,2]", f.v.delta[0][5]),
        ("delta(1)[1,1,2]", f.v.delta[0][1]),
        ("dw(1)[1,1,1,1]", f.v.grad[0][0][0]),
        ("dw(1)[1,1,2,2]", f.v.grad[0][0][4]),
        ("db(1)[1]", f.v.grad[0][1][0]),
    ];
    for (name, value) in rows {
        sheet.push_str(&answer(name, &six(value), ""));
    }
    for (name, verdict, id) in grade("cnn_first", &sheet) {
        assert_eq!((verdict.as_str(), id), ("right", None), "{name}");
    }
}

#[test]
fn the_bundled_flipped_kernel_sheet_is_graded_as_its_comments_say() {
    let dir = Dir::new();
    let report = dir.json(
        &lesson_file("cnn_flipped_kernel"),
        &bpnn_tutor_path("lessons/worksheets/cnn_flipped_kernel_slip.toml"),
        &[],
    );
    let marks = marks(&report);
    let mark = |name: &str| {
        marks
            .iter()
            .find(|m| m.0 == name)
            .map(|m| (m.1.clone(), m.2.clone()))
            .unwrap()
    };
    assert_eq!(mark("z(1)[1,1,1]"), ("right".into(), None));
    assert_eq!(mark("z(1)[1,1,3]"), ("right".into(), None));
    for cell in ["z(1)[1,1,2]", "z(1)[1,2,2]", "z(1)[1,3,2]"] {
        assert_eq!(
            mark(cell),
            ("wrong".into(), Some("kernel_flipped".into())),
            "{cell}"
        );
    }
    for later in ["z(3)[1]", "a(3)[1]", "loss"] {
        assert_eq!(mark(later).0, "carried", "{later}");
    }
}

fn bpnn_tutor_path(rel: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .display()
        .to_string()
}
