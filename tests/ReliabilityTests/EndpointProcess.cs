using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// The DataKit-style endpoint as a user runs it, <c>scripts/run-mode.sh endpoint</c>, printing every span, metric point
/// and log record it receives; it can be stopped and started again on the same ports, as a collector restarts.
/// </summary>
public sealed class EndpointProcess : IAsyncLifetime
{
    // What the processes stopped by RestartAsync printed, so that counts cover every life of the endpoint.
    private readonly List<string> earlierLines = [];

    public int GrpcPort { get; } = LoopbackPorts.Free();

    public int HttpPort { get; } = LoopbackPorts.Free();

    public ModeProcess Process { get; private set; } = null!;

    public Uri GrpcUrl => new($"http://127.0.0.1:{GrpcPort}");

    public Uri HttpTracesUrl => new($"http://127.0.0.1:{HttpPort}/otel/v1/traces");

    /// <summary>Every line printed on standard output, by this process and those it replaced.</summary>
    public IReadOnlyList<string> OutputLines => [.. earlierLines, .. Process.OutputLines];

    /// <summary>The span lines printed so far (DataKit's view, one line per span).</summary>
    public IReadOnlyList<string> SpanLines => OutputLines.Where(line => line.StartsWith("opentelemetry ", StringComparison.Ordinal)).ToList();

    /// <summary>The log record lines printed so far: every line with a message that is neither a span nor a metric point.</summary>
    public IReadOnlyList<string> LogLines => OutputLines
        .Where(line => !line.StartsWith("opentelemetry ", StringComparison.Ordinal) && !line.StartsWith("otel_service,", StringComparison.Ordinal))
        .Where(line => line.Contains(",message=", StringComparison.Ordinal) || line.Contains(" message=", StringComparison.Ordinal))
        .ToList();

    public async Task InitializeAsync() => Process = await LaunchAsync();

    public async Task DisposeAsync() => await Process.DisposeAsync();

    /// <summary>Stops the endpoint cleanly (SIGTERM), waits <paramref name="downtime"/>, and starts it again on the same ports.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        await Process.StopAsync(Signals.SigTerm);
        earlierLines.AddRange(Process.OutputLines);
        await Process.DisposeAsync();
        await Task.Delay(downtime);
        Process = await LaunchAsync();
    }

    /// <summary>The trace id of each line, for lines that carry one.</summary>
    public static IEnumerable<string> TraceIds(IEnumerable<string> lines) => lines
        .Select(line => line.Split([' ', ','])
            .FirstOrDefault(field => field.StartsWith("trace_id=", StringComparison.Ordinal))?["trace_id=".Length..])
        .OfType<string>();

    /// <summary>
    /// The largest cumulative count printed for the histogram <paramref name="metric"/> on <paramref name="route"/>,
    /// summed over its series that carry the tag <paramref name="tag"/> (<c>key=value</c>): what the server had counted
    /// by its last export that arrived.
    /// </summary>
    public ulong CumulativeCount(string metric, string route, string tag)
    {
        var countField = $"{metric}_count=";
        return OutputLines
            .Where(line => line.StartsWith("otel_service,", StringComparison.Ordinal) && line.Contains($",http_route={route},", StringComparison.Ordinal))
            .Where(line => line.Contains($",{tag},", StringComparison.Ordinal) || line.Contains($",{tag} ", StringComparison.Ordinal))
            .Select(line => (Series: line[..line.IndexOf(' ', StringComparison.Ordinal)], Fields: line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Split(',')))
            .Select(point => (point.Series, Count: point.Fields.FirstOrDefault(field => field.StartsWith(countField, StringComparison.Ordinal))?[countField.Length..]))
            .Where(point => point.Count is not null)
            .GroupBy(point => point.Series, point => ulong.Parse(point.Count!, CultureInfo.InvariantCulture))
            .Aggregate(0UL, (sum, series) => sum + series.Max());
    }

    /// <summary>
    /// Waits until the endpoint has printed as many span lines of each trace as <paramref name="expected"/> says, or
    /// the timeout passes; returns how many it printed of each.
    /// </summary>
    public async Task<Dictionary<string, int>> WaitForSpanLinesAsync(IReadOnlyDictionary<string, int> expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var printed = TraceIds(SpanLines).Where(expected.ContainsKey).CountBy(traceId => traceId).ToDictionary();
            var received = expected.Keys.ToDictionary(traceId => traceId, traceId => printed.GetValueOrDefault(traceId));
            if (received.All(pair => pair.Value >= expected[pair.Key]) || DateTime.UtcNow > deadline)
            {
                return received;
            }

            await Task.Delay(100);
        }
    }

    private async Task<ModeProcess> LaunchAsync()
    {
        var process = await ModeProcess.LaunchAsync("endpoint", ["--grpc-port", $"{GrpcPort}", "--http-port", $"{HttpPort}"]);
        await process.WaitForLineAsync(line => line.StartsWith("DataKit endpoint listening", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        return process;
    }
}
