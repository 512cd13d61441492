use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::tr;

/// Each message of a .ftl file by id, with the variables it reads (`$name`). Attributes and
/// comments do not occur in these files; a continuation line starts with a space or `}`.
fn messages(sources: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current = None;
    for line in sources.iter().flat_map(|s| s.lines()) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        // A continuation line starts with a space, or closes a multi-line selector.
        let body = if line.starts_with(' ') || line.starts_with('}') {
            line
        } else {
            let (id, body) = line.split_once(" =").expect("a message starts `id =`");
            assert!(
                out.insert(id.to_string(), BTreeSet::new()).is_none(),
                "{id} twice"
            );
            current = Some(id.to_string());
            body
        };
        let vars = out.get_mut(current.as_ref().expect("a message")).unwrap();
        for part in body.split('$').skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            vars.insert(name);
        }
    }
    out
}

#[test]
fn both_files_parse_without_errors() {
    for source in EN_FTL.iter().chain(ZH_FTL) {
        let parsed = FluentResource::try_new(source.to_string());
        assert!(parsed.is_ok(), "{:?}", parsed.err().map(|e| e.1));
    }
}

#[test]
fn every_english_message_is_in_chinese_with_the_same_variables_and_back() {
    let en = messages(EN_FTL);
    let zh = messages(ZH_FTL);
    // The key table's descriptions, the command line's help and the misconceptions'
    // explanations are English beside the code (the table, the arguments' doc comments, the
    // catalogue): zh.ftl alone has them, each checked against its source by a test there.
    let zh_own = |id: &str| {
        ["key-", "context-", "cli-", "mistake-"]
            .iter()
            .any(|p| id.starts_with(p))
    };
    for (id, vars) in &en {
        assert_eq!(
            zh.get(id),
            Some(vars),
            "{id}: missing in zh.ftl or other variables"
        );
    }
    for id in zh.keys().filter(|id| !zh_own(id)) {
        assert!(en.contains_key(id), "{id} is in zh.ftl but not in en.ftl");
    }
    assert!(en.len() > 20, "{} messages", en.len());
}

#[test]
fn the_locale_chooses_chinese_only_for_zh_in_posix_order() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    assert_eq!(Lang::from_locale(env(&[("LANG", "C.UTF-8")])), Lang::En);
    assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
    assert_eq!(Lang::from_locale(env(&[("LANG", "zh_TW.UTF-8")])), Lang::Zh);
    // LC_ALL wins over LANG, LC_MESSAGES over LANG, and an empty one is passed over.
    let all = env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")]);
    assert_eq!(Lang::from_locale(all), Lang::En);
    let messages = env(&[("LC_MESSAGES", "zh_CN"), ("LANG", "en_GB.UTF-8")]);
    assert_eq!(Lang::from_locale(messages), Lang::Zh);
    let empty = env(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")]);
    assert_eq!(Lang::from_locale(empty), Lang::Zh);
}

#[test]
fn plurals_follow_each_language_and_arguments_are_not_isolated() {
    assert_eq!(tr!(Lang::En, "test-steps", count = 1usize), "1 step");
    assert_eq!(tr!(Lang::En, "test-steps", count = 3usize), "3 steps");
    assert_eq!(tr!(Lang::Zh, "test-steps", count = 1usize), "1 步");
    assert_eq!(tr!(Lang::Zh, "test-steps", count = 3usize), "3 步");
    // No U+2068/U+2069 around the argument.
    assert!(!tr!(Lang::Zh, "test-steps", count = 3usize).contains('\u{2068}'));
}

#[test]
fn a_message_missing_in_chinese_falls_back_to_english_then_to_its_id() {
    // The key table's English lives in the table, so a key-* id missing in zh is None.
    assert_eq!(Lang::Zh.translated("key-no-such-thing"), None);
    assert_eq!(Lang::Zh.t("no-such-message"), "no-such-message");
    // A Chinese bundle without a message (as when a new layer kind adds English words):
    // the English one is said, with its arguments.
    let partial = build(Lang::Zh, &["card-quit = 退出\n"]);
    let args = FluentArgs::from_iter([("count", FluentValue::from(2))]);
    let en = bundle(Lang::En);
    assert_eq!(first_of(&[&partial, en], "card-quit", &args), "退出");
    assert_eq!(first_of(&[&partial, en], "test-steps", &args), "2 steps");
    assert_eq!(
        first_of(&[&partial, en], "nothing-here", &args),
        "nothing-here"
    );
}

#[test]
fn every_misconception_has_its_chinese_explanation_and_none_is_stale() {
    use crate::check::misconception::every;
    let ids: BTreeSet<String> = every().map(|m| format!("mistake-{}", m.id)).collect();
    for m in every() {
        let id = format!("mistake-{}", m.id);
        assert!(Lang::Zh.translated(&id).is_some(), "{id} not in zh.ftl");
    }
    for id in messages(ZH_FTL)
        .into_keys()
        .filter(|id| id.starts_with("mistake-"))
    {
        assert!(ids.contains(&id), "{id} names no misconception");
    }
    let exp_sign = crate::check::misconception::by_id("exp_sign").unwrap();
    assert_eq!(exp_sign.explained(Lang::En), exp_sign.explanation);
    assert!(exp_sign.explained(Lang::Zh).contains("指数的符号反了"));
}
