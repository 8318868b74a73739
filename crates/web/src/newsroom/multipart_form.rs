//! A newsroom form sent as multipart (it carries files): its text fields and its chosen files,
//! read once for every form that uploads (print issues, video clips). An empty file input is
//! "nothing chosen", not an empty file.

use std::collections::HashMap;

use axum::extract::Multipart;

/// A chosen file: the name it had on the writer's computer and its bytes.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub struct MultipartForm {
    pub fields: HashMap<String, String>,
    pub files: HashMap<String, Upload>,
}

impl MultipartForm {
    /// Reads every part; those named in `file_fields` are files, the rest text. The error is the
    /// reader's, in English (the caller says in Vietnamese that the form must be sent again).
    pub async fn read(mut multipart: Multipart, file_fields: &[&str]) -> Result<MultipartForm, String> {
        let mut form = MultipartForm { fields: HashMap::new(), files: HashMap::new() };
        while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().unwrap_or_default().to_owned();
            if file_fields.contains(&name.as_str()) {
                let file_name = field.file_name().unwrap_or("tep").to_owned();
                let bytes = field.bytes().await.map_err(|e| e.to_string())?.to_vec();
                if !bytes.is_empty() {
                    form.files.insert(name, Upload { file_name, bytes });
                }
            } else {
                let text = field.text().await.map_err(|e| e.to_string())?;
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
