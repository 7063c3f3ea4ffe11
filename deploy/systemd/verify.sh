#!/usr/bin/env bash
# Verify the Vantage systemd units with `systemd-analyze verify`.
#
# verify checks that ExecStart= binaries exist, and /opt/vantage is normally
# not installed where this runs, so the units are copied into a temp dir with
# /opt/vantage/bin/vantage rewritten to a stub executable there (nothing else
# changes).  The template is checked through an instance (vantage-agent@eu-west).
# Exit status: 0 = clean, 1 = systemd-analyze reported errors OR printed any
# warning about our units (e.g. "Invalid environment assignment, ignoring"),
# 0 with "skipped: systemd-analyze not found" when the tool is absent.
set -uo pipefail

src=${BASH_SOURCE[0]}
[[ $src == */* ]] && HERE=${src%/*} || HERE=.
HERE=$(cd "$HERE" && pwd)
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "skipped: systemd-analyze not found"
  exit 0
fi

TMP=$(mktemp -d /tmp/vantage-units.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/bin"
printf '#!/bin/sh\nexit 0\n' >"$TMP/bin/vantage"
chmod 755 "$TMP/bin/vantage"

units=()
for f in "$HERE"/*.service; do
  name=$(basename "$f")
  sed "s#/opt/vantage/bin/vantage#$TMP/bin/vantage#g" "$f" >"$TMP/$name"
  if [[ $name == *@.service ]]; then
    cp "$TMP/$name" "$TMP/${name%@.service}@eu-west.service"
    units+=("$TMP/${name%@.service}@eu-west.service")
  else
    units+=("$TMP/$name")
  fi
done

status=0
for u in "${units[@]}"; do
  out=$(SYSTEMD_LOG_COLOR=0 systemd-analyze verify "$u" 2>&1)
  rc=$?
  # only complain about lines that concern our units (other units installed
  # on the host may produce their own noise)
  ours=$(grep -E 'vantage' <<<"$out" || true)
  if ((rc != 0)) || [[ -n $ours ]]; then
    echo "FAIL $(basename "$u") (rc=$rc)"
    sed "s#$TMP/##g; s/^/    /" <<<"${ours:-$out}"
    status=1
  else
    echo "ok   $(basename "$u")"
  fi
done
exit $status
