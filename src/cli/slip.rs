//! A mistyped command: `bpnn-tutor exprot sigmoid_2layer` or `bpnn-tutor lesson`. The top
//! level takes a lesson as its argument, so clap reads a misspelt command as a lesson and says
//! something beside the point; this looks at the first argument before clap does and answers
//! with the command that was most likely meant.

use std::ffi::OsString;
use std::path::Path;

use clap::CommandFactory;

use crate::lesson::bundled::LESSONS;
use crate::source::suggest::nearest;

use super::Cli;

/// The usage error for a first argument that is neither a command, a lesson nor a file but
/// close to a command's name; `None` when the arguments are for clap to read.
pub fn mistyped_command(args: &[OsString]) -> Option<String> {
    let command = Cli::command();
    let names: Vec<&str> = command
        .get_subcommands()
        .map(|c| c.get_name())
        .chain(["help"])
        .collect();
    let mut positionals = args
        .iter()
        .skip(1)
        .filter(|a| !a.to_string_lossy().starts_with('-'));
    let first = positionals.next()?.to_str()?;
    let more = positionals.next().is_some();
    // A name that opens a lesson, or anything shaped like a path, is the lesson loader's to judge.
    if names.contains(&first)
        || first.contains(['/', '\\', '.'])
        || Path::new(first).exists()
        || LESSONS.find_arg(first).is_some()
    {
        return None;
    }
    let tip = match nearest(first, &names, &[]) {
        Some(meant) => format!(
            "a similar subcommand exists: '{meant}' (bpnn-tutor {meant} --help says what it takes)"
        ),
        // Followed by more arguments, it can only have been meant as a command.
        None if more => format!("the commands are {}", names.join(", ")),
        None => return None,
    };
    // Alone, it may be a misspelt lesson: the loader says which one, if one is near.
    if !more && nearest(first, &LESSONS.names(), &[]).is_some() {
        return None;
    }
    let what = if more {
        format!("unrecognized subcommand '{first}'")
    } else {
        format!("there is no command, lesson file or bundled lesson called '{first}'")
    };
    Some(format!(
        "error: {what}\n\n  tip: {tip}\n\nUsage: bpnn-tutor [OPTIONS] [LESSON]\n       \
         bpnn-tutor <COMMAND>\n\nFor more information, try '--help'."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(args: &[&str]) -> Option<String> {
        let args: Vec<OsString> = std::iter::once("bpnn-tutor")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        mistyped_command(&args)
    }

    #[test]
    fn misspelt_commands_are_named() {
        let e = slip(&["exprot", "sigmoid_2layer"]).unwrap();
        assert!(e.contains("unrecognized subcommand 'exprot'"), "{e}");
        assert!(e.contains("a similar subcommand exists: 'export'"), "{e}");
        let e = slip(&["lesson"]).unwrap();
        assert!(e.contains("'lessons'"), "{e}");
        assert!(
            slip(&["--ascii", "trian", "adam"])
                .unwrap()
                .contains("'train'")
        );
        assert!(
            slip(&["chekc", "adam", "sheet.toml"])
                .unwrap()
                .contains("'check'")
        );
        // Followed by more, a word far from every command is still no lesson to open.
        let e = slip(&["banana", "split"]).unwrap();
        assert!(e.contains("the commands are export, train"), "{e}");
    }

    #[test]
    fn lessons_commands_and_paths_are_left_to_clap() {
        for args in [
            &["export", "adam"][..],
            &["sigmoid_2layer"],
            &["sigmoid_2layer.toml"],
            &["lessons/adam.toml"],
            &["--quiz", "adam"],
            &[],
            // A misspelt lesson: the loader suggests the lesson.
            &["sigmoid_2lyer"],
            // Far from every command, and alone: a lesson not found, as the loader says.
            &["banana"],
        ] {
            assert_eq!(slip(args), None, "{args:?}");
        }
    }
}
