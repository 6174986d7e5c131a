using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>The DataKit-style endpoint as a user runs it, <c>scripts/run-mode.sh endpoint</c>, printing every span it receives.</summary>
public sealed class EndpointProcess : IAsyncLifetime
{
    public int GrpcPort { get; } = LoopbackPorts.Free();

    public int HttpPort { get; } = LoopbackPorts.Free();

    public ModeProcess Process { get; private set; } = null!;

    public Uri GrpcUrl => new($"http://127.0.0.1:{GrpcPort}");

    public Uri HttpTracesUrl => new($"http://127.0.0.1:{HttpPort}/otel/v1/traces");

    /// <summary>The span lines printed so far (DataKit's view, one line per span).</summary>
    public IReadOnlyList<string> SpanLines => Process.OutputLines.Where(line => line.StartsWith("opentelemetry ", StringComparison.Ordinal)).ToList();

    public async Task InitializeAsync()
    {
        Process = await ModeProcess.LaunchAsync("endpoint", ["--grpc-port", $"{GrpcPort}", "--http-port", $"{HttpPort}"]);
        await Process.WaitForLineAsync(line => line.StartsWith("DataKit endpoint listening", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
    }

    public async Task DisposeAsync() => await Process.DisposeAsync();

    /// <summary>
    /// Waits until the endpoint has printed as many span lines of each trace as <paramref name="expected"/> says, or
    /// the timeout passes; returns how many it printed of each.
    /// </summary>
    public async Task<Dictionary<string, int>> WaitForSpanLinesAsync(IReadOnlyDictionary<string, int> expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var printed = SpanLines
                .Select(line => line.Split(' ').FirstOrDefault(field => field.StartsWith("trace_id=", StringComparison.Ordinal))?["trace_id=".Length..])
                .OfType<string>()
                .Where(expected.ContainsKey)
                .CountBy(traceId => traceId)
                .ToDictionary();
            var received = expected.Keys.ToDictionary(traceId => traceId, traceId => printed.GetValueOrDefault(traceId));
            if (received.All(pair => pair.Value >= expected[pair.Key]) || DateTime.UtcNow > deadline)
            {
                return received;
            }

            await Task.Delay(100);
        }
    }
}
