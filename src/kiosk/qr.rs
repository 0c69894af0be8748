//! QR codes as inline SVG, for the kiosk: a visitor scans one to open a record, or an outside
//! address, on their phone.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An inline `<svg>` (no XML prologue) with the QR code of `data`, one user unit per module and
/// a quiet zone, labelled for screen readers. `None` when `data` is too long for a QR code.
pub fn svg(data: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let drawing = code
        .render::<svg::Color>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    let start = drawing.find("<svg ")?;
    let label = escape(label);
    Some(format!(
        "<svg class=\"qr\" role=\"img\" aria-label=\"{label}\" {}",
        &drawing[start + "<svg ".len()..]
    ))
}

/// The modules of the QR code of `data`, row by row (`true` is dark), and its width in modules.
pub fn matrix(data: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let modules = code
        .to_colors()
        .iter()
        .map(|c| *c == qrcode::Color::Dark)
        .collect();
    Some((code.width(), modules))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws the modules 4 pixels each with a quiet zone and reads them back with a decoder.
    fn decode(width: usize, modules: &[bool]) -> String {
        let (scale, margin) = (4, 4);
        let side = (width + 2 * margin) * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let inside =
                (margin..width + margin).contains(&mx) && (margin..width + margin).contains(&my);
            if inside && modules[(my - margin) * width + (mx - margin)] {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn the_code_decodes_to_the_address() {
        for url in [
            "https://pes.torun.pl/podmioty/spoldzielnia-socjalna-razem",
            "http://127.0.0.1:8080/lokale/lokal-przy-ul-szerokiej-12?x=1&y=ą",
        ] {
            let (width, modules) = matrix(url).unwrap();
            assert_eq!(decode(width, &modules), url);
        }
    }

    #[test]
    fn the_svg_is_inline_labelled_and_drawn_from_the_same_modules() {
        let url = "https://pes.torun.pl/oferty/catering";
        let svg = svg(url, "Kod QR \"strony\"").unwrap();
        assert!(svg.starts_with(
            "<svg class=\"qr\" role=\"img\" aria-label=\"Kod QR &quot;strony&quot;\""
        ));
        assert!(!svg.contains("<?xml") && svg.ends_with("</svg>"));
        let (width, modules) = matrix(url).unwrap();
        let dark = modules.iter().filter(|m| **m).count();
        // One `h1` rectangle per run of dark modules at most; never more than the modules.
        let runs = svg.matches('M').count();
        assert!(runs > 0 && runs <= dark, "{runs} of {dark}");
        assert!(svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", width + 8)));
        assert!(super::svg(&"x".repeat(5000), "za długi").is_none());
    }
}
