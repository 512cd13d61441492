//! `worksheet`: write a blank worksheet for one sample ([`crate::check::blank`]); or, with
//! `--students roster.csv` or `--variants N`, one worksheet per student, each with its own
//! variant of the lesson ([`crate::check::variant`]), and an answer key for each.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::check::variant::{self, NoVariants, Variant, draw::draw};
use crate::check::{blank, roster};
use crate::export::{Target, write_atomic};
use crate::lesson;
use crate::source::display;
use crate::source::input::Input;
use crate::source::limits::MAX_TOML_BYTES;
use crate::source::transaction::check_writable;
use crate::source::write::check_free;
use crate::trace::Trace;

use super::{CliError, stdout};

/// The most variants one command writes.
pub const MAX_VARIANTS: usize = 1000;

/// `bpnn-tutor worksheet LESSON …`.
#[derive(Debug, Clone, clap::Args)]
pub struct WorksheetArgs {
    /// A lesson file, or the name of a bundled lesson.
    pub lesson: OsString,
    /// The epoch to work through.
    #[arg(long, default_value_t = 1, conflicts_with_all = ["students", "variants"])]
    pub epoch: usize,
    /// The sample to work through; the update of its batch is included.
    #[arg(long, default_value_t = 1, conflicts_with_all = ["students", "variants"])]
    pub sample: usize,
    /// Output file (`-` for standard output); with --students or --variants, a directory.
    #[arg(short, long, value_name = "FILE")]
    pub output: OsString,
    /// Overwrite the output file (or the files in the directory) if they exist.
    #[arg(long)]
    pub force: bool,
    /// A CSV roster, one student a line: one worksheet per student, each with its own
    /// variant of the lesson (weights, inputs, targets), and its answer key in DIR/keys.
    #[arg(long, value_name = "ROSTER.csv", conflicts_with = "variants")]
    pub students: Option<OsString>,
    /// N worksheets, each with its own variant of the lesson, and their answer keys.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=MAX_VARIANTS as u64))]
    pub variants: Option<u64>,
    /// The seed variants are drawn from: the same roster and seed give the same variants.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
}

/// `bpnn-tutor worksheet LESSON …`.
pub fn worksheet(args: &WorksheetArgs) -> Result<ExitCode, CliError> {
    let students: Option<Vec<Option<String>>> = match (&args.students, args.variants) {
        (Some(roster), _) => Some(
            roster::read(&Input::from_arg(roster))
                .map_err(CliError::Roster)?
                .into_iter()
                .map(Some)
                .collect(),
        ),
        (None, Some(n)) => Some(vec![None; n as usize]),
        (None, None) => None,
    };
    match students {
        Some(students) => write_variants(args, &students),
        None => write_blank(
            &args.lesson,
            args.epoch,
            args.sample,
            &args.output,
            args.force,
        ),
    }
}

/// `bpnn-tutor worksheet LESSON -o FILE`.
pub fn write_blank(
    lesson_arg: &OsStr,
    epoch: usize,
    sample: usize,
    output: &OsStr,
    force: bool,
) -> Result<ExitCode, CliError> {
    let target = Target::parse(output);
    // Refuse early rather than after loading a large lesson.
    check_free(&target, force)?;
    let trace = Trace::new(lesson::load_arg(lesson_arg)?);
    blank::validate(&trace, epoch, sample)?;
    let shown = match &target {
        Target::File(path) => display::path(path),
        Target::Stdout => "WORKSHEET.toml".to_string(),
    };
    // Rendered first, so a worksheet `check` could not read back is never written.
    let text = bounded(|out| blank::write(&trace, epoch, sample, &shown, out))
        .map_err(|e| too_large(e, epoch, sample))?;
    let body = |out: &mut dyn std::io::Write| out.write_all(&text);
    match &target {
        Target::Stdout => {
            let _ = stdout::write(body)?;
        }
        Target::File(_) => write_atomic(&target, force, body)?,
    }
    if let Target::File(path) = &target {
        eprintln!(
            "{}",
            crate::msg!(
                "err-wrote-blank",
                path = display::path(path),
                epoch = epoch.to_string(),
                sample = sample.to_string(),
                lesson = display::os_str(lesson_arg)
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A worksheet too large for `check` to read back is refused; other failures are writes.
fn too_large(e: std::io::Error, epoch: usize, sample: usize) -> CliError {
    match e.kind() {
        std::io::ErrorKind::FileTooLarge => CliError::BlankTooLarge { epoch, sample },
        _ => crate::export::WriteError::Stdout(e).into(),
    }
}

/// What `write` writes, up to the most `check` reads.
fn bounded(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<Vec<u8>> {
    let mut text = Bounded {
        bytes: Vec::new(),
        limit: MAX_TOML_BYTES as usize,
    };
    write(&mut text)?;
    Ok(text.bytes)
}

/// One worksheet per student (`None`: an unnamed variant), each with its own variant, in
/// the directory `-o` names, and each one's answer key in its `keys` directory.
fn write_variants(args: &WorksheetArgs, students: &[Option<String>]) -> Result<ExitCode, CliError> {
    let output = Path::new(&args.output);
    if args.output == "-" {
        return Err(CliError::Variants(NoVariants(crate::msg!(
            "err-variants-to-directory"
        ))));
    }
    let lesson_arg = &args.lesson;
    let lesson = lesson::load_arg(lesson_arg)?;
    variant::supported(&lesson).map_err(CliError::Variants)?;
    let names: Vec<String> = students
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = i + 1;
            match s {
                Some(name) => format!("{n:02}-{}", roster::slug(name)),
                None => format!("variant-{n:02}"),
            }
        })
        .collect();
    let sheet = |name: &str| output.join(format!("{name}.toml"));
    let key = |name: &str| output.join("keys").join(format!("{name}.md"));
    // Refuse before drawing anything: no file is overwritten without --force, and none is
    // refused where its directory is already there. The directories that are not there yet
    // are made once the variants are drawn.
    if output.exists() && !output.is_dir() {
        return Err(CliError::Write(crate::export::WriteError::Io {
            path: output.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                crate::msg!("err-not-a-directory", dir = display::path(output)),
            ),
        }));
    }
    let in_place: Vec<PathBuf> = names
        .iter()
        .flat_map(|name| [sheet(name), key(name)])
        .filter(|target| target.parent().is_some_and(Path::is_dir))
        .collect();
    check_writable(&in_place, args.force)?;
    let mut drawn: Vec<Variant> = Vec::with_capacity(students.len());
    for i in 0..students.len() {
        drawn.push(distinct_variant(&lesson, args.seed, i + 1, &drawn)?);
    }
    std::fs::create_dir_all(output.join("keys")).map_err(|e| {
        CliError::Write(crate::export::WriteError::Io {
            path: output.join("keys"),
            source: e,
        })
    })?;
    for ((student, name), variant) in students.iter().zip(&names).zip(&drawn) {
        let trace = Trace::new(variant.lesson(&lesson));
        let path = sheet(name);
        let shown = display::path(&path);
        let text =
            bounded(|out| blank::write_variant(&trace, variant, student.as_deref(), &shown, out))
                .map_err(|e| too_large(e, 1, 1))?;
        write_atomic(&Target::File(path), args.force, |out| out.write_all(&text))?;
        let lang = crate::i18n::lang();
        let markdown = variant::key::markdown(&trace, variant, student.as_deref(), lang);
        write_atomic(&Target::File(key(name)), args.force, |out| {
            out.write_all(markdown.as_bytes())
        })?;
    }
    eprintln!(
        "{}",
        crate::msg!(
            "err-wrote-variants",
            n = names.len().to_string(),
            seed = args.seed.to_string(),
            dir = display::path(output),
            keys = display::path(&output.join("keys")),
            lesson = display::os_str(lesson_arg)
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Variant `number`, redrawn (as number + k·10⁶) until no variant before it has the same
/// numbers.
fn distinct_variant(
    lesson: &lesson::Lesson,
    seed: u64,
    number: usize,
    before: &[Variant],
) -> Result<Variant, CliError> {
    for k in 0..8 {
        let mut v = draw(lesson, seed, number + k * 1_000_000).map_err(CliError::Variants)?;
        v.id = format!("{seed}-{number}");
        let same = |b: &Variant| b.layers == v.layers && b.data == v.data;
        if !before.iter().any(same) {
            return Ok(v);
        }
    }
    Err(CliError::Variants(NoVariants(crate::msg!(
        "err-same-variant",
        n = number.to_string()
    ))))
}

/// Collects bytes up to a limit, then fails with `FileTooLarge`.
struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(std::io::ErrorKind::FileTooLarge.into());
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
