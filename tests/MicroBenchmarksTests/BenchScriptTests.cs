using System.Diagnostics;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.MicroBenchmarks.Tests;

/// <summary><c>scripts/bench.sh --micro</c>'s options are checked before anything is built.</summary>
public sealed class BenchScriptTests
{
    [Theory]
    [InlineData("--bogus")]
    [InlineData("--output")]
    [InlineData("--filter")]
    public async Task AWrongOptionGetsOneLineAndExitCode2(string option)
    {
        var (exitCode, output, error) = await BenchAsync("--micro", option);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsTheMicroOptions()
    {
        var (exitCode, output, _) = await BenchAsync("--micro", "--help");

        Assert.Equal(0, exitCode);
        Assert.All(["--quick", "--one-core", "--output DIR", "--filter GLOB"], option => Assert.Contains(option, output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneCoreIsAnOptionTheScriptKnows()
    {
        // The options are read in order: an unknown one would stop it before --help.
        var (exitCode, output, error) = await BenchAsync("--micro", "--one-core", "--quick", "--help");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Contains("--one-core", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> BenchAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        startInfo.ArgumentList.Add(Path.Combine(Repository.Root, "scripts", "bench.sh"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
