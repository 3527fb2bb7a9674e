using System.Globalization;
using QDeviceLab.Emulation.Physics;
using QDeviceLab.Emulation.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Emulation.Tests.Instruments;

/// <summary>The default station's five qubits: wiring, truth within the ranges, calibrated pi pulses.</summary>
public sealed class FiveQubitStationTests
{
    private const double SampleRate = 1e9; // the station's AWG setting
    private const double PulseDuration = 40e-9;

    [Fact]
    public async Task Q3_and_q4_have_truth_within_the_design_ranges()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        foreach (string name in new[] { "q3", "q4" })
        {
            var q = station.TruthFor(name);
            Assert.InRange(q.T1, 30e-6, 80e-6);
            Assert.InRange(q.T2Star, 1e-6, 2 * q.T1);
            Assert.InRange(q.DetuningHz, -250e3, 250e3);
            Assert.InRange(q.RabiRatePerVolt, 48e6, 56e6);
        }
    }

    [Theory]
    [InlineData("q0", 2e-3)]
    [InlineData("q1", 2e-3)]
    [InlineData("q2", 2e-3)]
    [InlineData("q3", 1e-5)]
    [InlineData("q4", 1e-5)]
    public async Task The_harness_pi_amplitude_rotates_by_pi_with_the_lifted_gaussian(string qubit, double tolerance)
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var truth = station.TruthFor(qubit);
        double area = LiftedGaussian().Sum() / SampleRate;
        double angle = 2 * Math.PI * truth.RabiRatePerVolt * HarnessPiAmplitude(qubit) * area;
        Assert.True(Math.Abs(angle / Math.PI - 1) < tolerance, $"{qubit}: {angle / Math.PI} pi");
    }

    [Fact]
    public async Task Q4_is_driven_by_awg2_and_read_by_dig2_channel_1()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        var truth = station.TruthFor("q4");
        using var awg = new RawScpiClient(station.Resources["awg2"]);
        using var dig = new RawScpiClient(station.Resources["dig2"]);
        // 1 Vpp: sample 1.0 is 0.5 V.
        float[] pulse = [.. LiftedGaussian().Select(e => (float)(HarnessPiAmplitude("q4") * e / 0.5))];
        awg.WriteLine("CLOC:SRAT 1e9;:SOUR1:VOLT 1.0");
        QubitExperimentTests.Upload(awg, "pi", pulse);
        awg.WriteLine("SOUR1:CASS:WAV \"pi\";:OUTP1 ON;:AWGC:RUN");
        Assert.Equal("2", awg.Query("AWGC:RST?")); // running before the digitizer is armed on its own connection
        dig.WriteLine("ACQ:SHOT 2000;:INIT");
        Assert.Equal("1", dig.Query("*OPC?"));
        dig.WriteLine("FETC:IQ? 1");
        double excited = QubitExperimentTests.Classify(Waveforms.Floats(dig.ReadBlock(), bigEndian: true), truth);
        Assert.InRange(excited, 0.93, 1.0);

        // dig1 saw the same trigger, but none of its qubits was driven.
        using var dig1 = new RawScpiClient(station.Resources["dig1"]);
        dig1.WriteLine("INIT");
        dig1.WriteLine("FETC:IQ? 4");
        Assert.InRange(QubitExperimentTests.Classify(Waveforms.Floats(dig1.ReadBlock(), bigEndian: true), station.TruthFor("q3")), 0.0, 0.05);
    }

    /// <summary>The harness's envelope (PulseSequenceBuilder.GaussianEnvelope): sigma = T/4, cut at +-2 sigma, lifted to zero ends.</summary>
    private static double[] LiftedGaussian()
    {
        int n = (int)Math.Round(PulseDuration * SampleRate);
        double sigma = PulseDuration / 4, centre = PulseDuration / 2;
        double floor = Math.Exp(-(centre * centre) / (2 * sigma * sigma));
        return [.. Enumerable.Range(0, n).Select(k =>
        {
            double t = (k + 0.5) / SampleRate - centre;
            return (Math.Exp(-(t * t) / (2 * sigma * sigma)) - floor) / (1 - floor);
        })];
    }

    private static double HarnessPiAmplitude(string qubit)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(StationFiles.Default)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var pi = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["qubits"])[qubit])["pi_pulse"];
        return double.Parse(((YamlScalarNode)pi["amplitude"]).Value!, CultureInfo.InvariantCulture);
    }
}
