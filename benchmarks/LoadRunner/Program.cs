using InstrumentationModes.LoadRunner;
using InstrumentationModes.ModeLauncher;

BenchmarkOptions options;
try
{
    if (BenchmarkArguments.Parse(args) is not { } parsed)
    {
        Console.Out.WriteLine(BenchmarkArguments.Usage);
        return 0;
    }

    options = parsed;
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"bench: {exception.Message}");
    Console.Error.WriteLine(BenchmarkArguments.Usage);
    return 2;
}

await using var endpoint = await DataKitSpanEndpoint.StartAsync();
var runner = new BenchmarkRunner(options, endpoint, Console.Error, interactive: !Console.IsErrorRedirected);
var results = await runner.RunAsync();
var report = ReportFiles.Write(results, ServerEnvironment.For(options, endpoint), Path.Combine(Repository.Root, options.OutputDirectory));
foreach (var check in BenchmarkSummary.From(results).Targets)
{
    Console.Out.WriteLine($"{(check.Met ? "met   " : "MISSED")}  {check.Mode,-12} {check.Target}: {check.Figure}");
}

Console.Out.WriteLine($"report: {Path.GetRelativePath(Repository.Root, report)}");
return 0;
