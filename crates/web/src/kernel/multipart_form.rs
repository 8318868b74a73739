//! A newsroom form sent as multipart (it carries files): its text fields and its chosen files,
//! read once for every form that uploads (print issues, video clips). An empty file input is
//! "nothing chosen", not an empty file.
//!
//! Files are written to a temporary file piece by piece as they arrive, never held whole in
//! memory: a 500 MB clip costs the server a buffer, not 500 MB. Only its first bytes are kept,
//! to tell its type. Beyond the field's limit the rest is read and dropped, so the form can be
//! shown again with the reason.

use std::collections::HashMap;

use axum::extract::Multipart;

/// Bytes kept from the start of each file, to read its type from.
const HEAD_BYTES: usize = 64;
/// Longest text field (an issue's table of contents is the longest).
const MAX_TEXT_FIELD: usize = 256 * 1024;

/// A chosen file: the name it had on the writer's computer, where it waits, and what it is.
pub struct Upload {
    pub file_name: String,
    /// Removed when the upload is dropped.
    pub file: tempfile::TempPath,
    /// Its whole size, even when more than the field's limit came (then only the limit was kept).
    pub size: u64,
    /// Its first bytes.
    pub head: Vec<u8>,
}

impl Upload {
    /// Whether the whole file came (it was not over the field's limit).
    pub fn complete(&self, limit: usize) -> bool {
        self.size <= limit as u64
    }

    /// The whole file in memory, for the small ones that must be decoded (a cover, a poster).
    pub async fn bytes(&self) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(&self.file).await
    }
}

pub struct MultipartForm {
    pub fields: HashMap<String, String>,
    pub files: HashMap<String, Upload>,
}

impl MultipartForm {
    /// Reads every part; those named in `file_fields` (with the most bytes kept of each) are
    /// files, the rest text. The error is the reader's, in English (the caller says in
    /// Vietnamese that the form must be sent again).
    pub async fn read(mut multipart: Multipart, file_fields: &[(&str, usize)]) -> Result<MultipartForm, String> {
        let mut form = MultipartForm { fields: HashMap::new(), files: HashMap::new() };
        while let Some(mut field) = multipart.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().unwrap_or_default().to_owned();
            if let Some((_, limit)) = file_fields.iter().find(|(file_field, _)| *file_field == name) {
                let file_name = field.file_name().unwrap_or("tep").chars().take(200).collect();
                let upload = receive(&mut field, file_name, *limit).await?;
                if upload.size > 0 {
                    form.files.insert(name, upload);
                }
            } else {
                let text = field.text().await.map_err(|e| e.to_string())?;
                if text.len() > MAX_TEXT_FIELD {
                    return Err(format!("the field {name} is longer than {MAX_TEXT_FIELD} bytes"));
                }
                form.fields.insert(name, text);
            }
        }
        Ok(form)
    }

    /// The CSRF token the form carried.
    pub fn csrf(&self) -> Option<&str> {
        self.fields.get("csrf").map(String::as_str)
    }
}

/// Writes a file part to a temporary file as it arrives, keeping at most `limit` bytes. The
/// writes go through tokio's file (on its blocking pool), never on the request's own thread.
async fn receive(
    field: &mut axum::extract::multipart::Field<'_>,
    file_name: String,
    limit: usize,
) -> Result<Upload, String> {
    use tokio::io::AsyncWriteExt;
    let written = |e: std::io::Error| format!("cannot write a temporary file: {e}");
    let temporary = tempfile::NamedTempFile::new().map_err(|e| format!("cannot make a temporary file: {e}"))?;
    let mut file = tokio::fs::File::from_std(temporary.reopen().map_err(written)?);
    let (mut size, mut head) = (0u64, Vec::with_capacity(HEAD_BYTES));
    while let Some(chunk) = field.chunk().await.map_err(|e| e.to_string())? {
        let room = (limit as u64 + 1).saturating_sub(size);
        let kept = &chunk[..chunk.len().min(usize::try_from(room).unwrap_or(usize::MAX))];
        if head.len() < HEAD_BYTES {
            head.extend_from_slice(&kept[..kept.len().min(HEAD_BYTES - head.len())]);
        }
        file.write_all(kept).await.map_err(written)?;
        size += chunk.len() as u64;
    }
    file.flush().await.map_err(written)?;
    Ok(Upload { file_name, file: temporary.into_temp_path(), size, head })
}
