//! Page templates: built into the binary, each overridable by a file of the same name in the
//! theme folder (as Zola does), rendered with minijinja.

use std::path::PathBuf;

use minijinja::{Environment, Value};

/// The built-in templates, by name.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("comments.html", include_str!("../../templates/comments.html")),
    ("comment_slot.html", include_str!("../../templates/comment_slot.html")),
    ("comment_sent.html", include_str!("../../templates/comment_sent.html")),
    ("not_found.html", include_str!("../../templates/not_found.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("print_archive.html", include_str!("../../templates/print_archive.html")),
    ("print_issue.html", include_str!("../../templates/print_issue.html")),
    ("print_page.html", include_str!("../../templates/print_page.html")),
    ("videos.html", include_str!("../../templates/videos.html")),
    ("video.html", include_str!("../../templates/video.html")),
    ("newsroom/base.html", include_str!("../../templates/newsroom/base.html")),
    ("newsroom/login.html", include_str!("../../templates/newsroom/login.html")),
    ("newsroom/videos.html", include_str!("../../templates/newsroom/videos.html")),
    ("newsroom/message.html", include_str!("../../templates/newsroom/message.html")),
    ("newsroom/rows.html", include_str!("../../templates/newsroom/rows.html")),
    ("newsroom/dashboard.html", include_str!("../../templates/newsroom/dashboard.html")),
    ("newsroom/articles.html", include_str!("../../templates/newsroom/articles.html")),
    ("newsroom/editor.html", include_str!("../../templates/newsroom/editor.html")),
    ("newsroom/revisions.html", include_str!("../../templates/newsroom/revisions.html")),
    ("newsroom/revision.html", include_str!("../../templates/newsroom/revision.html")),
    ("newsroom/users.html", include_str!("../../templates/newsroom/users.html")),
    ("newsroom/user.html", include_str!("../../templates/newsroom/user.html")),
    ("newsroom/audit.html", include_str!("../../templates/newsroom/audit.html")),
    ("newsroom/library.html", include_str!("../../templates/newsroom/library.html")),
    ("newsroom/taxonomy.html", include_str!("../../templates/newsroom/taxonomy.html")),
    ("newsroom/comments.html", include_str!("../../templates/newsroom/comments.html")),
    ("newsroom/print.html", include_str!("../../templates/newsroom/print.html")),
    ("newsroom/print_page.html", include_str!("../../templates/newsroom/print_page.html")),
];

pub type TemplateError = minijinja::Error;

/// The template environment, loaded once at start.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Loads every template now, so that a broken theme file stops the start with its name and
    /// line rather than failing a reader's request later.
    pub fn new(theme_dir: Option<PathBuf>) -> Result<Templates, TemplateError> {
        let mut env = Environment::new();
        env.set_loader(move |name| load(theme_dir.as_ref(), name));
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_formatter(escape_text);
        env.add_filter("number", |n: i64| vn::format_number(n));
        env.add_global("stylesheet", crate::kernel::assets::url("site.css"));
        env.add_global("suggest_script", crate::kernel::assets::url("suggest.js"));
        env.add_global("newsroom_stylesheet", crate::kernel::assets::url("newsroom.css"));
        env.add_global("editor_script", crate::kernel::assets::url("editor.js"));
        env.add_global("editor_body_script", crate::kernel::assets::url("editor-body.js"));
        env.add_global("prosemirror_script", crate::kernel::assets::url("prosemirror.js"));
        env.add_global("comments_script", crate::kernel::assets::url("comments.js"));
        env.add_global("page_script", crate::kernel::assets::url("page.js"));
        env.add_global("favicon", crate::kernel::assets::url("favicon.svg"));
        for (name, _) in BUILT_IN {
            env.get_template(name)?;
        }
        Ok(Templates { env })
    }

    pub fn render(&self, name: &str, context: Value) -> Result<String, TemplateError> {
        self.env.get_template(name)?.render(context)
    }
}

/// HTML escaping of `& < > "` only. minijinja's default also escapes `'` and `/`, which is
/// needed for unquoted or single-quoted attributes; our templates quote every attribute with
/// `"`, and the magazine's times (`19:24' 1/12/2021`) then read the same in the HTML source.
fn escape_text(out: &mut minijinja::Output, state: &mut minijinja::State, value: &Value) -> Result<(), TemplateError> {
    match value.as_str() {
        Some(text) if !value.is_safe() => {
            let mut last = 0;
            for (i, c) in text.char_indices() {
                let entity = match c {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' => "&quot;",
                    _ => continue,
                };
                out.write_str(&text[last..i]).map_err(write_error)?;
                out.write_str(entity).map_err(write_error)?;
                last = i + 1;
            }
            out.write_str(&text[last..]).map_err(write_error)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn write_error(_: std::fmt::Error) -> TemplateError {
    TemplateError::new(minijinja::ErrorKind::WriteFailure, "cannot write the page")
}

fn load(theme_dir: Option<&PathBuf>, name: &str) -> Result<Option<String>, TemplateError> {
    if let Some(dir) = theme_dir {
        let safe = !name.contains("..") && !name.starts_with('/');
        let path = dir.join(name);
        if safe && path.is_file() {
            return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                TemplateError::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("cannot read {}: {e}", path.display()),
                )
            });
        }
    }
    Ok(BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, source)| (*source).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_file_overrides_the_built_in_template() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("not_found.html"), "theme says {{ message }}").expect("write");
        let templates = Templates::new(Some(dir.path().to_path_buf())).expect("templates load");
        let html = templates.render("not_found.html", minijinja::context! { message => "<b>hi</b>" }).expect("render");
        assert_eq!(html, "theme says &lt;b&gt;hi&lt;/b&gt;");
    }

    #[test]
    fn text_is_escaped_for_double_quoted_html() {
        let templates = Templates::new(None).expect("templates load");
        let mut env = Environment::new();
        env.set_formatter(escape_text);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.add_template("t.html", "<a title=\"{{ v }}\">{{ v }}</a>").expect("template");
        let html =
            env.get_template("t.html").and_then(|t| t.render(minijinja::context! { v => "19:24' 1/12/2021 <b>\"&\"" }));
        assert_eq!(
            html.expect("render"),
            "<a title=\"19:24' 1/12/2021 &lt;b&gt;&quot;&amp;&quot;\">19:24' 1/12/2021 &lt;b&gt;&quot;&amp;&quot;</a>"
        );
        drop(templates);
    }

    #[test]
    fn a_broken_theme_template_is_refused_at_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("home.html"), "{% if %}").expect("write");
        assert!(Templates::new(Some(dir.path().to_path_buf())).is_err());
    }
}
