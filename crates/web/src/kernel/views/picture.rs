//! An article's picture as a page shows it: `src`, the library's `srcset`, width and height
//! (so the browser keeps the place before the bytes come: no layout shift) and the focal point
//! as a class setting `object-position` (so a 16:9 or square crop keeps the subject). A class,
//! not a `style` attribute: the site's Content-Security-Policy allows no inline style, so the
//! point is rounded to quarters (`focus-25-75`; 25 rules in site.css).

use serde::Serialize;
use toasoan_store::FeaturedMeta;

#[derive(Debug, Clone, Serialize)]
pub struct PictureView {
    pub src: String,
    pub srcset: String,
    pub width: i64,
    pub height: i64,
    /// `focus-X-Y`, X and Y in 0, 25, 50, 75, 100.
    pub focus_class: String,
}

impl PictureView {
    /// The picture at `src`, or none when there is no address.
    pub fn new(src: &str, meta: &FeaturedMeta) -> Option<PictureView> {
        if src.is_empty() {
            return None;
        }
        let sizes = meta.sizes.clone().unwrap_or_default();
        // Without known sizes, 16:9: the card's frame has that shape anyway.
        let (width, height) =
            if sizes.width > 0 && sizes.height > 0 { (sizes.width, sizes.height) } else { (1600, 900) };
        Some(PictureView {
            src: src.to_owned(),
            srcset: sizes.srcset,
            width,
            height,
            focus_class: focus_class(&meta.focus),
        })
    }
}

fn focus_class(focus: &str) -> String {
    let (x, y) = toasoan_core::picture::parse_focus(focus).ok().flatten().unwrap_or((50, 50));
    let quarter = |p: u8| (u16::from(p) + 12) / 25 * 25;
    format!("focus-{}-{}", quarter(x), quarter(y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use toasoan_core::PictureSizes;

    #[test]
    fn library_pictures_carry_their_sizes_and_others_a_frame() {
        assert!(PictureView::new("", &FeaturedMeta::default()).is_none());
        let sizes = PictureSizes { srcset: "/media/1/a-320.webp 320w".into(), width: 1200, height: 800 };
        let meta = FeaturedMeta { focus: "30,20".into(), sizes: Some(sizes) };
        let view = PictureView::new("/media/1/a-1024.webp", &meta).expect("a picture");
        assert_eq!((view.width, view.height, view.focus_class.as_str()), (1200, 800, "focus-25-25"));
        assert_eq!(focus_class("100,0"), "focus-100-0");
        assert_eq!(focus_class("62,88"), "focus-50-100");
        assert_eq!(focus_class(""), "focus-50-50");
        let outside = PictureView::new("https://anh.example.vn/a.jpg", &FeaturedMeta::default()).expect("a picture");
        assert_eq!((outside.width, outside.height, outside.srcset.as_str()), (1600, 900, ""));
    }
}
