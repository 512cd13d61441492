//! A mistyped command: `bpnn-tutor exprot sigmoid_2layer` or `bpnn-tutor lesson`. The top
//! level takes a lesson as its argument, so clap reads a misspelt command as a lesson and says
//! something beside the point; this looks at the first argument before clap does and answers
//! with the command that was most likely meant.

use crate::tr;
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
    // `--lang` takes a value (as a separate word unless written `--lang=zh`): not a positional.
    let mut after_lang = false;
    let mut positionals = args.iter().skip(1).filter(|a| {
        let word = a.to_string_lossy();
        let value = std::mem::replace(&mut after_lang, word == "--lang");
        !value && !word.starts_with('-')
    });
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
    let lang = super::localize::early(args);
    let tip = match nearest(first, &names, &[]) {
        Some(meant) => tr!(lang, "slip-similar", meant = meant),
        // Followed by more arguments, it can only have been meant as a command.
        None if more => tr!(lang, "slip-commands", names = names.join(", ")),
        None => return None,
    };
    // Alone, it may be a misspelt lesson: the loader says which one, if one is near.
    if !more && nearest(first, &LESSONS.names(), &[]).is_some() {
        return None;
    }
    let what = if more {
        tr!(lang, "slip-unrecognized", word = first)
    } else {
        tr!(lang, "slip-nothing-called", word = first)
    };
    Some(tr!(lang, "slip-message", what = what, tip = tip))
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
        let e = slip(&["--lang", "en", "exprot", "sigmoid_2layer"]).unwrap();
        assert!(e.contains("'export'"), "{e}");
        let e = slip(&["--lang", "zh", "exprot", "sigmoid_2layer"]).unwrap();
        assert!(e.contains("错误：无法识别的子命令 'exprot'"), "{e}");
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
            // --lang's value is no command.
            &["--lang", "zh", "sigmoid_2layer"],
            &["--lang=zh", "adam"],
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
