//! The imported street-level map: its description, its tiles and its feature buckets. An import
//! replaces all three in one write transaction, so the map in use is either the old one whole or
//! the new one whole.

use redb::{ReadableTable, ReadableTableMetadata, Table, WriteTransaction};

use super::changelog::ChangeOp;
use super::codec::decode;
use super::records::{delete_record_in, put_record_in};
use super::tables::{MAP_FEATURES, MAP_INFO, MAP_TILES};
use super::{Store, StoreError};
use crate::map::mercator::TileId;
use crate::map::street::{MAP_INFO_ID, MapInfo};

/// Writes the tiles and buckets of a new map inside the replacing transaction.
pub struct MapWriter<'txn> {
    tiles: Table<'txn, (u8, u32, u32), &'static [u8]>,
    features: Table<'txn, (u32, u32), &'static [u8]>,
    /// Bytes of tiles and buckets written so far.
    pub written: u64,
}

impl MapWriter<'_> {
    pub fn put_tile(&mut self, tile: TileId, bytes: &[u8]) -> Result<(), StoreError> {
        self.tiles
            .insert((tile.z, tile.x, tile.y), bytes)
            .map_err(StoreError::db("writing a map tile"))?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    pub fn put_bucket(&mut self, x: u32, y: u32, bytes: &[u8]) -> Result<(), StoreError> {
        self.features
            .insert((x, y), bytes)
            .map_err(StoreError::db("writing map features"))?;
        self.written += bytes.len() as u64;
        Ok(())
    }
}

fn clear_map_tables(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.delete_table(MAP_TILES)
        .map_err(StoreError::db("removing the old map tiles"))?;
    txn.delete_table(MAP_FEATURES)
        .map_err(StoreError::db("removing the old map features"))?;
    Ok(())
}

impl Store {
    /// The imported map's description, or `None` when no map is imported.
    pub fn map_info(&self) -> Result<Option<MapInfo>, StoreError> {
        let txn = self.read("reading the map description")?;
        let table = txn
            .open_table(MAP_INFO)
            .map_err(StoreError::db("opening the map description"))?;
        let value = table
            .get(MAP_INFO_ID)
            .map_err(StoreError::db("reading the map description"))?;
        value
            .map(|v| decode(v.value(), "map description"))
            .transpose()
    }

    /// A stored tile of the imported map.
    pub fn map_tile(&self, tile: TileId) -> Result<Option<Vec<u8>>, StoreError> {
        let txn = self.read("reading a map tile")?;
        let table = txn
            .open_table(MAP_TILES)
            .map_err(StoreError::db("opening the map tiles"))?;
        let value = table
            .get((tile.z, tile.x, tile.y))
            .map_err(StoreError::db("reading a map tile"))?;
        Ok(value.map(|v| v.value().to_vec()))
    }

    /// The encoded features of one zoom-14 bucket.
    pub fn map_bucket(&self, x: u32, y: u32) -> Result<Option<Vec<u8>>, StoreError> {
        let txn = self.read("reading map features")?;
        let table = txn
            .open_table(MAP_FEATURES)
            .map_err(StoreError::db("opening the map features"))?;
        let value = table
            .get((x, y))
            .map_err(StoreError::db("reading map features"))?;
        Ok(value.map(|v| v.value().to_vec()))
    }

    /// (tiles, buckets) stored for the imported map.
    pub fn map_counts(&self) -> Result<(u64, u64), StoreError> {
        let txn = self.read("counting the map")?;
        let tiles = txn
            .open_table(MAP_TILES)
            .map_err(StoreError::db("opening the map tiles"))?
            .len()
            .map_err(StoreError::db("counting the map tiles"))?;
        let buckets = txn
            .open_table(MAP_FEATURES)
            .map_err(StoreError::db("opening the map features"))?
            .len()
            .map_err(StoreError::db("counting the map features"))?;
        Ok((tiles, buckets))
    }

    /// Replaces the imported map in one write transaction: the old tiles and buckets go, `fill`
    /// writes the new ones and returns their description. If `fill` fails, nothing changes.
    pub fn replace_map<E: From<StoreError>>(
        &self,
        fill: impl FnOnce(&mut MapWriter<'_>) -> Result<MapInfo, E>,
    ) -> Result<MapInfo, E> {
        let context = "replacing the street map";
        let txn = self.begin_write(context)?;
        clear_map_tables(&txn)?;
        let info = {
            let mut writer = MapWriter {
                tiles: txn.open_table(MAP_TILES).map_err(StoreError::db(context))?,
                features: txn
                    .open_table(MAP_FEATURES)
                    .map_err(StoreError::db(context))?,
                written: 0,
            };
            fill(&mut writer)?
        };
        let existed = txn
            .open_table(MAP_INFO)
            .map_err(StoreError::db(context))?
            .get(MAP_INFO_ID)
            .map_err(StoreError::db(context))?
            .is_some();
        let op = if existed {
            ChangeOp::Update
        } else {
            ChangeOp::Insert
        };
        put_record_in(&txn, MAP_INFO, MAP_INFO_ID, &info, op, None)?;
        txn.commit().map_err(StoreError::db(context))?;
        Ok(info)
    }

    /// Removes the imported map; `false` when there was none.
    pub fn remove_map(&self) -> Result<bool, StoreError> {
        self.write("removing the street map", |txn| {
            clear_map_tables(txn)?;
            txn.open_table(MAP_TILES)
                .map_err(StoreError::db("removing the street map"))?;
            txn.open_table(MAP_FEATURES)
                .map_err(StoreError::db("removing the street map"))?;
            delete_record_in(txn, MAP_INFO, MAP_INFO_ID, None)
        })
    }
}
