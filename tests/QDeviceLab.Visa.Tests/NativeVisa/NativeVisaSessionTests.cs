using QDeviceLab.Core;
using QDeviceLab.Emulation;
using QDeviceLab.Visa.NativeVisa;
using QDeviceLab.Visa.Tests.Conformance;

namespace QDeviceLab.Visa.Tests.NativeVisa;

/// <summary>
/// The native backend's marshalling and status mapping against the stand-in VISA library, with GPIB
/// addresses mapped to the emulator's loopback servers. GPIB primaries 21-27 belong to this class.
/// </summary>
public sealed class NativeVisaSessionTests : IAsyncLifetime
{
    private EmulatedStation? _station;

    private int AwgPort => ResourceName.Parse(_station!.Resources["awg1"]).Port!.Value;

    private static MessageSessionOptions StandIn => new() { VisaLibrary = StandInVisaLibrary.Path, Timeout = TimeSpan.FromSeconds(5) };

    public Task InitializeAsync()
    {
        _station = EmulatedStation.Start(StationFile.Default);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _station!.DisposeAsync();

    [Fact]
    public async Task A_GPIB_resource_opens_through_the_VISA_library_by_default_and_answers()
    {
        StandInVisaLibrary.MapGpib(21, AwgPort);
        await using var session = await MessageSession.OpenAsync("GPIB0::21::INSTR", StandIn);

        string idn = await session.QueryAsync("*IDN?");

        Assert.StartsWith("TEKTRONIX,AWG5208,", idn, StringComparison.Ordinal);
        var native = Assert.IsType<NativeVisaMessageSession>(session);
        Assert.Equal(StandInVisaLibrary.Path, native.LibraryPath);
        Assert.Equal("GPIB0::21::INSTR", native.LibraryResourceName());
    }

    [Fact]
    public async Task Timeout_and_termination_settings_reach_the_library_as_attributes()
    {
        StandInVisaLibrary.MapGpib(22, AwgPort);
        await using var session = await MessageSession.OpenAsync("GPIB0::22::INSTR", StandIn);
        var native = (NativeVisaMessageSession)session;

        session.Timeout = TimeSpan.FromMilliseconds(1234);
        session.TerminationCharacter = (byte)',';
        string maker = await session.QueryAsync("*IDN?");
        session.TerminationCharacter = (byte)'\n';
        await session.ReadLineAsync();

        Assert.Equal("TEKTRONIX", maker);
        Assert.Equal(1234UL, native.GetAttribute(VisaStatus.AttributeTimeout));
        Assert.Equal((ulong)'\n', native.GetAttribute(VisaStatus.AttributeTermChar));
        Assert.Equal(1UL, native.GetAttribute(VisaStatus.AttributeTermCharEnabled));
        Assert.Equal(1UL, native.GetAttribute(VisaStatus.AttributeSendEndEnabled));
    }

    [Fact]
    public async Task Resource_the_library_cannot_find_is_VI_ERROR_RSRC_NFOUND_with_the_librarys_words()
    {
        StandInVisaLibrary.UnmapGpib(23);

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync("GPIB0::23::INSTR", StandIn));

        Assert.Equal("GPIB0::23::INSTR", e.Resource);
        Assert.Contains("VI_ERROR_RSRC_NFOUND (0xBFFF0011)", e.Message, StringComparison.Ordinal);
        Assert.Contains("resource not present", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task A_second_session_cannot_lock_what_the_first_holds_until_it_unlocks()
    {
        StandInVisaLibrary.MapGpib(24, AwgPort);
        await using var first = (NativeVisaMessageSession)await MessageSession.OpenAsync("GPIB0::24::INSTR", StandIn);
        await using var second = (NativeVisaMessageSession)await MessageSession.OpenAsync("GPIB0::24::INSTR", StandIn);

        first.Lock(TimeSpan.FromMilliseconds(100));
        var e = Assert.Throws<InstrumentIOException>(() => second.Lock(TimeSpan.FromMilliseconds(100)));
        first.Unlock();
        second.Lock(TimeSpan.FromMilliseconds(100));

        Assert.Contains("VI_ERROR_RSRC_LOCKED", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void FindRsrc_lists_what_the_library_sees()
    {
        StandInVisaLibrary.MapGpib(25, AwgPort);
        StandInVisaLibrary.MapGpib(26, AwgPort);

        var found = NativeVisaResources.Find(StandInVisaLibrary.Path);

        Assert.Contains("GPIB0::25::INSTR", found);
        Assert.Contains("GPIB0::26::INSTR", found);
    }

    [Fact]
    public async Task A_missing_library_names_what_was_tried_and_how_to_point_at_one()
    {
        var options = new MessageSessionOptions { VisaLibrary = "/opt/nowhere/libvisa.so.0" };

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync("GPIB0::27::INSTR", options));

        Assert.Contains("/opt/nowhere/libvisa.so.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("visa_library", e.Message, StringComparison.Ordinal);
        Assert.Contains(VisaLibrary.EnvironmentVariable, e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public void A_library_without_the_VISA_functions_is_refused_naming_the_missing_one()
    {
        // libc loads fine but exports no viOpenDefaultRM.
        var e = Assert.Throws<InstrumentIOException>(() => VisaLibrary.Load("libc.so.6", "GPIB0::27::INSTR"));

        Assert.Contains("libc.so.6 (it has no viOpenDefaultRM)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_named_library_every_usual_name_tried_is_listed_with_both_ways_to_point_at_one()
    {
        var e = Assert.Throws<InstrumentIOException>(() => VisaLibrary.Load(null, "GPIB0::27::INSTR", null, ["libqdlab-absent-visa-a.so", "libqdlab-absent-visa-b.so"]));

        Assert.Contains("tried the usual names: libqdlab-absent-visa-a.so (not found or not loadable), libqdlab-absent-visa-b.so", e.Message, StringComparison.Ordinal);
        Assert.Contains("'visa_library: /path/to/libvisa.so'", e.Message, StringComparison.Ordinal);
        Assert.Contains(VisaLibrary.EnvironmentVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_variable_names_the_library_when_the_station_file_does_not()
    {
        var library = VisaLibrary.Load(null, "GPIB0::27::INSTR", StandInVisaLibrary.Path, ["libqdlab-absent-visa-a.so"]);
        var e = Assert.Throws<InstrumentIOException>(() => VisaLibrary.Load(null, "GPIB0::27::INSTR", "/opt/nowhere/libvisa.so", ["libqdlab-absent-visa-a.so"]));

        Assert.Equal(StandInVisaLibrary.Path, library.Path);
        Assert.Contains($"tried {VisaLibrary.EnvironmentVariable}: /opt/nowhere/libvisa.so", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Platform_default_names_are_the_usual_VISA_libraries()
    {
        Assert.Equal(["libvisa.so.0", "libvisa.so", "libiovisa.so"], VisaLibrary.DefaultNames);
    }
}
