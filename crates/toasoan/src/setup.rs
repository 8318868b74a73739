//! What every command starts from: the data folder, its settings and its database. Its own
//! module so that commands (`serve`, imports) and the command line that dispatches them do not
//! import each other.

use std::path::PathBuf;

use toasoan_store::Db;

use crate::config::FileConfig;

/// What every command starts from.
pub struct Setup {
    pub data: PathBuf,
    pub config: FileConfig,
    pub db: Db,
    /// Where media files are kept (`[media] url`).
    pub media: toasoan_media::MediaLocation,
}

impl Setup {
    /// Opens the media store (a folder is created if missing; a bucket is not contacted yet).
    pub fn open_media(&self) -> anyhow::Result<toasoan_media::MediaStore> {
        use anyhow::Context;
        self.media.open(&self.data).with_context(|| format!("cannot open the media store {}", self.media))
    }
}
