namespace InstrumentationModes.LoadRunner;

/// <summary>Writes a run's report, CSVs and chart into one folder.</summary>
public static class ReportFiles
{
    public const string ReportFile = "report.md";

    /// <summary>Writes every file; returns the report's path.</summary>
    public static string Write(BenchmarkResults results, IReadOnlyDictionary<string, string> serverEnvironment, string folder)
    {
        Directory.CreateDirectory(folder);
        var summary = BenchmarkSummary.From(results);
        if (results.Runs.Count > 0)
        {
            File.WriteAllText(Path.Combine(folder, MarkdownReport.LoadRunsCsvFile), Csv.LoadRuns(results.Runs));
            File.WriteAllText(Path.Combine(folder, MarkdownReport.StartupCsvFile), Csv.Startups(results.Startups));
            File.WriteAllText(Path.Combine(folder, MarkdownReport.ChartFile), SvgChart.ThroughputAndP99(summary, results.Options.Modes));
        }

        if (results.IngestRuns.Count > 0)
        {
            File.WriteAllText(Path.Combine(folder, MarkdownReport.IngestCsvFile), Csv.Ingest(results.IngestRuns));
        }

        var report = Path.Combine(folder, ReportFile);
        File.WriteAllText(report, MarkdownReport.Write(results, summary, serverEnvironment));
        return report;
    }
}
