#!/usr/bin/env bash
# Snapshots and replicas (DESIGN §6 and §8) on `pestor demo --scale SCALE` (default 10000):
# export, verify and restore speed and the longest write during an export
# (examples/snapshot_bench.rs), then the lag of a read-only replica pulling every second behind a
# primary that receives new records over HTTP. Everything runs on 127.0.0.1.
#   bench/snapshot.sh [SCALE]
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-10000}
writes=${BENCH_WRITES:-10}
echo "Machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%d)"

cargo build --release --quiet --bin pestor --example snapshot_bench
bin=target/release/pestor
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" demo --scale "$scale" --data "$work/data" >/dev/null
target/release/examples/snapshot_bench "$work/data"

# --- Replica lag -----------------------------------------------------------------------------
start_server() { # data-dir output-file extra-args… ; prints the address
  local data=$1 out=$2; shift 2
  "$bin" serve --addr 127.0.0.1:0 --data "$data" --snapshot-interval 0 "$@" >"$out" 2>"$out.err" &
  pids+=($!)
  until grep -q "http://" "$out" 2>/dev/null; do sleep 0.05; done
  grep -o 'http://[0-9.:]*' "$out" | head -1
}
csrf() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }

primary=$(start_server "$work/data" "$work/primary.out")
jar="$work/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$primary/konto/logowanie" | csrf)
curl -s -o /dev/null -c "$jar" -b "$jar" -H "Sec-Fetch-Site: same-origin" \
  --data-urlencode "email=admin@pes-tor.example" --data-urlencode "password=ratusz-staromiejski-2013" \
  --data-urlencode "csrf=$token" "$primary/konto/logowanie"
token=$(curl -s -c "$jar" -b "$jar" "$primary/admin/repliki" | csrf)
replica_token=$(curl -s -c "$jar" -b "$jar" -H "Sec-Fetch-Site: same-origin" \
  --data-urlencode "name=Pomiar opóźnienia" --data-urlencode "csrf=$token" "$primary/admin/repliki" \
  | grep -o '<code id="replica-token">[0-9a-f]*' | sed 's/.*>//')
[ -n "$replica_token" ] || { echo "no replica token" >&2; exit 1; }

first_sync_start=$(date +%s%N)
replica=$(start_server "$work/replica" "$work/replica.out" --replica-of "$primary" \
  --token "$replica_token" --pull-every 1)
until curl -s "$replica/api/v1/organizations?per_page=1" | grep -q '"total":[1-9]'; do sleep 0.02; done
first_sync_ms=$(( ($(date +%s%N) - first_sync_start) / 1000000 ))

lags=()
for n in $(seq 1 "$writes"); do
  token=$(curl -s -c "$jar" -b "$jar" "$primary/wsparcie/nowa" | csrf)
  location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" -H "Sec-Fetch-Site: same-origin" \
    --data-urlencode "name=Punkt pomiarowy $n" --data-urlencode "kind=owes" \
    --data-urlencode "description=Punkt do pomiaru opóźnienia repliki względem serwera miasta." \
    --data-urlencode "services=doradztwo" --data-urlencode "street=ul. Szeroka $n" \
    --data-urlencode "postal_code=87-100" --data-urlencode "city=Toruń" \
    --data-urlencode "lat=53.0101" --data-urlencode "lon=18.6071" \
    --data-urlencode "csrf=$token" "$primary/wsparcie/nowa")
  path=${location#"$primary"}; path=${path%%\?*}
  [ -n "$path" ] || { echo "the write was refused" >&2; exit 1; }
  written=$(date +%s%N)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$replica$path")" = 200 ]; do sleep 0.02; done
  lags+=($(( ($(date +%s%N) - written) / 1000000 )))
  sleep 0.$((RANDOM % 10))
done
sorted=$(printf '%s\n' "${lags[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (${#lags[@]} + 1) / 2 ))p")
longest=$(echo "$sorted" | tail -1)
echo
echo "| replica (pull every 1 s) | value |"
echo "|---|---|"
echo "| first start of an empty replica until it serves the organisations (public snapshot pulled, loaded, indexes built) | ${first_sync_ms} ms |"
echo "| lag of a new record, median of $writes writes | ${median} ms |"
echo "| lag of a new record, longest | ${longest} ms |"
