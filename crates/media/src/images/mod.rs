//! An uploaded image, made safe and useful: its type is read from its bytes (not its name), its
//! size is checked from the header before a single pixel is decoded (a decompression bomb is
//! refused, not decoded), it is decoded under memory limits, turned upright by its EXIF
//! orientation, and re-encoded at a few widths. Re-encoding writes pixels only, so EXIF (GPS
//! position, camera serial numbers) never reaches a reader.

use std::io::Cursor;

use fast_image_resize::{ResizeOptions, Resizer, images::Image as ResizeImage};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Largest upload accepted, in bytes.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// Largest side, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// Most pixels in one image (a 50-megapixel camera fits; a bomb does not).
pub const MAX_PIXELS: u64 = 60_000_000;
/// Memory the decoded pixels may take (width × height × bytes per pixel): a 50-megapixel photo
/// at 8 bits per channel fits (150 MB); the same size at 16 bits per channel, which a PNG of a
/// few hundred kilobytes can claim, does not. Decoding, turning upright and converting can hold
/// about twice this at the peak, so with [`MAX_DECODING_AT_ONCE`] images at a time a node stays
/// within a known bound.
pub const MAX_DECODED_BYTES: u64 = 160 * 1024 * 1024;
/// Images decoded at once on a node (the caller's job to enforce: see the web crate's uploads).
/// One: six 24-megapixel photos uploaded at once peaked at 398 MB with two (bench/abuse.sh), and
/// a newsroom's uploads wait a second for their turn without harm.
pub const MAX_DECODING_AT_ONCE: usize = 1;
/// The widths made for `srcset`, where the original is at least that wide.
pub const WIDTHS: [u32; 4] = [320, 640, 1024, 1600];
const JPEG_QUALITY: u8 = 82;
/// libwebp's quality for the WebP copies: at about the JPEG's look, a quarter to a third smaller.
const WEBP_QUALITY: f32 = 78.0;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("the file is larger than {} MB", MAX_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("not a JPEG, PNG, WebP or GIF image")]
    UnsupportedType,
    #[error("the image is {width}×{height} pixels: at most {MAX_SIDE} per side and {MAX_PIXELS} in all")]
    TooManyPixels { width: u32, height: u32 },
    #[error(
        "the image would take {} MB to decode ({width}×{height} pixels at {bytes_per_pixel} bytes each): at most {} MB",
        needed / 1024 / 1024,
        MAX_DECODED_BYTES / 1024 / 1024
    )]
    TooMuchMemory { width: u32, height: u32, bytes_per_pixel: u64, needed: u64 },
    #[error("the image cannot be read: {0}")]
    Broken(String),
}

/// One resized copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    /// `jpg` for photos, `png` where the image has transparency.
    pub extension: &'static str,
    /// The same pixels as lossy WebP, kept only when smaller than `bytes`: stored beside them
    /// (see [`webp_sibling`]) and served instead to browsers that accept WebP.
    pub webp: Option<Vec<u8>>,
}

/// Where a variant's WebP copy is kept: `12/lua-640.jpg` → `12/lua-640.webp`. `None` for a path
/// that is not a JPEG or PNG variant.
pub fn webp_sibling(path: &str) -> Option<String> {
    let stem = path.strip_suffix(".jpg").or_else(|| path.strip_suffix(".png"))?;
    Some(format!("{stem}.webp"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessedImage {
    pub mime: &'static str,
    /// Upright size of the original.
    pub width: u32,
    pub height: u32,
    /// Smallest first; the last one is the largest made.
    pub variants: Vec<Variant>,
}

/// Checks, decodes and resizes an uploaded image. Slow (tens of milliseconds per megapixel):
/// call it off the async threads.
pub fn process_image(bytes: &[u8]) -> Result<ProcessedImage, ImageError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImageError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| ImageError::UnsupportedType)?;
    let mime = match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        ImageFormat::WebP => "image/webp",
        ImageFormat::Gif => "image/gif",
        _ => return Err(ImageError::UnsupportedType),
    };
    // The header alone, without limits, so that a bomb is refused with its real size.
    let mut header = ImageReader::with_format(Cursor::new(bytes), format);
    header.no_limits();
    let (width, height) = header.into_dimensions().map_err(broken)?;
    check_pixels(width, height)?;
    let mut decoder = reader(bytes, format)?.into_decoder().map_err(broken)?;
    check_memory(width, height, decoder.total_bytes())?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(broken)?;
    decoded.apply_orientation(orientation);
    let upright = if decoded.color().has_alpha() { decoded.into_rgba8().into() } else { decoded.into_rgb8().into() };
    let variants = variants(&upright)?;
    Ok(ProcessedImage { mime, width: upright.width(), height: upright.height(), variants })
}

fn reader(bytes: &[u8], format: ImageFormat) -> Result<ImageReader<Cursor<&[u8]>>, ImageError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    Ok(reader)
}

fn check_pixels(width: u32, height: u32) -> Result<(), ImageError> {
    let too_many = width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS;
    if too_many || width == 0 || height == 0 { Err(ImageError::TooManyPixels { width, height }) } else { Ok(()) }
}

fn check_memory(width: u32, height: u32, needed: u64) -> Result<(), ImageError> {
    if needed <= MAX_DECODED_BYTES {
        return Ok(());
    }
    let pixels = (u64::from(width) * u64::from(height)).max(1);
    Err(ImageError::TooMuchMemory { width, height, bytes_per_pixel: needed / pixels, needed })
}

fn broken(error: image::ImageError) -> ImageError {
    match error {
        image::ImageError::Limits(limit) => ImageError::Broken(format!("decoding it needs more than allowed: {limit}")),
        other => ImageError::Broken(other.to_string()),
    }
}

/// The image at each of [`WIDTHS`] no wider than itself, or at its own width if it is narrower
/// than all of them.
fn variants(image: &DynamicImage) -> Result<Vec<Variant>, ImageError> {
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w <= image.width()).collect();
    if widths.is_empty() {
        widths.push(image.width());
    }
    widths.iter().map(|w| variant(image, *w)).collect()
}

fn variant(image: &DynamicImage, width: u32) -> Result<Variant, ImageError> {
    let height = ((u64::from(image.height()) * u64::from(width)) / u64::from(image.width())).max(1) as u32;
    let resized = if width == image.width() {
        image.clone()
    } else {
        let pixel_type = fast_image_resize::IntoImageView::pixel_type(image)
            .ok_or_else(|| ImageError::Broken("unsupported pixel layout".into()))?;
        let mut target = ResizeImage::new(width, height, pixel_type);
        Resizer::new()
            .resize(image, &mut target, &ResizeOptions::new())
            .map_err(|e| ImageError::Broken(e.to_string()))?;
        let buffer = target.into_vec();
        let rebuilt = if image.color().has_alpha() {
            image::RgbaImage::from_raw(width, height, buffer).map(DynamicImage::from)
        } else {
            image::RgbImage::from_raw(width, height, buffer).map(DynamicImage::from)
        };
        rebuilt.ok_or_else(|| ImageError::Broken("resized buffer of the wrong size".into()))?
    };
    let mut bytes = Vec::new();
    let extension = if resized.color().has_alpha() {
        resized.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).map_err(broken)?;
        "png"
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
        resized.write_with_encoder(encoder).map_err(broken)?;
        "jpg"
    };
    let webp = webp_copy(&resized).filter(|copy| copy.len() < bytes.len());
    Ok(Variant { width, height, bytes, extension, webp })
}

/// A WebP copy of a variant stored before copies were made (`toasoan media webp`), or `None`
/// when it would not be smaller. Decoded under the same limits as an upload.
pub fn webp_for_stored(bytes: &[u8]) -> Result<Option<Vec<u8>>, ImageError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImageError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| ImageError::UnsupportedType)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        return Err(ImageError::UnsupportedType);
    }
    let mut header = ImageReader::with_format(Cursor::new(bytes), format);
    header.no_limits();
    let (width, height) = header.into_dimensions().map_err(broken)?;
    check_pixels(width, height)?;
    let decoded = reader(bytes, format)?.decode().map_err(broken)?;
    let pixels: DynamicImage =
        if decoded.color().has_alpha() { decoded.into_rgba8().into() } else { decoded.into_rgb8().into() };
    Ok(webp_copy(&pixels).filter(|copy| copy.len() < bytes.len()))
}

/// The image as lossy WebP (with its transparency), or `None` if libwebp refuses it.
fn webp_copy(image: &DynamicImage) -> Option<Vec<u8>> {
    let encoder = match image {
        DynamicImage::ImageRgb8(rgb) => webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height()),
        DynamicImage::ImageRgba8(rgba) => webp::Encoder::from_rgba(rgba.as_raw(), rgba.width(), rgba.height()),
        _ => return None,
    };
    encoder.encode_simple(false, WEBP_QUALITY).ok().map(|memory| memory.to_vec())
}

#[cfg(test)]
mod tests;
