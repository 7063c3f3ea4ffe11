#!/usr/bin/env bash
# Vantage lab: a multi-region network built from Linux network namespaces on
# one machine, with per-region TCP impairments.  Needs root, iproute2, python3;
# impairments also need iptables (iptables-nft is fine).
#
# Topology (default --regions eu-west,us-east,ap-south, addresses under 10.70/16):
#
#   root namespace (coordinator, admin CLI)
#     vl-host 10.70.0.2/24 ──┐              route 10.70.0.0/16 via 10.70.0.1
#                            │
#   netns vl-br (router, ip_forward=1, impairments in its FORWARD chain)
#     vl-host-br 10.70.0.1   vl-tg-br 10.70.200.1   vl-rN-br 10.70.N.1  (N = 1..)
#                            │                      │
#   netns vl-targets         │                      netns vl-<region>
#     vl-tg 10.70.200.2 ─────┘                        vl-rN 10.70.N.2 (+ 10.70.N.3)
#     accept-and-close listeners (targets.py)         agent for <region>
#
# Every object is named vl-*: `down` deletes every vl-* namespace, the vl-host
# link, and kills processes by the pidfiles in the state dir (and anything
# still running inside a vl-* namespace).  Nothing is configured in the root
# namespace except the vl-host link and its route, so no lab traffic can leave
# the machine: every lab address lives on a veth inside namespaces we create.
#
# Impairments are iptables rules in the ROUTER namespace (vl-br), table filter,
# one chain per region "vl-imp-<region>" jumped to from FORWARD for packets
# entering or leaving that region's router-side veth (vl-rN-br).  Putting them
# on the router (not in the region's OUTPUT chain) means: the agent's kernel
# sees a real network drop (a locally dropped SYN would instead fail with EPERM
# inside the sender), REJECT produces an RST that really comes back over the
# wire, and `tcpdump -i vl-rN` inside the region shows every SYN that was sent
# while `tcpdump -i vl-tg` in vl-targets shows only those that got through.
#
# Environment:
#   VANTAGE_LAB_STATE  state dir (default /run/vantage-lab): pids/, logs/, lab.env
#   VANTAGE_BIN        launcher (default <repo>/bin/vantage)
#   VANTAGE_LAB_NET    first two octets of the lab /16 (default 10.70)
#   VANTAGE_LAB_START_TIMEOUT  seconds to wait for the coordinator port (default 60)
set -Eeuo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
LAB_DIR=$(dirname "$SELF")
REPO_ROOT=$(cd "$LAB_DIR/../.." && pwd)
VANTAGE_BIN=${VANTAGE_BIN:-$REPO_ROOT/bin/vantage}
STATE=${VANTAGE_LAB_STATE:-/run/vantage-lab}
NET=${VANTAGE_LAB_NET:-10.70}
START_TIMEOUT=${VANTAGE_LAB_START_TIMEOUT:-60}

PREFIX=vl-
ROUTER_NS=vl-br
TARGETS_NS=vl-targets
HOST_IF=vl-host            # root namespace side of the host link
HOST_PEER=vl-host-br       # router side of the host link
HOST_ADDR=$NET.0.2
HOST_GW=$NET.0.1
TG_IF=vl-tg
TG_PEER=vl-tg-br
TARGET_ADDR=$NET.200.2
TARGET_GW=$NET.200.1
TARGET_NET=$NET.200.0/24
DEFAULT_REGIONS=eu-west,us-east,ap-south
DEFAULT_TARGET_PORTS=8080,8081,8443
TARGET_CLOSED_PORT=8099     # nothing listens here: natural "connection refused"
DEFAULT_COORD_PORT=7400

log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
usage: lab.sh COMMAND [ARGS]

  up [--regions a,b,c] [--network-only] [--target-ports 8080,8081,8443]
     [--coordinator-port 7400] [--agent-arg ARG]... [--coordinator-arg ARG]...
        build namespaces, start target listeners, then (unless --network-only)
        the coordinator in the root namespace and one agent per region inside
        its namespace.  Fails (after cleaning up) if anything goes wrong.
  down  [--keep-logs DIR]
        stop everything and delete every vl-* object; idempotent.
  status [--env]
        human summary, or KEY=VALUE lines (--env) for tests.  Exit 1 if not up.
  impair REGION drop-syn PORT        drop SYNs to PORT          -> connect timeout
  impair REGION reject PORT          answer SYNs with a TCP RST -> connection refused
  impair REGION slow PORT            drop the first SYN of each connection
                                     -> connect succeeds after ~1 s (SYN retransmit)
  impair REGION loss PORT PERCENT    drop PERCENT% of packets to PORT at random
  impair REGION partition            cut the region off from the coordinator
  clear REGION|all                   remove a region's impairments
  exec REGION|targets|router CMD...  run CMD inside that namespace
  probe REGION PORT [TIMEOUT]        one TCP connect from REGION to the targets,
                                     prints "ok|refused|timeout <ms>"

Impairments only match traffic from the region to the targets address
($TARGET_ADDR), so agent<->coordinator traffic is untouched (except partition).
EOF
}

need_root() { [[ $(id -u) == 0 ]] || die "must run as root"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || die "$1 not found${2:+ ($2)}"; }
lock() { exec 9<"$SELF"; flock -w 120 9 || die "could not take the lab lock"; }

ns_exists() { [[ -e /run/netns/$1 ]]; }
region_ns() { printf '%s%s' "$PREFIX" "$1"; }
env_key() { local k=${1^^}; printf '%s' "${k//-/_}"; }
is_up() { [[ -f $STATE/lab.env ]] && ns_exists "$ROUTER_NS"; }

# Regions of the running lab, one "index name" per line.
regions_file() { printf '%s/regions' "$STATE"; }
region_index() {
  local idx name
  [[ -f $(regions_file) ]] || return 1
  while read -r idx name; do
    [[ $name == "$1" ]] && { printf '%s' "$idx"; return 0; }
  done <"$(regions_file)"
  return 1
}

valid_region() { [[ $1 =~ ^[a-z0-9][a-z0-9-]{0,19}$ ]]; }
valid_port() { [[ $1 =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= 65535 )); }

# ---------------------------------------------------------------- processes --

# start_bg NAME NAMESPACE|'' CMD...  -- new session (setsid) so that the whole
# process group can be signalled; the pidfile is written by the process itself
# before it execs, so it holds the pid of the final program (= its pgid).
start_bg() {
  local name=$1 ns=$2; shift 2
  local pidf=$STATE/pids/$name.pid logf=$STATE/logs/$name.log pre=()
  [[ -n $ns ]] && pre=(ip netns exec "$ns")
  rm -f "$pidf"
  (cd "$STATE" && exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "${pre[@]}" "$@" \
      </dev/null >>"$logf" 2>&1 9<&-) &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s $pidf ]] && return 0; sleep 0.1; done
  die "$name did not start (see $logf)"
}

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pidfile FILE: TERM the process group, wait, then KILL.
stop_pidfile() {
  local f=$1 pid i
  [[ -f $f ]] || return 0
  pid=$(cat "$f" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 -- "-$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# wait_tcp NS|'' HOST PORT SECONDS [PIDFILE]: wait until HOST:PORT accepts.
wait_tcp() {
  local ns=$1 host=$2 port=$3 secs=$4 pidf=${5:-} pre=() i
  [[ -n $ns ]] && pre=(ip netns exec "$ns")
  for ((i = 0; i < secs * 5; i++)); do
    if "${pre[@]}" timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null; then
      return 0
    fi
    if [[ -n $pidf ]] && ! pid_alive "$pidf"; then return 1; fi
    sleep 0.2
  done
  return 1
}

# ---------------------------------------------------------------------- up --

netns_setup() {
  local ns=$1
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# link_ns NS IF PEER ADDR GW: veth IF (in NS, ADDR/24) <-> PEER (in router, GW/24)
link_ns() {
  local ns=$1 ifn=$2 peer=$3 addr=$4 gw=$5
  ip link add "$ifn" netns "$ns" type veth peer name "$peer" netns "$ROUTER_NS"
  ip -n "$ns" addr add "$addr/24" dev "$ifn"
  ip -n "$ROUTER_NS" addr add "$gw/24" dev "$peer"
  ip -n "$ns" link set "$ifn" up
  ip -n "$ROUTER_NS" link set "$peer" up
  ip -n "$ns" route add default via "$gw"
}

check_addresses_free() {
  local re="^${NET//./\\.}\\."
  if ip -4 -o addr show | awk '{print $4}' | grep -qE "$re"; then
    die "an address in $NET.0.0/16 is already configured on this machine; set VANTAGE_LAB_NET"
  fi
  if ip -4 route show | awk '{print $1}' | grep -qE "$re"; then
    die "a route in $NET.0.0/16 already exists on this machine; set VANTAGE_LAB_NET"
  fi
}

cmd_up() {
  local regions=$DEFAULT_REGIONS network_only=0 tports=$DEFAULT_TARGET_PORTS
  local coord_port=$DEFAULT_COORD_PORT agent_args=() coord_args=()
  while (($#)); do
    case $1 in
      --regions) regions=${2:?}; shift 2 ;;
      --regions=*) regions=${1#*=}; shift ;;
      --network-only) network_only=1; shift ;;
      --target-ports) tports=${2:?}; shift 2 ;;
      --coordinator-port) coord_port=${2:?}; shift 2 ;;
      --agent-arg) agent_args+=("${2:?}"); shift 2 ;;
      --coordinator-arg) coord_args+=("${2:?}"); shift 2 ;;
      *) die "up: unknown argument $1" ;;
    esac
  done
  need_root; need_cmd ip iproute2; need_cmd python3
  local -a rlist plist
  IFS=, read -ra rlist <<<"$regions"
  IFS=, read -ra plist <<<"$tports"
  ((${#rlist[@]} >= 1 && ${#rlist[@]} <= 99)) || die "need 1..99 regions"
  local r p seen=" "
  for r in "${rlist[@]}"; do
    valid_region "$r" || die "bad region name '$r' (lowercase letters, digits, '-', max 20)"
    [[ $seen == *" $r "* ]] && die "region '$r' given twice"
    seen+="$r "
  done
  for p in "${plist[@]}" "$coord_port"; do valid_port "$p" || die "bad port '$p'"; done
  if ((!network_only)); then
    [[ -x $VANTAGE_BIN ]] || die "$VANTAGE_BIN not found or not executable (build first, set VANTAGE_BIN, or use --network-only)"
    # bin/vantage builds the checkout on first use; do that now, not inside the
    # coordinator's start timeout (and not once per process)
    if [[ $VANTAGE_BIN == "$REPO_ROOT/bin/vantage" && ! -d $REPO_ROOT/lib && ! -d $REPO_ROOT/coordinator/target/lib ]]; then
      need_cmd mvn "needed to build the checkout"
      log "building the checkout (mvn -B -q -DskipTests package) ..."
      (cd "$REPO_ROOT" && mvn -B -q -DskipTests package) >&2 || die "build failed"
    fi
  fi
  lock
  if is_up || ns_exists "$ROUTER_NS"; then die "lab already up (run: lab.sh down)"; fi
  check_addresses_free

  trap 'log "up failed; cleaning up"; trap - ERR; do_down >/dev/null 2>&1 || true; exit 1' ERR
  # die() inside up must clean up too
  die() { printf 'lab: error: %s\n' "$*" >&2; log "up failed; cleaning up"; trap - ERR; do_down >/dev/null 2>&1 || true; exit 1; }

  rm -rf "$STATE"
  mkdir -p "$STATE/pids" "$STATE/logs" "$STATE/impair"
  : >"$(regions_file)"

  # router
  netns_setup "$ROUTER_NS"
  ip netns exec "$ROUTER_NS" sysctl -qw net.ipv4.ip_forward=1
  # host link: root namespace <-> router
  ip link add "$HOST_IF" type veth peer name "$HOST_PEER" netns "$ROUTER_NS"
  sysctl -qw "net.ipv6.conf.$HOST_IF.disable_ipv6=1" || true
  ip addr add "$HOST_ADDR/24" dev "$HOST_IF"
  ip -n "$ROUTER_NS" addr add "$HOST_GW/24" dev "$HOST_PEER"
  ip link set "$HOST_IF" up
  ip -n "$ROUTER_NS" link set "$HOST_PEER" up
  ip route add "$NET.0.0/16" via "$HOST_GW" dev "$HOST_IF"
  # targets
  netns_setup "$TARGETS_NS"
  link_ns "$TARGETS_NS" "$TG_IF" "$TG_PEER" "$TARGET_ADDR" "$TARGET_GW"
  # regions
  local i=0 ns
  for r in "${rlist[@]}"; do
    i=$((i + 1)); ns=$(region_ns "$r")
    netns_setup "$ns"
    link_ns "$ns" "vl-r$i" "vl-r$i-br" "$NET.$i.2" "$NET.$i.1"
    # a second source address per region, for --source-address experiments
    ip -n "$ns" addr add "$NET.$i.3/24" dev "vl-r$i"
    echo "$i $r" >>"$(regions_file)"
  done

  # target listeners
  start_bg targets "$TARGETS_NS" python3 "$LAB_DIR/targets.py" "$TARGET_ADDR" "${plist[@]}"
  for p in "${plist[@]}"; do
    wait_tcp "$TARGETS_NS" "$TARGET_ADDR" "$p" 10 "$STATE/pids/targets.pid" \
      || die "target listener on port $p did not come up (see $STATE/logs/targets.log)"
  done

  # machine-readable description of the network (status --env adds liveness)
  {
    echo "LAB_STATE=$STATE"
    echo "LAB_NET=$NET.0.0/16"
    echo "NETWORK_ONLY=$network_only"
    echo "HOST_IF=$HOST_IF"
    echo "HOST_ADDR=$HOST_ADDR"
    echo "COORDINATOR_HOST=$HOST_ADDR"
    echo "COORDINATOR_PORT=$coord_port"
    echo "COORDINATOR=$HOST_ADDR:$coord_port"
    echo "ROUTER_NS=$ROUTER_NS"
    echo "TARGETS_NS=$TARGETS_NS"
    echo "TARGET_IF=$TG_IF"
    echo "TARGET_ADDR=$TARGET_ADDR"
    echo "TARGET_PORTS=$(IFS=,; echo "${plist[*]}")"
    echo "TARGET_CLOSED_PORT=$TARGET_CLOSED_PORT"
    echo "REGIONS=$(IFS=,; echo "${rlist[*]}")"
    local idx name k
    while read -r idx name; do
      k=REGION_$(env_key "$name")
      echo "${k}_NS=$(region_ns "$name")"
      echo "${k}_IF=vl-r$idx"
      echo "${k}_ROUTER_IF=vl-r$idx-br"
      echo "${k}_ADDR=$NET.$idx.2"
      echo "${k}_ADDR2=$NET.$idx.3"
    done <"$(regions_file)"
  } >"$STATE/lab.env.tmp"
  mv "$STATE/lab.env.tmp" "$STATE/lab.env"

  if ((!network_only)); then
    local csv pki=$STATE/pki
    csv=$(IFS=,; echo "${rlist[*]}")
    # The coordinator listens on a non-loopback address, which needs TLS: a CA for this lab,
    # the coordinator's certificate (naming $HOST_ADDR) and one agent certificate per region.
    # $pki is private (it holds ca.key); $STATE/ca.crt is the copy the admin CLI reads.
    "$VANTAGE_BIN" certs init --dir "$pki" --locations "$csv" --names "$HOST_ADDR" >"$STATE/logs/certs.log" 2>&1 \
      || die "vantage certs init failed (see $STATE/logs/certs.log)"
    if [[ -e $pki/ca.crt ]]; then install -m 0644 "$pki/ca.crt" "$STATE/ca.crt"; fi
    cat >"$STATE/coordinator.properties" <<EOF
# generated by deploy/lab/lab.sh
listen=$HOST_ADDR:$coord_port
store.url=jdbc:sqlite:$STATE/coordinator.db
locations=$csv
default.locations=$csv
results.retention=1d
tls.cert=$pki/coordinator.crt
tls.key=$pki/coordinator.key
tls.ca=$pki/ca.crt
admin.initial_token_file=$STATE/admin.token
EOF
    # A CLI profile for the lab (server, CA, the first admin token): export VANTAGE_PROFILE=$STATE/profile.
    cat >"$STATE/profile" <<EOF
# generated by deploy/lab/lab.sh: the admin CLI's settings for this lab
server=$HOST_ADDR:$coord_port
tls.ca=$STATE/ca.crt
token.file=$STATE/admin.token
EOF
    chmod 0600 "$STATE/profile"
    start_bg coordinator "" "$VANTAGE_BIN" coordinator --config "$STATE/coordinator.properties" "${coord_args[@]}"
    wait_tcp "" "$HOST_ADDR" "$coord_port" "$START_TIMEOUT" "$STATE/pids/coordinator.pid" \
      || die "coordinator did not listen on $HOST_ADDR:$coord_port (see $STATE/logs/coordinator.log)"
    while read -r i r; do
      start_bg "agent-$r" "$(region_ns "$r")" "$VANTAGE_BIN" agent --location "$r" \
        --coordinator "$HOST_ADDR:$coord_port" --agent-id "lab-$r" \
        --tls-cert "$pki/agent-$r.crt" --tls-key "$pki/agent-$r.key" --tls-ca "$pki/ca.crt" "${agent_args[@]}"
    done <"$(regions_file)"
    sleep 1
    for r in "${rlist[@]}"; do
      pid_alive "$STATE/pids/agent-$r.pid" || die "agent for $r exited (see $STATE/logs/agent-$r.log)"
    done
  fi
  trap - ERR
  cmd_status
}

# -------------------------------------------------------------------- down --

do_down() {
  local f ns pid
  # our processes, by pidfile (agents first, then coordinator, then targets)
  if [[ -d $STATE/pids ]]; then
    for f in "$STATE"/pids/agent-*.pid; do [[ -e $f ]] && stop_pidfile "$f"; done
    stop_pidfile "$STATE/pids/coordinator.pid"
    for f in "$STATE"/pids/*.pid; do [[ -e $f ]] && stop_pidfile "$f"; done
  fi
  # anything else still running inside a lab namespace would keep it alive
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX" || true); do
    for pid in $(ip netns pids "$ns" 2>/dev/null || true); do kill -TERM "$pid" 2>/dev/null || true; done
  done
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX" || true); do
    for pid in $(ip netns pids "$ns" 2>/dev/null || true); do
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns del "$ns" 2>/dev/null || true
  done
  # veths in the root namespace (normally only vl-host; deleting a namespace
  # already destroys its veth peers, so this is for half-built states)
  for f in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^$PREFIX" || true); do
    ip link del "$f" 2>/dev/null || true
  done
  rm -rf "$STATE"
}

cmd_down() {
  local keep=""
  while (($#)); do
    case $1 in
      --keep-logs) keep=${2:?}; shift 2 ;;
      *) die "down: unknown argument $1" ;;
    esac
  done
  need_root; lock
  if [[ -n $keep && -d $STATE/logs ]]; then mkdir -p "$keep" && cp -a "$STATE/logs/." "$keep/"; fi
  do_down
  log "down: no vl-* namespaces, links or lab processes left"
}

# ------------------------------------------------------------------ status --

impairments_of() {
  if [[ -s $STATE/impair/$1 ]]; then paste -sd' ' "$STATE/impair/$1"; else echo "${2:-}"; fi
}

cmd_status() {
  local env=0
  [[ ${1:-} == --env ]] && env=1
  if ! is_up; then
    if ((env)); then echo "LAB_UP=0"; else echo "lab is not up"; fi
    return 1
  fi
  local idx name k f
  if ((env)); then
    echo "LAB_UP=1"
    cat "$STATE/lab.env"
    for f in "$STATE"/pids/*.pid; do
      [[ -e $f ]] || continue
      k=$(basename "$f" .pid)
      k=$(env_key "$k")
      echo "${k}_PID=$(cat "$f")"
      if pid_alive "$f"; then echo "${k}_ALIVE=1"; else echo "${k}_ALIVE=0"; fi
    done
    while read -r idx name; do
      echo "REGION_$(env_key "$name")_IMPAIRMENTS=$(impairments_of "$name")"
    done <"$(regions_file)"
    return 0
  fi
  # shellcheck disable=SC1091
  . "$STATE/lab.env"
  echo "Vantage lab (state $STATE)"
  echo "  coordinator  $COORDINATOR (root namespace, via $HOST_IF)$([[ $NETWORK_ONLY == 1 ]] && echo '  [network only]')"
  echo "  targets      netns $TARGETS_NS  $TARGET_ADDR  ports $TARGET_PORTS  (closed port $TARGET_CLOSED_PORT)"
  echo "  router       netns $ROUTER_NS"
  echo "  regions:"
  while read -r idx name; do
    printf '    %-12s netns %-14s %-22s impairments: %s\n' "$name" "$(region_ns "$name")" \
      "$(ip -n "$(region_ns "$name")" -4 -o addr show dev "vl-r$idx" 2>/dev/null | awk '{print $4}' | paste -sd' ')" \
      "$(impairments_of "$name" none)"
  done <"$(regions_file)"
  echo "  processes:"
  for f in "$STATE"/pids/*.pid; do
    [[ -e $f ]] || continue
    printf '    %-22s pid %-8s %s   log %s\n' "$(basename "$f" .pid)" "$(cat "$f")" \
      "$(pid_alive "$f" && echo alive || echo DEAD)" "$STATE/logs/$(basename "$f" .pid).log"
  done
  if command -v iptables >/dev/null && ip netns exec "$ROUTER_NS" iptables -S FORWARD 2>/dev/null | grep -q vl-imp-; then
    echo "  firewall rules (netns $ROUTER_NS, table filter):"
    ip netns exec "$ROUTER_NS" iptables -S 2>/dev/null | grep -E 'vl-imp-' | sed 's/^/    /'
  fi
  if [[ $NETWORK_ONLY != 1 ]]; then
    echo "  admin:  export VANTAGE_PROFILE=$STATE/profile   (server $COORDINATOR, CA $STATE/ca.crt, token $STATE/admin.token)"
  fi
  return 0
}

# ------------------------------------------------------------- impairments --

# Chain per region in the router namespace; created on first use.
ensure_chain() {
  local chain=$1 idx=$2
  local ipt=(ip netns exec "$ROUTER_NS" iptables -w)
  "${ipt[@]}" -S "$chain" >/dev/null 2>&1 || "${ipt[@]}" -N "$chain"
  "${ipt[@]}" -C FORWARD -i "vl-r$idx-br" -j "$chain" 2>/dev/null || "${ipt[@]}" -A FORWARD -i "vl-r$idx-br" -j "$chain"
  "${ipt[@]}" -C FORWARD -o "vl-r$idx-br" -j "$chain" 2>/dev/null || "${ipt[@]}" -A FORWARD -o "vl-r$idx-br" -j "$chain"
}

add_rule() {
  local chain=$1; shift
  local ipt=(ip netns exec "$ROUTER_NS" iptables -w)
  "${ipt[@]}" -C "$chain" "$@" 2>/dev/null || "${ipt[@]}" -A "$chain" "$@"
}

cmd_impair() {
  local region=${1:-} kind=${2:-}
  [[ -n $region && -n $kind ]] || { usage >&2; exit 2; }
  need_root; need_cmd iptables "apt-get install iptables"
  lock
  is_up || die "lab is not up"
  local idx
  idx=$(region_index "$region") || die "unknown region '$region'"
  local chain="vl-imp-$region" rif="vl-r$idx-br" port=${3:-} desc
  ensure_chain "$chain" "$idx"
  if [[ $kind != partition ]]; then valid_port "$port" || die "impair $kind: need a PORT"; fi
  local to_target=(-i "$rif" -d "$TARGET_NET" -p tcp --dport "$port")
  case $kind in
    drop-syn)
      # every SYN to PORT vanishes: the client retransmits until its timeout
      add_rule "$chain" "${to_target[@]}" --syn -m comment --comment "vl:drop-syn:$port" -j DROP
      desc="drop-syn:$port" ;;
    reject)
      # the router answers for the target with an RST: connect() -> ECONNREFUSED
      add_rule "$chain" "${to_target[@]}" -m comment --comment "vl:reject:$port" \
        -j REJECT --reject-with tcp-reset
      desc="reject:$port" ;;
    slow)
      # Drop exactly the FIRST SYN of every connection; its retransmission
      # (sent by Linux after the initial RTO of 1 s) passes, so connect()
      # succeeds after ~1 s.
      #
      # Why not the alternatives:
      #  * -m statistic --mode nth --every 2 counts packets of ALL connections
      #    matching the rule: with two connections interleaved, one loses both
      #    SYNs to every other packet and another loses none.
      #  * conntrack state: a SYN dropped in FORWARD never gets its conntrack
      #    entry confirmed (confirmation happens at POSTROUTING), so the
      #    retransmitted SYN is ctstate NEW again and indistinguishable; a
      #    CONNMARK set on the first SYN dies with it.
      #  * -m recent keys on the source (and optionally destination) ADDRESS
      #    only, not on ports, so concurrent connections share one entry.
      # What we use: -m hashlimit keyed on the full 4-tuple
      # (srcip,srcport,dstip,dstport) with burst 1 and a rate of 1/hour.  The
      # rule "matches while under the limit": a new 4-tuple's bucket holds one
      # token, so its first SYN matches and is dropped; the retransmission one
      # second later finds the bucket empty (refill takes an hour), does not
      # match, and is forwarded.  Entries expire 10 s after their last SYN, so
      # memory stays bounded; a NEW connection that reuses the exact same
      # 4-tuple within 10 s of the previous one would not be slowed (Linux
      # walks through the ephemeral port range per destination, so this needs
      # ~14k connects to one target from one address within 10 s).
      add_rule "$chain" "${to_target[@]}" --syn \
        -m hashlimit --hashlimit-upto 1/hour --hashlimit-burst 1 \
        --hashlimit-mode srcip,srcport,dstip,dstport \
        --hashlimit-name "vls${idx}_$port" --hashlimit-htable-expire 10000 \
        -m comment --comment "vl:slow:$port" -j DROP
      desc="slow:$port" ;;
    loss)
      local pct=${4:-} prob
      [[ $pct =~ ^[0-9]+([.][0-9]+)?$ ]] || die "impair loss: need PERCENT (0-100)"
      prob=$(awk -v p="$pct" 'BEGIN { if (p <= 0 || p > 100) exit 1; printf "%.4f", p / 100 }') \
        || die "impair loss: PERCENT must be in (0, 100]"
      # every packet from the region to PORT (SYN, ACK, FIN...) is dropped
      # independently with this probability; lost SYNs show up as
      # ~1 s / ~3 s / ~7 s connect times or timeouts.
      add_rule "$chain" "${to_target[@]}" -m statistic --mode random --probability "$prob" \
        -m comment --comment "vl:loss:$port:$pct" -j DROP
      desc="loss:$port:$pct%" ;;
    partition)
      # all traffic between the region and the host link (coordinator) dropped
      add_rule "$chain" -i "$rif" -o "$HOST_PEER" -m comment --comment "vl:partition" -j DROP
      add_rule "$chain" -i "$HOST_PEER" -o "$rif" -m comment --comment "vl:partition" -j DROP
      desc="partition" ;;
    *) die "unknown impairment '$kind' (drop-syn|reject|slow|loss|partition)" ;;
  esac
  grep -qxF "$desc" "$STATE/impair/$region" 2>/dev/null || echo "$desc" >>"$STATE/impair/$region"
  log "$region: $desc"
}

cmd_clear() {
  local target=${1:-}
  [[ -n $target ]] || { usage >&2; exit 2; }
  need_root; lock
  is_up || die "lab is not up"
  local idx name
  while read -r idx name; do
    [[ $target == all || $target == "$name" ]] || continue
    if command -v iptables >/dev/null; then
      ip netns exec "$ROUTER_NS" iptables -w -F "vl-imp-$name" 2>/dev/null || true
    fi
    rm -f "$STATE/impair/$name"
    log "$name: impairments cleared"
  done <"$(regions_file)"
  [[ $target == all ]] || region_index "$target" >/dev/null || die "unknown region '$target'"
}

# -------------------------------------------------------------------- misc --

cmd_exec() {
  local where=${1:-}; shift || true
  (($#)) || die "exec: need a command"
  is_up || die "lab is not up"
  case $where in
    targets) exec ip netns exec "$TARGETS_NS" "$@" ;;
    router) exec ip netns exec "$ROUTER_NS" "$@" ;;
    *) region_index "$where" >/dev/null || die "unknown region '$where'"
       exec ip netns exec "$(region_ns "$where")" "$@" ;;
  esac
}

cmd_probe() {
  local region=${1:-} port=${2:-} timeout=${3:-3}
  valid_port "$port" || die "probe: need REGION PORT [TIMEOUT]"
  is_up || die "lab is not up"
  region_index "$region" >/dev/null || die "unknown region '$region'"
  exec ip netns exec "$(region_ns "$region")" python3 "$LAB_DIR/probe.py" "$TARGET_ADDR" "$port" --timeout "$timeout"
}

main() {
  local cmd=${1:-}; shift || true
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    impair) cmd_impair "$@" ;;
    clear) cmd_clear "$@" ;;
    exec) cmd_exec "$@" ;;
    probe) cmd_probe "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
