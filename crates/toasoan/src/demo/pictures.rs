//! Pictures for the demo magazine, drawn here (no file to ship, nothing fetched): a landscape
//! per article — a sky in one of a few palettes, a sun or moon, hills in layers, sometimes a
//! town's roofs — different for every article (seeded by its id), stored through the media
//! library like an upload, so the demo shows what a real site shows: thumbnails on home and
//! category pages, a picture in every article with a caption and its credit.

use anyhow::Result;
use image::{Rgb, RgbImage};
use toasoan_core::{ArticleDraft, Block};
use toasoan_media::MediaStore;
use toasoan_store::{Db, MediaItem};
use toasoan_web::features::library::{default_url, srcset, store_image};

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 675;
/// The credit every demo picture carries.
pub const CREDIT: &str = "Ảnh minh hoạ: Toà soạn";

/// Gives every caption-only figure of the draft a drawn picture (and a draft without figures
/// one after its first paragraph); returns the first picture stored, the article's own.
pub async fn illustrate(db: &Db, media: &MediaStore, draft: &mut ArticleDraft, seed: u64) -> Result<Option<MediaItem>> {
    if !draft.blocks.iter().any(|b| matches!(b, Block::Figure { .. })) {
        let at = draft.blocks.iter().position(|b| matches!(b, Block::Paragraph { .. })).map_or(0, |p| p + 1);
        draft.blocks.insert(at.min(draft.blocks.len()), Block::caption_only(draft.title.clone()));
    }
    let mut first = None;
    for (n, block) in draft.blocks.iter_mut().enumerate() {
        let Block::Figure { caption, image: image @ None, alt, srcset: sizes } = block else { continue };
        let png = landscape(seed.wrapping_mul(31).wrapping_add(n as u64));
        let label = caption.clone();
        let name = format!("minh-hoa-{}.png", vn::slug_limited(&label, 40));
        let item = store_image(db, media, None, &name, png, &label, CREDIT).await?;
        *image = default_url(&item);
        *sizes = Some(srcset(&item)).filter(|s| !s.is_empty());
        *alt = Some(label.clone());
        if !caption.contains(CREDIT) {
            *caption = format!("{} ({CREDIT})", caption.trim_end_matches('.'));
        }
        first.get_or_insert(item);
    }
    Ok(first)
}

/// A small, fast generator of numbers from a seed (xorshift): the same article always gets the
/// same picture.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in 0.0..1.0.
    fn unit(&mut self) -> f32 {
        (self.next() % 10_000) as f32 / 10_000.0
    }
}

/// Sky top, sky bottom, sun, and the nearest hill's colour.
const PALETTES: [[[u8; 3]; 4]; 5] = [
    [[90, 150, 210], [200, 225, 240], [255, 236, 170], [46, 110, 60]],
    [[250, 160, 90], [255, 220, 170], [255, 250, 220], [120, 70, 60]],
    [[40, 50, 100], [150, 110, 160], [250, 240, 210], [30, 40, 60]],
    [[120, 170, 190], [225, 235, 230], [250, 250, 235], [60, 100, 90]],
    [[200, 120, 110], [250, 200, 150], [255, 245, 200], [90, 60, 80]],
];

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> Rgb<u8> {
    let channel = |i: usize| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t).round().clamp(0.0, 255.0) as u8;
    Rgb([channel(0), channel(1), channel(2)])
}

/// A landscape as PNG bytes, 1200×675.
pub fn landscape(seed: u64) -> Vec<u8> {
    let picture = scene(seed, WIDTH, HEIGHT);
    let mut bytes = std::io::Cursor::new(Vec::new());
    // Writing a PNG to memory fails only on an allocation failure, which aborts anyway.
    let _ = picture.write_to(&mut bytes, image::ImageFormat::Png);
    bytes.into_inner()
}

/// A landscape of any size (a print cover's is drawn straight into its PDF).
pub fn scene(seed: u64, width: u32, height: u32) -> RgbImage {
    let mut dice = Dice(seed | 1);
    let palette = PALETTES[(dice.next() % PALETTES.len() as u64) as usize];
    let (w, h) = (width as f32, height as f32);
    let sun = (w * (0.15 + 0.7 * dice.unit()), h * (0.15 + 0.25 * dice.unit()), h * (0.06 + 0.06 * dice.unit()));
    let hills: Vec<(f32, f32, f32, f32)> = (0..3)
        .map(|layer| {
            let base = h * (0.55 + 0.12 * layer as f32);
            (base, h * (0.04 + 0.05 * dice.unit()), 0.002 + 0.006 * dice.unit(), dice.unit() * 6.3)
        })
        .collect();
    let town = dice.next().is_multiple_of(2);
    let roofs: Vec<(f32, f32)> = (0..24).map(|_| (dice.unit() * w, h * (0.04 + 0.1 * dice.unit()))).collect();
    // Everything but the sky and the sun depends on the column only: worked out once per column.
    let columns: Vec<(f32, Vec<f32>)> = (0..width)
        .map(|x| {
            let fx = x as f32;
            let roof =
                roofs.iter().filter(|(rx, _)| (fx - rx).abs() < 22.0).map(|(_, rh)| h * 0.56 - rh).fold(h, f32::min);
            let ridges = hills
                .iter()
                .map(|(base, amplitude, frequency, phase)| {
                    base + amplitude * (fx * frequency + phase).sin() + amplitude * 0.4 * (fx * frequency * 2.7).sin()
                })
                .collect();
            (if town { roof.max(h * 0.5) } else { h }, ridges)
        })
        .collect();
    let sky: Vec<Rgb<u8>> = (0..height).map(|y| mix(palette[0], palette[1], y as f32 / h)).collect();
    let layers: Vec<Rgb<u8>> = (0..3).map(|layer| mix(palette[3], palette[1], 0.55 - 0.25 * layer as f32)).collect();
    let houses = mix(palette[3], palette[1], 0.45);
    let mut picture = RgbImage::new(width, height);
    for (x, y, pixel) in picture.enumerate_pixels_mut() {
        let (fx, fy) = (x as f32, y as f32);
        let (roof, ridges) = &columns[x as usize];
        let mut colour = sky[y as usize];
        let (dx, dy) = (fx - sun.0, fy - sun.1);
        if dx * dx + dy * dy < sun.2 * sun.2 {
            colour = Rgb(palette[2]);
        }
        if fy > *roof {
            colour = houses;
        }
        for (ridge, layer) in ridges.iter().zip(&layers) {
            if fy > *ridge {
                colour = *layer;
            }
        }
        *pixel = colour;
    }
    picture
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_draws_its_own_picture_and_the_same_one_again() {
        let (a, b) = (landscape(1), landscape(2));
        assert!(a.starts_with(b"\x89PNG") && a.len() > 5_000, "{} bytes", a.len());
        assert_ne!(a, b);
        assert_eq!(a, landscape(1));
        let decoded = image::load_from_memory(&a).expect("a picture");
        assert_eq!((decoded.width(), decoded.height()), (WIDTH, HEIGHT));
    }
}
