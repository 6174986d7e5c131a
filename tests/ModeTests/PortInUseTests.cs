using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>A user's port mistakes end a server with one line and a non-zero exit, never a stack trace.</summary>
public sealed class PortInUseTests
{
    [Theory]
    [InlineData("manual")]
    [InlineData("auto")]
    [InlineData("programmatic")]
    [InlineData("baseline")]
    public async Task APortAlreadyInUseGivesOneLineAndExit1(string mode)
    {
        await ModeProcess.EnsureBuiltAsync();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await RunModeCommand.RunAsync(
            [mode, port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "console" },
            TimeSpan.FromSeconds(120));

        var transcript = $"exit {result.ExitCode}\n--- stdout ---\n{result.Output}\n--- stderr ---\n{result.Error}";
        Assert.True(result.ExitCode == 1, transcript);
        var line = Assert.Single(Lines(result), line => line.Contains("already in use", StringComparison.Ordinal));
        Assert.Equal(
            $"server: cannot listen on http://127.0.0.1:{port}: address already in use (another server running? stop it, "
                + $"or choose another port: PORT={port + 1} or scripts/run-mode.sh MODE {port + 1})",
            line);
        AssertNoStackTrace(result);
    }

    [Theory]
    [InlineData("ServerManual", "ServerManual", false)]
    [InlineData("ServerAutomatic", "ServerAutomatic", true)]
    [InlineData("ServerProgrammatic", "ServerProgrammatic", false)]
    public async Task ABadPortInTheEnvironmentGivesOneLineAndExit2(string folder, string assembly, bool withAgent)
    {
        await ModeProcess.EnsureBuiltAsync();
        // Straight to the server: run-mode.sh refuses a bad PORT itself before any server starts.
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        startInfo.ArgumentList.Add(Path.Combine(Repository.Root, folder, "bin", "Release", "net10.0", assembly + ".dll"));
        startInfo.Environment["PORT"] = "80x";
        startInfo.Environment["OTEL_TRACES_EXPORTER"] = "console";
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("DOTNET_STARTUP_HOOKS");
        if (withAgent)
        {
            startInfo.Environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(Repository.Root, "Shared", "Agent", "bin", "Release", "net10.0", "InstrumentationModes.Agent.dll");
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancellation.Token);
        var result = new CommandResult(process.ExitCode, await output, await error);

        var transcript = $"exit {result.ExitCode}\n--- stdout ---\n{result.Output}\n--- stderr ---\n{result.Error}";
        Assert.True(result.ExitCode == 2, transcript);
        Assert.Equal(
            "server: PORT must be a number from 1 to 65535, not '80x'.",
            Assert.Single(Lines(result), line => line.Contains("PORT", StringComparison.Ordinal)));
        AssertNoStackTrace(result);
    }

    private static IEnumerable<string> Lines(CommandResult result) =>
        (result.Output + "\n" + result.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void AssertNoStackTrace(CommandResult result)
    {
        Assert.DoesNotContain(Lines(result), line =>
            line.Contains("Unhandled exception", StringComparison.Ordinal)
            || line.Contains("Exception:", StringComparison.Ordinal)
            || line.Contains(" at ", StringComparison.Ordinal)
            || line.StartsWith("fail:", StringComparison.Ordinal));
    }
}
