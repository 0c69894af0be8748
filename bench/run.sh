#!/usr/bin/env bash
# Performance budgets of DESIGN §6 on a scaled dataset, measured with wrk (Debian package `wrk`).
#   bench/run.sh [SCALE]        (default 10000 organisations)
# Prints a Markdown table to paste into BENCHMARKS.md. Traffic goes to 127.0.0.1 only, and every
# load run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-10000}
duration=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"

cargo build --release --quiet
bin=target/release/pestor
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

gen_start=$(date +%s%N)
"$bin" demo --scale "$scale" --data "$work/data" >/dev/null
gen_ms=$(( ($(date +%s%N) - gen_start) / 1000000 ))

# Start-up: from exec to the printed address (open + index build + templates + listen).
start=$(date +%s%N)
"$bin" serve --addr 127.0.0.1:0 --data "$work/data" >"$work/out" 2>"$work/err" &
pid=$!
until grep -q "http://" "$work/out" 2>/dev/null; do sleep 0.005; done
startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
addr=$(grep -o 'http://[0-9.:]*' "$work/out" | head -1)
reported=$(grep -o 'start w [0-9]* ms' "$work/out" | grep -o '[0-9]*')

page="/podmioty?q=fundacja&forma=fundacja&obszar=edukacja"
curl -sf "$addr$page" >/dev/null
# Produkty i usługi: a query and two filters (main category and audience), at about five offers
# per organisation.
offers_page="/oferty?q=catering&kategoria=gastronomia&odbiorca=gmina"
curl -sf "$addr$offers_page" >/dev/null
offers_count=$(curl -sf "$addr/api/v1/offers?per_page=1" | grep -o '"total":[0-9]*' | grep -o '[0-9]*')

wrk_run() { wrk --latency "$@" 2>&1; }
field() { awk -v key="$1" '$1 == key { print $2 }'; }

single=$(wrk_run -t1 -c1 -d"${duration}s" "$addr$page")
offers_single=$(wrk_run -t1 -c1 -d"${duration}s" "$addr$offers_page")
keepalive=$(wrk_run -t2 -c32 -d"${duration}s" "$addr$page")
many=$(wrk_run -t2 -c1000 -d"${duration}s" --timeout 10s "$addr$page")
rss_kb=$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)
hwm_kb=$(awk '/VmHWM/ { print $2 }' /proc/$pid/status)

errors() {
  local e
  e=$(echo "$1" | grep -o 'Socket errors: .*' || true)
  local non2xx
  non2xx=$(echo "$1" | grep -o 'Non-2xx or 3xx responses: [0-9]*' | grep -o '[0-9]*$' || echo 0)
  echo "${e:-Socket errors: none}; non-2xx: ${non2xx}"
}

cat <<TABLE
Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(date -u +%Y-%m-%d)
Dataset: $scale organisations and ${offers_count} published offers (pestor demo --scale $scale, generated in ${gen_ms} ms)
Page: GET $page
Offers page: GET $offers_page

| measure | budget | result |
|---|---|---|
| median latency, 1 connection (≈ server time + loopback) | ≤ 2 ms | $(echo "$single" | field 50%) |
| p99 latency, 1 connection | — | $(echo "$single" | field 99%) |
| offers list, median / p99 latency, 1 connection | ≤ 2 ms | $(echo "$offers_single" | field 50%) / $(echo "$offers_single" | field 99%) |
| requests/s, 32 keep-alive connections | ≥ 3 000 | $(echo "$keepalive" | awk '/Requests\/sec/ {print $2}') |
| median / p99 latency, 32 connections | — | $(echo "$keepalive" | field 50%) / $(echo "$keepalive" | field 99%) |
| errors, 32 connections | 0 | $(errors "$keepalive") |
| requests/s, 1 000 concurrent connections | — | $(echo "$many" | awk '/Requests\/sec/ {print $2}') |
| errors, 1 000 concurrent connections | 0 | $(errors "$many") |
| start-up (exec → listening), measured outside | ≤ 0.5 s | ${startup_ms} ms (server reports ${reported} ms) |
| resident memory after the load (peak) | ≤ 150 MB | $((rss_kb / 1024)) MB ($((hwm_kb / 1024)) MB) |
TABLE

echo
bench/tiles.sh "$addr"
