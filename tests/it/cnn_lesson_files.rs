//! Lesson files of convolutional networks: images written nested or flat, or read from CSV as
//! flat rows; kernels drawn with a convolution's fans; `train --save` writing a lesson that
//! reads back; and every mistake in such a file named at its line and column.

use crate::common::cli::bin;
use crate::common::cnn_lessons::parse;

use bpnn_tutor::lesson;

const HEAD: &str = "[lesson]\ntitle = \"t\"\n[training]\nloss = \"half_sse\"\n\
                    optimizer = { kind = \"sgd\", learning_rate = 0.1 }\n";

/// A lesson of `network` (its `[network]` table and layers) and `data`.
fn lesson_text(network: &str, data: &str) -> String {
    format!("{HEAD}{network}\n{data}")
}

const NET: &str = "[network]\ninputs = [2, 2, 3]\n[[network.layer]]\nkind = \"conv2d\"\n\
                   channels = 1\nkernel = [1, 2]\n[[network.layer]]\nkind = \"flatten\"\n";

#[test]
fn an_image_is_written_nested_flat_or_in_a_csv_file() {
    let nested = parse(&lesson_text(
        NET,
        "[[data]]\ninput = [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]\ntarget = [0, 0, 0, 0]\n",
    ));
    let flat = parse(&lesson_text(
        NET,
        "[[data]]\ninput = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\ntarget = [0, 0, 0, 0]\n",
    ));
    let want: Vec<f64> = (1..=12).map(f64::from).collect();
    assert_eq!(nested.data[0].input.to_vec(), want);
    assert_eq!(flat.data, nested.data);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.csv"),
        "1,2,3,4,5,6,7,8,9,10,11,12,0,0,0,0\n",
    )
    .unwrap();
    let text = lesson_text(NET, "[data]\ncsv = \"d.csv\"\ninputs = 12\n");
    let csv = lesson::parse_in(&text, "t.toml", dir.path()).unwrap();
    assert_eq!(csv.data, nested.data);
    // A CSV whose `inputs` is not C·H·W says which image it expects.
    let text = lesson_text(NET, "[data]\ncsv = \"d.csv\"\ninputs = 6\n");
    let err = lesson::parse_in(&text, "t.toml", dir.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("12 inputs (a 2×2×3 image"), "{err}");
}

#[test]
fn kernels_are_drawn_with_a_convolutions_fans() {
    // xavier_uniform draws from ±√(6 / (fan_in + fan_out)), fan_in = C·kh·kw = 4·9 and
    // fan_out = O·kh·kw = 8·9, as PyTorch counts them: ±√(6/108) = ±0.2357.
    let lesson = parse(&lesson_text(
        "[network]\ninputs = [4, 5, 5]\ninit = { scheme = \"xavier_uniform\", seed = 1 }\n\
         [[network.layer]]\nkind = \"conv2d\"\nchannels = 8\nkernel = 3\n\
         [[network.layer]]\nkind = \"flatten\"\n",
        &format!(
            "[generate]\nsamples = 1\ndistribution = \"normal\"\nseed = 1\ntarget = {:?}\n",
            vec![0.0; 72]
        ),
    ));
    let bound = (6.0f64 / 108.0).sqrt();
    let w = &lesson.layers[0].params[0];
    assert_eq!(w.shape(), &[8, 4, 3, 3]);
    let largest = w.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    assert!(largest <= bound, "{largest} > {bound}");
    // 288 draws: the largest is near the bound (fans of 4 and 8 would allow up to 0.71).
    assert!(largest > 0.9 * bound, "{largest}");
    // Biases start at zero.
    assert!(lesson.layers[0].params[1].iter().all(|&b| b == 0.0));
}

#[test]
fn a_trained_convolutional_lesson_saves_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trained.toml");
    bin()
        .args(["train", "cnn_two_channels", "--save"])
        .arg(&out)
        .assert()
        .success();
    let saved = lesson::load(&out).unwrap();
    let original = lesson::bundled::LESSONS
        .find("cnn_two_channels")
        .unwrap()
        .load()
        .unwrap();
    let trained = bpnn_tutor::trace::train(&original).into_state().params;
    assert_eq!(saved.layers.len(), original.layers.len());
    for (i, (s, o)) in saved.layers.iter().zip(&original.layers).enumerate() {
        assert_eq!(s.kind, o.kind, "layer {}", i + 1);
        assert_eq!((s.input, s.output), (o.input, o.output), "layer {}", i + 1);
        for (saved_t, (_, trained_t)) in s.params.iter().zip(&trained.layers[i].tensors) {
            assert_eq!(saved_t, trained_t, "layer {}", i + 1);
        }
    }
    assert_eq!(saved.data, original.data);
}

/// The message of a lesson that does not load, and where.
fn error(network: &str) -> String {
    let text = lesson_text(network, "[[data]]\ninput = [1, 2, 3, 4]\ntarget = [1]\n");
    lesson::parse(&text, "bad.toml").unwrap_err().to_string()
}

#[test]
fn every_mistake_is_named_where_it_is() {
    let conv = |extra: &str| {
        format!(
            "[network]\ninputs = [1, 2, 2]\n[[network.layer]]\nkind = \"conv2d\"\nchannels = 1\n{extra}"
        )
    };
    for (network, line_col, words) in [
        (
            "[network]\ninputs = 4\n[[network.layer]]\nkind = \"conv2d\"\nchannels = 1\nkernel = 2\n".to_string(),
            "bad.toml:8:1",
            "a conv2d layer takes an image (channels × height × width), but layer 1 gets a vector of 4 numbers",
        ),
        (
            format!("{}[[network.layer]]\nneurons = 1\nactivation = \"identity\"\n", conv("kernel = 1\n")),
            "bad.toml:12:1",
            "a dense layer takes a vector, but layer 2 gets a 1×2×2 image",
        ),
        (
            conv("kernel = 3\n"),
            "bad.toml:11:10",
            "the 3×3 kernel of layer 1 is larger than its 2×2 input",
        ),
        (
            conv("kernel = 2\nweights = [[[1, 2], [3, 4]]]\n"),
            "bad.toml:12:",
            "weights of layer 1",
        ),
        (
            conv("kernal = 2\n"),
            "bad.toml:11:1",
            "unknown key `kernal` in layer 1; did you mean `kernel`?",
        ),
        (
            conv("kernel = 1\nstride = 0\n"),
            "bad.toml:12:10",
            "`stride` must be at least 1",
        ),
        (
            conv("kernel = [1, 2, 3]\n"),
            "bad.toml:11:10",
            "`kernel` as an array is [rows, columns], but it has 3 numbers",
        ),
        (
            conv("kernel = 1\nactivation = \"softmax\"\n"),
            "bad.toml:12:14",
            "softmax",
        ),
        (
            "[network]\ninputs = [1, 2, 2]\n[[network.layer]]\nkind = \"maxpool2d\"\nkernel = 2\npadding = 1\n".to_string(),
            "bad.toml:11:1",
            "unknown key `padding` in layer 1",
        ),
        (
            "[network]\ninputs = [1, 2, 2]\n[[network.layer]]\nkind = \"maxpool\"\nkernel = 2\n".to_string(),
            "bad.toml:9:8",
            "unknown layer kind `maxpool`; did you mean `maxpool2d`?",
        ),
        (
            "[network]\ninputs = 4\n[[network.layer]]\nkind = \"flatten\"\n".to_string(),
            "bad.toml:8:1",
            "a flatten layer takes an image",
        ),
    ] {
        let err = error(&network);
        assert!(err.contains(line_col), "{line_col}: {err}");
        assert!(err.contains(words), "{words}: {err}");
    }
}
