//! Reading an OpenStreetMap extract (`.osm.pbf`) into classified features, in three passes over
//! the file so memory holds only what the map draws: multipolygon relations, then the ways the
//! map draws or the relations need, then the coordinates of just those ways' nodes.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use indicatif::ProgressBar;
use osmpbf::{BlobDecode, BlobReader, Element, RelMemberType};

use super::ImportError;
use super::classify;
use super::rings;
use crate::map::street::feature::{Class, Feature, Point, to_world};

/// What an extract holds for the map.
pub struct Extract {
    pub features: Vec<Feature>,
    /// The extent of the data in world units (min x, min y, max x, max y), cut to the extract's
    /// own bounding box when its header has one.
    pub extent: (i32, i32, i32, i32),
    /// `writingprogram` and `source` of the header, as the file says.
    pub program: String,
}

struct Relation {
    class: Class,
    name: String,
    ways: Vec<i64>,
}

struct Way {
    class: Class,
    name: String,
    area: bool,
    refs: Vec<i64>,
}

/// Reads `path`. `progress` advances by bytes, three passes of the file's length.
pub fn read(path: &Path, progress: &ProgressBar) -> Result<Extract, ImportError> {
    let length = std::fs::metadata(path)
        .map_err(|e| ImportError::Read(e.to_string()))?
        .len();
    progress.set_length(length * 3);
    let mut program = String::new();
    let mut header_bbox = None;

    // Pass 1: multipolygon relations the map draws.
    let mut relations = Vec::new();
    let mut member_ways = HashSet::new();
    each_block(path, progress, 0, length, |decoded| match decoded {
        BlobDecode::OsmHeader(header) => {
            program = [header.writing_program(), header.source()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; ");
            header_bbox = header.bbox().map(|b| {
                let a = to_world(b.top, b.left);
                let c = to_world(b.bottom, b.right);
                (a.0.min(c.0), a.1.min(c.1), a.0.max(c.0), a.1.max(c.1))
            });
        }
        BlobDecode::OsmData(block) => {
            for group in block.groups() {
                for relation in group.relations() {
                    let tags: Vec<(&str, &str)> = relation.tags().collect();
                    if !classify::is_multipolygon(&tags) {
                        continue;
                    }
                    let Some(class) = classify::area(&tags) else {
                        continue;
                    };
                    let ways: Vec<i64> = relation
                        .members()
                        .filter(|m| m.member_type == RelMemberType::Way)
                        .map(|m| m.member_id)
                        .collect();
                    member_ways.extend(ways.iter().copied());
                    relations.push(Relation {
                        class,
                        name: classify::name(&tags),
                        ways,
                    });
                }
            }
        }
        BlobDecode::Unknown(_) => {}
    })?;
    if program.is_empty() && header_bbox.is_none() {
        // Every PBF starts with its header block; without it the file is not an extract.
        return Err(ImportError::Corrupt(
            "brak nagłówka OSMHeader na początku pliku".into(),
        ));
    }

    // Pass 2: ways.
    let mut ways = Vec::new();
    let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut needed = Vec::new();
    each_block(path, progress, length, length, |decoded| {
        let BlobDecode::OsmData(block) = decoded else {
            return;
        };
        for group in block.groups() {
            for way in group.ways() {
                let refs: Vec<i64> = way.refs().collect();
                if refs.len() < 2 {
                    continue;
                }
                let id = way.id();
                if member_ways.contains(&id) {
                    needed.extend_from_slice(&refs);
                    members.insert(id, refs.clone());
                }
                let tags: Vec<(&str, &str)> = way.tags().collect();
                let closed = refs.len() >= 4 && refs.first() == refs.last();
                let kept = if closed {
                    classify::closed_way(&tags)
                } else {
                    classify::line(&tags).map(|c| (c, false))
                };
                if let Some((class, area)) = kept {
                    needed.extend_from_slice(&refs);
                    ways.push(Way {
                        class,
                        name: classify::name(&tags),
                        area,
                        refs,
                    });
                }
            }
        }
    })?;
    needed.sort_unstable();
    needed.dedup();

    // Pass 3: the coordinates of the needed nodes, and named places.
    let mut coordinates: Vec<Option<Point>> = vec![None; needed.len()];
    let mut features = Vec::new();
    each_block(path, progress, 2 * length, length, |decoded| {
        let BlobDecode::OsmData(block) = decoded else {
            return;
        };
        block.for_each_element(|element| {
            // Most nodes carry no tags: collect them only when there are some.
            let (id, lat, lon, tags): (i64, f64, f64, Vec<(&str, &str)>) = match element {
                Element::Node(n) => {
                    let mut tags = n.tags().peekable();
                    let tags = match tags.peek() {
                        Some(_) => tags.collect(),
                        None => Vec::new(),
                    };
                    (n.id(), n.lat(), n.lon(), tags)
                }
                Element::DenseNode(n) => {
                    let mut tags = n.tags().peekable();
                    let tags = match tags.peek() {
                        Some(_) => tags.collect(),
                        None => Vec::new(),
                    };
                    (n.id(), n.lat(), n.lon(), tags)
                }
                _ => return,
            };
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return;
            }
            if let Ok(i) = needed.binary_search(&id) {
                coordinates[i] = Some(to_world(lat, lon));
            }
            if !tags.is_empty()
                && let Some(class) = classify::place(&tags)
            {
                features.push(Feature {
                    class,
                    name: classify::name(&tags),
                    rings: vec![vec![to_world(lat, lon)]],
                });
            }
        });
    })?;
    let point =
        |id: &i64| -> Option<Point> { needed.binary_search(id).ok().and_then(|i| coordinates[i]) };

    for way in ways {
        let line: Vec<Point> = way.refs.iter().filter_map(point).collect();
        let enough = if way.area { 4 } else { 2 };
        if line.len() >= enough {
            features.push(Feature {
                class: way.class,
                name: way.name,
                rings: vec![line],
            });
        }
    }
    for relation in relations {
        let parts: Vec<Vec<i64>> = relation
            .ways
            .iter()
            .filter_map(|id| members.get(id).cloned())
            .collect();
        let rings: Vec<Vec<Point>> = rings::assemble(&parts)
            .iter()
            .map(|ring| ring.iter().filter_map(point).collect::<Vec<_>>())
            .filter(|ring| ring.len() >= 4)
            .collect();
        if !rings.is_empty() {
            features.push(Feature {
                class: relation.class,
                name: relation.name,
                rings,
            });
        }
    }
    if features.is_empty() {
        return Err(ImportError::Empty);
    }
    let mut extent = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    for f in &features {
        let e = f.extent();
        extent = (
            extent.0.min(e.0),
            extent.1.min(e.1),
            extent.2.max(e.2),
            extent.3.max(e.3),
        );
    }
    if let Some(b) = header_bbox
        && b.0 < b.2
        && b.1 < b.3
    {
        let cut = (
            extent.0.max(b.0),
            extent.1.max(b.1),
            extent.2.min(b.2),
            extent.3.min(b.3),
        );
        if cut.0 < cut.2 && cut.1 < cut.3 {
            extent = cut;
        }
    }
    Ok(Extract {
        features,
        extent,
        program,
    })
}

/// Calls `f` for every blob of the file in order; `base` and `length` place the pass on the
/// progress bar.
fn each_block(
    path: &Path,
    progress: &ProgressBar,
    base: u64,
    length: u64,
    mut f: impl FnMut(BlobDecode),
) -> Result<(), ImportError> {
    let reader = BlobReader::from_path(path).map_err(|e| ImportError::Read(e.to_string()))?;
    for blob in reader {
        let blob = blob.map_err(|e| ImportError::Corrupt(e.to_string()))?;
        if let Some(offset) = blob.offset() {
            progress.set_position(base + offset.0.min(length));
        }
        let decoded = blob
            .decode()
            .map_err(|e| ImportError::Corrupt(e.to_string()))?;
        f(decoded);
    }
    progress.set_position(base + length);
    Ok(())
}
