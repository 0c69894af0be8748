#!/bin/sh
# Vendors the front-end libraries of the map (DESIGN §3.4): downloads each pinned package from
# the npm registry with `npm pack`, checks the tarball's sha256 against the value below, copies
# only the files the platform serves into assets/vendor/<name>/ with the package's licence, and
# writes assets/vendor/README.md (versions, checksums, licences). The result is committed and
# embedded in the binary like every other file under assets/.
#
# Usage: scripts/vendor-frontend.sh            (from anywhere; needs npm, tar, sha256sum)
# To update a library: change its version, run the script once to see the new tarball's
# sha256 in the error, check the release notes, put the new sum here and run it again.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENDOR="$ROOT/assets/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# name version sha256-of-tarball licence licence-file files-to-serve (relative to package/)
PACKAGES='
leaflet|1.9.4|84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77|BSD-2-Clause|LICENSE|dist/leaflet.js dist/leaflet.css dist/images/layers.png dist/images/layers-2x.png dist/images/marker-icon.png dist/images/marker-icon-2x.png dist/images/marker-shadow.png
leaflet.markercluster|1.5.3|fc6b0b1d00b6c708ae54e43ee4a11ac345e41660e19f0a570190bb35babb1a1c|MIT|MIT-LICENCE.txt|dist/leaflet.markercluster.js dist/MarkerCluster.css dist/MarkerCluster.Default.css
'

README="$WORK/README.md"
{
  echo "# Vendored front-end libraries"
  echo
  echo "Written by \`scripts/vendor-frontend.sh\`; do not edit by hand. Each library comes from the"
  echo "npm registry at the pinned version; the tarball's sha256 is checked before anything is"
  echo "copied. Only the files the platform serves are kept (source maps are left out). The files"
  echo "are embedded in the binary and served under \`/static/vendor/\`."
  echo
} > "$README"

echo "$PACKAGES" | while IFS='|' read -r name version sum licence licence_file files; do
  [ -n "$name" ] || continue
  echo "== $name@$version"
  (cd "$WORK" && npm pack --silent "$name@$version" > /dev/null)
  tarball="$WORK/$name-$version.tgz"
  actual=$(sha256sum "$tarball" | cut -d' ' -f1)
  if [ "$actual" != "$sum" ]; then
    echo "sha256 mismatch for $name@$version: expected $sum, got $actual" >&2
    exit 1
  fi
  unpacked="$WORK/$name"
  mkdir -p "$unpacked"
  tar -xzf "$tarball" -C "$unpacked"
  target="$VENDOR/$name"
  rm -rf "$target"
  mkdir -p "$target"
  cp "$unpacked/package/$licence_file" "$target/$licence_file"
  {
    echo "## $name $version"
    echo
    echo "- Source: npm registry, \`npm pack $name@$version\`"
    echo "- Tarball sha256: \`$sum\`"
    echo "- Licence: $licence (\`$name/$licence_file\`)"
    echo
    echo "| File | sha256 |"
    echo "|---|---|"
  } >> "$README"
  for file in $files; do
    dest="$target/${file#dist/}"
    mkdir -p "$(dirname "$dest")"
    # The minified scripts name a source map that is not shipped; drop the reference.
    case "$file" in
      *.js) sed '/^\/\/# sourceMappingURL=/d' "$unpacked/package/$file" > "$dest" ;;
      *) cp "$unpacked/package/$file" "$dest" ;;
    esac
    echo "| \`$name/${file#dist/}\` | \`$(sha256sum "$dest" | cut -d' ' -f1)\` |" >> "$README"
  done
  echo >> "$README"
done

cp "$README" "$VENDOR/README.md"
echo "assets/vendor updated; see assets/vendor/README.md"
