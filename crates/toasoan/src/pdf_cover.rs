//! A cover for an issue that comes without one: page 1 of its PDF, drawn by poppler's
//! `pdftoppm` when it is installed (Debian's `poppler-utils`), in a child process with a time
//! limit. Without it, the issue simply has no cover: nothing in Rust renders PDFs well enough.

use std::process::Stdio;
use std::time::Duration;

use toasoan_media::MediaStore;
use toasoan_store::Db;
use toasoan_web::features::library::{default_url, store_image};
use tokio::io::AsyncWriteExt;

const RENDERER: &str = "pdftoppm";
/// Page 1 as a PNG this tall (the media library makes the smaller variants).
const HEIGHT: &str = "1200";
const TIMEOUT: Duration = Duration::from_secs(30);

/// Page 1 as a PNG; `None` when no renderer is installed; an error says why it failed.
pub async fn first_page_png(pdf: Vec<u8>) -> Result<Option<Vec<u8>>, String> {
    let spawned = tokio::process::Command::new(RENDERER)
        .args(["-f", "1", "-l", "1", "-png", "-scale-to", HEIGHT, "-singlefile", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot start {RENDERER}: {error}")),
    };
    let mut stdin = child.stdin.take().ok_or("the renderer has no input")?;
    let feed = tokio::spawn(async move {
        let _ = stdin.write_all(&pdf).await; // a renderer that stops early says why in its status
    });
    let output = tokio::time::timeout(TIMEOUT, child.wait_with_output())
        .await
        .map_err(|_| format!("drawing page 1 took longer than {} s", TIMEOUT.as_secs()))?
        .map_err(|e| format!("{RENDERER} failed: {e}"))?;
    let _ = feed.await;
    if !output.status.success() || !output.stdout.starts_with(b"\x89PNG") {
        let reason = String::from_utf8_lossy(&output.stderr).trim().lines().last().unwrap_or_default().to_owned();
        return Err(format!("{RENDERER} could not draw page 1 ({}): {reason}", output.status));
    }
    Ok(Some(output.stdout))
}

/// Draws page 1 and keeps it in the media library as the cover; returns its address,
/// or an empty one when there is no renderer or drawing failed (said on standard error: the
/// issue goes in without a cover).
pub async fn cover_from_first_page(db: &Db, media: &MediaStore, year: i64, number: i64, pdf: &[u8]) -> String {
    let drawn = match first_page_png(pdf.to_vec()).await {
        Ok(Some(png)) => png,
        Ok(None) => return String::new(),
        Err(error) => {
            eprintln!("số {number} - {year}: no cover: {error}");
            return String::new();
        }
    };
    let name = format!("bia-so-{number}-{year}-trang-1.png");
    let alt = format!("Bìa tạp chí Số {number} - {year}");
    match store_image(db, media, None, &name, drawn, &alt, "").await {
        Ok(item) => default_url(&item).unwrap_or_default(),
        Err(error) => {
            eprintln!("số {number} - {year}: the drawn cover cannot be stored: {error}");
            String::new()
        }
    }
}
