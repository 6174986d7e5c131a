using InstrumentationModes.Compare;

// usage: compare [grpc|http/protobuf] — exits 1 when what the modes sent differs, 2 on bad usage.
var protocol = args.Length > 0 ? args[0] : "grpc";
if (args.Length > 1 || !ModeComparison.Protocols.Contains(protocol))
{
    Console.Error.WriteLine($"usage: compare [{string.Join('|', ModeComparison.Protocols)}]");
    return 2;
}

var observations = await ModeComparison.RunAsync(protocol, line => Console.Error.WriteLine("compare: " + line));
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
Console.WriteLine(
    $"What the DataKit-style endpoint received ({protocol}) for the client's GET /server_request?param=compare, GET {ModeComparison.DicePath} and GET {ModeComparison.ChainPath("compare")}: "
    + "the spans and log records of the three traces, the request-duration and dice metric points right after, and any log record carrying the raw query.");
Console.WriteLine();
Console.Write(ComparisonTable.Render(telemetry));
Console.WriteLine();
// The other ASP.NET Core and Kestrel metrics come with the official instrumentation only: shown, not compared.
Console.WriteLine("Metrics not compared: " + string.Join("; ", observations.Select(observation =>
    $"{observation.Mode} {(observation.OtherMetrics.Count == 0 ? "none" : string.Join(", ", observation.OtherMetrics))}")) + ".");
var differences = ComparisonTable.Differences(telemetry);
Console.WriteLine(differences.Count == 0
    ? "No difference: the three modes emit the same spans, metric points and log records (ids, times, port, scope and service differ by design)."
    : $"{differences.Count} field(s) differ ({ComparisonTable.DifferenceMark}): {string.Join("; ", differences)}");
return differences.Count == 0 ? 0 : 1;
