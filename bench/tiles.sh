#!/usr/bin/env bash
# Map tiles (DESIGN §7): requests per second for a cached base map tile with wrk, and the time
# to draw one zoom-12 tile (src/map/base/bench.rs).
#   bench/tiles.sh [http://127.0.0.1:PORT]
# Given a running server's address, loads that one; otherwise starts its own on an empty data
# directory (tiles need no records). Prints a Markdown table for BENCHMARKS.md. Traffic goes to
# 127.0.0.1 only, and every load run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }

addr=${1:-}
if [ -z "$addr" ]; then
  cargo build --release --quiet
  work=$(mktemp -d)
  "target/release/pestor" serve --addr 127.0.0.1:0 --data "$work/data" --no-demo >"$work/out" 2>"$work/err" &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 1000); do grep -q "http://" "$work/out" 2>/dev/null && break; sleep 0.01; done
  addr=$(grep -o 'http://[0-9.:]*' "$work/out" | head -1)
fi

# Toruń at zoom 12 (drawn, then cached) and at zoom 6 (embedded OpenStreetMap tile).
drawn="/tiles/12/2259/1334.png"
embedded="/tiles/6/35/20.png"
curl -sf "$addr$drawn" >/dev/null
size=$(curl -sf "$addr$drawn" | wc -c)

field() { awk -v key="$1" '$1 == key { print $2 }'; }
cached=$(wrk --latency -t2 -c32 -d"${duration}s" "$addr$drawn" 2>&1)
archive=$(wrk --latency -t2 -c32 -d"${duration}s" "$addr$embedded" 2>&1)
render=$(cargo test --release --quiet --lib map::base::bench -- --ignored --nocapture 2>&1 | grep -E '^(first|z12)')

cat <<TABLE
Tiles: GET $drawn (drawn at zoom 12, then from the cache, $size bytes) and GET $embedded (embedded)

| measure | result |
|---|---|
| cached zoom-12 tile, requests/s, 32 keep-alive connections | $(echo "$cached" | awk '/Requests\/sec/ {print $2}') |
| cached zoom-12 tile, median / p99 latency | $(echo "$cached" | field 50%) / $(echo "$cached" | field 99%) |
| embedded zoom-6 tile, requests/s, 32 keep-alive connections | $(echo "$archive" | awk '/Requests\/sec/ {print $2}') |
| drawing one zoom-12 tile (src/map/base/bench.rs) | ${render//$'\n'/<br>} |
TABLE
