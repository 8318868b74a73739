use super::*;

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image.write_to(&mut Cursor::new(&mut bytes), format).expect("encode");
    bytes
}

fn photo(width: u32, height: u32) -> DynamicImage {
    DynamicImage::from(image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    }))
}

#[test]
fn a_photo_gets_a_variant_per_width_it_can_fill() {
    let processed = process_image(&encoded(&photo(1200, 800), ImageFormat::Png)).expect("processed");
    assert_eq!(processed.mime, "image/png");
    assert_eq!((processed.width, processed.height), (1200, 800));
    let sizes: Vec<(u32, u32)> = processed.variants.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(sizes, vec![(320, 213), (640, 426), (1024, 682)]);
    for variant in &processed.variants {
        assert_eq!(variant.extension, "jpg");
        let decoded = image::load_from_memory(&variant.bytes).expect("a readable JPEG");
        assert_eq!((decoded.width(), decoded.height()), (variant.width, variant.height));
    }
}

#[test]
fn small_images_keep_their_own_width_and_transparency() {
    let transparent = DynamicImage::from(image::RgbaImage::from_pixel(100, 50, image::Rgba([1, 2, 3, 0])));
    let processed = process_image(&encoded(&transparent, ImageFormat::Png)).expect("processed");
    assert_eq!(processed.variants.len(), 1);
    assert_eq!((processed.variants[0].width, processed.variants[0].extension), (100, "png"));
}

#[test]
fn the_type_is_read_from_the_bytes_not_the_name() {
    assert_eq!(process_image(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"), Err(ImageError::UnsupportedType));
    assert_eq!(process_image(b"%PDF-1.7 not an image"), Err(ImageError::UnsupportedType));
    let gif = encoded(&photo(40, 30), ImageFormat::Gif);
    assert_eq!(process_image(&gif).expect("gif").mime, "image/gif");
    let jpeg = encoded(&photo(40, 30), ImageFormat::Jpeg);
    assert_eq!(process_image(&jpeg).expect("jpeg").mime, "image/jpeg");
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    // A valid PNG header claiming 100,000 × 100,000 pixels, with next to no data behind it.
    let mut png = encoded(&photo(1, 1), ImageFormat::Png);
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    let refused = process_image(&png);
    assert_eq!(refused, Err(ImageError::TooManyPixels { width: 100_000, height: 100_000 }), "its real size, not 0×0");
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("100000×100000"), "{message}");
}

#[test]
fn a_sixteen_bit_image_is_refused_by_the_memory_it_would_take() {
    // 7,745 × 7,745 passes the pixel count (60 M) but at 16 bits per RGB channel would take
    // 360 MB decoded. A header claiming it is enough: nothing is decoded before the check.
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 1, 1);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Sixteen);
        encoder.write_header().expect("header").write_image_data(&[0u8; 6]).expect("one pixel");
    }
    bytes[16..20].copy_from_slice(&7_745u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&7_745u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    let refused = process_image(&bytes);
    let Err(ImageError::TooMuchMemory { width: 7_745, height: 7_745, bytes_per_pixel: 6, needed }) = refused else {
        panic!("refused by its memory: {refused:?}")
    };
    assert!(needed > MAX_DECODED_BYTES);
}

#[test]
fn broken_and_oversized_files_are_refused() {
    let mut truncated = encoded(&photo(300, 300), ImageFormat::Jpeg);
    truncated.truncate(200);
    assert!(matches!(process_image(&truncated), Err(ImageError::Broken(_))));
    assert_eq!(process_image(&vec![0u8; MAX_BYTES + 1]), Err(ImageError::TooLarge));
}

/// PNG's chunk checksum (CRC-32, polynomial 0xEDB88320).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A JPEG whose EXIF says "rotate 90° clockwise" and carries a GPS position.
fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let plain = encoded(&photo(width, height), ImageFormat::Jpeg);
    // TIFF header (big-endian), IFD0 with Orientation = 6 and a GPSInfo pointer to an empty IFD.
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 2]);
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

#[test]
fn exif_orientation_is_applied_and_exif_is_gone() {
    let original = jpeg_with_exif(400, 300);
    assert!(original.windows(4).any(|w| w == b"Exif"));
    let processed = process_image(&original).expect("processed");
    assert_eq!((processed.width, processed.height), (300, 400), "turned upright");
    for variant in &processed.variants {
        assert!(!variant.bytes.windows(4).any(|w| w == b"Exif"), "no EXIF in {}px", variant.width);
    }
}

#[test]
fn variants_carry_a_smaller_webp_copy_of_the_same_picture() {
    let processed = process_image(&encoded(&photo(1200, 800), ImageFormat::Png)).expect("processed");
    for variant in &processed.variants {
        let webp = variant.webp.as_ref().expect("a WebP copy");
        assert!(webp.len() < variant.bytes.len(), "{} < {} at {} px", webp.len(), variant.bytes.len(), variant.width);
        let decoded = image::load_from_memory_with_format(webp, ImageFormat::WebP).expect("a readable WebP");
        assert_eq!((decoded.width(), decoded.height()), (variant.width, variant.height));
    }
}

#[test]
fn the_webp_copy_sits_beside_its_variant() {
    assert_eq!(webp_sibling("12/lua-640.jpg").as_deref(), Some("12/lua-640.webp"));
    assert_eq!(webp_sibling("12/logo-320.png").as_deref(), Some("12/logo-320.webp"));
    assert_eq!(webp_sibling("print/3/so-1.pdf"), None);
    assert_eq!(webp_sibling("12/lua-640.webp"), None);
}
