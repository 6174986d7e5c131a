using InstrumentationModes.LoadRunner;
using InstrumentationModes.ModeLauncher;

var commandLine = new BenchmarkCommandLine();
commandLine.Command.SetAction(async parsed =>
{
    var options = commandLine.Options(parsed);
    var isolation = CpuIsolation.Plan(options.Isolation, CpuIsolation.AllowedCpus());
    try
    {
        isolation.PinHarness();
    }
    catch (InvalidOperationException exception)
    {
        Console.Error.WriteLine($"bench: {exception.Message} (--no-isolation runs without pinning)");
        return 1;
    }

    await using var endpoint = await DataKitSpanEndpoint.StartAsync();
    var results = await new BenchmarkRunner(options, endpoint, RunProgress.ForStandardError(), isolation).RunAsync();
    var report = ReportFiles.Write(results, ServerEnvironment.For(options, endpoint), Path.Combine(Repository.Root, options.OutputDirectory));
    foreach (var check in BenchmarkSummary.From(results).Targets)
    {
        Console.Out.WriteLine($"{check.Verdict switch { Verdict.Met => "met       ", Verdict.Missed => "MISSED    ", _ => "not judged" }}  {check.Mode,-12} {check.Target}: {check.Figure}{(check.Reason is null ? "" : $" ({check.Reason})")}");
    }

    Console.Out.WriteLine($"report: {Path.GetRelativePath(Repository.Root, report)}");
    return 0;
});

var result = commandLine.Parse(args);
if (result.Errors.Count > 0)
{
    Console.Error.WriteLine($"bench: {result.Errors[0].Message} (scripts/bench.sh --help lists every option)");
    return 2;
}

// Runs the action above, or prints the help for --help.
return await result.InvokeAsync();
