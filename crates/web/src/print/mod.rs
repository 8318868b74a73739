//! The print edition on the web: the "Giới thiệu tạp chí in" box on every page, the archive and
//! lookup ("Tra cứu tạp chí in", the same pages for the issues before 2010), each issue's page,
//! the API, print pages in site search (`hits`), and (in `newsroom::pages::print`) the newsroom's management of issues.

pub mod api;
mod hits;
pub mod pages;
pub mod text;
mod view;

pub use hits::{PrintHit, PrintHits};
pub use view::{IssueView, TocView};
