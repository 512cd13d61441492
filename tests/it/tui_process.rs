//! The tutor at the edges of its process, in a real pseudo-terminal: signals give the terminal
//! back and exit as a shell expects, job control suspends and resumes it, input never freezes
//! or lags, a resize redraws, and neither a huge note nor a million epochs costs time or memory.

use std::path::Path;
use std::thread;
use std::time::Duration;

use portable_pty::CommandBuilder;

use crate::common::pty::{self, Session};

const RIGHT: &str = "\x1b[C";

/// The flagship lesson at its first step.
fn classic() -> Session {
    let mut s = Session::begin(&["lessons/sigmoid_2layer.toml"]);
    s.wait_for(&["step 1/37", "z(1)[1]"]);
    // The frame's text may come a moment before the escape that hides the cursor.
    s.wait_until("raw mode, the alternate screen, the cursor hidden", |s| {
        s.alternate_screen() && s.cursor_hidden() && !s.cooked()
    });
    s
}

fn quits_cleanly(mut s: Session) {
    s.press("q");
    let status = s.exit_status();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

/// `signal` while the tutor runs: the terminal restored, and the process ended by that signal
/// (as a shell sees it: `$?` = 128 + the signal).
fn ends_with(signal: i32) {
    let mut s = classic();
    s.signal(signal);
    let status = s.exit_status();
    // SAFETY: strsignal returns a static description of a valid signal number.
    let name = unsafe { std::ffi::CStr::from_ptr(libc::strsignal(signal)) };
    assert_eq!(
        status.signal(),
        Some(&*name.to_string_lossy()),
        "{status:?}"
    );
    s.assert_restored();
}

#[test]
fn sigint_restores_the_terminal_and_exits_130() {
    ends_with(libc::SIGINT);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    ends_with(libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    ends_with(libc::SIGHUP);
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    ends_with(libc::SIGQUIT);
}

/// The first child process of `pid` (waiting for it to appear).
fn child_of(pid: i32) -> i32 {
    for _ in 0..3000 {
        let children =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        if let Some(child) = children.split_whitespace().next() {
            return child.parse().unwrap();
        }
        thread::sleep(Duration::from_millis(10));
    }
    panic!("{pid} started no child");
}

#[test]
fn ctrl_z_and_sigtstp_suspend_to_the_shell_and_fg_resumes_with_a_full_redraw() {
    // Job control needs a shell: the tutor runs as a job of an interactive bash.
    let Some(bash) = ["/bin/bash", "/usr/bin/bash"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        eprintln!("no bash here: job control is not tested");
        return;
    };
    let mut cmd = CommandBuilder::new(bash);
    cmd.args(["--norc", "--noprofile", "-i"]);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("PS1", "$ ");
    cmd.env_remove("PROMPT_COMMAND");
    let mut s = Session::spawn(cmd, pty::ROWS, pty::COLS);
    s.wait_for(&["$ "]);
    s.press(&format!(
        "{} lessons/sigmoid_2layer.toml\r",
        env!("CARGO_BIN_EXE_bpnn-tutor")
    ));
    s.dismiss_card();
    s.wait_for(&["step 1/37"]);
    let tutor = child_of(s.pid());
    let stopped =
        |s: &Session| pty::proc_state(tutor) == 'T' && !s.alternate_screen() && !s.cursor_hidden();
    // In raw mode Ctrl-Z is a key: the tutor gives the terminal back and stops itself.
    s.press("\x1a");
    s.wait_until("the tutor to stop", stopped);
    s.wait_for(&["Stopped"]);
    // fg: the screen comes back whole (entering the alternate screen again cleared it).
    s.press("fg\r");
    s.wait_until("the tutor's screen again", |s| {
        s.alternate_screen() && s.contents().contains("step 1/37")
    });
    s.press(RIGHT);
    s.wait_for(&["step 2/37"]);
    // SIGTSTP from outside (kill -TSTP) does the same.
    // SAFETY: kill(2) on the tutor this test started.
    assert_eq!(unsafe { libc::kill(tutor, libc::SIGTSTP) }, 0);
    s.wait_until("the tutor to stop again", stopped);
    s.press("fg\r");
    s.wait_until("the tutor's screen again", |s| {
        s.alternate_screen() && s.contents().contains("step 2/37")
    });
    s.press("q");
    s.wait_until("the shell", |s| !s.alternate_screen());
    s.press("echo status=$?\r");
    s.wait_for(&["status=0"]);
    s.press("exit\r");
    let _ = s.exit_status();
}

#[test]
fn continued_after_sigstop_the_tutor_takes_the_terminal_again_and_redraws_it() {
    let mut s = classic();
    s.signal(libc::SIGSTOP);
    s.wait_until("the tutor to stop", |s| s.state() == 'T');
    // Meanwhile something else writes over the screen and puts the terminal in line mode.
    s.screen
        .lock()
        .unwrap()
        .process(b"\x1b[2J\x1b[Hsomething else");
    set_cooked(&s);
    assert!(s.cooked());
    s.signal(libc::SIGCONT);
    s.wait_until("a whole new frame in raw mode", |s| {
        let screen = s.contents();
        screen.contains("step 1/37") && screen.contains("Formula") && !s.cooked()
    });
    assert!(!s.contents().contains("something else"));
    quits_cleanly(s);
}

/// Puts the terminal in line mode with echo, as a shell does.
fn set_cooked(s: &Session) {
    let fd = s.master.as_raw_fd().expect("the terminal's descriptor");
    // SAFETY: tcgetattr/tcsetattr on a valid terminal descriptor with a termios struct.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(fd, &mut t), 0);
        t.c_lflag |= libc::ICANON | libc::ECHO;
        assert_eq!(libc::tcsetattr(fd, libc::TCSANOW, &t), 0);
    }
}

#[test]
fn alt_bracket_then_question_mark_opens_the_help_and_q_still_quits() {
    let mut s = classic();
    // `ESC [ ?` starts like a terminal's reply; it is Alt+[ then ? once nothing follows.
    s.press("\x1b[?");
    s.wait_for(&["Keys", "next step"]);
    quits_cleanly(s);
}

#[test]
fn alt_bracket_alone_does_not_swallow_the_next_key() {
    let mut s = classic();
    s.press("\x1b[");
    // Make sure the tutor has read it before the next key comes: a resize, and its redraw.
    thread::sleep(Duration::from_millis(100));
    s.resize(pty::ROWS, pty::COLS + 40);
    s.wait_for(&["PgDn epoch"]);
    thread::sleep(Duration::from_millis(100));
    // `ESC [ l` would be one (unknown) sequence; after a pause `l` is a key of its own.
    s.press("l");
    s.wait_for(&["step 2/37"]);
    quits_cleanly(s);
}

#[test]
fn a_resize_redraws_at_the_new_size() {
    let mut s = classic();
    // At 80 columns the footer has no room for PgDn; at 120 it has.
    assert!(!s.contents().contains("PgDn epoch"), "{}", s.contents());
    s.resize(40, 120);
    s.wait_for(&["PgDn epoch", "step 1/37"]);
    s.resize(pty::ROWS, pty::COLS);
    s.wait_until("the narrow frame", |s| {
        let screen = s.contents();
        !screen.contains("PgDn epoch") && screen.contains("step 1/37")
    });
    quits_cleanly(s);
}

#[test]
fn a_paste_of_kilobytes_is_taken_at_once() {
    let mut s = classic();
    s.press(":");
    s.wait_for(&["go to:"]);
    // 3000 characters in one write (a terminal without bracketed paste): the prompt takes its
    // 64, the rest is read and dropped, and the next key acts at once.
    s.press(&"x".repeat(3000));
    s.wait_for(&[&format!("go to: {}█", "x".repeat(64))]);
    s.press("\x1b");
    s.wait_until("the prompt to close", |s| !s.contents().contains("go to:"));
    // A bracketed paste while stepping is text, not keys: no quit, no export, no move.
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend("qe]}".repeat(2000).bytes());
    paste.extend(b"\x1b[201~");
    s.send(&paste);
    s.press(RIGHT);
    s.wait_for(&["step 2/37"]);
    // Into the prompt, a bracketed paste is the name typed.
    s.press(":");
    s.wait_for(&["go to:"]);
    s.send(b"\x1b[200~loss\x1b[201~");
    s.press("\r");
    s.wait_for(&["step 9/37"]);
    quits_cleanly(s);
}

#[test]
fn the_quiz_footer_and_help_word_s_alike_and_a_pasted_answer_is_graded() {
    let mut s = Session::begin(&["--quiz", "lessons/sigmoid_2layer.toml"]);
    s.wait_for(&["step 1/37", "s skip"]);
    s.press("?");
    s.wait_for(&["s  skip: show, unscored"]);
    s.press("\x1b");
    s.wait_until("the help to close", |s| !s.contents().contains("Keys"));
    s.send(b"\x1b[200~0.3775\x1b[201~");
    s.wait_for(&["0.3775"]);
    s.press("\r");
    s.wait_for(&["your 0.3775: right"]);
    // With an answer given, leaving is asked first.
    s.press("q");
    s.wait_for(&["Leave the quiz?"]);
    s.press("y");
    assert!(s.exit_status().success());
    s.wait_for(&["quiz: 1 of 1 step answered right"]);
}

/// A lesson file in a temporary directory: `edit` applied to a bundled lesson's text.
fn lesson_file(dir: &Path, name: &str, edit: impl FnOnce(String) -> String) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("lessons").join(name)).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, edit(text)).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_long_note_costs_nothing_per_key_or_while_idle() {
    let dir = tempfile::tempdir().unwrap();
    // A note as long as a lesson file may be (300 KB of its 384 KiB), one long paragraph.
    let note = "the gradient flows back through every weight of the network ".repeat(5_000);
    let path = lesson_file(dir.path(), "sigmoid_2layer.toml", |text| {
        let start = text.find("[lesson.notes]").unwrap();
        let end = start + text[start..].find("\n[network]").unwrap();
        format!(
            "{}[lesson.notes]\nforward = \"\"\"{note}\"\"\"\n{}",
            &text[..start],
            &text[end..]
        )
    });
    let mut s = Session::spawn(pty::tutor(&[&path]), 40, 120);
    s.dismiss_card();
    s.wait_for(&["step 1/37", "Notes", "the gradient flows back"]);
    let pid = s.pid();
    let before = pty::cpu_ticks(pid);
    for step in 2..=8 {
        s.press(RIGHT);
        s.wait_for(&[&format!("step {step}/37")]);
    }
    // The whole note was wrapped for every frame (a 50 MB note, when lessons could be that
    // large, took 5 s of CPU a key).
    let used = pty::cpu_ticks(pid) - before;
    let second = pty::ticks_per_second();
    assert!(used < 2 * second, "7 keys took {used} ticks of CPU");
    // Idle, the tutor sleeps: it draws nothing (it redrew twice a second, wrapping the note).
    s.wait_idle(Duration::from_millis(300));
    let (cpu, bytes) = (pty::cpu_ticks(pid), s.written());
    thread::sleep(Duration::from_millis(1500));
    assert_eq!(s.written(), bytes, "the idle tutor drew");
    let idle = pty::cpu_ticks(pid) - cpu;
    assert!(
        idle <= second / 20,
        "{idle} ticks of CPU in 1.5 idle seconds"
    );
    quits_cleanly(s);
}

#[test]
fn half_a_million_epochs_keep_the_tutor_small_and_its_keys_quick() {
    let dir = tempfile::tempdir().unwrap();
    let path = lesson_file(dir.path(), "identity_regression.toml", |text| {
        text.replace("\nepochs = 50\n", "\nepochs = 500000\n")
    });
    let mut s = Session::spawn(pty::tutor(&[&path]), 40, 120);
    s.dismiss_card();
    s.wait_for(&["epoch 1/500000", "step 1/26"]);
    // Training finishes in the background (the loss panel says "training N%" until then);
    // then the tutor is idle.
    s.wait_until("training to finish", |s| !s.contents().contains("training"));
    s.wait_idle(Duration::from_millis(500));
    let peak = pty::peak_memory_kib(s.pid());
    // A checkpoint per batch held 140 MB here (286 MB for a million epochs).
    assert!(peak < 64 * 1024, "peak resident memory {peak} KiB");
    for epoch in 2..=4 {
        s.press("\x1b[6~");
        s.wait_for(&[&format!("epoch {epoch}/500000")]);
    }
    quits_cleanly(s);
}

/// Hidden files in `dir`: the temporary files of exports in flight.
fn partial_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect()
}

/// `e`, then `first` and `second` while the export is being written: the second signal ends
/// the tutor at once, and the export's temporary file goes with it.
fn two_signals_during_an_export(first: i32, second: i32) {
    let dir = tempfile::tempdir().unwrap();
    // Training runs for minutes, and the export waits for it (its header says whether training
    // diverges) with its temporary file open: the tutor's cleanup after the first signal waits
    // for the export, so the second signal finds the file there.
    let lesson = "[lesson]\ntitle = \"Long\"\n[network]\ninputs = 2\n[[network.layer]]\n\
                  neurons = 4\nactivation = \"tanh\"\n[[network.layer]]\nneurons = 2\n\
                  activation = \"sigmoid\"\n[training]\nloss = \"mse\"\n\
                  optimizer = { kind = \"sgd\", learning_rate = 0.1 }\nepochs = 100000\n\
                  [generate]\nsamples = 4000\ndistribution = \"uniform\"\nseed = 1\n\
                  target = [0.5, 0.5]\n";
    let path = dir.path().join("long.toml");
    std::fs::write(&path, lesson).unwrap();
    let mut s = Session::spawn(pty::tutor(&[path.to_str().unwrap()]), 24, 80);
    s.dismiss_card();
    s.wait_for(&["epoch 1/100000", "z(1)[1]"]);
    s.press("e");
    s.wait_until("the export's temporary file", |_| {
        partial_files(dir.path()).len() == 1
    });
    s.signal(first);
    // The tutor has taken the first signal (it gave the terminal back) and waits for the
    // export to stop.
    s.wait_until("the main screen", |s| !s.alternate_screen());
    assert_eq!(partial_files(dir.path()).len(), 1);
    s.signal(second);
    let status = s.exit_status();
    assert_eq!(status.exit_code(), 128 + second as u32, "{status:?}");
    assert_eq!(partial_files(dir.path()), Vec::<String>::new());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["long.toml"]);
}

#[test]
fn term_then_term_during_an_export_leaves_no_temporary_file() {
    two_signals_during_an_export(libc::SIGTERM, libc::SIGTERM);
}

#[test]
fn hup_then_term_during_an_export_leaves_no_temporary_file() {
    two_signals_during_an_export(libc::SIGHUP, libc::SIGTERM);
}
