//! The module boundaries ARCHITECTURE.md and README's Layout describe, held
//! by reading the source: the engine and the app's state have no browser
//! types, the browser's storage has no views, and nothing imports upward.

use std::path::{Path, PathBuf};

/// What a module may not name, and why.
struct Rule {
    dir: &'static str,
    /// Crates it may not use.
    crates: &'static [&'static str],
    /// Modules of this crate it may not import.
    modules: &'static [&'static str],
    why: &'static str,
}

/// The crates that bring browser types.
const BROWSER: &[&str] = &["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo_"];

const RULES: &[Rule] = &[
    Rule {
        dir: "model",
        crates: BROWSER,
        modules: &["analysis", "io", "app", "browser", "ui"],
        why: "the model says what a map is: it needs nothing else",
    },
    Rule {
        dir: "analysis",
        crates: BROWSER,
        modules: &["io", "app", "browser", "ui"],
        why: "the engine runs natively, in tests and on the command line",
    },
    Rule {
        dir: "io",
        crates: BROWSER,
        modules: &["app", "browser", "ui"],
        why: "the format runs natively, in tests and on the command line",
    },
    Rule {
        dir: "app",
        crates: BROWSER,
        modules: &["browser", "ui"],
        why: "the app's state changes are tested natively, with no DOM",
    },
    Rule {
        dir: "browser",
        // Storage may call the browser, but draws nothing.
        crates: &["leptos"],
        modules: &["app", "ui"],
        why: "storage has no views and no editor state: ui calls it",
    },
];

impl Rule {
    fn forbidden(&self) -> Vec<String> {
        let crates = self.crates.iter().map(|c| c.to_string());
        let modules = self.modules.iter().map(|m| format!("crate::{m}"));
        crates.chain(modules).collect()
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Each line's code, without its comment (a `//` outside a string is taken as
/// the comment's start: close enough for names of crates and modules), up to
/// the unit tests (`#[cfg(test)]`, last in a file), which may check a module's
/// output with any other.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .enumerate()
        .map(|(i, line)| {
            let code = match line.find("//") {
                Some(at) if !line[..at].contains('"') => &line[..at],
                _ => line,
            };
            (i + 1, code)
        })
}

/// Where `file` names what `rule` forbids: "path:line: name".
fn breaches(root: &Path, file: &Path, forbidden: &[impl AsRef<str>]) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut found = Vec::new();
    for (number, code) in code_lines(&text) {
        for name in forbidden.iter().map(AsRef::as_ref) {
            let named = code.match_indices(name).any(|(at, _)| {
                // Where a name starts: `my_leptos` does not name `leptos`.
                let before = code[..at].chars().next_back();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if named {
                let shown = file.strip_prefix(root).unwrap_or(file).display();
                found.push(format!("{shown}:{number}: {name}"));
            }
        }
    }
    found
}

#[test]
fn each_module_names_only_what_it_may() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for rule in RULES {
        let dir = root.join("src").join(rule.dir);
        let files = rust_files(&dir);
        assert!(!files.is_empty(), "src/{} has no Rust files", rule.dir);
        for file in files {
            for breach in breaches(root, &file, &rule.forbidden()) {
                all.push(format!("{breach} ({})", rule.why));
            }
        }
    }
    assert!(
        all.is_empty(),
        "modules name what they may not:\n{}",
        all.join("\n")
    );
}

/// Every module of the crate (by file: `ui::editor::palette`, and `ui` for
/// src/ui/mod.rs) and the modules it imports, found in its `super::` and
/// `crate::` paths, `use` groups included. A module's imports of its own
/// ancestors (their `pub use`s) are left out: a parent declares its children.
fn imports(root: &Path) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let src = root.join("src");
    let module_of = |file: &Path| -> String {
        let relative = file.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        parts.join("::")
    };
    let files: Vec<PathBuf> = rust_files(&src)
        .into_iter()
        .filter(|f| !f.starts_with(src.join("bin")) && !f.ends_with("main.rs"))
        .collect();
    let modules: std::collections::BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut graph = std::collections::BTreeMap::new();
    for file in &files {
        let module = module_of(file);
        let text = std::fs::read_to_string(file).unwrap();
        let code: String = code_lines(&text).map(|(_, c)| format!("{c}\n")).collect();
        let parent: Vec<&str> = module.split("::").collect();
        let parent = parent[..parent.len().saturating_sub(1)].join("::");
        let mut targets = std::collections::BTreeSet::new();
        for (prefix, base) in [("super::", parent.as_str()), ("crate::", "")] {
            for (at, _) in code.match_indices(prefix) {
                let before = code[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                for path in use_paths(&code[at + prefix.len()..]) {
                    let mut full: Vec<&str> = base.split("::").filter(|p| !p.is_empty()).collect();
                    full.extend(path.iter().map(String::as_str));
                    // The longest prefix that is a module.
                    let found = (1..=full.len())
                        .rev()
                        .map(|n| full[..n].join("::"))
                        .find(|m| modules.contains(m));
                    if let Some(target) = found {
                        let is_ancestor =
                            module == target || module.starts_with(&format!("{target}::"));
                        if !is_ancestor {
                            targets.insert(target);
                        }
                    }
                }
            }
        }
        graph.insert(module, targets);
    }
    graph
}

/// The paths a `use` tree (or an expression's path) names, from just after
/// its `super::` or `crate::`: `a::{b, c::{d, self}}` is a::b, a::c::d, a::c::self.
fn use_paths(text: &str) -> Vec<Vec<String>> {
    fn tree(chars: &[char], at: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        let skip = |at: &mut usize| {
            while *at < chars.len() && chars[*at].is_whitespace() {
                *at += 1;
            }
        };
        skip(at);
        if chars.get(*at) == Some(&'{') {
            *at += 1;
            loop {
                skip(at);
                match chars.get(*at) {
                    None => return,
                    Some('}') => {
                        *at += 1;
                        return;
                    }
                    Some(',') => *at += 1,
                    Some(_) => {
                        let before = *at;
                        tree(chars, at, prefix.clone(), out);
                        if *at == before {
                            // Not a path (a glob, say): step over it.
                            *at += 1;
                        }
                    }
                }
            }
        }
        let start = *at;
        while *at < chars.len() && (chars[*at].is_alphanumeric() || chars[*at] == '_') {
            *at += 1;
        }
        if *at == start {
            if !prefix.is_empty() {
                out.push(prefix);
            }
            return;
        }
        let mut path = prefix;
        path.push(chars[start..*at].iter().collect());
        if chars.get(*at) == Some(&':') && chars.get(*at + 1) == Some(&':') {
            *at += 2;
            tree(chars, at, path, out);
        } else {
            out.push(path);
        }
    }
    let chars: Vec<char> = text.chars().take(2000).collect();
    let mut out = Vec::new();
    tree(&chars, &mut 0, Vec::new(), &mut out);
    out
}

/// A cycle in `graph`, if there is one: the modules around it.
fn a_cycle(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        marks: &mut std::collections::BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_string(), Mark::Open);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = path.iter().position(|p| p == next).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(cycle) = visit(next, graph, marks, path) {
                        return Some(cycle);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = std::collections::BTreeMap::new();
    for node in graph.keys() {
        if marks.get(node).copied().unwrap_or(Mark::New) == Mark::New
            && let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(graph.len() > 50, "only {} modules found", graph.len());
    assert!(
        graph["ui::editor::palette"].contains("ui::actions"),
        "the import reader misses `use super::actions::…`"
    );
    if let Some(cycle) = a_cycle(&graph) {
        panic!(
            "modules import each other round a circle: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn use_trees_are_read_whole() {
    let paths = use_paths("storage::{self, Over},\n    journal::{Journal, more::{deep}}};");
    let shown: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(shown, ["storage::self", "storage::Over"]);
    let paths = use_paths("{format::{Time, time}, report, *};");
    let shown: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(shown, ["format::Time", "format::time", "report"]);
    let mut graph = std::collections::BTreeMap::new();
    graph.insert("a".to_string(), ["b".to_string()].into());
    graph.insert("b".to_string(), ["c".to_string()].into());
    graph.insert("c".to_string(), ["a".to_string()].into());
    assert_eq!(a_cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
    graph.get_mut("c").unwrap().clear();
    assert_eq!(a_cycle(&graph), None);
}

#[test]
fn the_check_sees_a_browser_type_and_ignores_comments() {
    let dir = std::env::temp_dir().join(format!("takt-architecture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("probe.rs");
    std::fs::write(
        &file,
        "// leptos in a comment is fine\nuse my_leptos_like::x;\nuse web_sys::Window;\nlet s = \"// not a comment\"; use leptos::prelude::*;\n#[cfg(test)]\nuse js_sys::Array;\n",
    )
    .unwrap();
    let found = breaches(&dir, &file, BROWSER);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found, ["probe.rs:3: web_sys", "probe.rs:4: leptos"]);
}
