//! What the street-level map is made of: classified features in world units of Web Mercator,
//! and their compact binary form in the store (delta- and zigzag-coded varints per bucket).

use crate::domain::geo::GeoPoint;
use crate::map::mercator;

/// World coordinates are pixels at zoom 16 times 16: 2^28 units around the world, 1/16 of a
/// z16 pixel (≈15 cm at Toruń) per unit — finer than any zoom the map draws.
pub const WORLD_BITS: u32 = 28;
/// The zoom whose tile grid buckets the stored features: a z15 or z16 tile reads one bucket.
pub const BUCKET_ZOOM: u8 = 14;
/// The side of one bucket in world units.
pub const BUCKET_SIZE: i64 = 1 << (WORLD_BITS - BUCKET_ZOOM as u32);
/// Features are kept in a bucket up to this far beyond its edges, so strokes and labels near a
/// tile edge are drawn whole (an eighth of a bucket: 128 pixels at zoom 16).
pub const BUCKET_MARGIN: i64 = BUCKET_SIZE / 8;

/// A point in world units.
pub type Point = (i32, i32);

/// The kinds of things the map draws, in the order of the palette (`style.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Class {
    // Areas.
    Residential = 0,
    Industrial = 1,
    Farmland = 2,
    Meadow = 3,
    Park = 4,
    Forest = 5,
    Cemetery = 6,
    Water = 7,
    Building = 8,
    // Lines.
    River = 20,
    Stream = 21,
    Rail = 22,
    Tram = 23,
    Path = 24,
    Service = 25,
    Minor = 26,
    Tertiary = 27,
    Secondary = 28,
    Primary = 29,
    Trunk = 30,
    Motorway = 31,
    // Points.
    City = 40,
    Town = 41,
    Village = 42,
    Suburb = 43,
    Hamlet = 44,
}

/// Whether a class is drawn as a filled area, a line, or a labelled point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Area,
    Line,
    Place,
}

impl Class {
    pub const ALL: [Class; 26] = [
        Class::Residential,
        Class::Industrial,
        Class::Farmland,
        Class::Meadow,
        Class::Park,
        Class::Forest,
        Class::Cemetery,
        Class::Water,
        Class::Building,
        Class::River,
        Class::Stream,
        Class::Rail,
        Class::Tram,
        Class::Path,
        Class::Service,
        Class::Minor,
        Class::Tertiary,
        Class::Secondary,
        Class::Primary,
        Class::Trunk,
        Class::Motorway,
        Class::City,
        Class::Town,
        Class::Village,
        Class::Suburb,
        Class::Hamlet,
    ];

    pub fn from_code(code: u8) -> Option<Class> {
        Class::ALL.iter().copied().find(|c| *c as u8 == code)
    }

    pub fn shape(self) -> Shape {
        match self as u8 {
            0..=19 => Shape::Area,
            20..=39 => Shape::Line,
            _ => Shape::Place,
        }
    }

    /// Roads of every class, for the counts shown to the operator.
    pub fn is_road(self) -> bool {
        (Class::Path as u8..=Class::Motorway as u8).contains(&(self as u8))
    }

    /// The lowest zoom at which the class is drawn.
    pub fn min_zoom(self) -> u8 {
        match self {
            Class::Water | Class::Forest | Class::River | Class::Motorway | Class::Trunk => 8,
            Class::City | Class::Town => 9,
            Class::Primary | Class::Secondary | Class::Rail => 10,
            Class::Residential
            | Class::Industrial
            | Class::Farmland
            | Class::Meadow
            | Class::Park
            | Class::Cemetery
            | Class::Village
            | Class::Suburb => 11,
            Class::Tertiary | Class::Stream => 12,
            Class::Minor | Class::Tram | Class::Hamlet => 13,
            Class::Service => 14,
            Class::Path | Class::Building => 15,
        }
    }
}

/// One thing on the map: an area (rings filled even-odd, so holes need no roles), a line, or a
/// named point (a single ring of one point).
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub class: Class,
    pub name: String,
    pub rings: Vec<Vec<Point>>,
}

impl Feature {
    /// The extent as (min x, min y, max x, max y) in world units.
    pub fn extent(&self) -> (i32, i32, i32, i32) {
        let mut e = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        for &(x, y) in self.rings.iter().flatten() {
            e = (e.0.min(x), e.1.min(y), e.2.max(x), e.3.max(y));
        }
        e
    }
}

/// A WGS 84 point in world units.
pub fn to_world(lat: f64, lon: f64) -> Point {
    let (x, y) = mercator::world_pixel(GeoPoint { lat, lon }, 16);
    let scale = 16.0;
    let max = f64::from((1u32 << WORLD_BITS) - 1);
    (
        (x * scale).round().clamp(0.0, max) as i32,
        (y * scale).round().clamp(0.0, max) as i32,
    )
}

/// A point in world units back to WGS 84 (lat, lon).
pub fn to_geo(p: Point) -> GeoPoint {
    mercator::world_point(f64::from(p.0) / 16.0, f64::from(p.1) / 16.0, 16)
}

/// Features of one bucket as bytes.
pub fn encode(features: &[Feature]) -> Vec<u8> {
    let mut out = Vec::with_capacity(features.len() * 24);
    put_varint(&mut out, features.len() as u64);
    for f in features {
        out.push(f.class as u8);
        put_varint(&mut out, f.name.len() as u64);
        out.extend_from_slice(f.name.as_bytes());
        put_varint(&mut out, f.rings.len() as u64);
        for ring in &f.rings {
            put_varint(&mut out, ring.len() as u64);
            let mut prev = (0i64, 0i64);
            for &(x, y) in ring {
                let (x, y) = (i64::from(x), i64::from(y));
                put_varint(&mut out, zigzag(x - prev.0));
                put_varint(&mut out, zigzag(y - prev.1));
                prev = (x, y);
            }
        }
    }
    out
}

/// The inverse of [`encode`]; `None` for bytes that are not such a list.
pub fn decode(mut bytes: &[u8]) -> Option<Vec<Feature>> {
    let count = take_varint(&mut bytes)? as usize;
    let mut features = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let (&code, rest) = bytes.split_first()?;
        bytes = rest;
        let class = Class::from_code(code)?;
        let len = take_varint(&mut bytes)? as usize;
        if len > bytes.len() {
            return None;
        }
        let (name, rest) = bytes.split_at(len);
        bytes = rest;
        let name = String::from_utf8(name.to_vec()).ok()?;
        let ring_count = take_varint(&mut bytes)? as usize;
        let mut rings = Vec::with_capacity(ring_count.min(bytes.len()));
        for _ in 0..ring_count {
            let n = take_varint(&mut bytes)? as usize;
            let mut ring = Vec::with_capacity(n.min(bytes.len()));
            let mut prev = (0i64, 0i64);
            for _ in 0..n {
                let x = prev.0 + unzigzag(take_varint(&mut bytes)?);
                let y = prev.1 + unzigzag(take_varint(&mut bytes)?);
                prev = (x, y);
                ring.push((i32::try_from(x).ok()?, i32::try_from(y).ok()?));
            }
            rings.push(ring);
        }
        features.push(Feature { class, name, rings });
    }
    bytes.is_empty().then_some(features)
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn take_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_round_trip_through_bytes() {
        let features = vec![
            Feature {
                class: Class::Water,
                name: "Wisła".into(),
                rings: vec![vec![(10, 10), (2000, 15), (1990, -5 + 100), (10, 10)]],
            },
            Feature {
                class: Class::Town,
                name: String::new(),
                rings: vec![vec![(1 << 27, (1 << 28) - 1)]],
            },
        ];
        let bytes = encode(&features);
        assert_eq!(decode(&bytes), Some(features));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(decode(&[1, 200]), None);
    }

    #[test]
    fn every_class_code_is_known_and_bucket_sizes_fit() {
        for class in Class::ALL {
            assert_eq!(Class::from_code(class as u8), Some(class));
        }
        assert_eq!(BUCKET_SIZE * (1 << BUCKET_ZOOM), 1 << WORLD_BITS);
        let p = to_world(53.0138, 18.5984);
        let back = to_geo(p);
        assert!((back.lat - 53.0138).abs() < 1e-6 && (back.lon - 18.5984).abs() < 1e-6);
    }
}
