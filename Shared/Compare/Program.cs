using InstrumentationModes.Compare;

// usage: compare [grpc|http/protobuf] — exits 1 when the modes' server spans differ, 2 on bad usage.
var protocol = args.Length > 0 ? args[0] : "grpc";
if (args.Length > 1 || !ModeComparison.Protocols.Contains(protocol))
{
    Console.Error.WriteLine($"usage: compare [{string.Join('|', ModeComparison.Protocols)}]");
    return 2;
}

var observations = await ModeComparison.RunAsync(protocol, line => Console.Error.WriteLine("compare: " + line));
var unexpected = observations.Where(observation => observation.ServerSpans.Count != 1).ToList();
foreach (var observation in unexpected)
{
    Console.WriteLine($"{observation.Mode}: expected exactly one server span for the request, received {observation.ServerSpans.Count}:");
    observation.ServerSpans.ToList().ForEach(span => Console.WriteLine("  " + span));
}

if (unexpected.Count > 0)
{
    return 1;
}

var spans = observations.ToDictionary(observation => observation.Mode, observation => observation.Normalised);
Console.WriteLine($"The server span of GET /server_request?param=compare, as the DataKit-style endpoint received it ({protocol}):");
Console.WriteLine();
Console.Write(ComparisonTable.Render(spans));
Console.WriteLine();
var differences = ComparisonTable.Differences(spans);
Console.WriteLine(differences.Count == 0
    ? "No difference: the three modes emit the same span (ids, times, port, scope and service differ by design)."
    : $"{differences.Count} field(s) differ ({ComparisonTable.DifferenceMark}): {string.Join(", ", differences)}");
return differences.Count == 0 ? 0 : 1;
