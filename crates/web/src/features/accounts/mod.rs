//! Newsroom accounts: logging in and out (page and API, with the limits against guessing),
//! passwords, known devices, the users' page, authors' pages, and the audit log's page.

pub mod api;
mod device;
pub mod login;
pub mod password;
pub mod users;

pub use password::hash_password;
