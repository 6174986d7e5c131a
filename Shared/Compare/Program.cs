using InstrumentationModes.Compare;

// usage: compare [--full] [grpc|http/protobuf] — exits 1 when what the modes sent differs, 2 on bad usage.
const string Full = "--full";
var full = args.Contains(Full);
var positional = args.Where(arg => arg != Full).ToList();
var protocol = positional.Count > 0 ? positional[0] : "grpc";
if (positional.Count > 1 || !ModeComparison.Protocols.Contains(protocol))
{
    Console.Error.WriteLine($"usage: compare [{Full}] [{string.Join('|', ModeComparison.Protocols)}]");
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

var observations = await ModeComparison.RunAsync(protocol, line => Console.Error.WriteLine("compare: " + line));
var unexpected = observations.SelectMany(observation => new[] { observation.ServerRequest, observation.Dice }
        .Where(trace => trace.ServerSpans.Count != 1)
        .Select(trace => (observation.Mode, trace)))
    .ToList();
foreach (var (mode, trace) in unexpected)
{
    Console.WriteLine($"{mode}: expected exactly one server span in the trace {trace.TraceId}, received {trace.ServerSpans.Count}:");
    trace.ServerSpans.ToList().ForEach(span => Console.WriteLine("  " + span));
}

if (unexpected.Count > 0)
{
    return 1;
}

var telemetry = observations.ToDictionary(observation => observation.Mode, observation => observation.Normalised);
Say(
    $"What the DataKit-style endpoint received ({protocol}) for the client's GET /server_request?param=compare and GET {ModeComparison.DicePath}: "
    + "the spans and log records of both traces, the request-duration and dice metric points right after, and any log record carrying the raw query.");
Console.WriteLine();
Console.Write(full ? ComparisonTable.RenderMarkdown(telemetry) : ComparisonTable.Render(telemetry, width));
Console.WriteLine();
// The other ASP.NET Core and Kestrel metrics come with the official instrumentation only: shown, not compared.
Say("Metrics not compared: " + string.Join("; ", observations.Select(observation =>
    $"{observation.Mode} {(observation.OtherMetrics.Count == 0 ? "none" : string.Join(", ", observation.OtherMetrics))}")) + ".");
var differences = ComparisonTable.Differences(telemetry);
Say(differences.Count == 0
    ? "No difference: the three modes emit the same spans, metric points and log records (ids, times, port, scope and service differ by design)."
    : $"{differences.Count} field(s) differ ({ComparisonTable.DifferenceMark}): {string.Join("; ", differences)}");
return differences.Count == 0 ? 0 : 1;
