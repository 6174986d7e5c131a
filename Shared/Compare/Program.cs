using InstrumentationModes.Compare;

// usage: compare [--full] [grpc|http/protobuf] [--backend endpoint|dashboard] — exits 1 when what the modes sent
// differs, 2 on bad usage.
const string Full = "--full";
const string BackendOption = "--backend";
var backends = new Dictionary<string, Func<Task<ITelemetryBackend>>>
{
    ["endpoint"] = async () => await EndpointBackend.StartAsync(),
    ["dashboard"] = async () => await DashboardBackend.StartAsync(),
};
var full = args.Contains(Full);
var backendAt = Array.IndexOf(args, BackendOption);
var backendName = backendAt < 0 ? "endpoint" : args.ElementAtOrDefault(backendAt + 1);
var positional = args.Where((arg, index) => arg != Full && (backendAt < 0 || index < backendAt || index > backendAt + 1)).ToList();
var protocol = positional.Count > 0 ? positional[0] : "grpc";
if (positional.Count > 1 || !ModeComparison.Protocols.Contains(protocol) || backendName is null || !backends.ContainsKey(backendName)
    || args.Count(arg => arg == BackendOption) > 1)
{
    Console.Error.WriteLine($"usage: compare [{Full}] [{string.Join('|', ModeComparison.Protocols)}] [{BackendOption} {string.Join('|', backends.Keys)}]");
    return 2;
}

// The listing fits the terminal it is read in, or the README's width when it goes to a file or a pipe; --full keeps
// the wide markdown table, its lines unbroken.
var width = Console.IsOutputRedirected ? ComparisonTable.DefaultWidth : Math.Min(Console.WindowWidth, ComparisonTable.DefaultWidth);
void Say(string text)
{
    foreach (var line in full ? [text] : ComparisonTable.Wrap(text, width))
    {
        Console.WriteLine(line);
    }
}

var backend = await backends[backendName]();
await using var modes = await ComparedModes.StartAsync(backend, protocol, "compare", progress: line => Console.Error.WriteLine("compare: " + line));
var observations = modes.Observations;
// One SERVER span per request, and the hop's CLIENT span with the downstream's SERVER span under it.
var unexpected = observations.SelectMany(observation => new[] { (observation.ServerRequest, 1, 0), (observation.Dice, 1, 0), (observation.Chain, 2, 1) }
        .Where(expected => expected.Item1.ServerSpans.Count != expected.Item2 || expected.Item1.ClientSpans.Count != expected.Item3)
        .Select(expected => (observation.Mode, trace: expected.Item1, servers: expected.Item2, clients: expected.Item3)))
    .ToList();
foreach (var (mode, trace, servers, clients) in unexpected)
{
    Console.WriteLine($"{mode}: expected {servers} server and {clients} client span(s) in the trace {trace.TraceId}, received:");
    trace.Spans.ToList().ForEach(span => Console.WriteLine("  " + span));
}

if (unexpected.Count > 0)
{
    return 1;
}

var telemetry = observations.ToDictionary(observation => observation.Mode, observation => observation.Normalised);
var requests = $"the client's GET /server_request?param=compare, GET {ModeComparison.DicePath} and GET {ModeComparison.ChainPath("compare")}";
Say(backend.ServesMetricPoints
    ? $"What {backend.Name} received ({protocol}) for {requests}: "
        + "the spans and log records of the three traces, the request-duration and dice metric points right after, and any log record carrying the raw query."
    : $"What {backend.Name} received ({protocol}) for {requests}, as its telemetry API reports it: "
        + "the spans and log records of the three traces and any log record carrying the raw query. The API renders every attribute value as a string, so every type shows as (string).");
Console.WriteLine();
Console.Write(full ? ComparisonTable.RenderMarkdown(telemetry) : ComparisonTable.Render(telemetry, width));
Console.WriteLine();
if (backend is DashboardBackend dashboard)
{
    // Metrics did arrive (the UI shows them); only the API has none to give, so none are compared rather than faked.
    var withMetrics = await dashboard.ServicesWithMetricsAsync();
    Say("Metric points not compared: the dashboard's telemetry API serves none (/api/telemetry/metrics is a 404); "
        + $"its resources report metrics received (HasMetrics) for {(withMetrics.Count == 0 ? "none" : string.Join(", ", withMetrics))}.");
}
else
{
    // The other ASP.NET Core and Kestrel metrics come with the official instrumentation only: shown, not compared.
    Say("Metrics not compared: " + string.Join("; ", observations.Select(observation =>
        $"{observation.Mode} {(observation.OtherMetrics.Count == 0 ? "none" : string.Join(", ", observation.OtherMetrics))}")) + ".");
}

var differences = ComparisonTable.Differences(telemetry);

// The modes interoperate: one request through all three, each span the child of the one before it.
var (traceId, clientServer, spans) = await ModeComparison.TraceThroughAllModesAsync(backend, modes.Environment, "compare");
Console.WriteLine();
Say($"One request through all three modes (client, manual /chain, auto /chain, programmatic /server_request), as the {backend.Kind} received it: {spans.Count} spans in the client's trace, each the child of the line above.");
Console.WriteLine("  client-server (client)");
var chained = spans.Select((span, depth) => (span, depth)).ToList();
chained.ForEach(link => Console.WriteLine($"{new string(' ', 2 * (link.depth + 2))}{link.span.Resource} ({link.span.SpanKind}, {link.span.Service})"));
var linked = spans.Count == (2 * InstrumentationModes.ModeLauncher.Modes.Names.Count) - 1 && spans.All(span => span.TraceId == traceId) && spans[0].ParentId == clientServer;
Console.WriteLine();
Say(differences.Count > 0
    ? $"{differences.Count} field(s) differ ({ComparisonTable.DifferenceMark}): {string.Join("; ", differences)}"
    : backend.ServesMetricPoints
        ? "No difference: the three modes emit the same spans, metric points and log records (ids, times, port, scope and service differ by design)."
        : "No difference: the three modes emit the same spans and log records as the dashboard reports them (ids, times, port, scope and service differ by design).");
if (!linked)
{
    Say("The trace through all three modes is broken: a span is missing or has another parent.");
}

return differences.Count == 0 && linked ? 0 : 1;
