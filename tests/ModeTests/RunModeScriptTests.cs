using System.Diagnostics;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

public sealed class RunModeScriptTests
{
    [Theory]
    [InlineData]
    [InlineData("bogus")]
    [InlineData("manual", "not-a-port")]
    [InlineData("auto", "70000")]
    public async Task AWrongOrMissingModeOrPortPrintsUsageAndExits2(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        startInfo.ArgumentList.Add(Repository.RunModeScript);
        arguments.ToList().ForEach(startInfo.ArgumentList.Add);
        using var process = Process.Start(startInfo)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(arguments.Length < 2 ? "usage: scripts/run-mode.sh MODE [PORT]" : "PORT must be a number from 1 to 65535", error);
    }

    [Fact]
    public async Task AnUnknownModeIsNamedBeforeTheUsage()
    {
        var startInfo = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        startInfo.ArgumentList.Add(Repository.RunModeScript);
        startInfo.ArgumentList.Add("foo");
        using var process = Process.Start(startInfo)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("run-mode: unknown mode 'foo'\nusage: scripts/run-mode.sh MODE [PORT]", error, StringComparison.Ordinal);
    }
}
