using System.Globalization;
using System.Net;
using System.Net.Sockets;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>A user's port mistakes end a server with one line and a non-zero exit, never a stack trace.</summary>
public sealed class PortInUseTests
{
    public static TheoryData<string> ModesAndBaseline => new([.. Modes.Names, "baseline"]);

    [Theory]
    [MemberData(nameof(ModesAndBaseline))]
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
