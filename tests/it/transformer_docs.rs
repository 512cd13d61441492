//! What the Markdown export and the tutor's start card say of a transformer: its data as
//! tokens, its blocks in a table with the tensors that train, the attention steps worked out
//! beside the first of each quantity, a LoRA layer's frozen base in its update's heading, and
//! the panels in their places on every step. Expectations come from the lesson itself (its
//! vocabulary, data and tensors), never from an export.

use bpnn_tutor::export::markdown;
use bpnn_tutor::layers::Kind;
use bpnn_tutor::lesson::{Lesson, load_arg};
use bpnn_tutor::trace::Trace;

fn doc(lesson: &Lesson, ascii: bool) -> String {
    let mut out = Vec::new();
    markdown::write_default(&Trace::new(lesson.clone()), ascii, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The token at each position of a flat one-hot target (vocabulary `v` wide).
fn next_ids(target: &[f64], v: usize) -> Vec<usize> {
    target
        .chunks(v)
        .map(|row| row.iter().position(|&x| x == 1.0).unwrap())
        .collect()
}

#[test]
fn a_token_lessons_samples_are_written_as_their_tokens() {
    for name in ["tiny_gpt", "tiny_gpt_lora"] {
        let lesson = load_arg(name).unwrap();
        let v = lesson.vocabulary.len();
        let sample = &lesson.data[0];
        let ids: Vec<usize> = sample.input.iter().map(|&x| x as usize).collect();
        let next = next_ids(sample.target.as_slice().unwrap(), v);
        let words = |ids: &[usize]| {
            let w: Vec<&str> = ids.iter().map(|&i| lesson.vocabulary[i].as_str()).collect();
            format!("`[{}]`", w.join(", "))
        };
        let text = doc(&lesson, false);
        let row = format!("| [1](#e1-s1) | {} | {} |", words(&ids), words(&next));
        assert!(text.contains(&row), "{name}: {row}");
        let heading = format!("Input x = {}, target y = {}.", words(&ids), words(&next));
        assert!(text.contains(&heading), "{name}: {heading}");
        // Under --ascii a token that is not ASCII is its id.
        let by_id = |ids: &[usize]| {
            let w: Vec<String> = ids.iter().map(|i| format!("#{i}")).collect();
            format!("`[{}]`", w.join(", "))
        };
        let ascii = doc(&lesson, true);
        let row = format!("| [1](#e1-s1) | {} | {} |", by_id(&ids), by_id(&next));
        assert!(ascii.contains(&row), "{name} --ascii: {row}");
        assert!(ascii.is_ascii(), "{name} --ascii");
    }
}

#[test]
fn the_layer_table_names_each_block_and_what_trains() {
    let lesson = load_arg("tiny_gpt_lora").unwrap();
    let text = doc(&lesson, false);
    assert!(text.contains("| layer | block | output | trains |"));
    let mut lora = 0;
    for (i, layer) in lesson.layers.iter().enumerate() {
        let l = i + 1;
        let specs = layer.specs();
        let (t, f) = (layer.output.positions(), layer.output.features());
        let prefix = format!("| {l} | ");
        let row = text
            .lines()
            .find(|r| r.starts_with(&prefix) && r.contains(" | ") && r.ends_with(" |"))
            .unwrap_or_else(|| panic!("no row for layer {l}"));
        assert!(row.contains(&format!(" | {t}×{f} | ")), "{row}");
        let trains = specs.iter().filter(|s| s.trains).count();
        match (&layer.kind, trains) {
            (Kind::Dense(d), _) if d.lora.is_some() => {
                // Only LoRA's A and B train; the base W and b are frozen.
                assert_eq!(trains, 2);
                assert!(row.ends_with(" | A, B (W, b frozen) |"), "{row}");
                lora += 1;
            }
            (_, 0) => assert!(row.ends_with(" | no (frozen) |"), "{row}"),
            _ => panic!("layer {l} of the LoRA lesson trains: {row}"),
        }
    }
    assert_eq!(lora, 3, "three LoRA layers");
    // Its update tables say the same in their headings.
    for (i, layer) in lesson.layers.iter().enumerate() {
        if let Kind::Dense(d) = &layer.kind
            && d.lora.is_some()
        {
            let heading = format!("Layer {} (", i + 1);
            assert!(
                text.lines()
                    .any(|r| r.starts_with(&heading) && r.ends_with("; W and b frozen):")),
                "the update's heading of layer {}",
                i + 1
            );
        }
    }
    let full = doc(&load_arg("tiny_gpt").unwrap(), false);
    assert!(
        full.contains("| 3 | attention causal ⊕1 | 4×4 | W_q, W_k, W_v, W_o, b_q, b_k, b_v, b_o |")
    );
    assert!(full.contains("| 2 | layer norm | 4×4 | γ, β |"));
    assert!(full.contains("| 1 | embedding | 4×4 | E, P |"));
}

/// The steps the document works out in full (a bold step name opens each).
fn worked(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let start = l.find("**`")? + 3;
            let end = start + l[start..].find("`**")?;
            Some(l[start..end].to_string())
        })
        .collect()
}

#[test]
fn causal_attention_works_out_a_masked_score_and_a_query_that_sees_two_keys() {
    for (name, layer, head) in [("tiny_gpt", 3, ""), ("tiny_gpt_two_heads", 3, "1,")] {
        let lesson = load_arg(name).unwrap();
        let Kind::Attention(a) = lesson.layers[layer - 1].kind else {
            panic!("{name}: layer {layer} is attention");
        };
        assert!(a.causal);
        let text = doc(&lesson, false);
        let worked = worked(&text);
        let l = layer;
        for step in [
            // The first of each quantity: query 1, which sees key 1 alone.
            format!("score({l})[{head}1,1]"),
            format!("attn({l})[{head}1,1]"),
            format!("ctx({l})[1,1]"),
            format!("dscore({l})[{head}1,1]"),
            format!("dq({l})[1,1]"),
            // The first masked score, and query 2, the first to see two keys.
            format!("score({l})[{head}1,2]"),
            format!("attn({l})[{head}2,1]"),
            format!("ctx({l})[2,1]"),
            format!("dscore({l})[{head}2,1]"),
            format!("dq({l})[2,1]"),
        ] {
            assert!(worked.contains(&step), "{name}: {step} is worked out");
        }
        // The rest are rows of tables.
        for step in [
            format!("attn({l})[{head}1,2]"),
            format!("attn({l})[{head}2,2]"),
            format!("score({l})[{head}1,3]"),
        ] {
            assert!(!worked.contains(&step), "{name}: {step} is a row");
            assert!(text.contains(&format!("`{step}` |")), "{name}: {step}");
        }
    }
}

#[test]
fn the_start_card_of_a_transformer_speaks_of_positions_and_attention() {
    use crate::tui_render::{app_with, draw, settings, text};
    let lesson = load_arg("tiny_gpt").unwrap();
    let (depth, t) = (lesson.depth(), lesson.input.positions());
    let mut app = app_with(lesson, settings());
    app.show_card();
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = text(draw(&app, w, h).backend().buffer());
        for said in [
            format!("{depth} layers over {t} positions"),
            "a layer's output a(l)[t,j]".to_string(),
            "attn".to_string(),
            "how much query t takes from key s".to_string(),
        ] {
            assert!(screen.contains(&said), "{w}×{h}: {said}\n{screen}");
        }
    }
}
