#!/usr/bin/env bash
# Interop check: PyVISA-py (SOCKET and VXI-11) and lxi-tools (VXI-11) drive `qdlab emulate`.
# Run from the repository root after a Debug build (.ci/run does both). The emulator must get
# port 111 for its portmapper (CI runs as root with nothing else on 111); if it cannot, this
# check says so and fails, because lxi-tools can only find VXI-11 instruments there.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=/usr/bin/python3
fail() { echo "pyvisa.sh: FAIL: $*" >&2; exit 1; }
command -v lxi >/dev/null || fail "lxi (lxi-tools) is not installed"
"$python" -c 'import pyvisa, pyvisa_py' 2>/dev/null || fail "$python has no pyvisa/pyvisa-py (Debian: python3-pyvisa python3-pyvisa-py)"

work=$(mktemp -d)
emulator_pgid=""
cleanup() {
  # The emulator runs in its own process group (setsid), so this stops dotnet run and the app it started.
  if [ -n "$emulator_pgid" ]; then
    kill -TERM -- "-$emulator_pgid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$emulator_pgid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$emulator_pgid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

setsid dotnet run --project src/QDeviceLab.Cli --no-build -c Debug -- emulate >"$work/emulate.out" 2>&1 &
emulator_pgid=$!

for _ in $(seq 1 600); do
  grep -q '^Serving' "$work/emulate.out" && break
  kill -0 "$emulator_pgid" 2>/dev/null || { cat "$work/emulate.out" >&2; fail "qdlab emulate exited before serving"; }
  sleep 0.1
done
grep -q '^Serving' "$work/emulate.out" || { cat "$work/emulate.out" >&2; fail "qdlab emulate printed no resources within 60 s"; }
cat "$work/emulate.out"

if grep -q 'portmapper on 127.0.0.1:' "$work/emulate.out"; then
  holder=$(ss -ltnp 'sport = :111' 2>/dev/null | tail -n +2 || true)
  fail "the emulator could not bind port 111 for its VXI-11 portmapper (needs root and a free port; held by: ${holder:-nobody, so not root?}); VISA clients look for VXI-11 on 111"
fi

resource() { awk -v n="$1" -v c="$2" '$1 == n && $2 ~ c { print $2 }' "$work/emulate.out"; }
awg_socket=$(resource awg1 '::SOCKET$')
# VXI-11 names the device (::awg1::INSTR); HiSLIP lines (::hislipN,port::INSTR) are not for PyVISA-py 0.5.1.
awg_vxi11=$(resource awg1 '::awg1::INSTR$')
dig_vxi11=$(resource dig1 '::dig1::INSTR$')
[ -n "$awg_socket" ] && [ -n "$awg_vxi11" ] && [ -n "$dig_vxi11" ] || fail "expected awg1 SOCKET and awg1/dig1 INSTR lines from qdlab emulate"

timeout 120 "$python" - "$awg_socket" "$awg_vxi11" "$dig_vxi11" >"$work/idn" <<'PY'
import math, sys
import pyvisa

awg_socket, awg_vxi11, dig_vxi11 = sys.argv[1:4]
rm = pyvisa.ResourceManager('@py')

def check(condition, message):
    if not condition:
        sys.exit(f"pyvisa.sh: FAIL: {message}")

def open_(name):
    inst = rm.open_resource(name)
    inst.timeout = 10000
    inst.read_termination = '\n'
    inst.write_termination = '\n'
    return inst

socket = open_(awg_socket)
idn = socket.query('*IDN?')
check(idn.startswith('TEKTRONIX,AWG5208,'), f"*IDN? over SOCKET {awg_socket}: {idn!r}")
print(f"SOCKET  {awg_socket}: {idn}", file=sys.stderr)
socket.close()

for name in ('TCPIP0::127.0.0.1::inst0::INSTR', awg_vxi11):
    awg = open_(name)
    answer = awg.query('*IDN?')
    check(answer == idn, f"*IDN? over VXI-11 {name}: {answer!r}, SOCKET said {idn!r}")
    print(f"VXI-11  {name}: {answer}", file=sys.stderr)
    awg.close()

awg = open_(awg_vxi11)
awg.write('*CLS')
awg.write('WLIS:WAV:NEW "w",1000')
values = [math.sin(2 * math.pi * i / 100) * 0.5 for i in range(1000)]
awg.write_binary_values('WLISt:WAVeform:DATA "w",0,1000,', values, datatype='f', is_big_endian=False)
error = awg.query('SYSTem:ERRor?')
check(error.startswith('0,'), f"SYSTem:ERRor? after the waveform upload over VXI-11: {error!r}")
length = awg.query('WLISt:WAVeform:LENGth? "w"')
check(length.strip() == '1000', f"WLISt:WAVeform:LENGth? \"w\" answered {length!r}, expected 1000")
back = awg.query_binary_values('WLIS:WAV:DATA? "w"', datatype='f', is_big_endian=False)
check(len(back) == 1000 and all(abs(a - b) < 1e-6 for a, b in zip(values, back)), "waveform read back over VXI-11 differs from the upload")
print("VXI-11  float32 waveform of 1000 samples uploaded and read back; SYST:ERR? 0", file=sys.stderr)

dig = open_(dig_vxi11)
shots = int(dig.query('ACQuire:SHOTs?'))
dig.write('INIT')
awg.write('AWGControl:RUN')
state = dig.query('ACQuire:STATe?')
check(state == 'DONE', f"digitizer state after INIT and AWG run: {state!r}")
iq = dig.query_binary_values('FETCh:IQ? 1', datatype='f', is_big_endian=True)
check(len(iq) == 2 * shots, f"FETCh:IQ? 1 returned {len(iq)} values, expected {2 * shots}")
check(all(math.isfinite(v) for v in iq), "FETCh:IQ? 1 returned non-finite values")
awg.write('AWGControl:STOP')
print(f"VXI-11  digitizer block of {len(iq)} float32 read with query_binary_values", file=sys.stderr)
dig.close()
awg.close()
print(idn)
PY
awg_idn=$(cat "$work/idn")

# lxi-tools 2.4 has no device-name option: `lxi scpi` always links to inst0, which the emulator
# serves as the station's first instrument, the AWG.
lxi_idn=$(timeout 30 lxi scpi --address 127.0.0.1 "*IDN?" | tr -d '\r' | sed '/^$/d')
[ "$lxi_idn" = "$awg_idn" ] || fail "lxi scpi --address 127.0.0.1 '*IDN?' printed '$lxi_idn', expected the AWG identity '$awg_idn'"
echo "lxi     127.0.0.1 (inst0): $lxi_idn"

# Serial: the emulator serves the Lake Shore bridge on a pseudo-terminal (8N1 there; 7O1 is
# checked at the codec level in the unit tests). The bridge ends answers with CR LF.
bridge_serial=$(resource bridge '^ASRL')
[ -n "$bridge_serial" ] || fail "expected a bridge ASRL line from qdlab emulate"
timeout 60 "$python" - "$bridge_serial" <<'PY' || fail "PyVISA-py over serial"
import sys
import pyvisa

rm = pyvisa.ResourceManager('@py')
bridge = rm.open_resource(sys.argv[1], baud_rate=9600, read_termination='\r\n', write_termination='\n', timeout=5000)
idn = bridge.query('*IDN?')
if not idn.startswith('LSCI,MODEL372,'):
    sys.exit(f"pyvisa.sh: FAIL: *IDN? over serial answered {idn!r}")
kelvin = float(bridge.query('KRDG? 6'))
if not 0 < kelvin < 0.1:
    sys.exit(f"pyvisa.sh: FAIL: KRDG? 6 over serial answered {kelvin} K")
print(f"serial  {sys.argv[1]}: {idn}; KRDG? 6 = {kelvin} K")
bridge.close()
PY
echo "pyvisa.sh: PASS"
