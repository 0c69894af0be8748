//! Rendered tiles kept in memory, bounded by their total size: the least recently used tile
//! goes first. Shared by every map source; the key says which source drew the tile, so a new
//! street-level import can drop its own tiles without touching the base map's.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use super::Tile;
use super::mercator::TileId;

/// Which map drew a tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileSource {
    /// The embedded base map (`map::base`).
    Base,
    /// Street-level detail imported by a gmina.
    Street,
}

/// The bytes a tile is counted for besides its PNG (key, ETag, bookkeeping).
const ENTRY_OVERHEAD: usize = 128;

/// The default bound: about 16 MB, some 2 000 tiles of 8 KB.
pub const DEFAULT_CAPACITY: usize = 16 * 1024 * 1024;

type Key = (TileSource, TileId);

/// A bytes-bounded LRU cache of tiles, safe to share between worker threads.
pub struct TileCache {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    tiles: HashMap<Key, (Tile, u64)>,
    /// Last use → key; the first entry is the least recently used.
    order: BTreeMap<u64, Key>,
    bytes: usize,
    clock: u64,
}

impl TileCache {
    /// A cache holding at most `capacity` bytes of tiles.
    pub fn new(capacity: usize) -> TileCache {
        TileCache {
            capacity,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves consistent data (each change is complete
        // before the next statement), so a poisoned lock is used as it is.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cached tile, marked as just used.
    pub fn get(&self, source: TileSource, id: TileId) -> Option<Tile> {
        let mut inner = self.lock();
        inner.clock += 1;
        let now = inner.clock;
        let (tile, used) = inner.tiles.get_mut(&(source, id))?;
        let tile = tile.clone();
        let before = std::mem::replace(used, now);
        inner.order.remove(&before);
        inner.order.insert(now, (source, id));
        Some(tile)
    }

    /// Keeps `tile`, dropping the least recently used tiles until the bound holds. A tile
    /// larger than the whole cache is not kept.
    pub fn put(&self, source: TileSource, id: TileId, tile: Tile) {
        let cost = cost(&tile);
        if cost > self.capacity {
            return;
        }
        let mut inner = self.lock();
        inner.clock += 1;
        let now = inner.clock;
        if let Some((old, used)) = inner.tiles.insert((source, id), (tile, now)) {
            inner.order.remove(&used);
            inner.bytes -= self::cost(&old);
        }
        inner.order.insert(now, (source, id));
        inner.bytes += cost;
        while inner.bytes > self.capacity {
            let Some((_, key)) = inner.order.pop_first() else {
                break;
            };
            if let Some((old, _)) = inner.tiles.remove(&key) {
                inner.bytes -= self::cost(&old);
            }
        }
    }

    /// Drops every tile of `source` (after a new import, say).
    pub fn remove_source(&self, source: TileSource) {
        let mut inner = self.lock();
        let keys: Vec<(u64, Key)> = inner
            .tiles
            .iter()
            .filter(|(key, _)| key.0 == source)
            .map(|(key, (_, used))| (*used, *key))
            .collect();
        for (used, key) in keys {
            inner.order.remove(&used);
            if let Some((old, _)) = inner.tiles.remove(&key) {
                inner.bytes -= cost(&old);
            }
        }
    }

    /// How many tiles are cached.
    pub fn len(&self) -> usize {
        self.lock().tiles.len()
    }

    /// Whether no tile is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes counted against the bound.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }
}

fn cost(tile: &Tile) -> usize {
    tile.png().len() + tile.etag().len() + ENTRY_OVERHEAD
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tile(size: usize, fill: u8) -> Tile {
        Tile::rendered(vec![fill; size])
    }

    fn id(x: u32) -> TileId {
        TileId::new(12, x, 0).unwrap()
    }

    const ONE: usize = 1000;

    fn one_cost() -> usize {
        cost(&tile(ONE, 0))
    }

    #[test]
    fn keeps_tiles_within_the_bound_dropping_the_least_recently_used() {
        let cache = TileCache::new(3 * one_cost());
        for x in 0..3 {
            cache.put(TileSource::Base, id(x), tile(ONE, x as u8));
        }
        assert_eq!(cache.len(), 3);
        // Use tile 0, so tile 1 is now the least recently used.
        assert_eq!(cache.get(TileSource::Base, id(0)).unwrap().png()[0], 0);
        cache.put(TileSource::Base, id(3), tile(ONE, 3));
        assert_eq!(cache.len(), 3);
        assert!(cache.bytes() <= 3 * one_cost());
        assert!(cache.get(TileSource::Base, id(1)).is_none());
        for x in [0, 2, 3] {
            assert!(cache.get(TileSource::Base, id(x)).is_some(), "{x}");
        }
    }

    #[test]
    fn replacing_a_tile_counts_its_bytes_once() {
        let cache = TileCache::new(10 * one_cost());
        cache.put(TileSource::Base, id(0), tile(ONE, 1));
        cache.put(TileSource::Base, id(0), tile(ONE, 2));
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.bytes(), one_cost());
        assert_eq!(cache.get(TileSource::Base, id(0)).unwrap().png()[0], 2);
    }

    #[test]
    fn sources_are_kept_apart() {
        let cache = TileCache::new(10 * one_cost());
        cache.put(TileSource::Base, id(0), tile(ONE, 1));
        cache.put(TileSource::Street, id(0), tile(ONE, 2));
        assert_eq!(cache.get(TileSource::Base, id(0)).unwrap().png()[0], 1);
        assert_eq!(cache.get(TileSource::Street, id(0)).unwrap().png()[0], 2);
        cache.remove_source(TileSource::Street);
        assert!(cache.get(TileSource::Street, id(0)).is_none());
        assert!(cache.get(TileSource::Base, id(0)).is_some());
        assert_eq!(cache.bytes(), one_cost());
    }

    #[test]
    fn a_tile_larger_than_the_cache_is_not_kept() {
        let cache = TileCache::new(one_cost() - 1);
        cache.put(TileSource::Base, id(0), tile(ONE, 1));
        assert!(cache.is_empty());
        assert_eq!(cache.bytes(), 0);
    }
}
