//! clap's own errors — a missing or unknown argument, a bad value, an unknown subcommand,
//! arguments in conflict — in the interface's language. In English they are clap's own output,
//! byte for byte; in another language they are written here from the error's kind and context,
//! part by part in the order clap's rich formatter writes them (the message, the tips, the
//! usage, where to find more), with the same exit status.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::Lang;
use crate::tr;

/// Ends the command line for clap's error `e`: help and version as clap prints them (already
/// in the language, see `localize`), an error in the process's language.
pub fn exit(e: clap::Error) -> ExitCode {
    let shown_by_clap = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            | ErrorKind::Io
            | ErrorKind::Format
    );
    if shown_by_clap || crate::i18n::lang() == Lang::En {
        e.exit()
    }
    super::say(&render(&e, crate::i18n::lang()));
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// A usage error found after parsing (options that do not go together): clap's own error of
/// kind `ArgumentConflict` in English, the same words in another language.
pub fn conflict(message: String) -> ExitCode {
    let lang = crate::i18n::lang();
    if lang == Lang::En {
        clap::Error::raw(ErrorKind::ArgumentConflict, format!("{message}\n")).exit()
    }
    super::say(&format!("{}{message}", tr!(lang, "err-error")));
    ExitCode::from(2)
}

/// The text of clap's error `e` in `lang`.
pub fn render(e: &clap::Error, lang: Lang) -> String {
    let mut out = tr!(lang, "err-error");
    out.push_str(&message(e, lang).unwrap_or_else(|| kind_words(e.kind(), lang)));
    let mut suggested = false;
    let similar = [
        (
            ContextKind::SuggestedSubcommand,
            "err-clap-similar-subcommand",
            "err-clap-similar-subcommands",
        ),
        (
            ContextKind::SuggestedArg,
            "err-clap-similar-argument",
            "err-clap-similar-arguments",
        ),
        (
            ContextKind::SuggestedValue,
            "err-clap-similar-value",
            "err-clap-similar-values",
        ),
    ];
    for (kind, one, some) in similar {
        let Some(value) = e.get(kind) else {
            continue;
        };
        out.push('\n');
        if !suggested {
            out.push('\n');
            suggested = true;
        }
        let (id, names) = match value {
            ContextValue::String(name) => (one, quoted(std::slice::from_ref(name))),
            ContextValue::Strings(names) if names.len() == 1 => (one, quoted(names)),
            ContextValue::Strings(names) => (some, quoted(names)),
            _ => continue,
        };
        out.push_str("  ");
        out.push_str(&tr!(lang, id, names = names));
    }
    if let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) {
        if !suggested {
            out.push('\n');
        }
        for tip in tips {
            out.push_str("\n  ");
            out.push_str(&tr!(
                lang,
                "err-clap-tip",
                text = tip_words(&tip.to_string(), lang)
            ));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        out.push_str("\n\n");
        out.push_str(&usage_words(&usage.to_string(), lang));
    }
    out.push_str("\n\n");
    out.push_str(&tr!(lang, "err-clap-more-information", help = "--help"));
    out
}

/// `'a', 'b'`, as clap lists names.
fn quoted(names: &[String]) -> String {
    let parts: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    parts.join(", ")
}

/// The context's string of `kind`, if it has one.
fn text(e: &clap::Error, kind: ContextKind) -> Option<&str> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s),
        _ => None,
    }
}

/// The context's number of `kind`, if it has one.
fn number(e: &clap::Error, kind: ContextKind) -> Option<usize> {
    match e.get(kind) {
        Some(ContextValue::Number(n)) => usize::try_from(*n).ok(),
        _ => None,
    }
}

/// The context's list of `kind`, as clap writes it under a message: `\n  [NAME: a, b]`.
fn values_list(e: &clap::Error, kind: ContextKind, id: &str, lang: Lang) -> String {
    match e.get(kind) {
        Some(ContextValue::Strings(values)) if !values.is_empty() => {
            format!("\n  [{}]", tr!(lang, id, values = values.join(", ")))
        }
        _ => String::new(),
    }
}

/// The first part of the message, from the error's context; `None` without the context it
/// needs (then the kind's own words are said).
fn message(e: &clap::Error, lang: Lang) -> Option<String> {
    let arg = text(e, ContextKind::InvalidArg);
    let value = text(e, ContextKind::InvalidValue);
    Some(match e.kind() {
        ErrorKind::ArgumentConflict => conflict_words(e, lang)?,
        ErrorKind::NoEquals => tr!(lang, "err-clap-no-equals", arg = arg?),
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, value?);
            let first = match value.is_empty() {
                true => tr!(lang, "err-clap-value-required", arg = arg),
                false => tr!(lang, "err-clap-invalid-value", arg = arg, value = value),
            };
            first + &values_list(e, ContextKind::ValidValue, "err-clap-possible-values", lang)
        }
        ErrorKind::InvalidSubcommand => tr!(
            lang,
            "err-clap-unknown-subcommand",
            name = text(e, ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::MissingRequiredArgument => {
            let Some(ContextValue::Strings(missing)) = e.get(ContextKind::InvalidArg) else {
                return None;
            };
            let mut out = tr!(lang, "err-clap-missing");
            for m in missing {
                out.push_str("\n  ");
                out.push_str(m);
            }
            out
        }
        ErrorKind::MissingSubcommand => {
            let name = text(e, ContextKind::InvalidSubcommand)?;
            tr!(lang, "err-clap-missing-subcommand", name = name)
                + &values_list(
                    e,
                    ContextKind::ValidSubcommand,
                    "err-clap-subcommands",
                    lang,
                )
        }
        ErrorKind::TooManyValues => {
            tr!(lang, "err-clap-too-many-values", arg = arg?, value = value?)
        }
        ErrorKind::TooFewValues => tr!(
            lang,
            "err-clap-too-few-values",
            arg = arg?,
            min = number(e, ContextKind::MinValues)?,
            n = number(e, ContextKind::ActualNumValues)?
        ),
        ErrorKind::WrongNumberOfValues => tr!(
            lang,
            "err-clap-wrong-number",
            arg = arg?,
            expected = number(e, ContextKind::ExpectedNumValues)?,
            n = number(e, ContextKind::ActualNumValues)?
        ),
        ErrorKind::ValueValidation => {
            let (arg, value) = (arg?, value?);
            match std::error::Error::source(e) {
                Some(why) => tr!(
                    lang,
                    "err-clap-validation",
                    arg = arg,
                    value = value,
                    why = why_words(why, lang)
                ),
                None => tr!(lang, "err-clap-invalid-value", arg = arg, value = value),
            }
        }
        ErrorKind::UnknownArgument => tr!(lang, "err-clap-unknown-argument", arg = arg?),
        _ => return None,
    })
}

/// Why a value parser refused a value: the project's own errors say it in the language
/// already; a whole number that is none (`--layer x`) is said here.
fn why_words(why: &(dyn std::error::Error + 'static), lang: Lang) -> String {
    match why.downcast_ref::<std::num::ParseIntError>() {
        Some(_) => tr!(lang, "err-clap-not-a-count"),
        None => why.to_string(),
    }
}

/// An argument (or a subcommand) used with another it excludes, or used twice.
fn conflict_words(e: &clap::Error, lang: Lang) -> Option<String> {
    let mut prior = e.get(ContextKind::PriorArg);
    let who = if let Some(arg) = text(e, ContextKind::InvalidArg) {
        if prior == Some(&ContextValue::String(arg.to_string())) {
            return Some(tr!(lang, "err-clap-used-twice", arg = arg));
        }
        tr!(lang, "err-clap-the-argument", arg = arg)
    } else if let Some(name) = text(e, ContextKind::InvalidSubcommand) {
        tr!(lang, "err-clap-the-subcommand", name = name)
    } else {
        prior = None;
        tr!(lang, "err-clap-an-argument")
    };
    Some(match prior {
        Some(ContextValue::Strings(others)) => {
            let mut out = tr!(lang, "err-clap-conflict-list", who = who);
            for other in others {
                out.push_str("\n  ");
                out.push_str(other);
            }
            out
        }
        Some(ContextValue::String(other)) => {
            tr!(lang, "err-clap-conflict", who = who, other = other)
        }
        _ => tr!(lang, "err-clap-conflict-others", who = who),
    })
}

/// The kind's own words, for an error without the context its message needs.
fn kind_words(kind: ErrorKind, lang: Lang) -> String {
    let id = match kind {
        ErrorKind::InvalidValue => "err-clap-kind-invalid-value",
        ErrorKind::UnknownArgument => "err-clap-kind-unknown-argument",
        ErrorKind::InvalidSubcommand => "err-clap-kind-unknown-subcommand",
        ErrorKind::NoEquals => "err-clap-kind-no-equals",
        ErrorKind::ValueValidation => "err-clap-kind-validation",
        ErrorKind::TooManyValues => "err-clap-kind-too-many-values",
        ErrorKind::TooFewValues => "err-clap-kind-too-few-values",
        ErrorKind::WrongNumberOfValues => "err-clap-kind-wrong-number",
        ErrorKind::ArgumentConflict => "err-clap-kind-conflict",
        ErrorKind::MissingRequiredArgument => "err-clap-kind-missing",
        ErrorKind::MissingSubcommand => "err-clap-kind-missing-subcommand",
        ErrorKind::InvalidUtf8 => "err-clap-kind-utf8",
        _ => "err-clap-kind-other",
    };
    tr!(lang, id)
}

/// One of clap's tips (written in English by clap) in the language, when it is one of those
/// clap writes: passing a value after `--`, a subcommand's flag, a `--` too many.
fn tip_words(tip: &str, lang: Lang) -> String {
    let pass = tip
        .strip_prefix("to pass '")
        .and_then(|rest| rest.split_once("' as a value, use '"))
        .and_then(|(arg, rest)| Some((arg, rest.strip_suffix('\'')?)));
    if let Some((arg, with)) = pass {
        return tr!(lang, "err-clap-pass-as-value", arg = arg, with = with);
    }
    if let Some(name) = tip
        .strip_prefix("subcommand '")
        .and_then(|rest| rest.strip_suffix("' exists; to use it, remove the '--' before it"))
    {
        return tr!(lang, "err-clap-remove-dashes", name = name);
    }
    if let Some(name) = tip
        .strip_prefix('\'')
        .and_then(|rest| rest.strip_suffix("' exists"))
    {
        return tr!(lang, "err-clap-exists", name = name);
    }
    tip.to_string()
}

/// clap's `Usage: …` in the language: the heading translated, the lines after it indented
/// under the first.
fn usage_words(usage: &str, lang: Lang) -> String {
    const ENGLISH: &str = "Usage: ";
    let Some(rest) = usage.strip_prefix(ENGLISH) else {
        return usage.to_string();
    };
    let heading = lang
        .translated("cli-usage")
        .unwrap_or_else(|| ENGLISH.to_string());
    let width = unicode_width::UnicodeWidthStr::width(heading.as_str());
    let indent = " ".repeat(ENGLISH.len());
    let lines: Vec<String> = rest
        .split('\n')
        .enumerate()
        .map(|(i, line)| match (i, line.strip_prefix(&indent)) {
            (0, _) => line.to_string(),
            (_, Some(line)) => format!("{}{line}", " ".repeat(width)),
            (_, None) => line.to_string(),
        })
        .collect();
    format!("{heading}{}", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_tips_and_usage_are_said_in_chinese_and_left_alone_otherwise() {
        let zh = Lang::Zh;
        assert_eq!(
            tip_words("to pass '--x' as a value, use '-- --x'", zh),
            "要把 '--x' 当作值传入，请用 '-- --x'"
        );
        assert_eq!(
            tip_words("'export --force' exists", zh),
            "有 'export --force'"
        );
        assert_eq!(
            tip_words(
                "subcommand 'export' exists; to use it, remove the '--' before it",
                zh
            ),
            "有子命令 'export'；要使用它，请去掉它前面的 '--'"
        );
        assert_eq!(tip_words("something else", zh), "something else");
        // The second line stays under the first: 用法： is 6 columns wide, `Usage: ` 7.
        assert_eq!(
            usage_words("Usage: a [B]\n       a <C>", zh),
            "用法：a [B]\n      a <C>"
        );
        assert_eq!(usage_words("Usage: a [B]", Lang::En), "Usage: a [B]");
    }

    #[test]
    fn a_missing_argument_and_an_unknown_one_in_chinese() {
        use clap::CommandFactory;
        let cmd = || crate::cli::localize::localize(crate::cli::Cli::command(), Lang::Zh);
        let e = cmd()
            .try_get_matches_from(["bpnn-tutor", "export"])
            .unwrap_err();
        let text = render(&e, Lang::Zh);
        assert!(
            text.starts_with("错误：缺少以下必需的参数：\n  <LESSON>\n\n用法："),
            "{text}"
        );
        assert!(text.ends_with("更多信息请用 '--help'。"), "{text}");
        let e = cmd()
            .try_get_matches_from(["bpnn-tutor", "export", "x", "--sampel", "1"])
            .unwrap_err();
        let text = render(&e, Lang::Zh);
        assert!(
            text.starts_with("错误：意外的参数 '--sampel'\n\n  提示：有一个相近的参数：'--sample'"),
            "{text}"
        );
        assert_eq!(e.exit_code(), 2);
    }
}
