using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary>
/// <c>scripts/run-mode.sh client</c> started before its server (as after <c>run-mode.sh manual &amp;</c>) waits a
/// bounded time for the server, says so once, and gives up with one line when none comes.
/// </summary>
public sealed class ClientWaitTests
{
    private static readonly Dictionary<string, string> NoExport = new() { ["OTEL_TRACES_EXPORTER"] = "none" };

    [Fact]
    public async Task AClientStartedBeforeItsServerWaitsAndSendsItsRequestOnce()
    {
        var port = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        await using var client = await ModeProcess.LaunchAsync("client", ["early", port], NoExport);
        await client.WaitForLineAsync(line => line.StartsWith("client: waiting", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        await using var server = await ModeProcess.LaunchAsync("manual", [port], NoExport);
        var exitCode = await client.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"client exit {exitCode}\n{client.Transcript}\n{server.Transcript}");
        Assert.Equal(
            $"client: waiting up to 10 s for localhost:{port} to accept connections...",
            Assert.Single(client.ErrorLines, line => line.StartsWith("client: waiting", StringComparison.Ordinal)));
        Assert.Contains("client: 200 served", client.OutputLines);
        await server.WaitForLineAsync(line => line.StartsWith("param=", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("param=\"early\"", Assert.Single(server.OutputLines, line => line.StartsWith("param=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WithNothingListeningTheClientGivesUpWithOneLineAndExit1()
    {
        var port = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        await using var client = await ModeProcess.LaunchAsync("client", ["nobody", port], NoExport);

        // A hang guard, not a timing: the client gives up after 10 s of waiting.
        var exitCode = await client.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 1, $"client exit {exitCode}\n{client.Transcript}");
        var clientLines = client.ErrorLines.Where(line => line.StartsWith("client:", StringComparison.Ordinal));
        Assert.Equal(
            [
                $"client: waiting up to 10 s for localhost:{port} to accept connections...",
                $"client: nothing is listening on localhost:{port} (start a server first: scripts/run-mode.sh manual {port})",
            ],
            clientLines);
        Assert.Empty(client.OutputLines);
        Assert.DoesNotContain(client.ErrorLines, line =>
            line.Contains("Unhandled exception", StringComparison.Ordinal) || line.Contains(" at ", StringComparison.Ordinal));
    }
}
