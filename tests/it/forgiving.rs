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
