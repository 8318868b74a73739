//! Reader comments on the web: what a reader sends from the form under every article (no
//! JavaScript needed) and from the API, the captcha picture, and the moderators' queue. The form
//! itself is part of the article page (`articles::CommentFormView`); the rules are in the
//! `toasoan-comments` crate, the shared limits in the store, the e-mail to moderators in
//! `kernel::notify`.

pub mod api;
pub mod moderation;
pub mod pages;
mod submit;
