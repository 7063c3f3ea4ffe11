#!/usr/bin/env bash
# Connect-time accuracy: the agent's own connect times against a packet capture of the same
# connections.
#
# Starts an accept-and-close listener on 127.0.0.1:PORT (deploy/lab/targets.py), captures every
# SYN and SYN-ACK of that port on lo with tcpdump, and runs
#   bin/vantage bench probe --target 127.0.0.1:PORT --record CSV
# which drives the agent's real job runner and prober and writes one line per connect attempt
# (local port, connect time). It then joins the two by source port (in time order, so a reused
# port is handled) and prints |agent - capture| for normal handshakes and for slow ones, where the
# capture's connect time is first SYN to SYN-ACK. Attempts started during the bench's 1 s warm-up
# (a fresh JVM: class loading, interpreted code) are shown on a line of their own and not counted.
#
# Slow handshakes: every Nth connection loses its FIRST SYN, so it completes on the kernel's
# retransmission about 1 s later. The drop is an iptables rule in the root namespace's INPUT
# chain, only for lo, 127.0.0.1 and PORT: it matches SYNs whose 4-tuple it has not seen in the
# last 3 s (hashlimit with burst 1, as `deploy/lab/lab.sh impair REGION slow`), then every Nth of
# those (statistic nth), so the retransmission always passes. Why INPUT and not OUTPUT: a SYN
# dropped in OUTPUT does not make connect() fail (checked on Linux 6.18: it is retransmitted and
# connects after ~1 s), but it never reaches lo, so the capture sees only the retransmission and
# calls a 1 s handshake instant. A SYN dropped in INPUT was sent on lo and captured, exactly as a
# SYN lost on a network.
#
# The agent times a handshake whose SYN went out once with the kernel's own round trip (TCP_INFO),
# and one with a retransmitted SYN on its event loop; the record says which ("timed by" below).
#
# usage: connect-accuracy.sh [--concurrency C] [--duration D] [--slow-every N] [--port P]
#                            [--close rst|fin] [--probe-priority normal|realtime] [--nice N] [--keep DIR]
#   --concurrency  probes in flight (default 16)        --duration  e.g. 20s (default 20s)
#   --slow-every   drop the first SYN of every Nth connection, 0 = never (default 10)
#   --port         listener port on 127.0.0.1 (default 19981; must be free)
#   --probe-priority  the agent's option of that name (default normal; realtime: SCHED_FIFO probe threads)
#   --nice N       run the agent at this niceness, in a session (autogroup) of its own at N too
#   --keep DIR     keep the capture, the record and the joined table (join.csv) in DIR
# Needs root, tcpdump, iptables (nft backend fine), python3; builds bin/vantage on first use.
# Everything it creates (listener, tcpdump, bench, the iptables rule) is removed on exit.
set -Eeuo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO_ROOT=$(cd "$(dirname "$SELF")/../.." && pwd)
VANTAGE_BIN=${VANTAGE_BIN:-$REPO_ROOT/bin/vantage}

concurrency=16 duration=20s slow_every=10 port=19981 close=rst keep= nice= priority=normal
while (($#)); do
  case $1 in
    --concurrency) concurrency=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --slow-every) slow_every=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --close) close=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --nice) nice=$2; shift 2 ;;
    --probe-priority) priority=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -E/p' "$SELF" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "connect-accuracy: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
die() { echo "connect-accuracy: error: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || die "must run as root (tcpdump, iptables)"
for c in tcpdump iptables python3; do command -v $c >/dev/null || die "$c not found (apt-get install -y tcpdump iptables python3)"; done
[[ $port =~ ^[0-9]+$ ]] && ((port > 1024 && port < 65536)) || die "--port: a number 1025..65535, got '$port'"
[[ $slow_every =~ ^[0-9]+$ ]] || die "--slow-every: a number, 0 for none, got '$slow_every'"
[[ -z $nice || $nice =~ ^-?[0-9]+$ ]] || die "--nice: a number -20..19, got '$nice'"
# --nice: a session (autogroup) of its own at that niceness too. With kernel.sched_autogroup_enabled
# a process's niceness only weighs against its own session, not against other sessions' load.
runner=()
[[ -n $nice ]] && runner=(setsid -w bash -c 'echo "$0" >/proc/self/autogroup 2>/dev/null || true; exec nice -n "$0" "$@"' "$nice")
if ss -Htln "sport = :$port" | grep -q .; then die "port $port is in use; pick another with --port"; fi

work=$(mktemp -d /tmp/vantage-accuracy.XXXXXX)
lpid= tpid= rule=()
cleanup() {
  local rc=$?
  [[ -n $tpid ]] && kill -INT "$tpid" 2>/dev/null && wait "$tpid" 2>/dev/null || true
  [[ -n $lpid ]] && kill "$lpid" 2>/dev/null && wait "$lpid" 2>/dev/null || true
  if ((${#rule[@]})); then iptables -w -D INPUT "${rule[@]}" 2>/dev/null || true; fi
  if [[ -n $keep ]]; then mkdir -p "$keep" && cp -a "$work"/. "$keep"/ && echo "kept: $keep" >&2; fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

python3 "$REPO_ROOT/deploy/lab/targets.py" 127.0.0.1 "$port" >"$work/listener.log" 2>&1 & lpid=$!
for _ in $(seq 50); do ss -Htln "sport = :$port" | grep -q . && break; sleep 0.1; done
ss -Htln "sport = :$port" | grep -q . || die "listener did not start: $(cat "$work/listener.log")"

if ((slow_every > 0)); then
  rule=(-i lo -p tcp -d 127.0.0.1 --dport "$port" --syn
        -m hashlimit --hashlimit-upto 1/hour --hashlimit-burst 1
        --hashlimit-mode srcip,srcport,dstip,dstport --hashlimit-name "va_acc_$port"
        --hashlimit-htable-expire 3000 --hashlimit-htable-size 65536 --hashlimit-htable-max 1048576
        -m statistic --mode nth --every "$slow_every" --packet 0
        -m comment --comment "vantage connect-accuracy" -j DROP)
  iptables -w -I INPUT "${rule[@]}" || { rule=(); die "cannot add the iptables rule"; }
fi

# SYNs and SYN-ACKs of the target port only (the capture's connect time needs nothing else). A short
# snaplen matters: with --immediate-mode libpcap uses fixed-size ring slots of snaplen bytes, so
# the default 256 KiB leaves 64 slots in 16 MiB and bursts get dropped.
tcpdump -i lo -n -tt --immediate-mode -B 16384 -s 128 --time-stamp-precision=nano -w "$work/capture.pcap" \
  "tcp port $port and tcp[tcpflags] & tcp-syn != 0" 2>"$work/tcpdump.err" & tpid=$!
for _ in $(seq 50); do grep -q 'listening on' "$work/tcpdump.err" && break; sleep 0.1; done
grep -q 'listening on' "$work/tcpdump.err" || die "tcpdump did not start: $(cat "$work/tcpdump.err")"

echo "agent niceness: ${nice:-unchanged}; load before: $(cut -d' ' -f1-3 /proc/loadavg)  ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'))"
"${runner[@]}" "$VANTAGE_BIN" bench probe --target "127.0.0.1:$port" --concurrency "$concurrency" --duration "$duration" \
  --close "$close" --probe-priority "$priority" --timeout 5s --record "$work/record.csv" | tee "$work/bench.txt"
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 0.5
kill -INT "$tpid"; wait "$tpid" || true; tpid=
cat "$work/tcpdump.err" | grep -E 'captured|received|dropped' | sed 's/^/tcpdump: /'
dropped=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel.*/\1/p' "$work/tcpdump.err")
[[ ${dropped:-x} == 0 ]] || echo "WARNING: tcpdump dropped ${dropped:-?} packets: the comparison below is incomplete" >&2
if ((${#rule[@]})); then
  echo "iptables: $(iptables -w -L INPUT -v -n -x | grep 'vantage connect-accuracy' | awk '{print $1}') first SYNs dropped"
fi

tcpdump -r "$work/capture.pcap" -n -tt --time-stamp-precision=nano 2>/dev/null >"$work/capture.txt"
python3 - "$work/capture.txt" "$work/record.csv" "$port" "$work/join.csv" <<'PY'
import csv, re, sys
from collections import defaultdict
cap_file, rec_file, port, join_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

# 1. The capture: per client port, handshakes in time order as [first SYN, SYN-ACK or None, SYNs sent].
line = re.compile(r'^(\d+\.\d+) IP 127\.0\.0\.1\.(\d+) > 127\.0\.0\.1\.(\d+): Flags \[([^\]]*)\]')
hs = defaultdict(list)
for text in open(cap_file):
    m = line.match(text)
    if not m:
        continue
    t, src, dst, flags = float(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)
    if dst == port and flags == 'S':
        cur = hs[src]
        if cur and cur[-1][1] is None:
            cur[-1][2] += 1                  # a retransmitted SYN of the handshake in progress
        else:
            cur.append([t, None, 1])
    elif src == port and flags == 'S.':
        cur = hs[dst]
        if cur and cur[-1][1] is None:
            cur[-1][1] = t                   # first SYN-ACK ends the handshake

# 2. The agent's record, per local port in start order.
rec = defaultdict(list)
rows = 0
for r in csv.DictReader(open(rec_file)):
    rows += 1
    rec[int(r['local_port'])].append((int(r['started_at_us']) / 1e6, int(r['connect_nanos']), r['status'], r['phase'], r['clock']))

# 3. Join: per port, walk both lists in time order; an attempt matches the handshake whose first
#    SYN follows its start by less than 0.5 s (the start is taken just before connect()).
pairs, unmatched_rec, failed = [], 0, 0
for p, attempts in rec.items():
    caps = hs.get(p, [])
    attempts.sort()
    i = 0
    for start, nanos, status, phase, clock in attempts:
        while i < len(caps) and caps[i][0] < start - 0.005:
            i += 1
        if i < len(caps) and caps[i][0] - start < 0.5:
            syn, synack, syns = caps[i]
            i += 1
            if status != 'ok' or synack is None:
                failed += 1
                continue
            pairs.append((p, syn, nanos / 1e6, (synack - syn) * 1e3, syns, phase, clock))
        else:
            unmatched_rec += 1
handshakes = sum(len(v) for v in hs.values())
print(f"capture: {handshakes} handshakes, {sum(1 for v in hs.values() for h in v if h[2] > 1)} with a retransmitted SYN; "
      f"record: {rows} attempts; matched {len(pairs)} connected, {failed} failed, {unmatched_rec} attempts without a capture")
with open(join_file, 'w') as out:
    out.write('local_port,first_syn_epoch_s,agent_ms,capture_ms,syns,phase,clock\n')
    for p, syn, a, c, syns, phase, clock in pairs:
        out.write(f'{p},{syn:.9f},{a:.6f},{c:.6f},{syns},{phase},{clock}\n')

def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(q / 100 * len(xs) + 0.5)) - 1))]

print(f"{'handshakes':<26}{'n':>7}{'capture p50':>13}{'agent p50':>11}{'|err| p50':>11}{'|err| p99':>11}{'|err| max':>11}{'bias p50':>10}  (ms)")
ok = True
timed_by = 'nothing'
measured = lambda x: x[5] == 'measure'
for name, sel in (('normal (1 SYN)', lambda x: measured(x) and x[4] == 1), ('slow (SYN retransmitted)', lambda x: measured(x) and x[4] > 1),
                  ('all', measured), ('warm-up (not counted)', lambda x: not measured(x))):
    g = [x for x in pairs if sel(x)]
    if not g:
        print(f"{name:<26}{0:>7}")
        continue
    err = [abs(a - c) for _, _, a, c, _, _, _ in g]
    bias = [a - c for _, _, a, c, _, _, _ in g]
    print(f"{name:<26}{len(g):>7}{pct([x[3] for x in g], 50):>13.3f}{pct([x[2] for x in g], 50):>11.3f}"
          f"{pct(err, 50):>11.3f}{pct(err, 99):>11.3f}{max(err):>11.3f}{pct(bias, 50):>+10.3f}")
    if name == 'all':
        ok = pct(err, 50) <= 0.2 and pct(err, 99) <= 2.0
        clocks = defaultdict(int)
        for x in g:
            clocks[x[6]] += 1
        timed_by = ', '.join(f'{k} {v}' for k, v in sorted(clocks.items()))
print(f"timed by: {timed_by} (kernel: TCP_INFO round trip of a single SYN; loop: the event loop's clock)")
print(f"verdict: {'PASS' if ok else 'FAIL'} (|agent - capture| within 0.2 ms at the median and 2 ms at p99)")
sys.exit(0 if ok else 3)
PY
