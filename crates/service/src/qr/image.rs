//! The QR image: SVG, or PNG through a small encoder; it encodes the JSON the organisation's
//! app reads (spec §3.1).

use qrcode::{Color, EcLevel, QrCode};
use serde_json::json;

/// Errors of rendering.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The content does not fit a QR code.
    #[error("the content does not fit a QR code")]
    TooLong,
    /// PNG encoding failed.
    #[error("PNG encoding failed")]
    Png,
}

/// The JSON the organisation's app reads from the image (spec §3.1): it takes `random` as the
/// `qrcodeId`.
pub fn content(code: &authgate_core::qrcode::QrCode) -> String {
    json!({
        "scene": "APP_AUTH",
        "random": code.id,
        "userPoolId": code.pool_id,
        "createdAt": authgate_core::timefmt::iso8601(code.created_at),
        "expiresIn": (code.expires_at - code.created_at) / 1000,
        "expireAt": authgate_core::timefmt::iso8601(code.expires_at),
        "customData": code.custom_data,
    })
    .to_string()
}

fn code(content: &str) -> Result<QrCode, ImageError> {
    QrCode::with_error_correction_level(content.as_bytes(), EcLevel::M)
        .map_err(|_| ImageError::TooLong)
}

/// SVG markup of `content`.
pub fn svg(content: &str) -> Result<String, ImageError> {
    Ok(code(content)?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

/// PNG bytes of `content`, `scale` pixels per module, with a 4-module quiet zone.
pub fn png(content: &str, scale: usize) -> Result<Vec<u8>, ImageError> {
    let code = code(content)?;
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    let side = (width + 2 * quiet) * scale;
    let mut pixels = vec![255u8; side * side];
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (mx, my) = (i % width + quiet, i / width + quiet);
            for y in my * scale..(my + 1) * scale {
                pixels[y * side + mx * scale..y * side + (mx + 1) * scale].fill(0);
            }
        }
    }
    let side32 = u32::try_from(side).map_err(|_| ImageError::TooLong)?;
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, side32, side32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header().map_err(|_| ImageError::Png)?;
    w.write_image_data(&pixels).map_err(|_| ImageError::Png)?;
    w.finish().map_err(|_| ImageError::Png)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_both_formats() {
        let s = svg(r#"{"scene":"APP_AUTH","random":"abc"}"#).unwrap();
        assert!(s.starts_with("<?xml") || s.starts_with("<svg"));
        let p = png("hello", 4).unwrap();
        assert_eq!(&p[1..4], b"PNG");
        assert!(svg(&"x".repeat(5000)).is_err());
    }
}
