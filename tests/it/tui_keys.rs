//! The tutor's state without a terminal: every key of the key table, as a terminal delivers it,
//! moves the cursor (or the mode) where the trace's order says it should.
//!
//! The lesson: the classic 2-2-2 network (biases trained) on 3 samples, batch size 2, 2 epochs.
//! Per sample: forward 8 steps (z, a for 4 neurons), loss 1, backward 16 (for each of 4
//! neurons δ, db and 2 dw) = 25. Per update: 8 weights + 4 biases = 12. Batches are
//! [sample 1, sample 2] and [sample 3], so an epoch is 25·2 + 12 + 25 + 12 = 99 steps:
//!
//! | positions | what |
//! | --- | --- |
//! | 0–7, 8, 9–24 | sample 1: forward, loss, backward |
//! | 25–49 | sample 2 |
//! | 50–61 | update of batch 1 |
//! | 62–86 | sample 3 |
//! | 87–98 | update of batch 2 |

use crate::common;

use bpnn_tutor::check::Verdict;
use bpnn_tutor::lesson::{self, Lesson};
use bpnn_tutor::tui::keymap::{self, Action, Context, Key};
use bpnn_tutor::tui::quiz::Outcome;
use bpnn_tutor::tui::{App, Choice, Mode, Settings};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const EPOCH: usize = 99;

fn lesson() -> Lesson {
    let mut l = common::classic(2, true);
    l.data.push(l.data[0].clone());
    l.data.push(l.data[0].clone());
    l.data[1].input[0] = 0.2;
    l.data[2].input[1] = -0.3;
    l.batch_size = 2;
    l
}

fn settings() -> Settings {
    Settings {
        ascii: false,
        color: true,
        ..Default::default()
    }
}

/// The app with training finished, as the background thread leaves it.
fn trained(lesson: Lesson) -> App {
    let mut app = App::new(lesson, settings());
    app.finish_training();
    app
}

fn app() -> App {
    let app = trained(lesson());
    assert_eq!(app.trace().unwrap().epoch_len(), EPOCH);
    app
}

/// Moves the cursor to (`epoch`, `index`) with keys: Home goes to the epoch's first step,
/// PgDn and PgUp keep the step in the next or previous epoch, → goes on one step.
fn at(app: &mut App, epoch: usize, index: usize) {
    press(app, KeyCode::Home);
    while cursor(app).0 < epoch {
        press(app, KeyCode::PageDown);
    }
    while cursor(app).0 > epoch {
        press(app, KeyCode::PageUp);
    }
    for _ in 0..index {
        press(app, KeyCode::Right);
    }
    assert_eq!(cursor(app), (epoch, index));
}

fn cursor(app: &App) -> (usize, usize) {
    app.cursor().unwrap()
}

fn name(app: &App) -> String {
    app.current_step().unwrap().name()
}

/// Presses the first key the table binds to `action` where the app is.
fn act(app: &mut App, action: Action) {
    let context = app.context();
    let key = keymap::bindings(context)
        .chain(context.chain().iter().flat_map(|c| keymap::bindings(*c)))
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first().copied())
        .unwrap_or_else(|| panic!("no key for {action:?} in {context:?}"));
    app.handle_key(&event(key));
}

/// A key as a terminal sends it: capitals and symbols with SHIFT, Ctrl-C as `c` + CONTROL.
fn event(key: Key) -> KeyEvent {
    match key {
        Key::Char(c) if c.is_ascii_uppercase() || "{}!?:".contains(c) => {
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)
        }
        Key::Char(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
        Key::AnyChar => KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE),
        Key::NumberStart => KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE),
        Key::Any => KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE),
    }
}

/// Every key bound to `action` in `context`, from the table itself.
fn keys_for(context: Context, action: Action) -> Vec<Key> {
    let keys: Vec<Key> = keymap::bindings(context)
        .filter(|b| b.action == action)
        .flat_map(|b| b.keys.iter().copied())
        .collect();
    assert!(!keys.is_empty(), "{action:?} has no key in {context:?}");
    keys
}

/// For each key of `action`: start at `from`, press it, expect `to`.
fn check(action: Action, from: (usize, usize), to: (usize, usize)) {
    for key in keys_for(Context::Step, action) {
        let mut app = app();
        at(&mut app, from.0, from.1);
        app.handle_key(&event(key));
        assert_eq!(cursor(&app), to, "{key:?} ({action:?}) from {from:?}");
        assert!(!app.quitting());
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn goto(app: &mut App, text: &str) -> Result<(), String> {
    app.handle_key(&event(Key::Char(':')));
    assert!(matches!(app.mode(), Mode::Goto { .. }));
    type_text(app, text);
    app.handle_key(&event(Key::Code(KeyCode::Enter)));
    match app.mode() {
        Mode::Normal => Ok(()),
        Mode::Goto { error: Some(e), .. } => Err(e.clone()),
        other => panic!("unexpected mode {other:?}"),
    }
}

#[test]
fn next_and_previous_step_cross_epochs() {
    check(Action::Next, (1, 0), (1, 1));
    check(Action::Next, (1, EPOCH - 1), (2, 0));
    check(Action::Prev, (1, 5), (1, 4));
    check(Action::Prev, (2, 0), (1, EPOCH - 1));
    // At the ends the cursor stays and the status line says why.
    for (action, from, says) in [
        (Action::Next, (2, EPOCH - 1), "last step"),
        (Action::Prev, (1, 0), "first step"),
    ] {
        for key in keys_for(Context::Step, action) {
            let mut app = app();
            at(&mut app, from.0, from.1);
            app.handle_key(&event(key));
            assert_eq!(cursor(&app), from);
            assert!(app.status().unwrap().text.contains(says));
        }
    }
}

#[test]
fn phases_follow_the_trace_order() {
    // forward → loss → backward → next sample → update → next batch → next epoch.
    check(Action::NextPhase, (1, 3), (1, 8));
    check(Action::NextPhase, (1, 8), (1, 9));
    check(Action::NextPhase, (1, 9), (1, 25));
    check(Action::NextPhase, (1, 40), (1, 50));
    check(Action::NextPhase, (1, 55), (1, 62));
    check(Action::NextPhase, (1, 90), (2, 0));
    // Back: to the start of the previous phase, across the epoch boundary too.
    check(Action::PrevPhase, (1, 12), (1, 8));
    check(Action::PrevPhase, (1, 8), (1, 0));
    check(Action::PrevPhase, (1, 62), (1, 50));
    check(Action::PrevPhase, (1, 50), (1, 34));
    check(Action::PrevPhase, (2, 3), (1, 87));
}

#[test]
fn samples_keep_the_step() {
    // z(1)[2] is offset 2 of a sample: sample 1 → 2 (25 + 2) → 3 (62 + 2) → epoch 2 sample 1.
    check(Action::NextSample, (1, 2), (1, 27));
    check(Action::NextSample, (1, 27), (1, 64));
    check(Action::NextSample, (1, 64), (2, 2));
    check(Action::PrevSample, (2, 2), (1, 64));
    check(Action::PrevSample, (1, 27), (1, 2));
    // In an update the same parameter's update, one batch on or back: b(1)[2] (offset 5) of
    // batch 1 (50 + 5) → batch 2 (87 + 5) → epoch 2's batch 1.
    check(Action::NextSample, (1, 55), (1, 92));
    check(Action::NextSample, (1, 92), (2, 55));
    check(Action::PrevSample, (2, 55), (1, 92));
    check(Action::PrevSample, (1, 92), (1, 55));
}

#[test]
fn the_edges_say_what_is_true() {
    let mut app = app();
    let said = |app: &mut App, action| {
        act(app, action);
        app.status().map(|s| s.text.clone()).unwrap_or_default()
    };
    at(&mut app, 1, 55);
    assert_eq!(
        said(&mut app, Action::PrevSample),
        "the update of batch 1 in epoch 1 is the lesson's first update: no earlier b(1)[2]"
    );
    at(&mut app, 2, 64);
    assert_eq!(
        said(&mut app, Action::NextSample),
        "sample 3 of epoch 2 is the lesson's last sample: no later z(1)[2]"
    );
    assert_eq!(cursor(&app), (2, 64));
    at(&mut app, 1, 3);
    assert_eq!(
        said(&mut app, Action::PrevPhase),
        "the forward phase of sample 1, epoch 1 is the first phase of the trace"
    );
    // One sample, one epoch: no other sample at all.
    let mut one = trained(common::classic(1, true));
    goto(&mut one, "delta(2)[1]").unwrap();
    assert_eq!(
        said(&mut one, Action::PrevSample),
        "this lesson has one sample and trains one epoch: no other sample's delta(2)[1]"
    );
    assert_eq!(
        said(&mut one, Action::NextEpoch),
        "this lesson trains one epoch: there is no other epoch"
    );
}

#[test]
fn first_last_and_epochs() {
    check(Action::First, (1, 40), (1, 0));
    check(Action::Last, (1, 40), (1, EPOCH - 1));
    check(Action::First, (2, 40), (2, 0));
    check(Action::NextEpoch, (1, 40), (2, 40));
    check(Action::PrevEpoch, (2, 40), (1, 40));
    let mut app = app();
    at(&mut app, 2, 40);
    act(&mut app, Action::NextEpoch);
    assert_eq!(cursor(&app), (2, 40));
    assert_eq!(
        app.status().unwrap().text,
        "epoch 2 is the last of this lesson's 2 epochs"
    );
}

#[test]
fn the_cursor_lands_on_the_steps_the_design_names() {
    let mut app = app();
    let names: Vec<String> = (0..EPOCH)
        .map(|i| {
            at(&mut app, 1, i);
            name(&app)
        })
        .collect();
    assert_eq!(names[0], "z(1)[1]");
    assert_eq!(names[1], "a(1)[1]");
    assert_eq!(names[8], "loss");
    assert_eq!(names[9], "delta(2)[1]");
    assert_eq!(names[21], "delta(1)[2]");
    assert_eq!(names[50], "w(1)[1,1]");
    assert_eq!(names[56], "w(2)[1,1]");
    assert_eq!(names[61], "b(2)[2]");
}

#[test]
fn goto_finds_names_in_the_current_sample_or_batch() {
    let mut app = app();
    assert_eq!(goto(&mut app, "delta(1)[2]"), Ok(()));
    assert_eq!(cursor(&app), (1, 21));
    assert_eq!(goto(&mut app, "delta(1)[2]@2"), Ok(()));
    assert_eq!(cursor(&app), (1, 46));
    // In sample 2, an update name means the update of its batch (batch 1).
    assert_eq!(goto(&mut app, "w(2)[1,1]"), Ok(()));
    assert_eq!(cursor(&app), (1, 56));
    // From the update, a sample name means the batch's last sample (sample 2).
    assert_eq!(goto(&mut app, "loss"), Ok(()));
    assert_eq!(cursor(&app), (1, 33));
    assert_eq!(goto(&mut app, "b(1)[2]@2"), Ok(()));
    assert_eq!(cursor(&app), (1, 87 + 5));
    // `@N` alone: the same step in another sample.
    assert_eq!(goto(&mut app, "z(1)[2]@1"), Ok(()));
    assert_eq!(goto(&mut app, "@3"), Ok(()));
    assert_eq!(cursor(&app), (1, 64));
    assert_eq!(name(&app), "z(1)[2]");
    // The epoch stays.
    at(&mut app, 2, 0);
    assert_eq!(goto(&mut app, "loss"), Ok(()));
    assert_eq!(cursor(&app), (2, 8));
}

#[test]
fn goto_explains_names_that_do_not_exist() {
    let cases = [
        ("delta(3)[1]", "layers are 1 to 2"),
        ("z(1)[5]", "layer 1 has 2 neurons"),
        ("dw(2)[1,3]", "layer 1 has 2 neurons"),
        ("m(1)[1,1]", "only Adam"),
        ("v(1)[1]", "no velocity"),
        (
            "z(1)[1]@4",
            "there is no sample 4: this lesson has samples 1 to 3",
        ),
        (
            "w(1)[1,1]@3",
            "there is no batch 3: this lesson has batches 1 to 2",
        ),
        ("z(1)[1]@x", "after @ comes a sample number"),
        ("u(1)[1]", "unknown quantity"),
        ("", "type a step name"),
    ];
    for (text, says) in cases {
        let mut app = app();
        at(&mut app, 1, 5);
        let err = goto(&mut app, text).expect_err(text);
        assert!(err.contains(says), "{text}: {err}");
        // The prompt stays open with the text, to fix it; the cursor has not moved.
        assert_eq!(cursor(&app), (1, 5));
        // Typing clears the message; Backspace deletes; Esc cancels.
        app.handle_key(&event(Key::Code(KeyCode::Backspace)));
        assert!(matches!(app.mode(), Mode::Goto { error: None, .. }));
        for key in keys_for(Context::Prompt, Action::Close) {
            app.handle_key(&event(key));
        }
        assert_eq!(*app.mode(), Mode::Normal);
        assert!(!app.quitting(), "Esc closes the prompt before it quits");
    }
}

#[test]
fn goto_says_what_a_slip_meant_and_enter_goes_there() {
    let mut app = app();
    at(&mut app, 1, 5);
    let err = goto(&mut app, "dleta(2)[1]").unwrap_err();
    assert!(err.starts_with("did you mean delta(2)[1]?"), "{err}");
    assert_eq!(cursor(&app), (1, 5));
    // Enter again goes to the step meant.
    app.handle_key(&event(Key::Code(KeyCode::Enter)));
    assert_eq!(*app.mode(), Mode::Normal);
    assert_eq!(name(&app), "delta(2)[1]");
    // check's repairs of a hand-written name: a1[1], W(2)[1,1]; Tab fills the name in.
    let err = goto(&mut app, "a1[1]@2").unwrap_err();
    assert!(err.starts_with("did you mean a(1)[1]@2?"), "{err}");
    app.handle_key(&event(Key::Code(KeyCode::Tab)));
    assert!(matches!(app.mode(), Mode::Goto { input, .. } if input == "a(1)[1]@2"));
    app.handle_key(&event(Key::Code(KeyCode::Enter)));
    assert_eq!((cursor(&app), name(&app)), ((1, 25 + 1), "a(1)[1]".into()));
    // A name near nothing: no guess, the reason only.
    let err = goto(&mut app, "banana(1)[1]").unwrap_err();
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn tab_completes_step_names_and_arrows_recall_earlier_ones() {
    let mut app = app();
    act(&mut app, Action::Goto);
    type_text(&mut app, "del");
    app.handle_key(&event(Key::Code(KeyCode::Tab)));
    let prompt = |app: &App| match app.mode() {
        Mode::Goto { input, hint, .. } => (input.clone(), hint.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        prompt(&app),
        ("delta(".into(), Some("delta(1)[1-2]  delta(2)[1-2]".into()))
    );
    type_text(&mut app, "2");
    app.handle_key(&event(Key::Code(KeyCode::Tab)));
    assert_eq!(
        prompt(&app),
        ("delta(2)[".into(), Some("delta(2)[1-2]".into()))
    );
    type_text(&mut app, "2]");
    app.handle_key(&event(Key::Code(KeyCode::Enter)));
    assert_eq!(name(&app), "delta(2)[2]");
    assert_eq!(goto(&mut app, "loss"), Ok(()));
    // ↑ recalls the names gone to, newest first; ↓ comes back to an empty prompt.
    act(&mut app, Action::Goto);
    app.handle_key(&event(Key::Code(KeyCode::Up)));
    assert_eq!(prompt(&app).0, "loss");
    app.handle_key(&event(Key::Code(KeyCode::Up)));
    assert_eq!(prompt(&app).0, "delta(2)[2]");
    app.handle_key(&event(Key::Code(KeyCode::Down)));
    assert_eq!(prompt(&app).0, "loss");
    app.handle_key(&event(Key::Code(KeyCode::Down)));
    assert_eq!(prompt(&app).0, "");
}

#[test]
fn a_jump_can_be_taken_back() {
    let mut app = app();
    at(&mut app, 1, 3);
    act(&mut app, Action::JumpBack);
    assert!(
        app.status()
            .unwrap()
            .text
            .starts_with("no jump to go back from")
    );
    assert_eq!(goto(&mut app, "w(2)[1,1]"), Ok(()));
    for key in keys_for(Context::Step, Action::JumpBack) {
        app.handle_key(&event(key));
        assert_eq!(cursor(&app), (1, 3), "{key:?}");
        app.handle_key(&event(key));
        assert_eq!(name(&app), "w(2)[1,1]", "{key:?}");
        assert!(app.status().unwrap().text.starts_with("back to w(2)[1,1]"));
    }
    // G is a jump too; → is not.
    act(&mut app, Action::Last);
    act(&mut app, Action::Prev);
    act(&mut app, Action::JumpBack);
    assert_eq!(name(&app), "w(2)[1,1]");
}

#[test]
fn prompt_keys_edit_the_text_and_ctrl_c_quits() {
    let mut app = app();
    act(&mut app, Action::Goto);
    type_text(&mut app, "lossq");
    app.handle_key(&event(Key::Code(KeyCode::Backspace)));
    assert_eq!(
        *app.mode(),
        Mode::Goto {
            input: "loss".into(),
            error: None,
            meant: None,
            hint: None,
        }
    );
    assert!(!app.quitting(), "q is text in the prompt");
    app.handle_key(&event(Key::Ctrl('c')));
    assert!(app.quitting());
}

#[test]
fn frozen_biases_have_no_update_steps() {
    let mut app = App::new(common::classic(1, false), settings());
    let err = goto(&mut app, "b(1)[1]").unwrap_err();
    assert!(err.contains("biases of layer 1 are not trained"), "{err}");
}

#[test]
fn help_notes_and_quit() {
    for key in keys_for(Context::Step, Action::Help) {
        let mut app = app();
        app.handle_key(&event(key));
        assert_eq!(*app.mode(), Mode::Help);
        assert_eq!(app.context(), Context::Overlay);
        // Moving keys do nothing under the overlay.
        app.handle_key(&event(Key::Code(KeyCode::Right)));
        assert_eq!(cursor(&app), (1, 0));
    }
    for key in keys_for(Context::Overlay, Action::Close) {
        let mut app = app();
        act(&mut app, Action::Notes);
        assert_eq!(*app.mode(), Mode::Notes);
        app.handle_key(&event(key));
        assert_eq!(*app.mode(), Mode::Normal, "{key:?}");
        assert!(!app.quitting());
    }
    for context in [Context::Step, Context::Overlay] {
        for key in keys_for(context, Action::Quit) {
            let mut app = app();
            if context == Context::Overlay {
                act(&mut app, Action::Help);
            }
            app.handle_key(&event(key));
            assert!(app.quitting(), "{key:?} in {context:?}");
        }
    }
    let mut app = app();
    app.handle_key(&event(Key::Char('n')));
    assert_eq!(*app.mode(), Mode::Notes);
}

#[test]
fn export_writes_fresh_files_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    for key in keys_for(Context::Step, Action::Export) {
        let mut app = app();
        app.set_export_dir(dir.path().to_path_buf());
        at(&mut app, 2, 10);
        app.handle_key(&event(key));
        app.handle_key(&event(key));
        let status = app.status().cloned().unwrap();
        assert!(!status.error, "{}", status.text);
        let second = dir.path().join("test-epoch2-2.md");
        assert!(
            status.text.contains(&second.display().to_string()),
            "{}",
            status.text
        );
        let first = std::fs::read_to_string(dir.path().join("test-epoch2.md")).unwrap();
        assert!(first.starts_with("# "), "{first}");
        assert!(second.exists());
    }
}

#[test]
fn export_falls_back_to_the_current_directory() {
    let mut app = app();
    let missing = tempfile::tempdir().unwrap().path().join("gone");
    app.set_export_dir(missing);
    act(&mut app, Action::Export);
    let status = app.status().cloned().unwrap();
    assert!(!status.error, "{}", status.text);
    let path = status.text.rsplit(" to ").next().unwrap().to_string();
    assert!(path.starts_with("./test-epoch1"), "{path}");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(text.starts_with("# "), "{text}");
}

#[test]
fn bang_jumps_to_the_first_non_finite_number() {
    let mut app = app();
    for key in keys_for(Context::Step, Action::JumpNonFinite) {
        app.handle_key(&event(key));
        let text = &app.status().unwrap().text;
        assert!(
            text.contains("every number of this lesson is finite"),
            "{text}"
        );
    }
    let lesson = lesson::parse(&common::diverging(200), "diverge.toml").unwrap();
    let mut app = App::new(lesson.clone(), settings());
    act(&mut app, Action::JumpNonFinite);
    let text = &app.status().unwrap().text;
    assert!(text.contains("still training (0%)"), "{text}");
    let mut app = trained(lesson);
    act(&mut app, Action::JumpNonFinite);
    // e ← −1999e from e₀ = 9 overflows the squared loss in the forward pass of epoch 48 (the
    // CLI test of the same lesson derives this).
    let step = app.current_step().unwrap();
    assert_eq!((step.epoch, step.name()), (48, "loss".to_string()));
    assert!(!step.value.is_finite());
    assert!(app.status().unwrap().text.contains("loss in epoch 48"));
}

#[test]
fn picker_keys_choose_and_open() {
    let choice = |name: &str, title: &str| Choice {
        name: name.into(),
        title: title.into(),
        summary: String::new(),
        lesson: Ok(Lesson {
            title: title.into(),
            ..lesson()
        }),
    };
    let choices = vec![
        choice("one", "First"),
        choice("two", "Second"),
        choice("three", "Third"),
    ];
    for down in keys_for(Context::Picker, Action::PickDown) {
        for up in keys_for(Context::Picker, Action::PickUp) {
            let mut app = App::picker(choices.clone(), settings());
            assert_eq!(app.context(), Context::Picker);
            app.handle_key(&event(up));
            assert_eq!(app.selected().unwrap(), 2, "wraps up");
            app.handle_key(&event(down));
            app.handle_key(&event(down));
            assert_eq!(app.selected().unwrap(), 1);
        }
    }
    for open in keys_for(Context::Picker, Action::PickOpen) {
        let mut app = App::picker(choices.clone(), settings());
        act(&mut app, Action::PickDown);
        app.handle_key(&event(open));
        // The lesson opens with its start card; any key closes it.
        assert_eq!(app.context(), Context::Card);
        app.handle_key(&event(Key::Any));
        assert_eq!(app.context(), Context::Step);
        assert_eq!(app.trace().unwrap().lesson().title, "Second");
    }
    // Home and End (g and G), and / to filter by name or title.
    for (first, last) in keys_for(Context::Picker, Action::PickFirst)
        .into_iter()
        .zip(keys_for(Context::Picker, Action::PickLast))
    {
        let mut app = App::picker(choices.clone(), settings());
        app.handle_key(&event(last));
        assert_eq!(app.selected(), Some(2));
        app.handle_key(&event(first));
        assert_eq!(app.selected(), Some(0));
    }
    let mut app = App::picker(choices.clone(), settings());
    act(&mut app, Action::PickFilter);
    assert_eq!(app.context(), Context::Filter);
    // q is part of the filter, not a quit; a filter that lets nothing through opens nothing.
    type_text(&mut app, "q");
    assert!(!app.quitting());
    act(&mut app, Action::PickOpen);
    assert!(app.trace().is_none());
    act(&mut app, Action::Delete);
    type_text(&mut app, "thi");
    assert_eq!(app.selected(), Some(2), "Third is the one lesson shown");
    act(&mut app, Action::PickUp);
    assert_eq!(app.selected(), Some(2), "round a list of one");
    act(&mut app, Action::Close);
    assert_eq!(app.context(), Context::Picker);
    // "S" (any case) is in First and Second: the highlight moves to the first shown.
    act(&mut app, Action::PickFilter);
    type_text(&mut app, "S");
    assert_eq!(app.selected(), Some(0));
    act(&mut app, Action::PickDown);
    assert_eq!(app.selected(), Some(1));
    act(&mut app, Action::PickDown);
    assert_eq!(app.selected(), Some(0));
    act(&mut app, Action::PickOpen);
    assert_eq!(app.context(), Context::Card);
    let mut broken = choices.clone();
    broken[0].lesson = Err(lesson::parse("[lesson\n", "lessons/x.toml").unwrap_err());
    let mut app = App::picker(broken, settings());
    act(&mut app, Action::PickOpen);
    assert!(app.trace().is_none());
    assert!(app.status().unwrap().error);
    for key in keys_for(Context::Picker, Action::Quit) {
        let mut app = App::picker(choices.clone(), settings());
        app.handle_key(&event(key));
        assert!(app.quitting());
    }
    let mut app = App::picker(choices, settings());
    app.handle_key(&event(Key::Char('?')));
    assert_eq!(*app.mode(), Mode::Help);
}

#[test]
fn the_matrix_view_toggles_and_lasts_through_every_move() {
    for key in keys_for(Context::Step, Action::ToggleMatrix) {
        let mut app = app();
        app.handle_key(&event(key));
        assert!(app.matrix_view(), "{key:?}");
        // Moves, overlays and the quiz leave it on; only the key turns it off.
        for action in [
            Action::Next,
            Action::NextPhase,
            Action::NextSample,
            Action::Last,
            Action::Prev,
            Action::Help,
            Action::Close,
            Action::ToggleQuiz,
        ] {
            act(&mut app, action);
            assert!(app.matrix_view(), "{action:?}");
        }
        // In quiz mode the key still works (it is no part of a number).
        assert_eq!(app.context(), Context::Quiz);
        app.handle_key(&event(key));
        assert!(!app.matrix_view());
    }
}

#[test]
fn ctrl_z_asks_to_suspend_from_every_screen() {
    let choices = vec![Choice {
        name: "one".into(),
        title: "One".into(),
        summary: String::new(),
        lesson: Ok(lesson()),
    }];
    let mut apps: Vec<(&str, App)> = vec![("picker", App::picker(choices, settings()))];
    apps.push(("stepping", app()));
    let mut prompt = app();
    act(&mut prompt, Action::Goto);
    apps.push(("prompt", prompt));
    let mut help = app();
    act(&mut help, Action::Help);
    apps.push(("help", help));
    apps.push(("quiz", quiz_app()));
    let mut answer = quiz_app();
    type_text(&mut answer, "0.3");
    apps.push(("answer", answer));
    for (screen, mut app) in apps {
        // Suspending is a key of every screen.
        assert!(app.context().chain().contains(&Context::Anywhere));
        for key in keys_for(Context::Anywhere, Action::Suspend) {
            assert!(!app.suspending());
            app.handle_key(&event(key));
            assert!(app.suspending(), "{key:?} on the {screen} screen");
            assert!(!app.quitting());
        }
    }
    // In a quiz the stepping keys apply, Ctrl-Z among them.
    assert_eq!(
        keymap::action(Context::Quiz, &event(Key::Ctrl('z'))),
        Some(Action::Suspend)
    );
}

#[test]
fn a_paste_fills_the_prompt_and_the_answer_up_to_their_length_and_is_no_command() {
    use ratatui::crossterm::event::Event;
    // While stepping, pasted text is not a row of commands (q would quit, e export).
    let mut app = app();
    app.handle_event(&Event::Paste("qe]}".repeat(500)));
    assert_eq!(cursor(&app), (1, 0));
    assert!(!app.quitting());
    assert_eq!(*app.mode(), Mode::Normal);
    // Into the go-to prompt, up to its 64 characters, control characters dropped.
    act(&mut app, Action::Goto);
    app.handle_event(&Event::Paste("delta(1)[2]\n".into()));
    assert_eq!(
        *app.mode(),
        Mode::Goto {
            input: "delta(1)[2]".into(),
            error: None,
            meant: None,
            hint: None,
        }
    );
    app.handle_event(&Event::Paste("x".repeat(2000)));
    match app.mode() {
        Mode::Goto { input, .. } => assert_eq!(input.chars().count(), 64),
        other => panic!("{other:?}"),
    }
    // Into the quiz's answer field, up to its length.
    let mut app = quiz_app();
    app.handle_event(&Event::Paste(" 0.3775 ".into()));
    assert_eq!(field(&app), "0.3775");
    press(&mut app, KeyCode::Enter);
    assert_eq!(tally(&app), (1, 0, 0, 0));
    let mut app = quiz_app();
    app.handle_event(&Event::Paste("1".repeat(5000)));
    assert_eq!(field(&app).len(), bpnn_tutor::tui::quiz::INPUT_LIMIT);
}

#[test]
fn every_binding_of_the_table_is_exercised() {
    // The tests above press every key of these actions; this guards against a new binding
    // that no test covers.
    let covered = [
        Action::Next,
        Action::Prev,
        Action::NextPhase,
        Action::PrevPhase,
        Action::NextSample,
        Action::PrevSample,
        Action::First,
        Action::Last,
        Action::NextEpoch,
        Action::PrevEpoch,
        Action::Goto,
        Action::JumpNonFinite,
        Action::Export,
        Action::Notes,
        Action::Help,
        Action::Close,
        Action::Quit,
        Action::Type,
        Action::Delete,
        Action::Submit,
        Action::PickUp,
        Action::PickDown,
        Action::PickOpen,
        Action::ToggleQuiz,
        Action::ToggleMatrix,
        Action::Skip,
        Action::Check,
        Action::Clear,
        Action::Suspend,
        Action::Complete,
        Action::HistoryPrev,
        Action::HistoryNext,
        Action::JumpBack,
        Action::PickFirst,
        Action::PickLast,
        Action::PickFilter,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Unfocus,
        Action::Scroll(bpnn_tutor::tui::keymap::Amount::Up),
        Action::Scroll(bpnn_tutor::tui::keymap::Amount::Down),
        Action::Scroll(bpnn_tutor::tui::keymap::Amount::PageUp),
        Action::Scroll(bpnn_tutor::tui::keymap::Amount::PageDown),
        Action::Scroll(bpnn_tutor::tui::keymap::Amount::Top),
        Action::Scroll(bpnn_tutor::tui::keymap::Amount::Bottom),
        Action::Card,
        Action::Leave,
        // Pressed in quiz_hints.rs.
        Action::Hint,
    ];
    for b in keymap::BINDINGS {
        assert!(covered.contains(&b.action), "{:?} is not tested", b.action);
    }
}

#[test]
fn a_cancelled_export_leaves_no_file() {
    use bpnn_tutor::tui::background::Export;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    let dir = tempfile::tempdir().unwrap();
    let trace = Arc::new(bpnn_tutor::trace::Trace::new(lesson()));
    let job = |cancelled: bool| Export {
        trace: trace.clone(),
        selection: bpnn_tutor::export::Selection {
            epochs: 1..=1,
            samples: None,
        },
        dir: dir.path().to_path_buf(),
        stem: "x".into(),
        ascii: false,
        cancel: Arc::new(AtomicBool::new(cancelled)),
    };
    let err = job(true).run().unwrap_err();
    assert!(err.to_string().contains("export cancelled"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let path = job(false).run().unwrap();
    assert_eq!(path, dir.path().join("x.md"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn background_export_reports_through_news() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    app.set_export_dir(dir.path().to_path_buf());
    let (tx, rx) = std::sync::mpsc::channel();
    app.run_in_background(tx);
    act(&mut app, Action::Export);
    assert!(app.busy());
    assert!(app.status().unwrap().text.contains("writing epoch 1"));
    // Only the export reports (training is complete): wait for it.
    let news = rx.recv_timeout(std::time::Duration::from_secs(30)).unwrap();
    app.on_news(news);
    let text = &app.status().unwrap().text;
    assert!(text.contains("test-epoch1.md"), "{text}");
    assert!(!app.busy());
    app.stop_background();
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

fn field(app: &App) -> &str {
    app.answer_field().expect("a quiz")
}

fn tally(app: &App) -> (usize, usize, usize, usize) {
    let t = app.quiz_tally().expect("a quiz");
    (t.right, t.wrong, t.carried, t.skipped)
}

fn outcome(app: &App) -> Option<Outcome> {
    app.quiz_outcome().cloned()
}

/// The quiz on the first step, z(1)[1] = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775.
fn quiz_app() -> App {
    let mut app = app();
    for key in keys_for(Context::Step, Action::ToggleQuiz) {
        app.handle_key(&event(key));
    }
    assert!(app.quizzing());
    assert_eq!(app.context(), Context::Quiz);
    assert!(app.hides_current());
    app
}

#[test]
fn quiz_toggles_with_its_key_and_keeps_answers() {
    let mut app = quiz_app();
    type_text(&mut app, "0.3775");
    press(&mut app, KeyCode::Enter);
    let toggle = keys_for(Context::Quiz, Action::ToggleQuiz)[0];
    app.handle_key(&event(toggle));
    assert!(!app.quizzing());
    assert_eq!(*app.mode(), Mode::Summary);
    assert_eq!(app.context(), Context::Overlay);
    for (i, key) in keys_for(Context::Overlay, Action::Close)
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            // Back on and off again, for the summary to close with the next key.
            app.handle_key(&event(toggle));
            app.handle_key(&event(toggle));
        }
        assert_eq!(*app.mode(), Mode::Summary);
        app.handle_key(&event(key));
        assert_eq!(*app.mode(), Mode::Normal, "{key:?} closes the summary");
    }
    // Off: stepping as usual, nothing hidden, digits mean nothing.
    assert_eq!(app.context(), Context::Step);
    assert!(!app.hides_current());
    act(&mut app, Action::Next);
    type_text(&mut app, "5");
    assert!(field(&app).is_empty());
    // On again: the earlier answer is still there, the new step is hidden.
    app.handle_key(&event(toggle));
    assert!(app.quizzing());
    assert!(app.hides_current());
    assert_eq!(tally(&app), (1, 0, 0, 0));
    assert_eq!(
        app.farewell().as_deref(),
        Some(
            "quiz: 1 of 1 step answered right (1 right, 0 wrong, 0 carried, 0 imprecise, 0 skipped)"
        )
    );
}

#[test]
fn quiz_typing_takes_every_key_until_esc_clears() {
    let mut app = quiz_app();
    type_text(&mut app, "-1");
    assert_eq!(app.context(), Context::Answer);
    // e is part of 1e-5; q, h, l and Q are neither numbers nor keys while typing.
    type_text(&mut app, "e-5qhlQs?:");
    assert_eq!(field(&app), "-1e-5");
    assert!(!app.quitting());
    assert_eq!(cursor(&app), (1, 0));
    assert_eq!(*app.mode(), Mode::Normal);
    assert!(app.status().unwrap().text.contains("not part of a number"));
    // Arrows do not leave a half-typed answer behind.
    press(&mut app, KeyCode::Right);
    assert_eq!(cursor(&app), (1, 0));
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(field(&app), "-1e");
    press(&mut app, KeyCode::Esc);
    assert_eq!(field(&app), "");
    assert!(!app.quitting(), "the first Esc only clears the field");
    assert_eq!(app.context(), Context::Quiz);
    // With the field empty, Backspace is back to stepping back (nothing before step 1) and
    // e exports as ever: it cannot start a number.
    assert_eq!(
        keymap::action(Context::Quiz, &event(Key::Char('e'))),
        Some(Action::Export)
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.quitting());
    let mut app = quiz_app();
    type_text(&mut app, "0.3");
    app.handle_key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quitting(), "Ctrl-C quits even while typing");
}

#[test]
fn quiz_enter_grades_right_wrong_and_refuses_non_numbers() {
    let mut app = quiz_app();
    // Not a number: a gentle message, no verdict, the field kept to fix.
    type_text(&mut app, "1e");
    press(&mut app, KeyCode::Enter);
    assert_eq!(outcome(&app), None);
    assert!(app.hides_current());
    assert!(app.status().unwrap().text.contains("not a number"));
    assert!(!app.status().unwrap().error);
    assert_eq!(field(&app), "1e");
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "1.2.3");
    press(&mut app, KeyCode::Enter);
    assert_eq!(outcome(&app), None);
    press(&mut app, KeyCode::Esc);
    // z(1)[1] = 0.3775: "0.378" is it rounded to 3 places, 3 significant figures.
    type_text(&mut app, "0.378");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        outcome(&app),
        Some(Outcome::Answered {
            text: "0.378".into(),
            verdict: Verdict::Right,
            misconception: None,
        })
    );
    assert!(!app.hides_current());
    assert_eq!(field(&app), "");
    assert_eq!(cursor(&app), (1, 0), "no auto-advance");
    // Answered: typing is refused, with a word.
    type_text(&mut app, "7");
    assert_eq!(field(&app), "");
    assert!(app.status().is_some());
    press(&mut app, KeyCode::Right);
    // a(1)[1] = σ(0.3775) = 0.593269992: neither rounded (0.59) nor cut off (0.59) is 0.58.
    type_text(&mut app, "0.58");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        outcome(&app),
        Some(Outcome::Answered {
            verdict: Verdict::Wrong,
            ..
        })
    ));
    assert_eq!(tally(&app), (1, 1, 0, 0));
    assert_eq!(
        app.quiz_tally().unwrap().header(bpnn_tutor::i18n::Lang::En),
        "quiz 1/2 right"
    );
}

#[test]
fn quiz_skips_reveal_without_scoring_and_going_back_shows_the_verdict() {
    let mut app = quiz_app();
    let skip = keys_for(Context::Quiz, Action::Skip)[0];
    app.handle_key(&event(skip));
    assert_eq!(outcome(&app), Some(Outcome::Skipped));
    assert!(!app.hides_current());
    // Skipping a shown value again changes nothing.
    app.handle_key(&event(skip));
    assert_eq!(tally(&app), (0, 0, 0, 1));
    press(&mut app, KeyCode::Right); // a(1)[1]
    type_text(&mut app, "0.5933");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Right); // z(1)[2], moved past without an answer:
    press(&mut app, KeyCode::Right); // a(1)[2]
    assert_eq!(tally(&app), (1, 0, 0, 2));
    // Going back from an unanswered step does not skip it; it stays a question.
    press(&mut app, KeyCode::Left);
    assert_eq!(tally(&app), (1, 0, 0, 2));
    assert_eq!(name(&app), "z(1)[2]");
    assert_eq!(outcome(&app), Some(Outcome::Skipped));
    press(&mut app, KeyCode::Left);
    assert_eq!(name(&app), "a(1)[1]");
    assert_eq!(
        outcome(&app),
        Some(Outcome::Answered {
            text: "0.5933".into(),
            verdict: Verdict::Right,
            misconception: None,
        })
    );
    // a(1)[2] was left going back: still hidden when we return.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    assert_eq!(name(&app), "a(1)[2]");
    assert!(app.hides_current());
    // A jump forward skips the step left (only that one).
    assert!(goto(&mut app, "loss").is_ok());
    assert_eq!(tally(&app), (1, 0, 0, 3));
    // The counts add up: z(1)[1], z(1)[2] and a(1)[2] skipped, a(1)[1] answered.
    let t = app.quiz_tally().unwrap();
    assert_eq!(t.answered() + t.skipped, 4);
}

#[test]
fn quiz_carries_from_the_learners_own_earlier_answer() {
    let mut app = quiz_app();
    press(&mut app, KeyCode::Right); // a(1)[1] = 0.593270; the learner says 0.865
    type_text(&mut app, "0.865");
    press(&mut app, KeyCode::Enter);
    assert!(goto(&mut app, "z(2)[1]").is_ok());
    // 0.4·0.865 + 0.45·0.596884378 + 0.6 = 1.214598 (exact: 1.105905967).
    type_text(&mut app, "1.2146");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        outcome(&app),
        Some(Outcome::Answered {
            text: "1.2146".into(),
            verdict: Verdict::Carried {
                from: vec!["a(1)[1]".into()]
            },
            misconception: None,
        })
    );
    // z(1)[1] was passed without an answer: skipped.
    assert_eq!(tally(&app), (0, 1, 1, 1));
}

#[test]
fn quiz_names_a_misconception_and_an_imprecise_answer_as_check_does() {
    use bpnn_tutor::check::misconception::by_id;
    use bpnn_tutor::tui::quiz::explanation;
    let mut app = quiz_app();
    // z(1)[1] = 0.3775: 0.38 is it rounded, with 2 significant figures of the 3 asked.
    type_text(&mut app, "0.38");
    press(&mut app, KeyCode::Enter);
    let answered = outcome(&app).unwrap();
    assert!(matches!(
        answered,
        Outcome::Answered {
            verdict: Verdict::Imprecise,
            ..
        }
    ));
    assert_eq!(
        explanation(&answered, None, false, bpnn_tutor::i18n::Lang::En).as_deref(),
        Some("0.38 has 2 significant figures; this lesson asks for 3")
    );
    // a(1)[1] = σ(0.3775); the learner flips the exponent's sign: 1/(1 + e^0.3775) = 0.406730.
    press(&mut app, KeyCode::Right);
    let wrong = 1.0 / (1.0 + 0.3775f64.exp());
    type_text(&mut app, &format!("{wrong:.6}"));
    press(&mut app, KeyCode::Enter);
    let answered = outcome(&app).unwrap();
    assert_eq!(
        answered,
        Outcome::Answered {
            text: "0.406730".into(),
            verdict: Verdict::Wrong,
            misconception: by_id("exp_sign"),
        }
    );
    let shown = explanation(&answered, None, false, bpnn_tutor::i18n::Lang::En).unwrap();
    assert!(
        shown.starts_with("exp_sign: σ(z) was computed as 1/(1 + e^z)"),
        "{shown}"
    );
    assert_eq!(tally(&app), (0, 1, 0, 0));
    assert_eq!(app.quiz_tally().unwrap().imprecise, 1);
}

#[test]
fn quiz_from_the_start_and_no_quiz_says_nothing_at_the_end() {
    let mut app = app();
    assert_eq!(app.farewell(), None);
    app.start_quiz();
    assert_eq!(app.context(), Context::Quiz);
    assert_eq!(app.farewell().as_deref(), Some("quiz: no steps answered"));
}
