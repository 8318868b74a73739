//! Who works in the newsroom and what each role may do, as pure rules the web layer asks before
//! every action (the model is Drupal's content moderation: a role grants transitions).

use serde::{Deserialize, Serialize};

/// A newsroom role, from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Quản trị: everything, including accounts and settings.
    Admin,
    /// Tổng biên tập: approves and publishes anything.
    EditorInChief,
    /// Biên tập viên: edits, approves and publishes in the categories assigned to them.
    Editor,
    /// Phóng viên: writes and submits their own drafts.
    Writer,
    /// Kiểm duyệt bình luận: moderates reader comments only.
    Moderator,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::EditorInChief, Role::Editor, Role::Writer, Role::Moderator];

    /// The name used on the command line, in the API and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::EditorInChief => "editor-in-chief",
            Role::Editor => "editor",
            Role::Writer => "writer",
            Role::Moderator => "moderator",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The name the newsroom shows.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị",
            Role::EditorInChief => "Tổng biên tập",
            Role::Editor => "Biên tập viên",
            Role::Writer => "Phóng viên",
            Role::Moderator => "Kiểm duyệt bình luận",
        }
    }
}

/// The person asking, as the rules need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    /// Categories an editor (biên tập viên) answers for; a parent covers its children.
    pub categories: Vec<i64>,
}

/// What the rules need to know about an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleAccess {
    pub author_id: Option<i64>,
    pub category_id: i64,
    pub parent_category_id: Option<i64>,
    pub status: crate::Status,
}

impl Actor {
    /// Whether this person may approve, publish and unpublish in the article's category.
    pub fn can_publish(&self, article: &ArticleAccess) -> bool {
        match self.role {
            Role::Admin | Role::EditorInChief => true,
            Role::Editor => self.answers_for(article.category_id, article.parent_category_id),
            Role::Writer | Role::Moderator => false,
        }
    }

    /// Editors answer for their categories and the children of those.
    pub fn answers_for(&self, category_id: i64, parent_category_id: Option<i64>) -> bool {
        self.categories.contains(&category_id) || parent_category_id.is_some_and(|p| self.categories.contains(&p))
    }

    /// Whether this person may see the article in the newsroom (writers see their own only).
    pub fn can_view(&self, article: &ArticleAccess) -> bool {
        match self.role {
            Role::Admin | Role::EditorInChief | Role::Editor => true,
            Role::Writer => self.is_author(article),
            Role::Moderator => false,
        }
    }

    /// Whether this person may change the article's text: publishers always, a writer their own
    /// article until it is submitted.
    pub fn can_edit(&self, article: &ArticleAccess) -> bool {
        self.can_publish(article) || (self.is_author(article) && article.status == crate::Status::Draft)
    }

    /// Whether this person may write new articles at all.
    pub fn can_write(&self) -> bool {
        !matches!(self.role, Role::Moderator)
    }

    pub fn manages_users(&self) -> bool {
        self.role == Role::Admin
    }

    /// Categories, tags and authors: the people who publish.
    pub fn manages_taxonomy(&self) -> bool {
        matches!(self.role, Role::Admin | Role::EditorInChief)
    }

    pub fn moderates_comments(&self) -> bool {
        !matches!(self.role, Role::Writer)
    }

    fn is_author(&self, article: &ArticleAccess) -> bool {
        article.author_id == Some(self.user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn actor(role: Role, categories: Vec<i64>) -> Actor {
        Actor { user_id: 7, role, categories }
    }

    fn article(author: i64, category: i64, status: Status) -> ArticleAccess {
        ArticleAccess { author_id: Some(author), category_id: category, parent_category_id: Some(1), status }
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn editors_publish_in_their_categories_and_their_children_only() {
        let editor = actor(Role::Editor, vec![3]);
        assert!(editor.can_publish(&article(9, 3, Status::Submitted)));
        assert!(!editor.can_publish(&article(9, 4, Status::Submitted)));
        let parent_editor = actor(Role::Editor, vec![1]);
        assert!(parent_editor.can_publish(&article(9, 4, Status::Submitted)));
    }

    #[test]
    fn writers_see_and_edit_their_own_drafts_only() {
        let writer = actor(Role::Writer, vec![]);
        assert!(writer.can_view(&article(7, 3, Status::Submitted)));
        assert!(!writer.can_view(&article(8, 3, Status::Draft)));
        assert!(writer.can_edit(&article(7, 3, Status::Draft)));
        assert!(!writer.can_edit(&article(7, 3, Status::Submitted)));
        assert!(!writer.can_publish(&article(7, 3, Status::Draft)));
    }

    #[test]
    fn moderators_touch_comments_only() {
        let moderator = actor(Role::Moderator, vec![]);
        assert!(!moderator.can_write());
        assert!(!moderator.can_view(&article(7, 3, Status::Published)));
        assert!(moderator.moderates_comments());
        assert!(!actor(Role::Writer, vec![]).moderates_comments());
    }

    #[test]
    fn the_chiefs_do_everything_with_articles() {
        for role in [Role::Admin, Role::EditorInChief] {
            let chief = actor(role, vec![]);
            assert!(chief.can_publish(&article(9, 42, Status::Draft)));
            assert!(chief.can_edit(&article(9, 42, Status::Published)));
        }
        assert!(actor(Role::Admin, vec![]).manages_users());
        assert!(!actor(Role::EditorInChief, vec![]).manages_users());
    }
}
