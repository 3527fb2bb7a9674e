namespace QDeviceLab.Cli.Tests;

public sealed class DefaultPathsTests
{
    [Fact]
    public void The_embedded_station_and_standards_are_found_without_a_checkout()
    {
        // The test runs from its bin folder, where the CLI's shipped copies sit next to qdlab.
        Assert.True(File.Exists(DefaultPaths.Find(DefaultPaths.EmulatedStation)));
        Assert.True(Directory.Exists(DefaultPaths.Find(DefaultPaths.StandardsFolder)));
    }

    [Fact]
    public void A_default_that_exists_nowhere_is_a_usage_error_naming_it()
    {
        var error = Assert.Throws<UsageException>(() => DefaultPaths.Find("no-such-folder-here"));
        Assert.Contains("'no-such-folder-here'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_folders_are_named_by_utc_time()
    {
        var folder = DefaultPaths.NewRunFolder(new DateTimeOffset(2026, 11, 28, 23, 5, 9, TimeSpan.FromHours(2)));
        Assert.EndsWith(Path.Combine("qdlab-runs", "20261128-210509"), folder, StringComparison.Ordinal);
    }
}
