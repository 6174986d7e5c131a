using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace InstrumentationModes.MicroBenchmarks;

/// <summary>
/// A row against the <c>baseline</c> row of the same signals and route. BenchmarkDotNet's own ratio needs a
/// baseline method, and here the baseline is a parameter value; only ratios compare across machines.
/// </summary>
internal sealed class AgainstBaselineColumn(string columnName, string legend, Func<BenchmarkReport, BenchmarkReport, string> value) : IColumn
{
    public static readonly IColumn[] All =
    [
        new AgainstBaselineColumn("Time/baseline", "Mean over the baseline's mean, same Signals and Route", (row, baseline) =>
            (row.ResultStatistics!.Mean / baseline.ResultStatistics!.Mean).ToString("0.00", CultureInfo.InvariantCulture)),
        new AgainstBaselineColumn("Alloc/baseline", "Allocated per request over the baseline's, same Signals and Route", (row, baseline) =>
            ((double)AllocatedBytes(row) / AllocatedBytes(baseline)).ToString("0.00", CultureInfo.InvariantCulture)),
        new AgainstBaselineColumn("Alloc over baseline", "Allocated per request minus the baseline's, same Signals and Route", (row, baseline) =>
            (AllocatedBytes(row) - AllocatedBytes(baseline)).ToString("+#,0 B;-#,0 B;0 B", CultureInfo.InvariantCulture)),
    ];

    public string Id => nameof(AgainstBaselineColumn) + "." + ColumnName;

    public string ColumnName { get; } = columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend { get; } = legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var row = summary[benchmarkCase];
        var baselineCase = summary.BenchmarksCases.FirstOrDefault(candidate => IsBaselineOf(candidate, benchmarkCase));
        var baseline = baselineCase is null ? null : summary[baselineCase];
        return row?.ResultStatistics is null || baseline?.ResultStatistics is null ? "?" : value(row, baseline);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    private static long AllocatedBytes(BenchmarkReport report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;

    private static bool IsBaselineOf(BenchmarkCase candidate, BenchmarkCase row) =>
        candidate.Descriptor == row.Descriptor
        && candidate.Job == row.Job
        && Equals(candidate.Parameters[nameof(RequestPipelineBenchmarks.Mode)], PipelineEnvironment.Baseline)
        && candidate.Parameters.Items.All(parameter =>
            parameter.Name == nameof(RequestPipelineBenchmarks.Mode) || Equals(parameter.Value, row.Parameters[parameter.Name]));
}
