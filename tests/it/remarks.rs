//! Where a clamp of PyTorch's acts, every view says so: the formula has the clamp in symbols,
//! a remark says it in words (the tutor's formula panel, Markdown, JSON), and a formula no
//! clamp touches is the textbook one. Edge lessons raise no false divergence alarm.

use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::notation::{Digits, Notation};
use bpnn_tutor::trace::{StepId, Style, Trace};
use bpnn_tutor::tui::{App, Mode, Settings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::cli::{bin, export_to_stdout, succeeds};

const EDGES: &str = "docs/pytorch/edges";

fn edge(name: &str) -> String {
    format!("{EDGES}/{name}.toml")
}

fn load(name: &str) -> Lesson {
    lesson::load(std::path::Path::new(&edge(name))).unwrap()
}

#[test]
fn formulas_show_a_clamp_only_where_it_acts() {
    let trace = Trace::new(load("bce_saturated"));
    let style = Style::new(Notation::Unicode, Digits::Sig(4));
    let formula = |name: &str, sample: usize| {
        let step = trace
            .find(&crate::common::key(1, StepId::parse(name).unwrap(), sample))
            .unwrap();
        trace.formula(&step)
    };
    // Sample 1, z = (30, −30), y = (0, 0): σ(30)(1 − σ(30)) = 9.35e-14 is clamped.
    let delta = formula("delta(1)[1]", 1);
    assert!(
        delta
            .symbolic(style)
            .contains("max(a⁽¹⁾₁·(1 − a⁽¹⁾₁), 10⁻¹²)"),
        "{}",
        delta.symbolic(style)
    );
    let words = delta.remark_lines(style).join(" ");
    assert!(
        words.contains("< 10⁻¹² is clamped") && words.contains("δ⁽¹⁾₁ ≠ a⁽¹⁾₁ − y₁"),
        "{words}"
    );
    // Its loss: no log is below −100 (ln(1 − σ(30)) = −30), so the textbook formula.
    let loss = formula("loss", 1);
    assert!(loss.remarks.is_empty() && !loss.symbolic(style).contains("max"));
    assert_eq!(
        loss.symbolic(style),
        "L = −(½·(y₁·ln(a⁽¹⁾₁) + (1 − y₁)·ln(1 − a⁽¹⁾₁) + (y₂·ln(a⁽¹⁾₂) + (1 − y₂)·ln(1 − a⁽¹⁾₂))))"
    );
    // Sample 3, z ≈ 37: σ rounds to 1 and ln(1 − a) = −∞ is clamped.
    let loss = formula("loss", 3);
    assert!(loss.symbolic(style).contains("max(ln(1 − a⁽¹⁾₁), -100)"));
    let words = loss.remark_lines(style).join(" ");
    assert!(
        words.contains("PyTorch's BCELoss clamps ln(1 − a⁽¹⁾₁) at −100 here"),
        "{words}"
    );
    // The flagship lesson's formulas carry no remarks at all.
    let classic = Trace::new(lesson::load_arg("sigmoid_2layer").unwrap());
    for step in classic.steps(1, 0..classic.epoch_len()) {
        assert!(classic.formula(&step).remarks.is_empty(), "{}", step.name());
    }
}

#[test]
fn json_carries_remarks_only_where_a_clamp_acts() {
    let out = export_to_stdout(&edge("bce_saturated"), "json");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "no divergence warning"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = v["steps"].as_array().unwrap();
    assert!(v["updates"].is_array());
    let step = |name: &str, sample: u64| {
        steps
            .iter()
            .find(|s| s["name"] == name && s["sample"] == sample && s["epoch"] == 1)
            .unwrap()
    };
    assert!(step("z(1)[1]", 1).get("remarks").is_none());
    let remarks = step("loss", 3)["remarks"].as_array().unwrap();
    assert_eq!(remarks.len(), 1, "{remarks:?}");
    assert!(
        remarks[0]
            .as_str()
            .unwrap()
            .contains("clamps ln(1 − a⁽¹⁾₁) at −100")
    );
    assert!(
        step("loss", 3)["formula"]
            .as_str()
            .unwrap()
            .contains("\\max\\left(")
    );
    assert!(v["first_non_finite"].is_null());
}

#[test]
fn markdown_writes_the_remark_under_the_formula() {
    let out = export_to_stdout(&edge("softmax_far_apart"), "md");
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("**Note:** a⁽¹⁾₂ underflows to 0, so the loss is written with log-softmax"),
        "{md}"
    );
    assert!(!md.contains("Training diverges"));
    // The lesson section says how the loss behaves at saturation, once.
    assert_eq!(md.matches("As in PyTorch's CrossEntropyLoss").count(), 1);
}

#[test]
fn the_tutor_shows_the_remark_in_the_formula_panel() {
    let settings = Settings {
        ascii: false,
        color: true,
        ..Default::default()
    };
    let mut app = App::new(load("bce_saturated"), settings);
    let press = |app: &mut App, code: KeyCode, modifiers: KeyModifiers| {
        app.handle_key(&KeyEvent::new(code, modifiers));
    };
    press(&mut app, KeyCode::Char(':'), KeyModifiers::SHIFT);
    for c in "delta(1)[1]".chars() {
        press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(*app.mode(), Mode::Normal);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let screen: String = t
        .backend()
        .buffer()
        .content
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains("note: a⁽¹⁾₁(1 − a⁽¹⁾₁) = 9.34808e-14 < 10⁻¹²"),
        "{screen}"
    );
    assert!(!screen.contains("diverges"));
}

#[test]
fn edge_lessons_raise_no_false_divergence_alarm() {
    for entry in std::fs::read_dir(EDGES).unwrap() {
        let path = entry.unwrap().path();
        let out = succeeds(bin().arg("train").arg(&path));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{}",
            path.display()
        );
        let out = bin()
            .args(["export", "--format", "md", "-o", "/dev/null"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("warning"), "{}: {stderr}", path.display());
    }
}
