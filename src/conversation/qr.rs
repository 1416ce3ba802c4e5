//! QR codes of link URLs as PNG (for chat photos and downloads) and SVG (for pages).
//! Rendered from the module matrix directly, which keeps the `image` crate out.

use qrcode::{Color, EcLevel, QrCode};

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

fn code(data: &str) -> anyhow::Result<QrCode> {
    QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|e| anyhow::anyhow!("cannot encode QR: {e}"))
}

/// A black-on-white grayscale PNG, `scale` pixels per module.
pub fn png(data: &str, scale: usize) -> anyhow::Result<Vec<u8>> {
    let qr = code(data)?;
    let n = qr.width();
    let colors = qr.to_colors();
    let side = (n + 2 * QUIET) * scale;
    let mut pixels = vec![255u8; side * side];
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (mx, my) = (i % n + QUIET, i / n + QUIET);
            for y in my * scale..(my + 1) * scale {
                pixels[y * side + mx * scale..y * side + (mx + 1) * scale].fill(0);
            }
        }
    }
    let mut out = Vec::new();
    let side32 = u32::try_from(side)?;
    let mut encoder = png::Encoder::new(&mut out, side32, side32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

/// An SVG with one path for all dark modules.
pub fn svg(data: &str) -> anyhow::Result<String> {
    let qr = code(data)?;
    let n = qr.width();
    let side = n + 2 * QUIET;
    let mut path = String::with_capacity(n * n * 8);
    for (i, c) in qr.to_colors().iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = (i % n + QUIET, i / n + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

/// The QR as Unicode half blocks, two modules per character row, for terminals.
pub fn text(data: &str) -> anyhow::Result<String> {
    let qr = code(data)?;
    let n = qr.width();
    let colors = qr.to_colors();
    let side = n + 2 * QUIET;
    let dark = |x: usize, y: usize| {
        x >= QUIET
            && y >= QUIET
            && x < QUIET + n
            && y < QUIET + n
            && colors[(y - QUIET) * n + (x - QUIET)] == Color::Dark
    };
    let mut out = String::new();
    for row in (0..side).step_by(2) {
        for x in 0..side {
            out.push(match (dark(x, row), dark(x, row + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_png(bytes: &[u8]) -> String {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let (w, h) = (info.width as usize, info.height as usize);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn png_decodes_to_exactly_the_url() {
        let url = "http://127.0.0.1:8080/p/AbCdEfGhIjKlMnOp";
        assert_eq!(decode_png(&png(url, 6).unwrap()), url);
    }

    #[test]
    fn svg_and_text_have_the_quiet_zone() {
        let s = svg("x").unwrap();
        assert!(s.starts_with("<svg") && s.contains("viewBox=\"0 0 29 29\""));
        let t = text("x").unwrap();
        assert_eq!(t.lines().count(), 15);
    }
}
