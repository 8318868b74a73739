//! Drawing a captcha text as a distorted grey PNG: each character scaled, rotated and shifted
//! on its own, the whole picture bent by two waves, crossed by curves and sprinkled with noise.
//! Everything random comes from the challenge's seed, so one token always draws one picture.

use super::font;

pub const WIDTH: usize = 220;
pub const HEIGHT: usize = 64;
const INK: u8 = 40;
const PAPER: u8 = 245;

/// A small deterministic generator (SplitMix64): good enough to jitter pixels, and seeded
/// from the HMAC of the nonce, so nothing about it can be predicted without the key.
pub(crate) struct Jitter(u64);

impl Jitter {
    pub(crate) fn new(seed: &[u8]) -> Jitter {
        Jitter(seed.iter().fold(0x9E37_79B9_7F4A_7C15, |acc, b| acc.rotate_left(8) ^ u64::from(*b)))
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..high`.
    pub(crate) fn between(&mut self, low: f32, high: f32) -> f32 {
        let unit = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        low + unit * (high - low)
    }
}

/// The picture of `text`, as PNG bytes.
pub fn render(text: &str, seed: &[u8]) -> Vec<u8> {
    let mut jitter = Jitter::new(seed);
    let mut ink = vec![0f32; WIDTH * HEIGHT];
    let step = (WIDTH as f32 - 30.0) / text.len().max(1) as f32;
    for (i, c) in text.bytes().enumerate() {
        let x = 15.0 + step * i as f32 + jitter.between(-3.0, 3.0);
        let y = jitter.between(10.0, 20.0);
        draw_glyph(&mut ink, c, (x, y), jitter.between(-0.25, 0.25), jitter.between(4.0, 4.6));
    }
    for _ in 0..2 {
        draw_curve(&mut ink, &mut jitter);
    }
    let pixels = bend(&ink, &mut jitter);
    let pixels: Vec<u8> = pixels
        .iter()
        .map(|&v| {
            let noise = jitter.between(-28.0, 28.0);
            (f32::from(PAPER) - v.min(1.0) * f32::from(PAPER - INK) + noise).clamp(0.0, 255.0) as u8
        })
        .collect();
    encode(&pixels)
}

/// Stamps every ink cell of the glyph as a small square, after rotating it about its centre.
fn draw_glyph(ink: &mut [f32], c: u8, origin: (f32, f32), angle: f32, scale: f32) {
    let Some(rows) = font::glyph(c) else { return };
    let (sin, cos) = angle.sin_cos();
    let (cx, cy) = (2.5 * scale, 3.5 * scale);
    for (row, line) in rows.iter().enumerate() {
        for (col, _) in line.bytes().enumerate().filter(|(_, p)| *p == b'#') {
            for sub in 0..9 {
                let dx = (col as f32 + (sub % 3) as f32 / 3.0) * scale - cx;
                let dy = (row as f32 + (sub / 3) as f32 / 3.0) * scale - cy;
                let x = origin.0 + cx + dx * cos - dy * sin;
                let y = origin.1 + cy + dx * sin + dy * cos;
                stamp(ink, x, y, scale * 0.22);
            }
        }
    }
}

fn stamp(ink: &mut [f32], x: f32, y: f32, size: f32) {
    let (x0, y0) = ((x - size).floor().max(0.0) as usize, (y - size).floor().max(0.0) as usize);
    let (x1, y1) = ((x + size).ceil() as usize, (y + size).ceil() as usize);
    for py in y0..y1.min(HEIGHT) {
        for px in x0..x1.min(WIDTH) {
            ink[py * WIDTH + px] = 1.0;
        }
    }
}

/// A thin sine curve across the picture, so the characters cannot be cut apart by columns.
fn draw_curve(ink: &mut [f32], jitter: &mut Jitter) {
    let (base, amplitude) = (jitter.between(15.0, 50.0), jitter.between(4.0, 14.0));
    let (period, phase) = (jitter.between(40.0, 120.0), jitter.between(0.0, 6.3));
    for x in 0..WIDTH {
        let y = base + amplitude * (x as f32 / period * std::f32::consts::TAU + phase).sin();
        stamp(ink, x as f32, y, 0.6);
    }
}

/// Bends the picture by a horizontal and a vertical wave (inverse mapping: each output pixel
/// looks up where it came from).
fn bend(ink: &[f32], jitter: &mut Jitter) -> Vec<f32> {
    let (ax, px, fx) = (jitter.between(1.5, 3.0), jitter.between(25.0, 45.0), jitter.between(0.0, 6.3));
    let (ay, py, fy) = (jitter.between(2.0, 4.0), jitter.between(50.0, 90.0), jitter.between(0.0, 6.3));
    let mut out = vec![0f32; WIDTH * HEIGHT];
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let sx = x as f32 + ax * (y as f32 / px * std::f32::consts::TAU + fx).sin();
            let sy = y as f32 + ay * (x as f32 / py * std::f32::consts::TAU + fy).sin();
            if (0.0..WIDTH as f32).contains(&sx) && (0.0..HEIGHT as f32).contains(&sy) {
                out[y * WIDTH + x] = ink[sy as usize * WIDTH + sx as usize];
            }
        }
    }
    out
}

/// 8-bit greyscale PNG. Encoding into a `Vec` fails only on a size mismatch, which `render`
/// rules out; an empty answer is what a broken encoder would give and the page shows the alt.
fn encode(pixels: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH as u32, HEIGHT as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let written = encoder.write_header().and_then(|mut writer| writer.write_image_data(pixels));
    if written.is_err() {
        return Vec::new();
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Vec<u8> {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
        reader.next_frame(&mut pixels).expect("one frame");
        pixels
    }

    #[test]
    fn the_picture_is_a_png_with_ink_and_paper() {
        let pixels = decode(&render("AC4F7", b"seed"));
        assert_eq!(pixels.len(), WIDTH * HEIGHT);
        let dark = pixels.iter().filter(|&&p| p < 120).count();
        assert!(dark > WIDTH * HEIGHT / 12 && dark < WIDTH * HEIGHT / 2, "{dark} dark pixels");
    }

    #[test]
    fn one_seed_draws_one_picture_and_another_seed_another() {
        assert_eq!(render("AC4F7", b"one"), render("AC4F7", b"one"));
        assert_ne!(render("AC4F7", b"one"), render("AC4F7", b"two"));
    }
}
