//! Media for toasoan: where files live (object storage: a local folder by default) and what an
//! uploaded image goes through before anyone sees it.

pub mod images;
pub mod location;
pub mod pdf;
pub mod storage;

pub use images::{ImageError, ProcessedImage, Variant, process_image, webp_for_stored, webp_sibling};
pub use location::MediaLocation;
pub use storage::{MediaStore, StorageError};
