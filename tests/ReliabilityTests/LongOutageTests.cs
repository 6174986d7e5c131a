using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using InstrumentationModes.ModeLauncher;
using Xunit.Abstractions;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// Past what the retry and the queues hold: nothing listens on the endpoint's port for the whole run, the queues are
/// small and the export timeout short. Every request is still served, and a SIGTERM exits within a bound with one line
/// per signal saying how many spans and log records the full queue dropped.
/// </summary>
public sealed partial class LongOutageTests(ITestOutputHelper output)
{
    private const int Requests = 200;
    private const int Queue = 50;
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task WhatTheFullQueueDropsIsCountedAndSaidOnStderr(string mode)
    {
        var environment = Traffic.Grpc(LoopbackPorts.Free());
        environment["OTEL_EXPORTER_OTLP_TIMEOUT"] = "2000";
        foreach (var processor in new[] { "BSP", "BLRP" })
        {
            environment[$"OTEL_{processor}_MAX_QUEUE_SIZE"] = $"{Queue}";
            environment[$"OTEL_{processor}_MAX_EXPORT_BATCH_SIZE"] = $"{Queue}";
        }

        await using var server = await ModeProcess.StartAsync(mode, environment);
        var sent = await Traffic.SendAsync(server, Requests, parallel: 4);
        var stopping = Stopwatch.StartNew();
        var exitCode = await server.StopAsync(Signals.SigTerm, ExitBound);
        stopping.Stop();

        var spans = Dropped(server, "spans");
        var logs = Dropped(server, "log records");
        output.WriteLine($"{mode}: {sent.Ok} of {Requests} served with no endpoint; exit {exitCode} after {stopping.Elapsed.TotalSeconds:0.0} s; " +
            $"said dropped: {spans} spans, {logs} log records");
        Assert.Equal(Requests, sent.Ok);
        Assert.Equal(0, exitCode);

        // At most one batch being retried and one full queue are not counted as dropped: the exporter reports a batch
        // it gives up on only by the export-failure line.
        Assert.InRange(spans, Requests - (2 * Queue), Requests);
        Assert.InRange(logs, Requests - (2 * Queue), Requests);
        Assert.Contains(server.ErrorLines, line => line.StartsWith("OpenTelemetry: telemetry may not reach the OTLP endpoint", StringComparison.Ordinal));
        Modes.AssertNoUnhandledException(server);
        Traffic.AssertNoSecret(server);
    }

    private static long Dropped(ModeProcess server, string items) =>
        server.ErrorLines
            .Select(line => DroppedLine().Match(line))
            .Where(match => match.Success && match.Groups["items"].Value == items)
            .Sum(match => long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^OpenTelemetry: (?<count>\d+) (?<items>spans|log records) dropped, never exported: ")]
    private static partial Regex DroppedLine();
}
