#!/usr/bin/python3
"""PyVISA-py side of the transport benchmarks (bench/transports/run.sh).

  pyvisa_bench.py idn RESOURCE N        -> queries per second
  pyvisa_bench.py upload RESOURCE BYTES -> "bytes_per_second peak_rss_growth_bytes"
"""
import resource as rlimit
import sys
import time

import pyvisa


def peak_rss():
    return rlimit.getrusage(rlimit.RUSAGE_SELF).ru_maxrss * 1024


def main():
    mode, name, amount = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rm = pyvisa.ResourceManager("@py")
    inst = rm.open_resource(name, read_termination="\n", write_termination="\n", timeout=120000)
    if mode == "idn":
        for _ in range(1000):
            inst.query("*IDN?")
        start = time.perf_counter()
        for _ in range(amount):
            inst.query("*IDN?")
        print(f"{amount / (time.perf_counter() - start):.0f}")
    elif mode == "upload":
        import array
        samples = array.array("f", (0.25,) * (amount // 4))
        before = peak_rss()
        inst.write('WLISt:WAVeform:DELete "bench"')  # an earlier run's; the error if none is harmless
        inst.write(f'WLISt:WAVeform:NEW "bench",{len(samples)}')
        inst.query("*OPC?")
        start = time.perf_counter()
        inst.write_binary_values(f'WLISt:WAVeform:DATA "bench",0,{len(samples)},', samples, datatype="f", is_big_endian=False)
        answer = inst.query("*OPC?")
        seconds = time.perf_counter() - start
        if answer.strip() != "1":
            sys.exit(f"*OPC? answered {answer!r}")
        print(f"{amount / seconds:.0f} {peak_rss() - before}")
    inst.close()


if __name__ == "__main__":
    main()
