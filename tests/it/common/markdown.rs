//! Checks of Markdown documents as GitHub reads them: pulldown-cmark parses them (tables,
//! math), and every formula's LaTeX is closed and free of what MathJax rejects.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// What is wrong with a LaTeX formula's structure, if anything: unbalanced braces,
/// `\left` without `\right`, `\begin` without its `\end`.
pub fn tex_problem(tex: &str) -> Option<String> {
    let mut depth = 0i64;
    let mut chars = tex.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth < 0 {
                    return Some("a } closes nothing".into());
                }
            }
            '$' => return Some("a $ inside math".into()),
            _ => {}
        }
    }
    if depth != 0 {
        return Some(format!("{depth} unclosed {{"));
    }
    if command_count(tex, "\\left") != command_count(tex, "\\right") {
        return Some("\\left and \\right do not pair".into());
    }
    let mut envs = Vec::new();
    for (i, _) in tex
        .match_indices("\\begin{")
        .chain(tex.match_indices("\\end{"))
    {
        envs.push(i);
    }
    envs.sort();
    if double_script(tex) {
        return Some("a double superscript or subscript (MathJax rejects x^{a}_{b}^{c})".into());
    }
    let mut stack: Vec<&str> = Vec::new();
    for i in envs {
        let rest = &tex[i..];
        let name_start = rest.find('{').unwrap() + 1;
        let name = &rest[name_start..name_start + rest[name_start..].find('}').unwrap()];
        if rest.starts_with("\\begin") {
            stack.push(name);
        } else if stack.pop() != Some(name) {
            return Some(format!("\\end{{{name}}} without its \\begin"));
        }
    }
    if !stack.is_empty() {
        return Some(format!("\\begin{{{}}} never ends", stack.join(", ")));
    }
    None
}

/// Does some atom get two superscripts or two subscripts, as in `a^{(1)}_{2}^{2}`? MathJax
/// (and so GitHub) shows an error instead of such a formula.
pub fn double_script(tex: &str) -> bool {
    fn word(c: &[char], mut i: usize) -> usize {
        // After a backslash: a control word, or one control symbol.
        if i < c.len() && !c[i].is_ascii_alphabetic() {
            return i + 1;
        }
        while i < c.len() && c[i].is_ascii_alphabetic() {
            i += 1;
        }
        i
    }
    /// Scans from `i` to the end (or to the `}` closing a group); Err on a double script.
    fn scan(c: &[char], mut i: usize, in_group: bool) -> Result<usize, ()> {
        let (mut sup, mut sub) = (false, false);
        while i < c.len() {
            match c[i] {
                '}' if in_group => return Ok(i + 1),
                '{' => {
                    i = scan(c, i + 1, true)?;
                    (sup, sub) = (false, false);
                }
                '^' | '_' => {
                    let seen = if c[i] == '^' { &mut sup } else { &mut sub };
                    if *seen {
                        return Err(());
                    }
                    *seen = true;
                    i += 1;
                    while i < c.len() && c[i] == ' ' {
                        i += 1;
                    }
                    i = match c.get(i) {
                        Some('{') => scan(c, i + 1, true)?,
                        Some('\\') => word(c, i + 1),
                        _ => i + 1,
                    };
                }
                '\\' => {
                    i = word(c, i + 1);
                    (sup, sub) = (false, false);
                }
                ' ' | '\n' => i += 1,
                _ => {
                    i += 1;
                    (sup, sub) = (false, false);
                }
            }
        }
        Ok(i)
    }
    let chars: Vec<char> = tex.chars().collect();
    scan(&chars, 0, false).is_err()
}

#[test]
fn the_formula_check_finds_double_scripts() {
    assert!(double_script("1 - a^{(1)}_{2}^{2}"));
    assert!(double_script("x^2^3"));
    assert!(!double_script("1 - \\left(a^{(1)}_{2}\\right)^{2}"));
    assert!(!double_script("\\frac{a^{(1)}_{2}}{b}^{2} + y_{1}^{2}"));
    assert!(tex_problem("\\left(x").is_some());
    assert!(tex_problem("\\begin{aligned} x \\end{bmatrix}").is_some());
    assert!(tex_problem("{x").is_some());
    assert!(tex_problem("x \\leftarrow y").is_none());
}

/// How often the control word `cmd` occurs (`\\left` but not `\\leftarrow`).
fn command_count(tex: &str, cmd: &str) -> usize {
    tex.match_indices(cmd)
        .filter(|(i, _)| {
            !tex[i + cmd.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
        })
        .count()
}

/// Parses `doc` as GitHub would (tables, math) and checks every formula. Returns the math
/// (blocks and inline spans) found.
pub fn check_markdown(doc: &str, what: &str) -> Vec<String> {
    let options = Options::ENABLE_MATH | Options::ENABLE_TABLES;
    let mut math = Vec::new();
    let mut in_math_block = false;
    let mut block = String::new();
    for event in Parser::new_ext(doc, options) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                assert!(
                    matches!(&*lang, "math" | "text" | "mermaid"),
                    "{what}: unexpected code block {lang}"
                );
                in_math_block = &*lang == "math";
                block.clear();
            }
            Event::Text(t) if in_math_block => block.push_str(&t),
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if in_math_block {
                    math.push(block.clone());
                }
                in_math_block = false;
            }
            Event::Text(t) => {
                assert!(!t.contains('$'), "{what}: a stray $ in text: {t:?}");
            }
            Event::InlineMath(m) | Event::DisplayMath(m) => math.push(m.to_string()),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                panic!("{what}: an indented code block (wrongly indented text?)")
            }
            _ => {}
        }
    }
    for m in &math {
        if let Some(problem) = tex_problem(m) {
            panic!("{what}: {problem} in formula\n{m}");
        }
    }
    math
}
