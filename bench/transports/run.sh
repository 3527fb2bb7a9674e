#!/usr/bin/env bash
# Side-by-side transport benchmark, one command:  bench/transports/run.sh [BYTES] [QUERIES]
#
# Against the same emulated AWG (qdlab emulate, SOCKET) it measures *IDN? round trips per second
# and the upload of one float32 waveform (default 256 MiB) as a definite block followed by *OPC?,
# for QDeviceLab's session and for PyVISA-py; and the same exchanges between a C client and a C
# server (pingpong.c), the physical limit of loopback TCP. Every comparison runs twice: client
# and server pinned to one core (taskset -c 0) and unpinned, because waking a process on the
# other core costs ~40 us and dominates a round trip on a 2-core machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bytes="${1:-268435456}"
queries="${2:-20000}"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

gcc -O2 -Wall -Wno-unused-result -o "$work/pingpong" "$here/pingpong.c"
dotnet build "$root/bench/QDeviceLab.Bench.Transports" -c Release -v q -nologo >/dev/null
dotnet build "$root/src/QDeviceLab.Cli" -c Release -v q -nologo >/dev/null
ours="$root/bench/QDeviceLab.Bench.Transports/bin/Release/net10.0/QDeviceLab.Bench.Transports.dll"
qdlab="$root/src/QDeviceLab.Cli/bin/Release/net10.0/qdlab.dll"

start_servers() { # $1: command prefix (taskset or nothing)
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  pids=()
  $1 "$work/pingpong" server 47123 & pids+=($!)
  $1 dotnet "$qdlab" emulate >"$work/emulate.txt" 2>&1 & pids+=($!)
  for _ in $(seq 1 100); do grep -q "^awg1 .*SOCKET" "$work/emulate.txt" 2>/dev/null && break; sleep 0.1; done
  awg="$(awk '/^awg1 .*SOCKET/ {print $2}' "$work/emulate.txt")"
  [ -n "$awg" ] || { cat "$work/emulate.txt"; echo "emulator did not start" >&2; exit 1; }
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

printf "%-9s %-28s %14s %14s %12s\n" placement measurement QDeviceLab PyVISA-py raw-C
for placement in pinned unpinned; do
  prefix=""; [ "$placement" = pinned ] && prefix="taskset -c 0"
  start_servers "$prefix"
  raw_q=$($prefix "$work/pingpong" client 47123 "$queries")
  our_q=$($prefix dotnet "$ours" idn "$awg" "$queries")
  py_q=$($prefix /usr/bin/python3 "$here/pyvisa_bench.py" idn "$awg" "$queries")
  printf "%-9s %-28s %14s %14s %12s\n" "$placement" "*IDN? round trips/s" "$our_q" "$py_q" "$raw_q"
  raw_b=$($prefix "$work/pingpong" bulk 47123 "$bytes")
  read -r our_b our_mem < <($prefix dotnet "$ours" upload "$awg" "$bytes")
  read -r py_b py_mem < <($prefix /usr/bin/python3 "$here/pyvisa_bench.py" upload "$awg" "$bytes")
  printf "%-9s %-28s %14s %14s %12s\n" "$placement" "upload bytes/s" "$our_b" "$py_b" "$raw_b"
  printf "%-9s %-28s %14s %14s %12s\n" "$placement" "client peak RSS growth (B)" "$our_mem" "$py_mem" "-"
  echo "  $placement ratios: query ours/raw $(ratio "$our_q" "$raw_q"), ours/PyVISA-py $(ratio "$our_q" "$py_q");" \
       "upload ours/raw $(ratio "$our_b" "$raw_b"), ours/PyVISA-py $(ratio "$our_b" "$py_b");" \
       "memory growth ours/waveform $(ratio "$our_mem" "$bytes")"
done
