#!/usr/bin/env bash
# Side-by-side transport benchmark, one command:  bench/transports/run.sh [BYTES] [QUERIES]
# (PYVISA=0 skips PyVISA-py, PYVISA=idn runs only its queries: its 256 MiB upload peaks at
# ~3.3 GiB resident; REPEATS sets our uploads per client, default 3.)
#
# Against the same emulated AWG (qdlab emulate: SOCKET, VXI-11 and HiSLIP servers) it measures
# *IDN? round trips per second and the upload of one float32 waveform (default 256 MiB) as a
# definite block followed by *OPC?, for QDeviceLab's sessions over each transport and for
# PyVISA-py (SOCKET and VXI-11; Debian's PyVISA-py 0.5.1 has no HiSLIP); and the same exchanges
# between a C client and a C server (pingpong.c), the physical limit of loopback TCP. Our upload
# is timed twice: into a waveform just created (the twin commits its memory during the upload)
# and, median of REPEATS-1 more, into the same waveform again (memory reused, as an instrument's
# waveform memory is). Every comparison runs twice: client and server pinned to one core
# (taskset -c 0) and unpinned, because waking a process on the other core costs ~40 us and
# dominates a round trip on a 2-core machine; ratios compare like with like.
# The VXI-11 resource needs the portmapper on port 111: run as root (the emulator binds it then).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bytes="${1:-268435456}"
queries="${2:-20000}"
repeats="${REPEATS:-3}"
pyvisa="${PYVISA:-1}"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

gcc -O2 -Wall -Wno-unused-result -o "$work/pingpong" "$here/pingpong.c"
dotnet build "$root/bench/QDeviceLab.Bench.Transports" -c Release -v q -nologo >/dev/null
dotnet build "$root/src/QDeviceLab.Cli" -c Release -v q -nologo >/dev/null
ours="$root/bench/QDeviceLab.Bench.Transports/bin/Release/net10.0/QDeviceLab.Bench.Transports.dll"
qdlab="$root/src/QDeviceLab.Cli/bin/Release/net10.0/qdlab.dll"

start_servers() { # $1: command prefix (taskset or nothing); $2: port of the C server
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
  $1 "$work/pingpong" server "$2" & pids+=($!)
  $1 dotnet "$qdlab" emulate >"$work/emulate.txt" 2>&1 & pids+=($!)
  for _ in $(seq 1 300); do grep -q "^awg1 .*hislip" "$work/emulate.txt" 2>/dev/null && break; sleep 0.1; done
  socket="$(awk '$1 == "awg1" && /SOCKET/ {print $2}' "$work/emulate.txt")"
  vxi11="$(awk '$1 == "awg1" && /INSTR/ && !/hislip/ {print $2}' "$work/emulate.txt")"
  hislip="$(awk '$1 == "awg1" && /hislip/ {print $2}' "$work/emulate.txt")"
  [ -n "$socket" ] && [ -n "$vxi11" ] && [ -n "$hislip" ] || { cat "$work/emulate.txt"; echo "emulator did not start" >&2; exit 1; }
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "-" || b == "-") print "-"; else printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { if (r == "-") print "n/a"; else if (r + 0 >= t + 0) print "met"; else print "NOT met" }'; }
py() { if [ "$pyvisa" = 1 ] || { [ "$pyvisa" = idn ] && [ "$1" = idn ]; }; then $prefix /usr/bin/python3 "$here/pyvisa_bench.py" "$@" || echo "- -"; else echo "- -"; fi; }
row() { printf "%-9s %-8s %-26s %14s %14s %14s %12s\n" "$@"; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
row placement transport measurement QDeviceLab "ours-again" PyVISA-py raw-C
for placement in pinned unpinned; do
  prefix=""; [ "$placement" = pinned ] && prefix="taskset -c 0"
  port=47123; [ "$placement" = unpinned ] && port=47124  # a fresh port: the last one may linger
  start_servers "$prefix" "$port"
  sleep 0.5
  raw_q=$($prefix "$work/pingpong" client "$port" "$queries")
  raw_b=$($prefix "$work/pingpong" bulk "$port" "$bytes")
  declare -A q qa b b2 mem pq pb
  for t in socket vxi11 hislip; do
    r="${!t}"
    read -r q[$t] qa[$t] < <($prefix dotnet "$ours" idn "$r" "$queries")
    read -r b[$t] mem[$t] b2[$t] < <($prefix dotnet "$ours" upload "$r" "$bytes" "$repeats")
    if [ "$t" = hislip ]; then pq[$t]="-"; pb[$t]="-"; else
      pq[$t]=$(py idn "$r" "$queries" | cut -d' ' -f1)
      read -r pb[$t] _ < <(py upload "$r" "$bytes"); fi
    row "$placement" "$t" "*IDN? round trips/s" "${q[$t]}" "" "${pq[$t]}" "$([ $t = socket ] && echo "$raw_q" || echo -)"
    row "$placement" "$t" "client bytes allocated/query" "${qa[$t]}" "" "" ""
    row "$placement" "$t" "upload bytes/s" "${b[$t]}" "${b2[$t]:--}" "${pb[$t]}" "$raw_b"
    row "$placement" "$t" "client peak RSS growth (B)" "${mem[$t]}" "" "" ""
  done
  sq=$(ratio "${q[socket]}" "$raw_q"); vq=$(ratio "${q[vxi11]}" "${q[socket]}"); hq=$(ratio "${q[hislip]}" "${q[socket]}")
  echo "  $placement query: SOCKET ours/raw $sq (target 0.9: $(verdict "$sq" 0.9)); VXI-11/SOCKET $vq, HiSLIP/SOCKET $hq" \
       "(target within 2x, >= 0.5: $(verdict "$vq" 0.5), $(verdict "$hq" 0.5)); ours/PyVISA-py SOCKET $(ratio "${q[socket]}" "${pq[socket]}"), VXI-11 $(ratio "${q[vxi11]}" "${pq[vxi11]}")"
  for t in socket vxi11 hislip; do
    target=0.5; [ $t = socket ] && target=0.7
    first=$(ratio "${b[$t]}" "$raw_b"); again=$(ratio "${b2[$t]:--}" "$raw_b")
    echo "  $placement upload $t: ours/raw new waveform $first, again $again (target $target: $(verdict "$first" $target), $(verdict "$again" $target));" \
         "ours/PyVISA-py $(ratio "${b[$t]}" "${pb[$t]}"); memory growth ours/waveform $(ratio "${mem[$t]}" "$bytes") (target < 1.5)"
  done
done
