using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace InstrumentationModes.MicroBenchmarks;

/// <summary>
/// A row against a reference row: the one with the same parameters but for those the reference fixes (the
/// <c>baseline</c> mode, no knob). BenchmarkDotNet's own ratio needs a baseline method, and here the reference is a
/// parameter value; only ratios compare across machines.
/// </summary>
internal sealed class AgainstReferenceColumn(
    string columnName, string legend, IReadOnlyDictionary<string, object> reference, Func<BenchmarkReport, BenchmarkReport, string> value) : IColumn
{
    /// <summary>Against the <c>baseline</c> row of the same Signals and Route (and, in the price list, no knob).</summary>
    public static readonly IColumn[] AgainstBaseline = For(
        "baseline",
        "the baseline row with the same Signals and Route (and Knob none)",
        new Dictionary<string, object> { [nameof(RequestPipelineBenchmarks.Mode)] = PipelineEnvironment.Baseline, [nameof(KnobBenchmarks.Knob)] = KnobBenchmarks.NoKnob });

    /// <summary>Against the same mode on the same route with no knob turned: what the knob saves.</summary>
    public static readonly IColumn[] AgainstNoKnob = For(
        KnobBenchmarks.NoKnob,
        "the row of the same Mode and Route with Knob none",
        new Dictionary<string, object> { [nameof(KnobBenchmarks.Knob)] = KnobBenchmarks.NoKnob });

    public string Id => nameof(AgainstReferenceColumn) + "." + ColumnName;

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
        var referenceCase = summary.BenchmarksCases.FirstOrDefault(candidate => IsReferenceOf(candidate, benchmarkCase));
        var referenceRow = referenceCase is null ? null : summary[referenceCase];
        return row?.ResultStatistics is null || referenceRow?.ResultStatistics is null ? "?" : value(row, referenceRow);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>The time ratio, the allocation ratio and the bytes added, against <paramref name="referenceRow"/>, headed by <paramref name="name"/>.</summary>
    private static IColumn[] For(string name, string referenceRow, IReadOnlyDictionary<string, object> reference) =>
    [
        new AgainstReferenceColumn($"Time/{name}", $"Mean over that of {referenceRow}", reference, (row, other) =>
            (row.ResultStatistics!.Mean / other.ResultStatistics!.Mean).ToString("0.00", CultureInfo.InvariantCulture)),
        new AgainstReferenceColumn($"Alloc/{name}", $"Allocated per request over that of {referenceRow}", reference, (row, other) =>
            ((double)AllocatedBytes(row) / AllocatedBytes(other)).ToString("0.00", CultureInfo.InvariantCulture)),
        new AgainstReferenceColumn($"Alloc over {name}", $"Allocated per request minus that of {referenceRow}", reference, (row, other) =>
            (AllocatedBytes(row) - AllocatedBytes(other)).ToString("+#,0 B;-#,0 B;0 B", CultureInfo.InvariantCulture)),
    ];

    private static long AllocatedBytes(BenchmarkReport report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;

    // A parameter the reference fixes must have that value; every other one the row's.
    private bool IsReferenceOf(BenchmarkCase candidate, BenchmarkCase row) =>
        candidate.Descriptor == row.Descriptor
        && candidate.Job == row.Job
        && candidate.Parameters.Items.All(parameter =>
            Equals(parameter.Value, reference.TryGetValue(parameter.Name, out var fixedValue) ? fixedValue : row.Parameters[parameter.Name]));
}
