using QDeviceLab.Core;
using QDeviceLab.Emulation;
using QDeviceLab.Visa.Tests.Conformance;
using QDeviceLab.Visa.Usbtmc;

namespace QDeviceLab.Visa.Tests.Usbtmc;

/// <summary>What the usbtmc session asks of the driver, and how driver errors reach the caller.</summary>
public sealed class UsbtmcSessionTests : IAsyncLifetime
{
    private EmulatedStation? _station;

    private int AwgPort => ResourceName.Parse(_station!.Resources["awg1"]).Port!.Value;

    public Task InitializeAsync()
    {
        _station = EmulatedStation.Start(StationFile.Default);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _station!.DisposeAsync();

    [Fact]
    public async Task Driver_timeout_follows_the_session_timeout_with_the_drivers_100_ms_floor()
    {
        StandInUsbtmcDevice? device = null;
        await using var session = await MessageSession.OpenAsync(UsbtmcConformance.UsbAwg, UsbtmcConformance.Options(AwgPort, TimeSpan.FromMilliseconds(1500), d => device = d));

        session.Timeout = TimeSpan.FromMilliseconds(20);
        await session.ClearAsync();

        Assert.Equal(["SET_TIMEOUT 1500", "SET_TIMEOUT 100", "CLEAR"], device!.Ioctls);
    }

    [Fact]
    public async Task A_block_written_in_chunks_is_one_message_with_EOM_only_on_its_last_write()
    {
        StandInUsbtmcDevice? device = null;
        await using var session = await MessageSession.OpenAsync(UsbtmcConformance.UsbAwg, UsbtmcConformance.Options(AwgPort, TimeSpan.FromSeconds(5), d => device = d));
        // Large enough (1.6 MB) that the block helper writes it in several 1 MiB chunks.
        float[] samples = [.. Enumerable.Range(0, 400_000).Select(i => i / 400_000f)];

        await session.WriteLineAsync("WLIS:WAV:NEW \"eom\",400000");
        await session.WriteBlockAsync<float>("WLIS:WAV:DATA \"eom\",0,", samples, ByteOrder.LittleEndian);
        string length = await session.QueryAsync("WLIS:WAV:LENG? \"eom\"");

        Assert.Equal("400000", length);
        var eom = device!.Ioctls.Where(i => i.StartsWith("EOM", StringComparison.Ordinal)).ToList();
        Assert.Equal(["EOM_ENABLE 0", "EOM_ENABLE 1"], eom);
    }

    [Fact]
    public async Task Status_byte_is_a_USB488_serial_poll_not_a_query_on_the_session()
    {
        StandInUsbtmcDevice? device = null;
        await using var session = await MessageSession.OpenAsync(UsbtmcConformance.UsbAwg, UsbtmcConformance.Options(AwgPort, TimeSpan.FromSeconds(5), d => device = d));
        await session.WriteLineAsync("NO:SUCH:COMMand");

        byte stb = await session.ReadStatusByteAsync();

        Assert.Equal(4, stb & 4);
        Assert.Contains("READ_STB", device!.Ioctls);
    }

    [Fact]
    public async Task Missing_device_file_is_a_located_io_error_naming_the_path_and_ENOENT()
    {
        var options = new MessageSessionOptions { UsbtmcDevice = "/dev/usbtmc-does-not-exist-97" };

        var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync(UsbtmcConformance.UsbAwg, options));

        Assert.Contains("/dev/usbtmc-does-not-exist-97", e.Message, StringComparison.Ordinal);
        Assert.Contains("ENOENT", e.Message, StringComparison.Ordinal);
        Assert.Equal(UsbtmcConformance.UsbAwg.ToString(), e.Resource);
    }

    [Fact]
    public async Task A_file_that_is_not_a_usbtmc_device_fails_its_first_ioctl_with_ENOTTY()
    {
        // A real open() and a real ioctl() through libc: an ordinary file has no usbtmc ioctls.
        string file = Path.GetTempFileName();
        try
        {
            var e = await Assert.ThrowsAsync<InstrumentIOException>(() => MessageSession.OpenAsync(UsbtmcConformance.UsbAwg, new MessageSessionOptions { UsbtmcDevice = file }));

            Assert.Contains("ENOTTY", e.Message, StringComparison.Ordinal);
            Assert.Contains("not a usbtmc device", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(UsbtmcErrno.ENoDev, "ENODEV", "went away")]
    [InlineData(UsbtmcErrno.EPipe, "EPIPE", "stalled the endpoint")]
    [InlineData(UsbtmcErrno.ETimedOut, "ETIMEDOUT", "driver timeout")]
    [InlineData(UsbtmcErrno.ENoEnt, "ENOENT", "usbtmc module loaded")]
    [InlineData(77, "errno 77", "system error")]
    public void Each_errno_the_driver_returns_is_named_and_explained(int errno, string name, string meaning)
    {
        var e = new UsbtmcErrnoException(errno, "read", "/dev/usbtmc0");

        Assert.Equal(errno, e.Errno);
        Assert.StartsWith($"read on /dev/usbtmc0 failed: {name} (", e.Message, StringComparison.Ordinal);
        Assert.Contains(meaning, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_denied_carries_the_udev_hint()
    {
        var e = new UsbtmcErrnoException(UsbtmcErrno.EAccess, "open", "/dev/usbtmc0");

        Assert.Contains("EACCES", e.Message, StringComparison.Ordinal);
        Assert.Contains("udev rule", e.Message, StringComparison.Ordinal);
        Assert.Contains("KERNEL==\"usbtmc*\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Driver_ETIMEDOUT_is_a_visa_timeout_even_before_the_sessions_own_deadline()
    {
        // The stand-in's driver timeout is the session's; make it shorter so ETIMEDOUT arrives first.
        StandInUsbtmcDevice? device = null;
        await using var session = await MessageSession.OpenAsync(UsbtmcConformance.UsbAwg, UsbtmcConformance.Options(AwgPort, TimeSpan.FromSeconds(30), d => device = d));
        device!.SetTimeout(150);

        var e = await Assert.ThrowsAsync<VisaTimeoutException>(() => session.ReadLineAsync());

        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.Contains("ETIMEDOUT", e.InnerException!.Message, StringComparison.Ordinal);
        Assert.True(session.IsBroken);
    }
}
