//! A hole in a cached page, filled per request: the comment form's one-time token and captcha
//! live in it, while the other 99% of the article page stays rendered and compressed once.
//!
//! The gzip form is assembled without compressing anything per request: the part before the
//! hole is deflated once and ended with a sync flush (so it stops on a byte boundary), the filled
//! hole goes in as a "stored" (uncompressed) deflate block, the part after it is deflated once as
//! the final blocks, and the CRC-32 of the whole is combined from the three parts' CRCs.

use std::io::Write;

use axum::body::Bytes;
use crc32fast::Hasher as Crc;
use flate2::Compression;
use flate2::write::DeflateEncoder;

/// Where the hole goes in a rendered page. Reader text is always escaped and editor HTML goes
/// through ammonia, which drops comments, so only a template can put it there.
pub const MARKER: &str = "<!--toasoan:slot-->";

/// The largest filling a stored block can carry.
const MAX_FILL: usize = 65_535;

/// A page split at its hole, with both halves precompressed.
#[derive(Debug, Clone)]
pub struct SlottedPage {
    before: Bytes,
    after: Bytes,
    before_deflated: Bytes,
    after_deflated: Bytes,
    before_crc: Crc,
    after_crc: Crc,
}

impl SlottedPage {
    /// Bytes held, for the page cache's bound.
    pub fn weight(&self) -> usize {
        self.before.len() + self.after.len() + self.before_deflated.len() + self.after_deflated.len()
    }

    /// Splits `body` at its marker, if it has one.
    pub fn split(body: &str) -> Option<SlottedPage> {
        let (before, after) = body.split_once(MARKER)?;
        let (before_deflated, after_deflated) = (deflate(before.as_bytes(), false)?, deflate(after.as_bytes(), true)?);
        Some(SlottedPage {
            before_crc: crc(before.as_bytes()),
            after_crc: crc(after.as_bytes()),
            before: Bytes::copy_from_slice(before.as_bytes()),
            after: Bytes::copy_from_slice(after.as_bytes()),
            before_deflated: Bytes::from(before_deflated),
            after_deflated: Bytes::from(after_deflated),
        })
    }

    /// The page with `fill` in the hole.
    pub fn plain(&self, fill: &str) -> Bytes {
        let mut out = Vec::with_capacity(self.before.len() + fill.len() + self.after.len());
        out.extend_from_slice(&self.before);
        out.extend_from_slice(fill.as_bytes());
        out.extend_from_slice(&self.after);
        Bytes::from(out)
    }

    /// The same page as a gzip stream.
    pub fn gzip(&self, fill: &str) -> Bytes {
        let fill = &fill.as_bytes()[..fill.len().min(MAX_FILL)];
        let mut out = Vec::with_capacity(self.before_deflated.len() + fill.len() + self.after_deflated.len() + 32);
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        out.extend_from_slice(&self.before_deflated);
        let length = fill.len() as u16;
        out.push(0); // a stored block, not the last: BFINAL 0, BTYPE 00, padded to the byte
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(fill);
        out.extend_from_slice(&self.after_deflated);
        let mut whole = self.before_crc.clone();
        whole.combine(&crc(fill));
        whole.combine(&self.after_crc);
        let size = (self.before.len() + fill.len() + self.after.len()) as u32; // gzip keeps it mod 2^32
        out.extend_from_slice(&whole.finalize().to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        Bytes::from(out)
    }
}

fn crc(bytes: &[u8]) -> Crc {
    let mut crc = Crc::new();
    crc.update(bytes);
    crc
}

/// Raw deflate of `bytes`: ended with the final block when `last`, else with a sync flush.
fn deflate(bytes: &[u8], last: bool) -> Option<Vec<u8>> {
    let mut encoder = DeflateEncoder::new(Vec::with_capacity(bytes.len() / 4 + 16), Compression::default());
    encoder.write_all(bytes).ok()?;
    if last {
        encoder.finish().ok()
    } else {
        encoder.flush().ok()?;
        Some(encoder.get_ref().clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> String {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).expect("a valid gzip stream");
        text
    }

    #[test]
    fn the_filled_page_decompresses_to_the_plain_one() {
        let body = format!("<html>{}{MARKER}{}</html>", "đầu trang ".repeat(500), "cuối trang ".repeat(700));
        let page = SlottedPage::split(&body).expect("has a slot");
        for fill in ["", "<input name=\"token\" value=\"abc\">", &"ồ".repeat(5000)] {
            let plain = page.plain(fill);
            assert_eq!(plain, body.replace(MARKER, fill).into_bytes());
            assert_eq!(gunzip(&page.gzip(fill)).as_bytes(), &plain[..]);
        }
        assert!(page.gzip("x").len() < body.len() / 10, "the halves stay compressed");
    }

    #[test]
    fn pages_without_a_marker_have_no_slot() {
        assert!(SlottedPage::split("<html>no hole</html>").is_none());
    }
}
