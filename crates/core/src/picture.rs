//! The article's picture as cards, the article's top, feeds and search engines show it: the
//! featured image (chosen in the editor, else the body's first picture), where its subject is
//! (a focal point, so 16:9 and 1:1 crops keep it), and — for pictures from our media library —
//! its sizes, so pages give browsers a `srcset` and the width and height that avoid layout shift.

use serde::{Deserialize, Serialize};

/// Sizes of a library picture: `srcset` ("/media/… 320w, …"), and the original's width and
/// height (for the aspect ratio).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PictureSizes {
    pub srcset: String,
    pub width: i64,
    pub height: i64,
}

/// A focal point that is not "X,Y" with each 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadFocus;

/// A focal point in percent of the width and height, from "X,Y" (each 0–100); empty: the
/// middle.
pub fn parse_focus(text: &str) -> Result<Option<(u8, u8)>, BadFocus> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (x, y) = text.split_once(',').ok_or(BadFocus)?;
    let percent = |part: &str| part.trim().parse::<u8>().ok().filter(|p| *p <= 100).ok_or(BadFocus);
    Ok(Some((percent(x)?, percent(y)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focal_points_are_two_percentages() {
        assert_eq!(parse_focus(""), Ok(None));
        assert_eq!(parse_focus("50,30"), Ok(Some((50, 30))));
        assert_eq!(parse_focus(" 0 , 100 "), Ok(Some((0, 100))));
        for bad in ["50", "101,3", "-1,2", "a,b", "50;30", "50,30,1"] {
            assert_eq!(parse_focus(bad), Err(BadFocus), "{bad}");
        }
    }
}
