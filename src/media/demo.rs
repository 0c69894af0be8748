//! Illustrations for demo records: simple, clearly artificial pictures (a colour gradient,
//! a few shapes and a large "DEMO" mark), so a demo of the offers or the equipment bank shows
//! photos without anyone mistaking them for real ones.
//!
//! Deterministic: the same seed and caption always give byte-identical JPEGs. Fast: a few
//! milliseconds each in a release build, most of it JPEG encoding, so the demo data can have a
//! hundred of them on the first start.

use image::RgbImage;
use image::metadata::Orientation;

use super::Processed;
use super::intake::renditions;

const WIDTH: u32 = 800;
const HEIGHT: u32 = 600;
const LOGO_SIDE: u32 = 320;

/// An 800 × 600 illustration for a demo record. `caption` (e.g. the record's title) varies the
/// picture along with `seed`; it is not written on it.
pub fn illustration(seed: u64, caption: &str) -> Processed {
    let mut rng = Mix::new(seed ^ fnv(caption));
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    let from = rng.colour(150, 235);
    let to = rng.colour(60, 170);
    canvas.gradient(from, to);
    for _ in 0..3 + rng.below(3) {
        let colour = rng.colour(30, 250);
        let x = rng.below(WIDTH) as i32;
        let y = rng.below(HEIGHT) as i32;
        if rng.below(2) == 0 {
            let r = 40 + rng.below(130) as i32;
            canvas.circle(x, y, r, colour);
        } else {
            let w = 60 + rng.below(260) as i32;
            let h = 40 + rng.below(200) as i32;
            canvas.rect(x - w / 2, y - h / 2, w, h, colour);
        }
    }
    // The mark: white letters on a dark plate in the lower right corner.
    let scale = 12;
    let (plate_w, plate_h) = (demo_width(scale) + 2 * scale, 7 * scale + 2 * scale);
    let (plate_x, plate_y) = (WIDTH as i32 - plate_w - 24, HEIGHT as i32 - plate_h - 24);
    canvas.rect(plate_x, plate_y, plate_w, plate_h, [30, 30, 30]);
    canvas.word(plate_x + scale, plate_y + scale, scale, [255, 255, 255]);
    finish(canvas)
}

/// A square demo logo: concentric shapes in seeded colours and a small "DEMO" mark.
pub fn logo(seed: u64) -> Processed {
    let mut rng = Mix::new(seed);
    let mut canvas = Canvas::new(LOGO_SIDE, LOGO_SIDE);
    let background = rng.colour(200, 250);
    canvas.gradient(background, background);
    let centre = LOGO_SIDE as i32 / 2;
    canvas.circle(centre, centre - 20, 110, rng.colour(40, 160));
    if rng.below(2) == 0 {
        canvas.circle(centre, centre - 20, 60, rng.colour(180, 250));
    } else {
        canvas.rect(centre - 50, centre - 70, 100, 100, rng.colour(180, 250));
    }
    let scale = 5;
    let x = centre - demo_width(scale) / 2;
    canvas.word(x, LOGO_SIDE as i32 - 7 * scale - 14, scale, [20, 20, 20]);
    finish(canvas)
}

fn finish(canvas: Canvas) -> Processed {
    let picture = RgbImage::from_raw(canvas.width, canvas.height, canvas.pixels)
        .expect("the canvas holds width × height RGB pixels");
    renditions(&picture.into(), Orientation::NoTransforms)
        .expect("scaling and encoding an in-memory picture cannot fail")
}

/// "DEMO" in a 5 × 7 pixel font, one row of bits per line (the high bit is the left pixel).
const GLYPHS: [[u8; 7]; 4] = [
    [
        0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110,
    ],
    [
        0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111,
    ],
    [
        0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001,
    ],
    [
        0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110,
    ],
];

/// Width of the word at `scale` pixels per font pixel (one blank column between letters).
fn demo_width(scale: i32) -> i32 {
    (GLYPHS.len() as i32 * 6 - 1) * scale
}

struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            width,
            height,
            pixels: vec![0; width as usize * height as usize * 3],
        }
    }

    /// A diagonal gradient from the top left (`from`) to the bottom right (`to`).
    fn gradient(&mut self, from: [u8; 3], to: [u8; 3]) {
        let span = (self.width + self.height).max(1);
        let width = self.width as usize;
        for (y, row) in self.pixels.chunks_exact_mut(width * 3).enumerate() {
            for (x, pixel) in row.chunks_exact_mut(3).enumerate() {
                let t = (x + y) as u32 * 256 / span;
                for c in 0..3 {
                    let (a, b) = (u32::from(from[c]), u32::from(to[c]));
                    pixel[c] = ((a * (256 - t) + b * t) / 256) as u8;
                }
            }
        }
    }

    fn rect(&mut self, x: i32, y: i32, w: i32, h: i32, colour: [u8; 3]) {
        let x0 = x.clamp(0, self.width as i32) as usize;
        let x1 = (x + w).clamp(0, self.width as i32) as usize;
        let y0 = y.clamp(0, self.height as i32) as usize;
        let y1 = (y + h).clamp(0, self.height as i32) as usize;
        let width = self.width as usize;
        for row in y0..y1 {
            for pixel in
                self.pixels[(row * width + x0) * 3..(row * width + x1) * 3].chunks_exact_mut(3)
            {
                pixel.copy_from_slice(&colour);
            }
        }
    }

    fn circle(&mut self, cx: i32, cy: i32, r: i32, colour: [u8; 3]) {
        for dy in -r..=r {
            let y = cy + dy;
            if y < 0 || y >= self.height as i32 {
                continue;
            }
            // Half the chord at this height: the widest |dx| with dx² + dy² ≤ r².
            let half = f64::from(r * r - dy * dy).sqrt() as i32;
            self.rect(cx - half, y, 2 * half + 1, 1, colour);
        }
    }

    /// "DEMO" with its top left corner at (x, y).
    fn word(&mut self, x: i32, y: i32, scale: i32, colour: [u8; 3]) {
        for (n, glyph) in GLYPHS.iter().enumerate() {
            let left = x + n as i32 * 6 * scale;
            for (row, bits) in glyph.iter().enumerate() {
                for column in 0..5 {
                    if bits & (0b10000 >> column) != 0 {
                        let px = left + column * scale;
                        let py = y + row as i32 * scale;
                        self.rect(px, py, scale, scale, colour);
                    }
                }
            }
        }
    }
}

/// SplitMix64: a few lines, and its output never changes between versions of anything.
struct Mix(u64);

impl Mix {
    fn new(seed: u64) -> Mix {
        Mix(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u32) -> u32 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u32
    }

    /// A colour whose channels lie in `lo..=hi`.
    fn colour(&mut self, lo: u8, hi: u8) -> [u8; 3] {
        let span = u32::from(hi - lo) + 1;
        [0, 1, 2].map(|_| lo + self.below(span) as u8)
    }
}

/// FNV-1a of the caption, to vary the picture with it.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn illustrations_are_deterministic_and_vary_with_the_seed() {
        let a = illustration(7, "Catering na 50 osób");
        assert_eq!(a, illustration(7, "Catering na 50 osób"));
        assert_ne!(a.display, illustration(8, "Catering na 50 osób").display);
        assert_ne!(a.display, illustration(7, "Rower trekkingowy").display);
        assert_eq!((a.width, a.height), (800, 600));
        assert_eq!((a.thumb_width, a.thumb_height), (320, 240));
        // Real JPEGs that the intake itself accepts.
        let again = crate::media::intake(&a.display).unwrap();
        assert_eq!((again.width, again.height), (800, 600));
    }

    #[test]
    fn the_demo_mark_is_drawn() {
        let picture = image::load_from_memory(&illustration(1, "").display)
            .unwrap()
            .to_rgb8();
        // Inside the plate, the first letter's left stroke is white and the plate dark.
        let scale = 12;
        let plate_x = WIDTH as i32 - (demo_width(scale) + 2 * scale) - 24;
        let plate_y = HEIGHT as i32 - (9 * scale) - 24;
        let stroke = picture.get_pixel(
            (plate_x + scale + scale / 2) as u32,
            (plate_y + scale + 3 * scale) as u32,
        );
        let plate = picture.get_pixel((plate_x + scale / 3) as u32, (plate_y + scale / 3) as u32);
        assert!(stroke.0.iter().all(|c| *c > 200), "{stroke:?}");
        assert!(plate.0.iter().all(|c| *c < 70), "{plate:?}");
    }

    #[test]
    fn logos_are_square_and_deterministic() {
        let logo_a = logo(3);
        assert_eq!(logo_a, logo(3));
        assert_ne!(logo_a.display, logo(4).display);
        assert_eq!((logo_a.width, logo_a.height), (LOGO_SIDE, LOGO_SIDE));
    }
}
