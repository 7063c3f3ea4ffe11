#!/usr/bin/env bash
# How long one admin call takes, as a person waits for it: starts a coordinator on loopback (plaintext, SQLite in a
# temporary directory) with one monitor, then runs `bin/vantage status` RUNS times (default 15, after 2 unmeasured) and
# prints the median and the spread of wall and CPU (user + sys) seconds. Set LAUNCHER to time another command line
# (e.g. LAUNCHER="java -cp old.jar:lib/* dev.vantage.coordinator.cli.VantageCli" for a before/after comparison).
#
#   deploy/bench/cli-latency.sh [RUNS]
#
# Needs GNU time (/usr/bin/time) and a built tree (bin/vantage builds it on first use).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
runs="${1:-15}"
launcher="${LAUNCHER:-$root/bin/vantage}"
work="$(mktemp -d)"
coordinator=""
cleanup() {
  if [ -n "$coordinator" ]; then kill "$coordinator" 2>/dev/null || true; wait "$coordinator" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/coordinator.properties" <<EOF
listen=127.0.0.1:0
store.url=jdbc:sqlite:$work/vantage.db
locations=local
default.locations=local
admin.initial_token_file=$work/admin.token
EOF
"$root/bin/vantage" coordinator --config "$work/coordinator.properties" > "$work/coordinator.out" 2>&1 &
coordinator=$!
for _ in $(seq 1 300); do
  grep -q "coordinator listening on" "$work/coordinator.out" 2>/dev/null && break
  kill -0 "$coordinator" 2>/dev/null || { cat "$work/coordinator.out" >&2; exit 1; }
  sleep 0.1
done
port=$(sed -n 's/^coordinator listening on [^ ]*:\([0-9]*\) .*/\1/p' "$work/coordinator.out")
export VANTAGE_SERVER="127.0.0.1:$port" VANTAGE_TOKEN="$(cat "$work/admin.token")" VANTAGE_PROFILE=/dev/null
"$root/bin/vantage" monitor create --name bench --host 127.0.0.1 --port "$port" > /dev/null

# shellcheck disable=SC2086
for i in $(seq 1 $((runs + 2))); do
  /usr/bin/time -f "%e %U %S" -a -o "$work/times" $launcher status > /dev/null
  [ "$i" -le 2 ] && : > "$work/times"   # the first runs may build the class-data archive: not counted
done
awk -v runs="$runs" '
  { wall[NR] = $1; cpu[NR] = $2 + $3 }
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    n = NR
    printf "vantage status, %d runs against a local coordinator\n", n
    printf "wall s  median %.3f  (min %.3f, max %.3f)\n", median(wall, n), wall[1], wall[n]
    printf "cpu s   median %.3f  (min %.3f, max %.3f)\n", median(cpu, n), cpu[1], cpu[n]
  }' "$work/times"
