//! Step names as the go-to prompt helps with them: Tab completion from the lesson's families of
//! steps (`del` → `delta(`, `delta(2` → `delta(2)[`, then the range of each index), and the
//! name a slip most likely meant (`dleta(2)[1]`, `a1[1]`), through `check`'s repair of step
//! names and the nearest quantity name. Everything comes from the trace's [`Layout`], so the
//! step names of every layer kind (`z(1)[c,i,j]`, `h(1)[t,j]`) are completed alike.

use crate::check::worksheet::repair::repair;
use crate::i18n::Lang;
use crate::source::suggest::nearest;
use crate::tr;
use crate::trace::{Family, Layout, StepId};

/// What Tab did to the prompt's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Completion {
    /// The text completed as far as it goes (unchanged when nothing more is certain).
    pub text: String,
    /// What may follow, when there is a choice: `delta(1)[…]  delta(2)[…]`, `w(2)[1-2,1-3]`.
    pub hint: Option<String>,
}

/// The quantity names of the families, once each, in trace order.
fn stems(families: &[Family]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in families {
        let name = f.quantity.name();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The longest text every candidate starts with.
fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else {
        return String::new();
    };
    let mut end = first.len();
    for c in &candidates[1..] {
        end = first
            .char_indices()
            .zip(c.chars())
            .find(|((_, a), b)| a != b)
            .map_or(end.min(c.len()), |((i, _), _)| i.min(end));
    }
    first[..end].to_string()
}

/// `w(2)[1-2,1-3]`: a family's name with the range of each index.
fn ranges(f: &Family) -> String {
    let dims: Vec<String> = f
        .dims
        .iter()
        .map(|&n| if n == 1 { "1".into() } else { format!("1-{n}") })
        .collect();
    format!("{}({})[{}]", f.quantity.name(), f.layer, dims.join(","))
}

/// Completes `text` (a step name being typed, without `@N`) as far as the lesson's step names
/// allow.
pub(crate) fn complete(layout: &Layout, text: &str, lang: Lang) -> Completion {
    let families = layout.families();
    let same = |hint: String| Completion {
        text: text.to_string(),
        hint: Some(hint),
    };
    let Some((stem, rest)) = text.split_once('(') else {
        let mut found: Vec<String> = stems(&families)
            .into_iter()
            .filter(|s| s.starts_with(text))
            .collect();
        return match found.len() {
            0 => same(tr!(
                lang,
                "names-no-start",
                text = text,
                names = stems(&families).join(", ")
            )),
            1 if found[0] == "loss" => Completion {
                text: "loss".into(),
                hint: None,
            },
            1 => complete(layout, &format!("{}(", found.remove(0)), lang),
            _ => Completion {
                text: common_prefix(&found),
                hint: Some(found.join("  ")),
            },
        };
    };
    let mut of_stem: Vec<&Family> = families
        .iter()
        .filter(|f| f.quantity.name() == stem)
        .collect();
    of_stem.sort_by_key(|f| f.layer);
    if of_stem.is_empty() {
        return same(tr!(
            lang,
            "names-no-quantity",
            stem = stem,
            names = stems(&families).join(", ")
        ));
    }
    let Some((layer, _)) = rest.split_once(')') else {
        let found: Vec<&Family> = of_stem
            .iter()
            .copied()
            .filter(|f| f.layer.to_string().starts_with(rest))
            .collect();
        return match found.as_slice() {
            [] => same(in_layers(stem, &of_stem, lang)),
            [f] => complete(layout, &format!("{stem}({})[", f.layer), lang),
            _ => same(
                found
                    .iter()
                    .map(|f| ranges(f))
                    .collect::<Vec<_>>()
                    .join("  "),
            ),
        };
    };
    match of_stem.iter().find(|f| f.layer.to_string() == layer) {
        // One number only: the name is whole.
        Some(f) if f.dims.iter().all(|&n| n == 1) && text.ends_with('[') => Completion {
            text: format!("{text}{}]", vec!["1"; f.dims.len()].join(",")),
            hint: None,
        },
        Some(f) => same(ranges(f)),
        None => same(in_layers(stem, &of_stem, lang)),
    }
}

/// `z is in layers 1, 2`.
fn in_layers(stem: &str, families: &[&Family], lang: Lang) -> String {
    let layers = layer_list(families).join(", ");
    tr!(lang, "names-in-layers", stem = stem, layers = layers)
}

fn layer_list(families: &[&Family]) -> Vec<String> {
    families.iter().map(|f| f.layer.to_string()).collect()
}

/// Does the lesson have the step `id` (in some sample or update)?
fn exists(layout: &Layout, id: StepId) -> bool {
    let id = layout.resolve(id);
    layout.sample_offset(id).is_some() || layout.update_offset(id).is_some()
}

/// The step a go-to text (`dleta(2)[1]@2`, `a1[1]`, `Delta(2)[1]`) most likely meant, with its
/// `@N` kept, when that is a step of the lesson and not the text itself.
pub(crate) fn meant(layout: &Layout, text: &str) -> Option<String> {
    let (name, at) = match text.split_once('@') {
        Some((name, at)) => (name.trim(), format!("@{}", at.trim())),
        None => (text.trim(), String::new()),
    };
    let plain: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let stem_fixed = || {
        let (stem, rest) = plain.split_once('(')?;
        let names = stems(&layout.families());
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let near = nearest(stem, &names, &[])?;
        StepId::parse(&format!("{near}({rest}")).ok()
    };
    let id = [StepId::parse(&plain).ok(), repair(name), stem_fixed()]
        .into_iter()
        .flatten()
        .find(|&id| exists(layout, id))?;
    let meant = format!("{id}{at}");
    (meant != text.trim()).then_some(meant)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson;

    fn layout() -> Layout {
        let l = lesson::bundled::LESSONS
            .find("softmax_classifier")
            .unwrap()
            .load()
            .unwrap();
        Layout::new(&l)
    }

    fn done(text: &str) -> (String, Option<String>) {
        let c = complete(&layout(), text, Lang::En);
        (c.text, c.hint)
    }

    #[test]
    fn tab_completes_as_far_as_the_names_allow() {
        // d: delta, db, dw; de: delta, then its layers 1 and 2.
        assert_eq!(done("d"), ("d".into(), Some("delta  db  dw".into())));
        assert_eq!(
            done("de"),
            ("delta(".into(), Some("delta(1)[1-3]  delta(2)[1-3]".into()))
        );
        assert_eq!(done("lo"), ("loss".into(), None));
        assert_eq!(
            done("delta(2"),
            ("delta(2)[".into(), Some("delta(2)[1-3]".into()))
        );
        assert_eq!(
            done("w(1)["),
            ("w(1)[".into(), Some("w(1)[1-3,1-4]".into()))
        );
        assert!(
            done("q")
                .1
                .unwrap()
                .starts_with("no step name starts with `q`")
        );
        assert_eq!(
            done("z(3"),
            ("z(3".into(), Some("z is in layers 1, 2".into()))
        );
    }

    #[test]
    fn slips_are_read_as_the_step_meant() {
        let l = layout();
        assert_eq!(meant(&l, "dleta(2)[1]").as_deref(), Some("delta(2)[1]"));
        assert_eq!(meant(&l, "a1[1]").as_deref(), Some("a(1)[1]"));
        assert_eq!(meant(&l, "Delta(2)[1]@3").as_deref(), Some("delta(2)[1]@3"));
        assert_eq!(meant(&l, "W(2)[1,1]").as_deref(), Some("w(2)[1,1]"));
        // Right already, or nothing near: no suggestion.
        assert_eq!(meant(&l, "delta(2)[1]"), None);
        assert_eq!(meant(&l, "delta(2)[9]"), None);
        assert_eq!(meant(&l, "banana"), None);
    }
}
