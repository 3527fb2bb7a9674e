using System.Globalization;
using System.Text.RegularExpressions;
using QDeviceLab.Emulation.Tests.Support;

namespace QDeviceLab.Emulation.Tests.Instruments;

public sealed class InstrumentCommandTests
{
    [Fact]
    public async Task Awg_identifies_and_manages_its_waveform_list()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        Assert.Matches("^TEKTRONIX,AWG5208,[^,]+,FV:7\\.0\\.0\\.1$", awg.Query("*IDN?"));
        awg.WriteLine("WLIS:WAV:NEW \"a\",4;NEW \"b\",8");
        Assert.Equal("2", awg.Query("WLISt:SIZE?"));
        Assert.Equal("8", awg.Query("WLIS:WAV:LENG? \"b\""));
        awg.Write(Waveforms.DataCommand("a", [0.5f, -1f, 1f, 0.25f]));
        awg.WriteLine("WLIS:WAV:DATA? \"a\"");
        Assert.Equal([0.5f, -1f, 1f, 0.25f], Waveforms.Floats(awg.ReadBlock(), bigEndian: false));
        awg.WriteLine("WLIS:WAV:DATA \"b\",#18" + "\0\0\0?\0\0\0?"); // the short form: two samples of 0.5 from index 0
        awg.WriteLine("WLIS:WAV:DATA? \"b\",0,3");
        Assert.Equal([0.5f, 0.5f, 0f], Waveforms.Floats(awg.ReadBlock(), bigEndian: false));
        awg.WriteLine("WLIS:WAV:DEL \"a\"");
        Assert.Equal("1", awg.Query("WLIS:SIZE?"));
        awg.WriteLine("WLIS:WAV:DEL ALL");
        Assert.Equal("0", awg.Query("WLIS:SIZE?"));
        Assert.Equal("0,\"No error\"", awg.Query("SYST:ERR?"));
    }

    [Fact]
    public async Task Awg_refuses_samples_outside_minus_one_to_one_and_keeps_the_old_data()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        awg.WriteLine("WLIS:WAV:NEW \"w\",3");
        awg.Write(Waveforms.DataCommand("w", [0.1f, 1.5f, 0.2f]));
        Assert.StartsWith("-222,\"Data out of range", awg.Query("SYST:ERR?"));
        awg.WriteLine("WLIS:WAV:DATA? \"w\"");
        Assert.Equal([0f, 0f, 0f], Waveforms.Floats(awg.ReadBlock(), bigEndian: false));
    }

    [Fact]
    public async Task Awg_settings_have_defaults_ranges_and_queries()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        Assert.Equal(2.5e9, double.Parse(awg.Query("CLOC:SRAT?"), CultureInfo.InvariantCulture));
        Assert.Equal(0.5, double.Parse(awg.Query("SOUR3:VOLT?"), CultureInfo.InvariantCulture));
        awg.WriteLine("CLOCk:SRATe 1.0E9;:SOURce3:VOLTage:LEVel:IMMediate:AMPLitude 1.0;:OUTPut3 ON");
        Assert.Equal("1000000000;1;0", awg.Query("CLOC:SRAT?;:OUTP3?;:OUTP4:STAT?"));
        Assert.Equal(1.0, double.Parse(awg.Query("VOLT3?".Replace("VOLT3", "SOUR3:VOLT", StringComparison.Ordinal)), CultureInfo.InvariantCulture));
        awg.WriteLine("CLOC:SRAT 3e9");
        awg.WriteLine("CLOC:SRAT 100");
        awg.WriteLine("OUTP9 ON");
        awg.WriteLine("SOUR1:CASS:WAV \"missing\"");
        Assert.Matches("^-222,.*,-222,.*,-114,.*,-224,.*$", awg.Query("SYST:ERR:ALL?"));
        Assert.Equal("0", awg.Query("AWGC:RST?"));
        awg.WriteLine("AWGC:RUN:IMM");
        Assert.Equal("2", awg.Query("AWGC:RST?"));
        awg.WriteLine("AWGC:STOP");
        Assert.Equal("0", awg.Query("AWGC:RST?"));
        awg.WriteLine("*RST");
        Assert.Equal("2500000000", awg.Query("CLOC:SRAT?"));
    }

    [Fact]
    public async Task Digitizer_fetch_before_an_acquisition_is_an_empty_block_and_minus_230()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        Assert.Matches("^QDeviceLab,DIG-IQ4,[^,]+,0\\.1\\.0$", dig.Query("*IDN?"));
        Assert.Equal("IDLE", dig.Query("ACQ:STAT?"));
        dig.WriteLine("FETC:IQ? 1");
        Assert.Empty(dig.ReadBlock());
        Assert.StartsWith("-230,\"Data corrupt or stale", dig.Query("SYST:ERR?"));
        dig.WriteLine("ACQ:SHOT 0");
        dig.WriteLine("ACQ:SHOT 1000001");
        Assert.Matches("^-222,.*,-222,.*$", dig.Query("SYST:ERR:ALL?"));
        Assert.Equal("1000", dig.Query("ACQ:SHOTS?"));
    }

    [Fact]
    public async Task Digitizer_acquires_at_once_when_the_awg_is_already_running_and_honours_byte_order()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var awg = new RawScpiClient(station.Resources["awg1"]);
        using var dig = new RawScpiClient(station.Resources["dig1"]);
        awg.WriteLine("AWGC:RUN");
        Assert.Equal("2", awg.Query("AWGC:RST?")); // running before the digitizer is armed on its own connection
        Assert.Equal("NORM", dig.Query("FORM:BORD?"));
        dig.WriteLine("ACQ:SHOT 10;:INIT:IMM");
        Assert.Equal("DONE", dig.Query("ACQ:STAT?"));
        dig.WriteLine("FETC:IQ? 2");
        var big = Waveforms.Floats(dig.ReadBlock(), bigEndian: true);
        dig.WriteLine("FORMat:BORDer SWAPped");
        Assert.Equal("SWAP", dig.Query("FORM:BORD?"));
        dig.WriteLine("FETC:IQ? 2");
        var little = Waveforms.Floats(dig.ReadBlock(), bigEndian: false);
        Assert.Equal(big, little);
        Assert.Equal(20, big.Length);
        // dig2's channel 4 has no qubit: noise around zero, far from any readout centre.
        using var dig2 = new RawScpiClient(station.Resources["dig2"]);
        dig2.WriteLine("ACQ:SHOT 10;:INIT");
        dig2.WriteLine("FETC:IQ? 4");
        Assert.All(Waveforms.Floats(dig2.ReadBlock(), bigEndian: true), v => Assert.InRange(v, -1e-3f, 1e-3f));
    }

    [Fact]
    public async Task Lake_shore_reads_the_mixing_chamber_with_crlf_answers()
    {
        await using var station = EmulatedStation.Start(StationFiles.Default);
        using var bridge = new RawScpiClient(station.Resources["bridge"]);
        Assert.Matches("^LSCI,MODEL372,[^,]+,1\\.0$", bridge.Query("*IDN?", "\r\n"));
        string reading = bridge.Query("KRDG? 6", "\r\n");
        Assert.Matches(new Regex("^\\+\\d\\.\\d{5}E[+-]\\d{2}$"), reading);
        double kelvin = double.Parse(reading, CultureInfo.InvariantCulture);
        Assert.InRange(kelvin, 0.012 * 0.99, 0.012 * 1.01);
        Assert.InRange(double.Parse(bridge.Query("KRDG? 1", "\r\n"), CultureInfo.InvariantCulture), 49, 51);
        Assert.InRange(double.Parse(bridge.Query("krdg? 3", "\r\n"), CultureInfo.InvariantCulture), 0.79, 0.81);
        double ohms = double.Parse(bridge.Query("RDGR? 6", "\r\n"), CultureInfo.InvariantCulture);
        double expected = 1000 * Math.Exp(Math.Sqrt(0.1 / 0.012));
        Assert.InRange(ohms, expected * 0.98, expected * 1.02);
        Assert.Equal("+0.00000E+00", bridge.Query("KRDG? 12", "\r\n"));
    }
}
