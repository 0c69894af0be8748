#!/usr/bin/env bash
# The kiosk's cost (DESIGN §6, §9): the same pages served by one data directory, first by the
# public server, then by `pestor serve --kiosk`, which rewrites every HTML page on the way out
# and draws a QR code on record pages; and the kiosk's attract screen.
#   bench/kiosk.sh [SCALE]      (default 10000 organisations)
# Prints a Markdown table for BENCHMARKS.md. Traffic goes to 127.0.0.1 only, and every load run
# is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-10000}
duration=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }

cargo build --release --quiet
bin=target/release/pestor
work=$(mktemp -d)
pid=
stop() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  pid=
}
trap 'stop; rm -rf "$work"' EXIT
"$bin" demo --scale "$scale" --data "$work/data" >/dev/null

# Starts the server with the extra arguments and sets $addr.
start() {
  : >"$work/out"
  "$bin" serve --addr 127.0.0.1:0 --data "$work/data" "$@" >"$work/out" 2>"$work/err" &
  pid=$!
  until grep -q "http://" "$work/out" 2>/dev/null; do sleep 0.01; done
  addr=$(grep -o 'http://[0-9.:]*' "$work/out" | head -1)
}

list="/podmioty?q=fundacja&forma=fundacja&obszar=edukacja"
field() { awk -v key="$1" '$1 == key { print $2 }'; }
# "median / p99, requests/s with 32 connections" of a page.
measure() {
  curl -sf "$addr$1" >/dev/null
  local one many
  one=$(wrk --latency -t1 -c1 -d"${duration}s" "$addr$1" 2>&1)
  many=$(wrk --latency -t2 -c32 -d"${duration}s" "$addr$1" 2>&1)
  echo "$(echo "$one" | field 50%) / $(echo "$one" | field 99%) | $(echo "$many" | awk '/Requests\/sec/ {print $2}')"
}

start
record="/podmioty/$(curl -sf "$addr/api/v1/organizations?per_page=1" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)"
public_list=$(measure "$list")
public_record=$(measure "$record")
stop

start --kiosk
kiosk_list=$(measure "$list")
kiosk_record=$(measure "$record")
attract=$(measure "/kiosk/pokaz")
stop

cat <<TABLE
Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(date -u +%Y-%m-%d)
Dataset: pestor demo --scale $scale; list: GET $list; record: GET $record

| page | median / p99 latency, 1 connection | requests/s, 32 connections |
|---|---|---|
| list, public server | $public_list |
| list, kiosk (page rewritten) | $kiosk_list |
| record, public server | $public_record |
| record, kiosk (rewritten, QR code drawn) | $kiosk_record |
| attract screen /kiosk/pokaz | $attract |
TABLE
