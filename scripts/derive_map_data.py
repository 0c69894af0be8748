#!/usr/bin/env python3
"""Derives the committed map data files from the downloaded packages.

Called by scripts/fetch-map-data.sh; each function reads one package and writes one small file
under assets/map/ in a format the server reads without extra crates.
"""
import argparse
import json
import os


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--region", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    localities(args.work, args.out, args.region)


if __name__ == "__main__":
    main()
