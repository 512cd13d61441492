//! The real binary (or a shell) in a pseudo-terminal, its screen read by a vt100 parser: what
//! a learner's terminal would show, and the terminal's modes as the program left them.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

/// How long anything may take before a test gives up (generous: the machine may be busy).
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Session {
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// Bytes the program has written to the terminal so far.
    written: Arc<AtomicUsize>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
}

/// The tutor's command, run from the repository (so `lessons/…` paths work).
pub fn tutor(args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_bpnn-tutor"));
    cmd.args(args);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd
}

impl Session {
    /// The tutor with `args`, in an 80×24 terminal.
    pub fn start(args: &[&str]) -> Session {
        Session::spawn(tutor(args), ROWS, COLS)
    }

    /// The tutor with `args` on a lesson, in an 80×24 terminal, past its start card.
    pub fn begin(args: &[&str]) -> Session {
        let mut s = Session::start(args);
        s.dismiss_card();
        s
    }

    /// Closes the start card a lesson opens with (any key does; this one means nothing else).
    pub fn dismiss_card(&mut self) {
        self.wait_for(&["Any key begins"]);
        self.send(b"\x1b[24~");
        self.wait_until("the start card to close", |s| {
            !s.contents().contains("Any key begins")
        });
    }

    pub fn spawn(cmd: CommandBuilder, rows: u16, cols: u16) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let child = pty.slave.spawn_command(cmd).expect("the program starts");
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let feed = screen.clone();
        let written = Arc::new(AtomicUsize::new(0));
        let count = written.clone();
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
                count.fetch_add(n, Ordering::SeqCst);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Session {
            screen,
            written,
            writer,
            child,
            master: pty.master,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Bytes the program has written to the terminal so far.
    pub fn written(&self) -> usize {
        self.written.load(Ordering::SeqCst)
    }

    /// Waits until the program has been idle (no CPU time used) for `quiet`.
    pub fn wait_idle(&mut self, quiet: Duration) {
        let pid = self.pid();
        let mut last = cpu_ticks(pid);
        let mut since = Instant::now();
        self.wait_until("the program to go idle", |_| {
            let now = cpu_ticks(pid);
            if now != last {
                last = now;
                since = Instant::now();
            }
            since.elapsed() >= quiet
        });
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("a running child") as i32
    }

    /// Waits until `done` holds (or fails, showing the screen and `what`).
    pub fn wait_until(&mut self, what: &str, mut done: impl FnMut(&Session) -> bool) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if done(self) {
                return;
            }
            thread::sleep(Duration::from_millis(10));
        }
        let screen = self.contents();
        let _ = self.child.kill();
        panic!("timed out waiting for {what}; the screen shows:\n{screen}");
    }

    /// Waits until the screen shows every one of `texts`.
    pub fn wait_for(&mut self, texts: &[&str]) {
        let what = format!("{texts:?}");
        self.wait_until(&what, |s| {
            let screen = s.contents();
            texts.iter().all(|t| screen.contains(t))
        });
    }

    pub fn press(&mut self, keys: &str) {
        self.send(keys.as_bytes());
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends `signal` to the program.
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) with a pid this test started.
        let r = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(r, 0, "kill({}, {signal})", self.pid());
    }

    /// Waits for the program to exit (or fails, showing the screen).
    pub fn exit_status(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Give the reader thread the last bytes the program wrote.
                thread::sleep(Duration::from_millis(50));
                return status;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "did not exit:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    pub fn cursor_hidden(&self) -> bool {
        self.screen.lock().unwrap().screen().hide_cursor()
    }

    /// Is the terminal in the mode a shell expects: lines read whole and echoed?
    pub fn cooked(&self) -> bool {
        let termios = self.master.get_termios().expect("the terminal's modes");
        let flags = format!("{:?}", termios.local_flags);
        flags.contains("ICANON") && flags.contains("ECHO")
    }

    /// Asserts that the program gave the terminal back as it found it.
    pub fn assert_restored(&mut self) {
        let start = Instant::now();
        while (self.alternate_screen() || self.cursor_hidden()) && start.elapsed() < PATIENCE {
            thread::sleep(Duration::from_millis(10));
        }
        assert!(!self.alternate_screen(), "still on the alternate screen");
        assert!(!self.cursor_hidden(), "the cursor is still hidden");
        assert!(self.cooked(), "the terminal is still in raw mode");
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the parser's screen with it.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.screen.lock().unwrap().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// The process's state letter in /proc (`T`: stopped).
    pub fn state(&self) -> char {
        proc_state(self.pid())
    }
}

/// A process's state letter from /proc/PID/stat (`R`, `S`, `T` stopped, `Z`, …).
pub fn proc_state(pid: i32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name is in parentheses and may hold spaces: the state follows the last `)`.
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.trim_start().chars().next())
        .unwrap_or('?')
}

/// CPU time (user + system) a process has used, in clock ticks.
pub fn cpu_ticks(pid: i32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // After the name: state is field 3; utime and stime are fields 14 and 15.
    let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<u64>().ok());
    field(14).unwrap_or(0) + field(15).unwrap_or(0)
}

/// Clock ticks per second.
pub fn ticks_per_second() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 { t as u64 } else { 100 }
}

/// Peak resident memory of a process so far, in KiB (VmHWM).
pub fn peak_memory_kib(pid: i32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
