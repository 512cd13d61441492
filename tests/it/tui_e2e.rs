//! The real binary in a pseudo-terminal: the first frame appears, arrow keys step through the
//! trace, `?` shows the keys, `q` exits with status 0 and leaves the terminal as it found it;
//! `--quiz` hides values until the learner types them.

use crate::common::pty::Session;

const RIGHT: &str = "\x1b[C";
const LEFT: &str = "\x1b[D";

#[test]
fn step_through_the_classic_lesson_and_quit_cleanly() {
    let mut s = Session::begin(&["lessons/sigmoid_2layer.toml"]);
    s.wait_for(&["step 1/37", "z(1)[1]", "= 0.3775"]);
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    // z(1)[1] → a(1)[1] → z(1)[2] → a(1)[2]: σ(0.3925) = 0.596884378 (published).
    for _ in 0..3 {
        s.press(RIGHT);
    }
    s.wait_for(&["step 4/37", "a(1)[2]", "= 0.596884"]);
    s.press(LEFT);
    s.wait_for(&["step 3/37", "z(1)[2]", "= 0.3925"]);
    // Stepped back: a(1)[2] = 0.5969 is no longer computed, so not on screen.
    assert!(!s.contents().contains("0.5969"), "{}", s.contents());
    s.press(":loss\r");
    s.wait_for(&["step 9/37", "= 0.298371"]);
    s.press("?");
    s.wait_for(&["Keys", "next step", "back one step", "go to a step by name"]);
    s.press("q");
    let status = s.exit_status();
    assert!(status.success(), "exit status {status:?}");
    // The alternate screen left, the cursor shown, raw mode off: the terminal echoes and reads
    // lines again.
    s.assert_restored();
}

#[test]
fn without_a_lesson_the_picker_opens_one() {
    let mut s = Session::start(&[]);
    s.wait_for(&[
        "Choose a lesson",
        "sigmoid_2layer",
        "Two-layer sigmoid network",
    ]);
    s.press("\r");
    // The lesson opens with its start card: its title and summary.
    s.wait_for(&[
        "The classic published 2-2-2 worked example",
        "Any key begins",
    ]);
    s.dismiss_card();
    s.wait_for(&["step 1/37", "z(1)[1]"]);
    s.press("\x03");
    let status = s.exit_status();
    assert!(status.success());
}

#[test]
fn quiz_grades_typed_answers_and_prints_the_score_on_quitting() {
    let mut s = Session::begin(&["--quiz", "lessons/sigmoid_2layer.toml"]);
    s.wait_for(&["step 1/37", "quiz 0/0 right", "type the value"]);
    // z(1)[1] = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775 is hidden until answered.
    assert!(!s.contents().contains("0.3775"), "{}", s.contents());
    s.press("0.3775\r");
    s.wait_for(&["your 0.3775: right", "quiz 1/1 right"]);
    s.press(RIGHT);
    s.wait_for(&["step 2/37", "a(1)[1]", "type the value"]);
    assert!(!s.contents().contains("0.5933"), "{}", s.contents());
    // q is typed into the answer field, not a quit: it is refused with a word.
    s.press("0.865q");
    s.wait_for(&["not part of a number"]);
    s.press("\r");
    // σ(0.3775) = 0.593269992 (published).
    s.wait_for(&[
        "your 0.865: wrong",
        "= 0.593270",
        "σ(0.3775)",
        "quiz 1/2 right",
    ]);
    // Answers given: leaving is asked first (any other key stays).
    s.press("q");
    s.wait_for(&["Leave the quiz?", "You have answered 2 steps"]);
    s.press("x");
    s.wait_until("the question to close", |s| {
        !s.contents().contains("Leave the quiz?")
    });
    s.press("q");
    s.wait_for(&["Leave the quiz?"]);
    s.press("y");
    let status = s.exit_status();
    assert!(status.success(), "exit status {status:?}");
    // Back on the main screen, the score is left for the learner.
    s.wait_for(&[
        "quiz: 1 of 2 steps answered right (1 right, 1 wrong, 0 carried, 0 imprecise, 0 skipped)",
    ]);
}

#[test]
fn quiz_names_the_mistake_check_names_right_after_enter() {
    let mut s = Session::begin(&["--quiz", "lessons/sigmoid_2layer.toml"]);
    s.wait_for(&["step 1/37", "type the value"]);
    s.press(RIGHT);
    s.wait_for(&["step 2/37", "a(1)[1]", "type the value"]);
    // σ(0.3775) with the exponent's sign flipped: 1/(1 + e^0.3775) = 0.406730.
    s.press("0.406730\r");
    s.wait_for(&["your 0.406730: wrong", "exp_sign: σ(z) was computed as"]);
    s.press("q");
    s.wait_for(&["Leave the quiz?"]);
    s.press("\r");
    let status = s.exit_status();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn m_shows_the_matrix_form_and_m_again_the_scalar_view() {
    let mut s = Session::begin(&["lessons/sigmoid_2layer.toml"]);
    s.wait_for(&["step 1/37", "z(1)[1]", "Parameters"]);
    s.press("m");
    // On z(1)[1] the matrix view shows W⁽¹⁾a⁽⁰⁾, with the entries 0.15·0.05 + 0.2·0.1 + 0.35.
    s.wait_for(&[
        "Matrix form",
        "z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾",
        "⎡ 0.15  0.2 ⎤",
        "2×2",
    ]);
    // Stepping keeps the view: δ⁽¹⁾₁ through the transpose and ⊙.
    s.press(":delta(1)[1]\r");
    s.wait_for(&["step 18/37", "(W⁽²⁾)ᵀδ⁽²⁾ ⊙ σ′(z⁽¹⁾)", "0.03635"]);
    s.press("m");
    s.wait_for(&["Parameters", "scalar view"]);
    assert!(!s.contents().contains("Matrix form"), "{}", s.contents());
    s.press("q");
    assert!(s.exit_status().success());
}
