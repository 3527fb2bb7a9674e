using System.Buffers.Binary;
using QDeviceLab.Core;
using QDeviceLab.Instruments.Capabilities;
using QDeviceLab.Instruments.LakeShore;
using QDeviceLab.Instruments.QDeviceLab;
using QDeviceLab.Instruments.Tektronix;
using QDeviceLab.Instruments.Tests.Support;
using QDeviceLab.Visa;

namespace QDeviceLab.Instruments.Tests;

public sealed class DriverTests
{
    private static async Task<IMessageSession> Open(ScriptedScpiServer server)
    {
        var session = await MessageSession.OpenAsync(server.Resource);
        session.Timeout = TimeSpan.FromSeconds(5); // generous: the machine may be busy; no test waits for it to expire
        return session;
    }

    [Fact]
    public void Identity_splits_the_four_idn_fields()
    {
        var idn = InstrumentIdentity.Parse("TEKTRONIX,AWG5208,B010123,FV:7.0.0.1\n");
        Assert.Equal(("TEKTRONIX", "AWG5208", "B010123", "FV:7.0.0.1"), (idn.Manufacturer, idn.Model, idn.SerialNumber, idn.Firmware));
        Assert.Equal("TEKTRONIX,AWG5208,B010123,FV:7.0.0.1", idn.Raw);
    }

    [Fact]
    public void Identity_with_missing_fields_keeps_them_empty()
    {
        var idn = InstrumentIdentity.Parse("ACME");
        Assert.Equal("ACME", idn.Manufacturer);
        Assert.Equal("", idn.Firmware);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public async Task Awg_stop_returns_only_once_the_awg_confirms_it_has_stopped(string opcAnswer, bool accepted)
    {
        // A digitizer armed next, on another connection, must never see this AWG still playing.
        await using var server = ScriptedScpiServer.Identifying("TEKTRONIX,AWG5208,X1,FV:7.0", command => command switch
        {
            "CLOCk:SRATe?" => "1.0E+09",
            "SOURce1:VOLTage:AMPLitude?" => "1.0",
            "*OPC?" => opcAnswer,
            _ => null,
        });
        await using var awg = new TektronixAwg5208("awg1", await Open(server), new AwgSettings(1e9, 1.0));
        await awg.OpenAsync();

        if (accepted)
        {
            await awg.StopAsync();
        }
        else
        {
            var error = await Assert.ThrowsAsync<InstrumentIOException>(() => awg.StopAsync());
            Assert.Contains("expected 1 after AWGControl:STOP", error.Message);
        }

        var received = server.Received.ToList();
        Assert.Equal(["AWGControl:STOP:IMMediate", "*OPC?"], received.TakeLast(2));
    }

    [Fact]
    public async Task Awg_uploads_volts_as_little_endian_float32_samples_scaled_by_the_amplitude()
    {
        await using var server = ScriptedScpiServer.Identifying("TEKTRONIX,AWG5208,X1,FV:7.0", command => command switch
        {
            "CLOCk:SRATe?" => "1.0E+09",
            "SOURce1:VOLTage:AMPLitude?" => "1.0",
            _ => null,
        });
        await using var awg = new TektronixAwg5208("awg1", await Open(server), new AwgSettings(1e9, 1.0));
        await awg.OpenAsync();
        Assert.Equal(1e9, awg.SampleRate);
        Assert.Equal(0.5, awg.FullScaleVolts);

        await awg.UploadWaveformAsync("pi", new double[] { 0, 0.25, -0.5 });

        Assert.Contains("WLISt:WAVeform:NEW \"pi\",3", server.Received);
        Assert.Contains("WLISt:WAVeform:DATA \"pi\",0,3,#<12 bytes>", server.Received);
        var block = server.Blocks.Single();
        var samples = Enumerable.Range(0, 3).Select(i => BinaryPrimitives.ReadSingleLittleEndian(block.AsSpan(4 * i))).ToArray();
        Assert.Equal(new[] { 0f, 0.5f, -1f }, samples);
    }

    [Fact]
    public async Task Awg_refuses_a_sample_beyond_full_scale_before_sending_anything()
    {
        await using var server = ScriptedScpiServer.Identifying("TEKTRONIX,AWG5208,X1,FV:7.0", command => command switch
        {
            "CLOCk:SRATe?" => "1.0E+09",
            "SOURce1:VOLTage:AMPLitude?" => "0.5",
            _ => null,
        });
        await using var awg = new TektronixAwg5208("awg1", await Open(server), new AwgSettings(1e9, 0.5));
        await awg.OpenAsync();
        var error = await Assert.ThrowsAsync<MeasurementException>(() => awg.UploadWaveformAsync("big", new double[] { 0.1, 0.3 }));
        Assert.Contains("sample 1 is 0.3 V", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Received, m => m.StartsWith("WLISt:WAVeform:NEW", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Awg_reports_an_instrument_error_with_the_command_that_caused_it()
    {
        var pendingError = false;
        await using var server = new ScriptedScpiServer(command =>
        {
            if (command.StartsWith("SOURce3:CASSet", StringComparison.Ordinal))
            {
                pendingError = true;
            }

            switch (command)
            {
                case "*IDN?": return "TEKTRONIX,AWG5208,X1,FV:7.0";
                case "CLOCk:SRATe?": return "1.0E+09";
                case "SOURce1:VOLTage:AMPLitude?": return "1.0";
                case "SYSTem:ERRor?" when pendingError:
                    pendingError = false;
                    return "-222,\"Data out of range\"";
                case "SYSTem:ERRor?": return "0,\"No error\"";
                default: return null;
            }
        });

        await using var awg = new TektronixAwg5208("awg1", await Open(server), new AwgSettings(1e9, 1.0));
        await awg.OpenAsync();
        var error = await Assert.ThrowsAsync<InstrumentErrorException>(() => awg.AssignWaveformAsync(3, "missing"));
        Assert.Equal(-222, error.Code);
        Assert.Equal("SOURce3:CASSet:WAVeform \"missing\"", error.Command);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public async Task Awg_rejects_a_channel_it_does_not_have(int channel)
    {
        await using var server = ScriptedScpiServer.Identifying("TEKTRONIX,AWG5208,X1,FV:7.0");
        await using var awg = new TektronixAwg5208("awg1", await Open(server), new AwgSettings(1e9, 1.0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => awg.SetOutputAsync(channel, true));
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData("")]
    [InlineData("line\nbreak")]
    public async Task Awg_rejects_waveform_names_that_would_break_the_command(string name)
    {
        await using var server = ScriptedScpiServer.Identifying("TEKTRONIX,AWG5208,X1,FV:7.0");
        await using var awg = new TektronixAwg5208("awg1", await Open(server), new AwgSettings(1e9, 1.0));
        await Assert.ThrowsAsync<ArgumentException>(() => awg.AssignWaveformAsync(1, name));
    }

    [Fact]
    public async Task Lake_shore_reads_kelvin_from_krdg()
    {
        await using var server = ScriptedScpiServer.Identifying("LSCI,MODEL372,LSA1,1.0", command => command == "KRDG? 6" ? "+1.20500E-02" : null);
        await using var bridge = new LakeShoreModel372("bridge", await Open(server));
        await bridge.OpenAsync();
        Assert.Equal(0.01205, await bridge.ReadTemperatureAsync("06"), 12);
    }

    [Fact]
    public async Task Lake_shore_garbage_reading_is_a_transport_error_naming_the_command()
    {
        await using var server = ScriptedScpiServer.Identifying("LSCI,MODEL372,LSA1,1.0", command => command == "KRDG? A" ? "OVERLOAD" : null);
        await using var bridge = new LakeShoreModel372("bridge", await Open(server));
        var error = await Assert.ThrowsAsync<InstrumentIOException>(() => bridge.ReadTemperatureAsync("a"));
        Assert.Contains("KRDG? A", error.Message, StringComparison.Ordinal);
        Assert.Contains("OVERLOAD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("17")]
    [InlineData("B")]
    [InlineData("")]
    public void Lake_shore_channel_names_outside_1_16_and_A_are_rejected(string channel) =>
        Assert.Throws<ArgumentException>(() => LakeShoreModel372.NormalizeChannel(channel));

    [Fact]
    public async Task Digitizer_fetch_splits_interleaved_iq_pairs()
    {
        var payload = new byte[4 * 4];
        float[] values = [1f, 2f, 3f, 4f];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(4 * i), values[i]);
        }

        await using var server = new ScriptedScpiServer(command => command switch
        {
            "*IDN?" => "QDeviceLab,DIG-IQ4,D1,0.1.0",
            "SYSTem:ERRor?" => "0,\"No error\"",
            "*OPC?" => "1",
            "FETCh:IQ? 2" => "#216" + Latin1(payload),
            _ => null,
        });
        await using var digitizer = new QDeviceLabDigIq4("dig1", await Open(server));
        await digitizer.OpenAsync();
        await digitizer.ArmAsync(2);
        await digitizer.WaitForAcquisitionAsync();
        var shots = await digitizer.FetchIqAsync(2);
        Assert.Equal(new[] { 1f, 3f }, shots.InPhase);
        Assert.Equal(new[] { 2f, 4f }, shots.Quadrature);
        Assert.Contains("FORMat:BORDer SWAPped", server.Received);
    }

    [Fact]
    public async Task Digitizer_with_fewer_shots_than_armed_is_an_error()
    {
        await using var server = new ScriptedScpiServer(command => command switch
        {
            "*IDN?" => "QDeviceLab,DIG-IQ4,D1,0.1.0",
            "SYSTem:ERRor?" => "0,\"No error\"",
            "FETCh:IQ? 1" => "#18" + Latin1(new byte[8]),
            _ => null,
        });
        await using var digitizer = new QDeviceLabDigIq4("dig1", await Open(server));
        await digitizer.OpenAsync();
        await digitizer.ArmAsync(3);
        await Assert.ThrowsAsync<InstrumentIOException>(() => digitizer.FetchIqAsync(1));
    }

    [Fact]
    public void Iq_shots_need_as_many_q_as_i_points() =>
        Assert.Throws<ArgumentException>(() => new IqShots(new float[2], new float[3]));

    private static string Latin1(byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);
}
