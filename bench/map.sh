#!/usr/bin/env bash
# Street-level map (`pestor map import`): import time and store size for a map file (default:
# the synthetic fixture tests/fixtures/synthetic.osm.pbf) and the time to draw one z16 tile on
# request. Nothing touches the network.
#   bench/map.sh [FILE]          PROFILE=dev bench/map.sh for a quick run without the release build
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
echo "Machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%d); cargo profile: $profile"
cargo run --quiet --profile "$profile" --example map_bench -- "$@"
