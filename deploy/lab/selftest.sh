#!/usr/bin/env bash
# Real end-to-end check of deploy/lab/lab.sh (network part; no Java needed).
# Needs root, iproute2, python3, iptables; tcpdump for the packet-level check
# of "slow" (skipped with a note if absent).
#
#   deploy/lab/selftest.sh            run everything, exit non-zero on failure
#
# Brings the lab up and down several times; run it only when no lab is up.
set -uo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB=$LAB_DIR/lab.sh
PROBE=$LAB_DIR/probe.py
TMP=$(mktemp -d /tmp/vl-selftest.XXXXXX)
FAILS=0
trap '"$LAB" down >/dev/null 2>&1; rm -rf "$TMP"' EXIT

pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; FAILS=$((FAILS + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
section() { printf '\n== %s\n' "$*"; }

# probe REGION PORT [TIMEOUT] -> "outcome ms"
probe() { "$LAB" probe "$1" "$2" "${3:-3}" 2>/dev/null; }
outcome_is() { local got; got=$(probe "$1" "$2" "${4:-3}"); echo "      $1 -> :$2  $got"; [[ ${got%% *} == "$3" ]]; }
ms_between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; }

leftovers() {
  local out=""
  out+=$(ip netns list | grep '^vl-' || true)
  out+=$(ip -o link show | awk -F': ' '{print $2}' | grep '^vl-' || true)
  out+=$(ip route show | grep 'vl-' || true)
  [[ -e /run/vantage-lab ]] && out+=" /run/vantage-lab"
  printf '%s' "$out"
}

ROOT_IPT_BEFORE=$(iptables -S 2>/dev/null || true)
"$LAB" down >/dev/null 2>&1

section "up --network-only"
"$LAB" up --network-only || { fail "up"; exit 1; }
eval "$("$LAB" status --env)"
check "status --env says LAB_UP=1" test "${LAB_UP:-0}" = 1
IFS=, read -ra REGS <<<"$REGIONS"
IFS=, read -ra PORTS <<<"$TARGET_PORTS"

section "reachability: every region -> every target port; closed port refused"
for r in "${REGS[@]}"; do
  for p in "${PORTS[@]}"; do check "$r -> $TARGET_ADDR:$p ok" outcome_is "$r" "$p" ok; done
  check "$r -> $TARGET_ADDR:$TARGET_CLOSED_PORT refused" outcome_is "$r" "$TARGET_CLOSED_PORT" refused
  k=REGION_${r^^}; k=${k//-/_}_ADDR2; src=${!k}
  got=$("$LAB" exec "$r" python3 "$PROBE" "$TARGET_ADDR" "${PORTS[0]}" --source "$src")
  check "$r -> target from second address $src ($got)" test "${got%% *}" = ok
done

section "reachability: every region -> coordinator address $COORDINATOR (stand-in listener in root ns)"
python3 "$LAB_DIR/targets.py" "$COORDINATOR_HOST" "$COORDINATOR_PORT" >/dev/null 2>&1 &
FAKE=$!
sleep 0.5
for r in "${REGS[@]}"; do
  got=$("$LAB" exec "$r" python3 "$PROBE" "$COORDINATOR_HOST" "$COORDINATOR_PORT")
  check "$r -> $COORDINATOR ($got)" test "${got%% *}" = ok
done

R1=${REGS[0]} R2=${REGS[1]:-${REGS[0]}} R3=${REGS[2]:-${REGS[0]}}
P1=${PORTS[0]} P2=${PORTS[1]:-${PORTS[0]}} P3=${PORTS[2]:-${PORTS[0]}}

section "impair $R1 drop-syn $P1 -> timeout"
"$LAB" impair "$R1" drop-syn "$P1"
got=$(probe "$R1" "$P1" 2); echo "      $R1 -> :$P1  $got"
check "drop-syn gives timeout after the 2 s probe timeout" \
  bash -c '[[ ${1%% *} == timeout ]] && awk -v v="${1#* }" "BEGIN{exit !(v>=1900)}"' _ "$got"
check "other port $P2 from $R1 unaffected" outcome_is "$R1" "$P2" ok
check "$R2 -> :$P1 unaffected" outcome_is "$R2" "$P1" ok

section "impair $R1 reject $P2 -> refused"
"$LAB" impair "$R1" reject "$P2"
got=$(probe "$R1" "$P2"); echo "      $R1 -> :$P2  $got"
check "reject gives refused, fast" bash -c '[[ ${1%% *} == refused ]] && awk -v v="${1#* }" "BEGIN{exit !(v<100)}"' _ "$got"
check "$R2 -> :$P2 unaffected" outcome_is "$R2" "$P2" ok

section "impair $R1 slow $P3 -> first SYN of each connection dropped, connect ~1 s"
"$LAB" impair "$R1" slow "$P3"
for i in 1 2 3 4 5; do
  got=$(probe "$R1" "$P3" 5); echo "      sequential #$i $R1 -> :$P3  $got"
  check "slow connect #$i ok in 0.9-1.6 s" bash -c '[[ ${1%% *} == ok ]] && awk -v v="${1#* }" "BEGIN{exit !(v>=900 && v<=1600)}"' _ "$got"
done
# Concurrent connects: with an nth-packet rule some of these would be fast or
# take 3 s; with the per-4-tuple rule every one takes ~1 s.
"$LAB" exec "$R1" python3 - "$TARGET_ADDR" "$P3" >"$TMP/concurrent" <<'EOF'
import socket, sys, threading, time
host, port = sys.argv[1], int(sys.argv[2])
res = []
def one():
    s = socket.socket(); s.settimeout(5); t = time.perf_counter()
    try:
        s.connect((host, port)); res.append(("ok", (time.perf_counter() - t) * 1000))
    except OSError as e:
        res.append((type(e).__name__, (time.perf_counter() - t) * 1000))
    finally:
        s.close()
ts = [threading.Thread(target=one) for _ in range(50)]
[t.start() for t in ts]; [t.join() for t in ts]
ms = sorted(m for o, m in res if o == "ok")
print(f"{len(ms)} {len(res)} {ms[0]:.1f} {ms[-1]:.1f}")
EOF
read -r nok ntot mn mx <"$TMP/concurrent"
echo "      50 concurrent connects: ok=$nok/$ntot min=${mn}ms max=${mx}ms"
check "50 concurrent slow connects all ok within 0.9-1.6 s" \
  bash -c '[[ $1 == 50 ]] && awk -v a="$2" -v b="$3" "BEGIN{exit !(a>=900 && b<=1600)}"' _ "$nok" "$mn" "$mx"
check "$R2 -> :$P3 unaffected (fast)" bash -c 'g=$("$0" probe "$1" "$2"); [[ ${g%% *} == ok ]] && awk -v v="${g#* }" "BEGIN{exit !(v<100)}"' "$LAB" "$R2" "$P3"

if command -v tcpdump >/dev/null; then
  section "tcpdump: SYNs of one slow connect, region side (vl-r1) vs targets side ($TARGET_IF)"
  k=REGION_${R1^^}; k=${k//-/_}_IF; RIF=${!k}
  FILTER="tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == 0 and dst port $P3"
  "$LAB" exec "$R1" tcpdump -i "$RIF" --immediate-mode -U -n -w "$TMP/region.pcap" "$FILTER" 2>"$TMP/td1.err" &
  TD1=$!
  "$LAB" exec targets tcpdump -i "$TARGET_IF" --immediate-mode -U -n -w "$TMP/target.pcap" "$FILTER" 2>"$TMP/td2.err" &
  TD2=$!
  for _ in $(seq 50); do grep -q listening "$TMP/td1.err" && grep -q listening "$TMP/td2.err" && break; sleep 0.1; done
  got=$(probe "$R1" "$P3" 5); echo "      probe: $got"
  sleep 0.5
  kill -INT "$TD1" "$TD2"; wait "$TD1" "$TD2" 2>/dev/null
  echo "      region side ($R1 $RIF): SYNs sent"
  tcpdump -r "$TMP/region.pcap" -n -tt 2>/dev/null | sed 's/^/        /'
  echo "      targets side ($TARGET_IF): SYNs that arrived"
  tcpdump -r "$TMP/target.pcap" -n -tt 2>/dev/null | sed 's/^/        /'
  n1=$(tcpdump -r "$TMP/region.pcap" -n 2>/dev/null | wc -l)
  n2=$(tcpdump -r "$TMP/target.pcap" -n 2>/dev/null | wc -l)
  sport1=$(tcpdump -r "$TMP/region.pcap" -n 2>/dev/null | awk '{print $3}' | sort -u | wc -l)
  t1=$(tcpdump -r "$TMP/region.pcap" -n -tt 2>/dev/null | awk 'NR==1{print $1}')
  t2=$(tcpdump -r "$TMP/region.pcap" -n -tt 2>/dev/null | awk 'NR==2{print $1}')
  tt=$(tcpdump -r "$TMP/target.pcap" -n -tt 2>/dev/null | awk 'NR==1{print $1}')
  gap=$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.3f", b-a}')
  echo "      region saw $n1 SYN(s) from $sport1 source port(s), retransmit gap ${gap}s; targets saw $n2"
  check "2 SYNs sent (same 4-tuple), 1 arrived, the one that arrived is the retransmission" \
    bash -c '[[ $1 == 2 && $2 == 1 && $3 == 1 ]] && awk -v g="$4" -v a="$5" -v b="$6" -v t="$7" "BEGIN{exit !(g>=0.9 && g<=1.3 && (t-b)<0.05 && (t-b)>-0.05 && (t-a)>0.9)}"' \
    _ "$n1" "$n2" "$sport1" "$gap" "$t1" "$t2" "$tt"
else
  echo "      (tcpdump not installed: packet-level check of slow skipped)"
fi

section "impair $R2 loss $P1 50 -> mix of fast, ~1 s/~3 s and timeouts"
"$LAB" impair "$R2" loss "$P1" 50
fast=0 slow=0 tout=0
for i in $(seq 20); do
  got=$(probe "$R2" "$P1" 4)
  case ${got%% *} in
    ok) if ms_between "${got#* }" 0 500; then fast=$((fast + 1)); else slow=$((slow + 1)); fi ;;
    *) tout=$((tout + 1)) ;;
  esac
done
echo "      20 probes with 4 s timeout: fast=$fast delayed-by-retransmit=$slow timeout=$tout"
check "loss 50% yields both fast and delayed/timeouts" bash -c '(( $1 > 0 && $2 + $3 > 0 ))' _ "$fast" "$slow" "$tout"

section "impair $R3 partition -> region cannot reach the coordinator, targets still fine"
"$LAB" impair "$R3" partition
got=$("$LAB" exec "$R3" python3 "$PROBE" "$COORDINATOR_HOST" "$COORDINATOR_PORT" --timeout 2); echo "      $R3 -> $COORDINATOR  $got"
check "partitioned region times out to coordinator" test "${got%% *}" = timeout
check "partitioned region still reaches targets" outcome_is "$R3" "$P1" ok

section "status while impaired"
"$LAB" status
"$LAB" status --env | grep IMPAIRMENTS

section "clear all -> everything normal again"
"$LAB" clear all
for r in "${REGS[@]}"; do
  for p in "${PORTS[@]}"; do
    check "$r -> :$p ok and fast after clear" bash -c 'g=$("$0" probe "$1" "$2"); [[ ${g%% *} == ok ]] && awk -v v="${g#* }" "BEGIN{exit !(v<100)}"' "$LAB" "$r" "$p"
  done
done
got=$("$LAB" exec "$R3" python3 "$PROBE" "$COORDINATOR_HOST" "$COORDINATOR_PORT"); echo "      $R3 -> $COORDINATOR  $got"
check "$R3 reaches coordinator after clear" test "${got%% *}" = ok
kill "$FAKE" 2>/dev/null; wait "$FAKE" 2>/dev/null

section "down leaves nothing"
TPID=$(cat /run/vantage-lab/pids/targets.pid)
"$LAB" down
check "no vl-* namespaces, links, routes or state dir" test -z "$(leftovers)"
check "target listener process $TPID gone" bash -c '! kill -0 "$1" 2>/dev/null' _ "$TPID"
check "root namespace iptables unchanged" test "$(iptables -S 2>/dev/null || true)" = "$ROOT_IPT_BEFORE"
check "down is idempotent" "$LAB" down

section "half-failed up cleans up (duplicate target port makes the listener fail)"
if "$LAB" up --network-only --target-ports 8080,8080 >"$TMP/badup" 2>&1; then fail "bad up should fail"; else pass "bad up failed: $(grep -m1 error "$TMP/badup")"; fi
check "nothing left after failed up" test -z "$(leftovers)"

section "down after a crash mid-up (leftover namespace + root veth, no state)"
ip netns add vl-br; ip netns add vl-eu-west
ip link add vl-host type veth peer name vl-host-br netns vl-br
ip netns exec vl-eu-west sleep 300 &
"$LAB" down
check "down removed crash leftovers (incl. a process inside vl-eu-west)" test -z "$(leftovers)"

section "full mode with a stand-in launcher (coordinator + agents as processes)"
cat >"$TMP/vantage" <<EOF
#!/usr/bin/env bash
# stand-in for bin/vantage: coordinator = listener on the configured address,
# agent = loop that connects to the coordinator once a second
case \$1 in
  certs) exit 0 ;;
  coordinator) l=\$(sed -n 's/^listen=//p' "\$3"); exec python3 "$LAB_DIR/targets.py" "\${l%:*}" "\${l#*:}" ;;
  agent) shift; echo "agent \$*"; ip -4 -o addr show | awk '{print \$4}'
         c=; while (( \$# )); do [[ \$1 == --coordinator ]] && c=\$2; shift; done
         while :; do python3 "$PROBE" "\${c%:*}" "\${c#*:}"; sleep 1; done ;;
esac
EOF
chmod +x "$TMP/vantage"
if VANTAGE_BIN="$TMP/vantage" "$LAB" up; then
  sleep 2
  eval "$("$LAB" status --env)"
  check "coordinator + ${#REGS[@]} agents alive" bash -c '[[ $1 == 1 && $2 == 1 && $3 == 1 && $4 == 1 ]]' _ \
    "${COORDINATOR_ALIVE:-0}" "${AGENT_EU_WEST_ALIVE:-0}" "${AGENT_US_EAST_ALIVE:-0}" "${AGENT_AP_SOUTH_ALIVE:-0}"
  check "agent eu-west runs inside its namespace and reaches the coordinator" \
    bash -c 'grep -q "10.70.1.2/24" "$1" && grep -q "^ok" "$1"' _ /run/vantage-lab/logs/agent-eu-west.log
  PIDS=$(cat /run/vantage-lab/pids/*.pid)
  "$LAB" down
  check "all lab processes gone after down" bash -c 'for p in $1; do kill -0 $p 2>/dev/null && exit 1; done; exit 0' _ "$PIDS"
  check "nothing left" test -z "$(leftovers)"
else
  fail "full-mode up with stand-in launcher"
fi

printf '\n%s\n' "$( ((FAILS == 0)) && echo "ALL CHECKS PASSED" || echo "$FAILS CHECK(S) FAILED")"
exit $((FAILS > 0))
