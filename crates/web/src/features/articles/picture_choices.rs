//! The pictures the editor offers as the article's picture: the body's own, then the media
//! library's newest (a small thumbnail each), so choosing one is a click, not a pasted address.

use serde::Serialize;
use toasoan_core::Block;

use crate::SharedState;

/// Library pictures offered besides the body's.
const FROM_LIBRARY: i64 = 12;

#[derive(Debug, Serialize)]
pub struct PictureChoice {
    pub url: String,
    pub thumb: String,
    pub label: String,
}

pub async fn for_editor(state: &SharedState, blocks: &[Block]) -> Vec<PictureChoice> {
    let mut choices: Vec<PictureChoice> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure { image: Some(image), caption, alt, .. } => Some(PictureChoice {
                url: image.clone(),
                thumb: image.clone(),
                label: alt.clone().filter(|a| !a.is_empty()).unwrap_or_else(|| caption.clone()),
            }),
            _ => None,
        })
        .collect();
    match state.db.media_library("", FROM_LIBRARY, 0).await {
        Ok((_, items)) => {
            for item in items {
                let Some(url) = crate::features::library::default_url(&item) else { continue };
                if choices.iter().any(|c| c.url == url) {
                    continue;
                }
                let thumb =
                    item.variants.first().map(|v| crate::kernel::urls::media_url(&v.path)).unwrap_or(url.clone());
                let label = if item.alt.is_empty() { item.original_name.clone() } else { item.alt.clone() };
                choices.push(PictureChoice { url, thumb, label });
            }
        }
        Err(error) => tracing::warn!(%error, "cannot list the library's pictures for the editor"),
    }
    choices
}
