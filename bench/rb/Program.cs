using QDeviceLab.Bench.Rb;

// bench/rb: what randomized benchmarking costs the harness.
//   generation                      Cliffords drawn, composed and inverted per second (one and two qubits)
//   overhead [sequencer|waveform]   harness time per RB sequence on the emulated station, relative to
//                                   the 0.3 s of device time the sequence stands for
//   serve STATION SEED              (internal) the emulated station in a child process for `overhead`
// Run through bench/rb/run.sh.
return args switch
{
    [] or ["generation"] => Generation.Run(),
    ["overhead", .. var rest] => await Overhead.RunAsync(rest),
    ["serve", var station, var seed] => await Overhead.ServeAsync(station, int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: QDeviceLab.Bench.Rb [generation | overhead [sequencer|waveform] [STATION.yaml] | serve STATION SEED]");
    return 64;
}
