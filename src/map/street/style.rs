//! The palette and line widths of the street map: calm colours close to the usual OpenStreetMap
//! look, so a resident recognises roads, water and green at a glance.

use tiny_skia::ColorU8 as Color;

use super::feature::Class;

pub const LAND: Color = rgb(0xf2, 0xef, 0xe9);
pub const LABEL: Color = rgb(0x33, 0x33, 0x33);
pub const HALO: Color = rgb(0xff, 0xff, 0xff);
pub const BUILDING_EDGE: Color = rgb(0xc4, 0xb6, 0xab);
pub const RAIL_DASH: Color = rgb(0xff, 0xff, 0xff);

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::from_rgba(r, g, b, 255)
}

/// The colour an area is filled with, or a line is drawn in.
pub fn fill(class: Class) -> Color {
    match class {
        Class::Residential => rgb(0xe0, 0xdf, 0xdf),
        Class::Industrial => rgb(0xeb, 0xdb, 0xe8),
        Class::Farmland => rgb(0xee, 0xf0, 0xd5),
        Class::Meadow => rgb(0xcd, 0xeb, 0xb0),
        Class::Park => rgb(0xc8, 0xfa, 0xcc),
        Class::Forest => rgb(0xad, 0xd1, 0x9e),
        Class::Cemetery => rgb(0xaa, 0xcb, 0xaf),
        Class::Water | Class::River | Class::Stream => rgb(0xaa, 0xd3, 0xdf),
        Class::Building => rgb(0xd9, 0xd0, 0xc9),
        Class::Rail => rgb(0x88, 0x88, 0x88),
        Class::Tram => rgb(0x66, 0x66, 0x66),
        Class::Path => rgb(0xfa, 0x80, 0x72),
        Class::Service | Class::Minor | Class::Tertiary => rgb(0xff, 0xff, 0xff),
        Class::Secondary => rgb(0xf7, 0xfa, 0xbf),
        Class::Primary => rgb(0xfc, 0xd6, 0xa4),
        Class::Trunk => rgb(0xf9, 0xb2, 0x9c),
        Class::Motorway => rgb(0xe8, 0x92, 0xa2),
        Class::City | Class::Town | Class::Village | Class::Suburb | Class::Hamlet => LABEL,
    }
}

/// The darker edge drawn under a road.
pub fn casing(class: Class) -> Option<Color> {
    match class {
        Class::Service | Class::Minor => Some(rgb(0xbb, 0xbb, 0xbb)),
        Class::Tertiary => Some(rgb(0x8f, 0x8f, 0x8f)),
        Class::Secondary => Some(rgb(0x70, 0x7d, 0x05)),
        Class::Primary => Some(rgb(0xa0, 0x6b, 0x00)),
        Class::Trunk => Some(rgb(0xc8, 0x4e, 0x2f)),
        Class::Motorway => Some(rgb(0xdc, 0x2a, 0x67)),
        _ => None,
    }
}

/// Line width in pixels at zoom `z` (widths are set for zoom 16 and shrink by ×0.6 per level).
pub fn width(class: Class, z: u8) -> f32 {
    let at16 = match class {
        Class::Motorway | Class::Trunk => 10.0,
        Class::Primary => 9.0,
        Class::Secondary => 8.0,
        Class::Tertiary => 7.0,
        Class::Minor => 6.0,
        Class::Service => 3.5,
        Class::Path => 1.4,
        Class::Rail => 2.5,
        Class::Tram => 1.2,
        Class::River => 9.0,
        Class::Stream => 2.0,
        _ => 1.0,
    };
    let factor = 0.6f32.powi(16 - i32::from(z.min(16)));
    let grown = 1.3f32.powi(i32::from(z.saturating_sub(16)));
    (at16 * factor * grown).max(0.7)
}

/// The text size of a label in pixels.
pub fn label_size(class: Class) -> f32 {
    match class {
        Class::City => 16.0,
        Class::Town => 14.0,
        Class::Village | Class::Suburb => 12.0,
        Class::Hamlet => 11.0,
        _ => 11.0,
    }
}

/// The painting order: land use, water, buildings, railways, roads from minor to major.
pub fn layer(class: Class) -> u8 {
    match class {
        Class::Residential | Class::Industrial | Class::Farmland => 0,
        Class::Meadow | Class::Park | Class::Cemetery => 1,
        Class::Forest => 2,
        Class::Water => 3,
        Class::Stream | Class::River => 4,
        Class::Building => 5,
        Class::Path => 6,
        Class::Rail | Class::Tram => 7,
        Class::Service => 8,
        Class::Minor => 9,
        Class::Tertiary => 10,
        Class::Secondary => 11,
        Class::Primary => 12,
        Class::Trunk => 13,
        Class::Motorway => 14,
        Class::City | Class::Town | Class::Village | Class::Suburb | Class::Hamlet => 15,
    }
}
