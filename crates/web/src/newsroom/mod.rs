//! The newsroom (`/toa-soan/`): what members of the magazine do behind their login.

pub mod actions;
pub mod markdown;
pub mod multipart_form;
pub mod pages;
pub mod print_form;
pub mod scheduler;
pub mod uploads;
pub mod video_form;
