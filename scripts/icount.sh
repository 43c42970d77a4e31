#!/usr/bin/env bash
# Instructions per simulated event of `echelon bench des` on the canonical instance, by callgrind
# (deterministic, unlike wall time on a shared machine): the difference between a 3-year and a
# 0.01-year run, divided by the difference in events, so start-up and loading cancel out.
#
#   scripts/icount.sh [BIN] [VARIANT...]     (default .build/release/echelon; single two-echelon lateral)
#
# Needs valgrind. The binary is copied and stripped of debug information first: this valgrind
# cannot read Swift 6.3's DWARF 5.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/echelon}; shift || true
VARIANTS=("$@"); [ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=(single two-echelon lateral)
command -v valgrind > /dev/null || { echo "icount: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
cp "$BIN" "$TMP/e"; strip --strip-debug "$TMP/e"
count() {  # count VARIANT YEARS [BENCH OPTIONS]: prints "instructions events"
  local v=$1 years=$2 out="$TMP/cg.$1.$2"; shift 2
  valgrind --tool=callgrind --callgrind-out-file="$out" "$TMP/e" bench des scenarios/des-canonical/canonical \
    --variant "$v" --replications 1 --years "$years" --threads 1 --quiet "$@" > "$TMP/json" 2> /dev/null
  local ir events
  ir=$(grep -E '^(summary|totals):' "$out" | head -1 | awk '{print $2}')
  events=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"]["total"])' "$TMP/json")
  echo "$ir $events"
}
printf '%-12s %16s %12s\n' variant instructions/event events
for v in "${VARIANTS[@]}"; do
  read -r i3 e3 < <(count "$v" 3)
  read -r i0 e0 < <(count "$v" 0.01 --warmup-days 0)
  printf '%-12s %16.1f %12d\n' "$v" "$(echo "($i3 - $i0) / ($e3 - $e0)" | bc -l)" "$e3"
done
