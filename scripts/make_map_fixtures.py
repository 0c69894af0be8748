#!/usr/bin/env python3
"""Writes the SYNTHETIC map fixtures of the tests into tests/fixtures/:

  synthetic.osm.pbf          an invented town ("Syntetyczne Miasteczko") around 0° N 0° E, in
                             the Gulf of Guinea where no town exists, so it can never be taken
                             for a real place; written by the small PBF encoder below
  synthetic-raster.mbtiles   raster MBTiles (PNG tiles z0-2, TMS rows)
  synthetic-raster.pmtiles   the same tiles as PMTiles v3 (gzip-compressed directories)
  synthetic-empty.osm.pbf    a valid extract with nothing the map draws (one untagged node)

Only the Python standard library is used. The output is deterministic, so running the script
again gives the same bytes.  Usage: python3 scripts/make_map_fixtures.py
"""

import gzip
import io
import os
import sqlite3
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures")
PROGRAM = "pestor make_map_fixtures.py (synthetic test data)"


# --- protobuf ---------------------------------------------------------------------------------

def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return (n << 1) ^ (n >> 63)


def key(field, wire):
    return varint((field << 3) | wire)


def f_varint(field, n):
    return key(field, 0) + varint(n)


def f_sint(field, n):
    return key(field, 0) + varint(zigzag(n))


def f_bytes(field, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return key(field, 2) + varint(len(data)) + data


def packed(field, values, signed=False, delta=False):
    body = bytearray()
    prev = 0
    for v in values:
        x = v - prev if delta else v
        prev = v
        body += varint(zigzag(x) if signed else x)
    return f_bytes(field, bytes(body))


# --- the synthetic town -----------------------------------------------------------------------

class Town:
    def __init__(self):
        self.nodes = []      # (id, lat, lon, tags)
        self.ways = []       # (id, refs, tags)
        self.relations = []  # (id, members [(type, id, role)], tags)
        self.next_node = 1
        self.next_way = 1

    def node(self, lat, lon, tags=None):
        nid = self.next_node
        self.next_node += 1
        self.nodes.append((nid, lat, lon, tags or {}))
        return nid

    def way(self, points, tags=None, closed=False):
        refs = [self.node(lat, lon) for lat, lon in points]
        if closed:
            refs.append(refs[0])
        wid = self.next_way
        self.next_way += 1
        self.ways.append((wid, refs, tags or {}))
        return wid


def build_town():
    t = Town()
    # Streets: a grid of residential streets with names, and bigger roads through it.
    names = ["Przykładowa", "Testowa", "Wzorcowa", "Syntetyczna", "Próbna", "Makietowa"]
    for i in range(6):
        lat = 0.002 + i * 0.002
        t.way([(lat, 0.0), (lat, 0.02)],
              {"highway": "residential", "name": "ulica " + names[i]})
    for i in range(6):
        lon = 0.002 + i * 0.003
        t.way([(0.0, lon), (0.014, lon)], {"highway": "service" if i % 2 else "unclassified"})
    t.way([(-0.002, -0.002), (0.007, 0.008), (0.016, 0.022)],
          {"highway": "primary", "name": "aleja Fikcyjna", "ref": "0"})
    t.way([(0.0105, -0.002), (0.0105, 0.022)], {"highway": "secondary", "name": "ulica Umowna"})
    t.way([(-0.002, 0.0165), (0.016, 0.0165)], {"highway": "tertiary", "name": "ulica Zmyślona"})
    t.way([(-0.003, 0.021), (0.017, 0.021)], {"highway": "motorway", "ref": "A0"})
    t.way([(0.001, 0.001), (0.004, 0.0035), (0.006, 0.001)], {"highway": "footway"})
    t.way([(0.0125, 0.0), (0.0125, 0.02)], {"highway": "cycleway"})
    # A railway line with a station.
    t.way([(-0.002, 0.0), (0.016, 0.018)], {"railway": "rail", "name": "linia testowa"})
    t.node(0.0085, 0.0085, {"railway": "station", "name": "Syntetyczne Miasteczko"})
    # A river as a multipolygon area: the outer ring is split into two ways (one reversed, as in
    # real data) and an island is the inner ring; plus the river's centre line.
    north = [(0.0145 + 0.0004 * (i % 2), -0.003 + i * 0.0026) for i in range(11)]
    south = [(0.0130 - 0.0003 * (i % 3), -0.003 + i * 0.0026) for i in range(11)]
    north_way = t.way(north)
    # The southern bank, drawn east to west, closes the ring through the shared end nodes.
    south_refs = [t.node(lat, lon) for lat, lon in south[1:-1]]
    first_north = t.ways[-1][1][0]
    last_north = t.ways[-1][1][-1]
    south_way = t.next_way
    t.next_way += 1
    t.ways.append((south_way, [last_north] + list(reversed(south_refs)) + [first_north], {}))
    island = t.way([(0.0133, 0.007), (0.0143, 0.0085), (0.0133, 0.010)], closed=True)
    t.relations.append((1, [(1, north_way, "outer"), (1, south_way, "outer"),
                            (1, island, "inner")],
                        {"type": "multipolygon", "natural": "water", "water": "river",
                         "name": "Rzeka Wymyślona"}))
    t.way([(0.0138, -0.003), (0.0138, 0.023)], {"waterway": "river", "name": "Rzeka Wymyślona"})
    t.way([(0.0, 0.019), (0.006, 0.0195), (0.0138, 0.0190)], {"waterway": "stream"})
    # Green areas: a park, a forest, a meadow.
    t.way([(0.0061, 0.0121), (0.0061, 0.0149), (0.0079, 0.0149), (0.0079, 0.0121)],
          {"leisure": "park", "name": "Park Przykładowy"}, closed=True)
    t.way([(-0.004, -0.004), (-0.004, 0.004), (0.0, 0.004), (0.0, -0.004)],
          {"landuse": "forest"}, closed=True)
    t.way([(0.0001, 0.0171), (0.0001, 0.0199), (0.0039, 0.0199), (0.0039, 0.0171)],
          {"landuse": "meadow"}, closed=True)
    t.way([(0.0021, 0.0021), (0.0021, 0.0119), (0.0099, 0.0119), (0.0099, 0.0021)],
          {"landuse": "residential"}, closed=True)
    # Buildings along the streets.
    for row in range(5):
        for col in range(8):
            lat = 0.0025 + row * 0.002
            lon = 0.0025 + col * 0.0012
            t.way([(lat, lon), (lat, lon + 0.0006), (lat + 0.0005, lon + 0.0006),
                   (lat + 0.0005, lon)],
                  {"building": "house" if (row + col) % 3 else "apartments"}, closed=True)
    # Named places.
    t.node(0.007, 0.010, {"place": "town", "name": "Syntetyczne Miasteczko"})
    t.node(0.003, 0.018, {"place": "suburb", "name": "Osiedle Testowe"})
    t.node(-0.002, 0.002, {"place": "hamlet", "name": "Przysiółek Próbny"})
    return t


def string_table(t):
    strings = [""]
    index = {"": 0}

    def sid(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    return strings, sid


def primitive_block(t):
    strings, sid = string_table(t)
    granularity = 100
    ids = [n[0] for n in t.nodes]
    lats = [round(n[1] * 1e9 / granularity) for n in t.nodes]
    lons = [round(n[2] * 1e9 / granularity) for n in t.nodes]
    keys_vals = []
    for _, _, _, tags in t.nodes:
        for k, v in sorted(tags.items()):
            keys_vals += [sid(k), sid(v)]
        keys_vals.append(0)
    dense = packed(1, ids, signed=True, delta=True) + packed(8, lats, signed=True, delta=True) \
        + packed(9, lons, signed=True, delta=True) + packed(10, keys_vals)
    ways = b""
    for wid, refs, tags in t.ways:
        items = sorted(tags.items())
        ways += f_bytes(3, f_varint(1, wid) + packed(2, [sid(k) for k, _ in items])
                        + packed(3, [sid(v) for _, v in items])
                        + packed(8, refs, signed=True, delta=True))
    rels = b""
    for rid, members, tags in t.relations:
        items = sorted(tags.items())
        rels += f_bytes(4, f_varint(1, rid) + packed(2, [sid(k) for k, _ in items])
                        + packed(3, [sid(v) for _, v in items])
                        + packed(8, [sid(role) for _, _, role in members])
                        + packed(9, [mid for _, mid, _ in members], signed=True, delta=True)
                        + packed(10, [mtype for mtype, _, _ in members]))
    groups = f_bytes(2, f_bytes(2, dense)) + f_bytes(2, ways) + f_bytes(2, rels)
    table = f_bytes(1, b"".join(f_bytes(1, s) for s in strings))
    return table + groups + f_varint(17, granularity)


def blob(kind, payload):
    body = f_varint(2, len(payload)) + f_bytes(3, zlib.compress(payload, 9))
    header = f_bytes(1, kind) + f_varint(3, len(body))
    return struct.pack(">I", len(header)) + header + body


def write_pbf(path, t):
    lats = [n[1] for n in t.nodes]
    lons = [n[2] for n in t.nodes]
    bbox = f_sint(1, round(min(lons) * 1e9)) + f_sint(2, round(max(lons) * 1e9)) \
        + f_sint(3, round(max(lats) * 1e9)) + f_sint(4, round(min(lats) * 1e9))
    header = f_bytes(1, bbox) + f_bytes(4, "OsmSchema-V0.6") + f_bytes(4, "DenseNodes") \
        + f_bytes(16, PROGRAM) + f_bytes(17, "synthetic fixture, not a real place")
    with open(path, "wb") as f:
        f.write(blob("OSMHeader", header))
        f.write(blob("OSMData", primitive_block(t)))


# --- raster tiles -----------------------------------------------------------------------------

def png(width, height, pixel):
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += bytes(pixel(x, y))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def raster_tiles():
    """(z, x, y) → PNG: a checkerboard whose colours encode the tile address."""
    tiles = {}
    for z in range(3):
        for x in range(1 << z):
            for y in range(1 << z):
                colour = (40 + 60 * z, 30 + 50 * x, 30 + 50 * y)
                tiles[(z, x, y)] = png(256, 256, lambda px, py, c=colour:
                                       c if ((px // 32) + (py // 32)) % 2 else (250, 250, 245))
    return tiles


def write_mbtiles(path, tiles):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
               " tile_data BLOB)")
    for name, value in [("name", "synthetic raster fixture"), ("format", "png"),
                        ("minzoom", "0"), ("maxzoom", "2"), ("bounds", "-180,-85,180,85"),
                        ("attribution", "synthetic test data, not a map"),
                        ("description", "written by " + PROGRAM)]:
        db.execute("INSERT INTO metadata VALUES (?, ?)", (name, value))
    for (z, x, y), data in sorted(tiles.items()):
        db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (1 << z) - 1 - y, data))
    db.commit()
    db.execute("VACUUM")
    db.close()


def hilbert_id(z, x, y):
    acc = sum(4 ** i for i in range(z))
    n = 1 << z
    d = 0
    s = n // 2
    while s > 0:
        rx = 1 if (x & s) else 0
        ry = 1 if (y & s) else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x = n - 1 - x
                y = n - 1 - y
            x, y = y, x
        s //= 2
    return acc + d


def write_pmtiles(path, tiles):
    entries = sorted((hilbert_id(z, x, y), data) for (z, x, y), data in tiles.items())
    blobs = io.BytesIO()
    rows = []
    for tile_id, data in entries:
        rows.append((tile_id, blobs.tell(), len(data)))
        blobs.write(data)
    directory = bytearray(varint(len(rows)))
    prev = 0
    for tile_id, _, _ in rows:
        directory += varint(tile_id - prev)
        prev = tile_id
    for _ in rows:
        directory += varint(1)
    for _, _, length in rows:
        directory += varint(length)
    for i, (_, offset, _) in enumerate(rows):
        contiguous = i > 0 and offset == rows[i - 1][1] + rows[i - 1][2]
        directory += varint(0 if contiguous else offset + 1)
    root = gzip.compress(bytes(directory), mtime=0)
    metadata = gzip.compress(b'{"name":"synthetic raster fixture","attribution":"synthetic test data"}',
                             mtime=0)
    data = blobs.getvalue()
    root_offset = 127
    meta_offset = root_offset + len(root)
    data_offset = meta_offset + len(metadata)
    header = b"PMTiles" + bytes([3]) + struct.pack(
        "<QQQQQQQQQQQ", root_offset, len(root), meta_offset, len(metadata), data_offset, 0,
        data_offset, len(data), len(rows), len(rows), len(rows)) + bytes([1, 2, 1, 2, 0, 2]) \
        + struct.pack("<iiii", -1800000000, -850000000, 1800000000, 850000000) \
        + bytes([0]) + struct.pack("<ii", 0, 0)
    assert len(header) == 127
    with open(path, "wb") as f:
        f.write(header + root + metadata + data)


def main():
    os.makedirs(OUT, exist_ok=True)
    write_pbf(os.path.join(OUT, "synthetic.osm.pbf"), build_town())
    empty = Town()
    empty.node(0.001, 0.001)
    write_pbf(os.path.join(OUT, "synthetic-empty.osm.pbf"), empty)
    tiles = raster_tiles()
    write_mbtiles(os.path.join(OUT, "synthetic-raster.mbtiles"), tiles)
    write_pmtiles(os.path.join(OUT, "synthetic-raster.pmtiles"), tiles)


if __name__ == "__main__":
    main()
