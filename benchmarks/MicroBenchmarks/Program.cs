using System.Diagnostics;
using System.Numerics;
using System.Runtime.Versioning;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using InstrumentationModes.MicroBenchmarks;

// scripts/bench.sh --micro [--quick] [--one-core] [--output DIR] checks the options; anything else goes to BenchmarkDotNet (--filter …).
var quick = false;
var oneCore = false;
var output = "BenchmarkDotNet.Artifacts";
var benchmarkArguments = new List<string>();
for (var index = 0; index < args.Length; index++)
{
    switch (args[index])
    {
        case "--quick":
            quick = true;
            break;
        case "--one-core":
            oneCore = true;
            break;
        case "--output" when index + 1 < args.Length:
            output = args[++index];
            break;
        default:
            benchmarkArguments.Add(args[index]);
            break;
    }
}

output = Path.GetFullPath(output);

// Every case unless a filter narrows them: BenchmarkDotNet would otherwise ask on the console.
if (!benchmarkArguments.Contains("--filter"))
{
    benchmarkArguments.AddRange(["--filter", "*"]);
}

var job = quick ? Job.ShortRun : Job.Default;
if (oneCore)
{
    if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
    {
        Console.Error.WriteLine("--one-core: BenchmarkDotNet pins a process to a CPU on Linux and Windows only");
        return 2;
    }

    // The benchmark process on one CPU, as the load runs pin the server under test: the export threads and the GC
    // then take their time from the request's core instead of the idle other one.
    job = job.WithAffinity(LastAllowedCpu());
}

var config = ManualConfig.CreateEmpty()
    .AddJob(job)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddColumn(AgainstReferenceColumn.AgainstBaseline)
    .AddLogger(ConsoleLogger.Default)
    .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default)
    .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
    .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
    .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
    // Its generated project rebuilds the three samples, the agent and the endpoint: over two minutes on two cores.
    .WithBuildTimeout(TimeSpan.FromMinutes(10))
    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(30));

var summaries = BenchmarkSwitcher.FromAssembly(typeof(RequestPipelineBenchmarks).Assembly).Run(benchmarkArguments.ToArray(), config).ToList();

// The reports and the log side by side in the output folder, without BenchmarkDotNet's build artifacts.
foreach (var summary in summaries)
{
    // The results folder keeps earlier runs' reports too: only this run's classes are copied, each with the run's log,
    // so that a run of one class into a folder leaves the other's reports and log as they were.
    foreach (var type in summary.BenchmarksCases.Select(benchmarkCase => benchmarkCase.Descriptor.Type.FullName).Distinct())
    {
        foreach (var report in Directory.EnumerateFiles(summary.ResultsDirectoryPath, $"{type}-report*"))
        {
            File.Copy(report, Path.Combine(output, Path.GetFileName(report)), overwrite: true);
        }

        File.Copy(summary.LogFilePath, Path.Combine(output, $"{type}-run.log"), overwrite: true);
    }
}

return summaries.Count > 0 && summaries.All(summary => !summary.HasCriticalValidationErrors && summary.Reports.All(report => report.Success)) ? 0 : 1;

// The mask of the last CPU this process may run on: the load runs pin the server under test to the last one.
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("windows")]
static nint LastAllowedCpu()
{
    var allowed = (ulong)(long)Process.GetCurrentProcess().ProcessorAffinity;
    return (nint)(1UL << (63 - BitOperations.LeadingZeroCount(allowed)));
}
