//! Transfer slips buyers attach to "I have paid": checked to be a picture (JPEG, PNG or
//! WebP by their bytes, not their name), decoded within size limits, re-encoded as JPEG
//! (which leaves behind every metadata block: location, device, names), and searched
//! for a Thai slip's small QR.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

use crate::domain::rails::slip::{SlipQr, read_slip_qr};

/// The largest upload taken.
pub const MAX_SLIP_BYTES: usize = 5 * 1024 * 1024;
/// The largest side of a picture decoded (a phone screenshot is ~2,400 pixels).
const MAX_SIDE: u32 = 6_000;

/// A slip ready to store.
#[derive(Debug, Clone)]
pub struct Slip {
    /// The picture again, as JPEG, without metadata.
    pub jpeg: Vec<u8>,
    /// What its bank QR says, when it has one.
    pub qr: Option<SlipQr>,
}

/// Why a slip was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SlipError {
    #[error("the picture is larger than 5 MB")]
    TooLarge,
    #[error("not a JPEG, PNG or WebP picture")]
    NotAPicture,
    #[error("the picture cannot be read")]
    Unreadable,
}

impl SlipError {
    /// The message key that says it to the buyer.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::TooLarge => "slip-too-large",
            Self::NotAPicture => "slip-not-a-picture",
            Self::Unreadable => "slip-unreadable",
        }
    }
}

/// The texts of the QR codes in a picture (a QRIS sticker photographed, a slip).
pub fn qr_texts(bytes: &[u8]) -> Result<Vec<String>, SlipError> {
    Ok(qr_texts_of(&decode(bytes)?))
}

fn qr_texts_of(picture: &image::DynamicImage) -> Vec<String> {
    let grey = picture.to_luma8();
    let (w, h) = grey.dimensions();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
            grey.get_pixel(x as u32, y as u32)[0]
        });
    prepared
        .detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok())
        .map(|(_, text)| text)
        .collect()
}

/// A picture decoded within the size limits, whatever its file name says.
fn decode(bytes: &[u8]) -> Result<image::DynamicImage, SlipError> {
    if bytes.len() > MAX_SLIP_BYTES {
        return Err(SlipError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| SlipError::NotAPicture)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(SlipError::NotAPicture);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map_err(|_| SlipError::Unreadable)
}

/// Checks, cleans and reads a slip.
pub fn read(bytes: &[u8]) -> Result<Slip, SlipError> {
    let picture = decode(bytes)?;
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&picture.to_rgb8())
        .map_err(|_| SlipError::Unreadable)?;
    let qr = qr_texts_of(&picture)
        .iter()
        .find_map(|text| read_slip_qr(text));
    Ok(Slip { jpeg, qr })
}

/// A stored slip made small enough to preview (longest side `side` pixels), as JPEG.
///
/// # Errors
/// When the stored picture cannot be read.
pub fn preview(jpeg: &[u8], side: u32) -> Result<Vec<u8>, SlipError> {
    let picture = decode(jpeg)?;
    let small = if picture.width().max(picture.height()) > side {
        picture.thumbnail(side, side)
    } else {
        picture
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&small.to_rgb8())
        .map_err(|_| SlipError::Unreadable)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rails::slip::slip_qr_payload;

    /// A "slip": a white page with the bank's QR drawn on it, as PNG.
    fn slip_png(payload: &str) -> Vec<u8> {
        crate::conversation::qr::png(payload, 6).unwrap()
    }

    #[test]
    fn a_slip_is_cleaned_and_its_qr_read() {
        let payload = slip_qr_payload("014", "2026120412345678");
        let slip = read(&slip_png(&payload)).unwrap();
        assert_eq!(slip.qr.unwrap().reference, "2026120412345678");
        assert_eq!(image::guess_format(&slip.jpeg).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn metadata_does_not_survive() {
        let clean = read(&slip_png("x")).unwrap().jpeg;
        // The same JPEG with an EXIF block naming a place, right after its start marker.
        let exif = b"Exif\0\0GPS 13.7563 100.5018 Somchai's phone";
        let mut tagged = clean[..2].to_vec();
        tagged.extend_from_slice(&[0xFF, 0xE1]);
        tagged.extend_from_slice(&u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
        tagged.extend_from_slice(exif);
        tagged.extend_from_slice(&clean[2..]);
        let out = read(&tagged).unwrap().jpeg;
        assert!(!out.windows(3).any(|w| w == b"GPS"));
    }

    #[test]
    fn a_preview_is_small() {
        let slip = read(&slip_png(&slip_qr_payload("014", "2026120412345678"))).unwrap();
        let small = preview(&slip.jpeg, 64).unwrap();
        let back = image::load_from_memory(&small).unwrap();
        assert!(back.width().max(back.height()) <= 64);
    }

    #[test]
    fn other_files_are_refused() {
        assert_eq!(
            read(b"%PDF-1.4 not a picture").unwrap_err(),
            SlipError::NotAPicture
        );
        assert_eq!(read(b"GIF89a......").unwrap_err(), SlipError::NotAPicture);
        let mut truncated = slip_png("x");
        truncated.truncate(40);
        assert_eq!(read(&truncated).unwrap_err(), SlipError::Unreadable);
        assert_eq!(
            read(&vec![0u8; MAX_SLIP_BYTES + 1]).unwrap_err(),
            SlipError::TooLarge
        );
    }
}
