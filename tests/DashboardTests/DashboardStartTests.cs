using System.Net;
using System.Net.Sockets;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.DashboardTests;

/// <summary>A dashboard that cannot start ends with one line and a non-zero exit, never a stack trace.</summary>
public sealed class DashboardStartTests
{
    [Fact]
    public async Task AnOtlpPortInUseGivesOneLineAndExit1()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await RunModeCommand.RunAsync(
            ["dashboard"],
            new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{port}",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            },
            TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Equal(
            $"dashboard: cannot listen on http://127.0.0.1:{port} (OTLP/gRPC): address already in use (another dashboard or OTLP "
                + "endpoint running? stop it, or give another port in ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL)",
            result.Error.TrimEnd('\n'));
        Assert.Empty(result.Output);
    }
}
