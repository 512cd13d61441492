//! The real binary in a pseudo-terminal: the first frame appears, arrow keys step through the
//! trace, `?` shows the keys, `q` exits with status 0 and leaves the terminal as it found it;
//! `--quiz` hides values until the learner types them.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 24;
const COLS: u16 = 80;

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_bpnn-tutor"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).expect("the binary starts");
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(ROWS).unwrap(),
            NonZeroU16::new(COLS).unwrap(),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let feed = screen.clone();
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Session {
            screen,
            writer,
            child,
            master: pty.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows every one of `texts` (or fails, showing the screen).
    fn wait_for(&mut self, texts: &[&str]) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            let screen = self.contents();
            if texts.iter().all(|t| screen.contains(t)) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let screen = self.contents();
        let _ = self.child.kill();
        panic!("timed out waiting for {texts:?}; the screen shows:\n{screen}");
    }

    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }
}

const RIGHT: &str = "\x1b[C";
const LEFT: &str = "\x1b[D";

#[test]
fn step_through_the_classic_lesson_and_quit_cleanly() {
    let mut s = Session::start(&["lessons/sigmoid_2layer.toml"]);
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
    s.wait_for(&["Keys", "next step", "previous step", "go to a step by name"]);
    s.press("q");
    let status = exit_status(&mut s);
    assert!(status.success(), "exit status {status:?}");
    // Give the reader thread the last bytes (leaving the alternate screen).
    let start = Instant::now();
    while s.screen.lock().unwrap().screen().alternate_screen()
        && start.elapsed() < Duration::from_secs(5)
    {
        thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !s.screen.lock().unwrap().screen().alternate_screen(),
        "the alternate screen was left"
    );
    // Raw mode is off again: the terminal echoes and reads lines.
    if let Some(termios) = s.master.get_termios() {
        let flags = format!("{:?}", termios.local_flags);
        assert!(
            flags.contains("ICANON") && flags.contains("ECHO"),
            "{flags}"
        );
    }
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
    s.wait_for(&["step 1/37", "z(1)[1]"]);
    s.press("\x03");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "Ctrl-C did not quit"
        );
        thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
}

/// Waits for the child to exit (or fails, showing the screen).
fn exit_status(s: &mut Session) -> portable_pty::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "did not quit:\n{}",
            s.contents()
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn quiz_grades_typed_answers_and_prints_the_score_on_quitting() {
    let mut s = Session::start(&["--quiz", "lessons/sigmoid_2layer.toml"]);
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
    s.press("q");
    let status = exit_status(&mut s);
    assert!(status.success(), "exit status {status:?}");
    // Back on the main screen, the score is left for the learner.
    s.wait_for(&["quiz: 1 of 2 steps answered right (1 right, 1 wrong, 0 carried, 0 skipped)"]);
}

#[test]
fn m_shows_the_matrix_form_and_m_again_the_scalar_view() {
    let mut s = Session::start(&["lessons/sigmoid_2layer.toml"]);
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
    assert!(exit_status(&mut s).success());
}
