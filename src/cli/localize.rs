//! The command line's help in the interface's language: clap's texts (the `///` comments of
//! the arguments) are English; another language replaces each by its message, found by an id
//! made of where it is (`cli-about`, `cli-export-about`, `cli-arg-ascii`,
//! `cli-export-arg-format`), and keeps the English of any it lacks.

use std::ffi::OsString;

use clap::Command;

use crate::i18n::Lang;

/// The language asked for before the command line is parsed (clap writes `--help` while
/// parsing): the last `--lang X` or `--lang=X`, else the locale.
pub fn early(args: &[OsString]) -> Lang {
    take_lang(args.to_vec()).0.unwrap_or_else(Lang::from_env)
}

/// The arguments without `--lang` and its value, and the language asked for (`None`: not
/// asked, or not a language, which clap then refuses). `--lang` may come anywhere, before a
/// subcommand too, where clap would take it for an argument of the tutor itself.
pub fn take_lang(args: Vec<OsString>) -> (Option<Lang>, Vec<OsString>) {
    let mut asked = None;
    let mut kept = Vec::with_capacity(args.len());
    let mut words = args.into_iter();
    while let Some(word) = words.next() {
        let text = word.to_string_lossy().into_owned();
        if text == "--" {
            kept.push(word);
            kept.extend(words);
            break;
        }
        let value = match text.strip_prefix("--lang") {
            Some("") => words.next().map(|w| w.to_string_lossy().into_owned()),
            Some(rest) if rest.starts_with('=') => Some(rest[1..].to_string()),
            _ => {
                kept.push(word);
                continue;
            }
        };
        match value.as_deref() {
            Some("zh") => asked = Some(Lang::Zh),
            Some("en") => asked = Some(Lang::En),
            // No value, or one that is no language: left for clap to refuse.
            Some(other) => kept.extend([OsString::from("--lang"), OsString::from(other)]),
            None => kept.push(word),
        }
    }
    (asked, kept)
}

/// `cmd` with its help in `lang` (English: as it is, byte for byte).
pub fn localize(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    // Built first, so that clap's own --help, --version and `help` are there to translate.
    cmd.build();
    walk(cmd, "", lang)
}

/// Where a command's messages are: `help export` lists the commands again, with the same
/// words as the commands themselves.
fn message_path(path: &str) -> String {
    path.strip_prefix("-help")
        .filter(|p| !p.is_empty())
        .unwrap_or(path)
        .to_string()
}

fn walk(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let say = |id: &str| lang.translated(id);
    if let Some(about) = say(&format!("cli{path}-about")) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = say(&format!("cli{path}-arg-{id}")).or_else(|| say(&format!("cli-arg-{id}")));
        let heading = cmd
            .get_arguments()
            .find(|a| a.get_id() == id.as_str())
            .map(|a| {
                if a.is_positional() {
                    "cli-heading-arguments"
                } else {
                    "cli-heading-options"
                }
            })
            .and_then(say);
        cmd = cmd.mut_arg(id, |arg| {
            let arg = match &heading {
                Some(h) => arg.help_heading(h.clone()),
                None => arg,
            };
            match text {
                Some(text) => arg.help(text).long_help(None),
                None => arg,
            }
        });
    }
    if let Some(heading) = say("cli-heading-commands") {
        cmd = cmd.subcommand_help_heading(heading);
    }
    if let Some(usage) = say("cli-usage") {
        cmd = cmd.help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage}{{usage}}\n\n{{all-args}}{{after-help}}"
        ));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = message_path(&format!("{path}-{name}"));
        cmd = cmd.mut_subcommand(name, |sub| walk(sub, &sub_path, lang));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// Every text of the help, in Chinese: each about and each argument of every command.
    #[test]
    fn every_help_text_has_its_chinese() {
        fn check(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            let has = |id: &str| Lang::Zh.translated(id).is_some();
            if cmd.get_about().is_some() && !has(&format!("cli{path}-about")) {
                missing.push(format!("cli{path}-about"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id();
                if !has(&format!("cli{path}-arg-{id}")) && !has(&format!("cli-arg-{id}")) {
                    missing.push(format!("cli{path}-arg-{id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                let sub_path = message_path(&format!("{path}-{}", sub.get_name()));
                check(sub, &sub_path, missing);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        check(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "not in zh.ftl: {missing:?}");
    }

    #[test]
    fn the_language_is_found_before_parsing() {
        let args = |s: &str| s.split(' ').map(OsString::from).collect::<Vec<_>>();
        assert_eq!(early(&args("bpnn-tutor --lang zh --help")), Lang::Zh);
        assert_eq!(early(&args("bpnn-tutor check --lang=zh a b")), Lang::Zh);
        assert_eq!(early(&args("bpnn-tutor --lang zh --lang en")), Lang::En);
        // Taken out before clap parses, so that it may come before a subcommand.
        let (lang, rest) = take_lang(args("bpnn-tutor --lang zh check a b"));
        assert_eq!((lang, rest), (Some(Lang::Zh), args("bpnn-tutor check a b")));
        let (lang, rest) = take_lang(args("bpnn-tutor --lang fr a"));
        assert_eq!((lang, rest), (None, args("bpnn-tutor --lang fr a")));
        let (lang, rest) = take_lang(args("bpnn-tutor a -- --lang=zh"));
        assert_eq!((lang, rest), (None, args("bpnn-tutor a -- --lang=zh")));
    }

    #[test]
    fn the_chinese_help_is_chinese_and_english_is_untouched() {
        let zh = localize(Cli::command(), Lang::Zh)
            .render_long_help()
            .to_string();
        assert!(zh.contains("用法"), "{zh}");
        assert!(zh.contains("每一个数"), "{zh}");
        let en = localize(Cli::command(), Lang::En)
            .render_long_help()
            .to_string();
        assert_eq!(en, Cli::command().render_long_help().to_string());
    }
}
