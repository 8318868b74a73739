//! The print edition on the web: the archive and lookup ("Tra cứu tạp chí in", the same pages for
//! the issues before 2010), each issue's page, the API, and the newsroom's management of issues.
//! The "Giới thiệu tạp chí in" box on every page is the kernel's layout; print pages among search
//! hits are the search feature's.

pub mod api;
mod form;
pub mod newsroom;
mod ocr;
pub mod ocr_pages;
pub mod page_reader;
pub mod pages;
pub mod service;

pub use ocr::{OCR_JOB, ocr_job, ocr_job_key};
pub use service::{COVER_JOB, TEXT_JOB, draw_cover_job, read_text_job, store_pages};
