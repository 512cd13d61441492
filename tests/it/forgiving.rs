//! Slips forgiven, through the real binary: a misspelt command or flag is answered with the
//! one that was meant.

use crate::common::cli::bin;

use predicates::prelude::*;

#[test]
fn a_misspelt_command_is_named_not_read_as_a_lesson() {
    bin()
        .args(["exprot", "sigmoid_2layer"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unrecognized subcommand 'exprot'")
                .and(predicate::str::contains(
                    "a similar subcommand exists: 'export'",
                ))
                .and(predicate::str::contains("cannot be used with").not()),
        );
    bin()
        .arg("lesson")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a similar subcommand exists: 'lessons'",
        ));
    bin()
        .args(["--ascii", "trian", "adam"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'train'"));
}

#[test]
fn a_misspelt_flag_or_value_is_named() {
    bin()
        .args(["export", "sigmoid_2layer", "--fromat", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a similar argument exists: '--format'",
        ));
    bin()
        .args(["--quizz", "sigmoid_2layer"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a similar argument exists: '--quiz'",
        ));
    bin()
        .args(["export", "sigmoid_2layer", "--format", "jsn"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a similar value exists: 'json'"));
}

#[test]
fn a_misspelt_lesson_is_still_the_loaders_to_name() {
    bin()
        .arg("sigmoid_2lyer")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `sigmoid_2layer`?"));
}

use crate::common::pty::Session;

#[test]
fn goto_answers_a_slip_with_the_step_meant_and_goes_there() {
    let mut s = Session::begin(&["sigmoid_2layer"]);
    s.press(":dleta(2)[1]\r");
    s.wait_for(&["did you mean delta(2)[1]?"]);
    s.press("\r");
    s.wait_for(&["step 10/37", "delta(2)[1]"]);
    // check's repairs of a hand-written name: a1[1] is a(1)[1]; Tab fills it in.
    s.press(":a1[1]\r");
    s.wait_for(&["did you mean a(1)[1]?"]);
    s.press("\t");
    s.wait_for(&["go to: a(1)[1]█"]);
    s.press("\r");
    s.wait_for(&["step 2/37"]);
    // ` goes back to where the go-to started.
    s.press("`");
    s.wait_for(&["step 10/37", "back to delta(2)[1]"]);
    s.press("q");
    assert!(s.exit_status().success());
}

#[test]
fn on_an_update_step_the_next_batch_key_keeps_the_parameter() {
    // 12 flowers in batches of 3: four updates an epoch.
    let mut s = Session::begin(&["softmax_classifier"]);
    s.press(":b(2)[3]\r");
    s.wait_for(&["batch 1/4", "update", "b(2)[3]"]);
    s.press("}");
    s.wait_for(&["batch 2/4", "b(2)[3]", "update after batch 2"]);
    s.press("{");
    s.wait_for(&["batch 1/4", "b(2)[3]"]);
    s.press("{");
    s.wait_for(&["the update of batch 1 in epoch 1 is the lesson's first update"]);
    s.press("q");
    assert!(s.exit_status().success());
}
