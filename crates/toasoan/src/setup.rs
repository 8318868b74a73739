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
}
