using System.Globalization;

namespace InstrumentationModes.LoadRunner;

/// <summary>The endpoint's ingest over one transport: medians and spread over the rounds, and the target judged from them.</summary>
public sealed record IngestSummary(
    IngestTransport Transport,
    int SpansPerBatch,
    RoundSpread SpansPerCoreSecond,
    RoundSpread SpansPerSecond,
    RoundSpread CpuMicrosecondsPerSpan,
    RoundSpread CoresBusy,
    long Batches,
    long FailedBatches,
    string? FirstFailure,
    TargetCheck Target)
{
    public const string TargetName = "endpoint ingests ≥ 200,000 spans/s per core (decoded and kept, printing off)";

    public static IReadOnlyList<IngestSummary> From(IReadOnlyList<IngestRun> runs) =>
        [.. runs.GroupBy(run => run.Transport).OrderBy(group => group.Key).Select(group => Summarise(group.Key, [.. group]))];

    private static IngestSummary Summarise(IngestTransport transport, List<IngestRun> runs)
    {
        var perCore = RoundSpread.Of(runs.Select(run => run.SpansPerCoreSecond));
        var failed = runs.Sum(run => run.FailedBatches);
        var firstFailure = runs.Select(run => run.FirstFailure).FirstOrDefault(failure => failure is not null);

        // Judged as a cost, larger is worse, like every other target: CPU µs per span against 1 s / 200,000.
        // No baseline here, so no baseline noise: the rounds' own spread decides through rule (3).
        var (verdict, reason) = failed > 0
            ? (Verdict.NotJudged, Invariant($"{failed:N0} batches were refused ({firstFailure})"))
            : TargetJudge.Judge(RoundSpread.Of(runs.Select(run => run.CpuMicrosecondsPerSpan)), 1e6 / EndpointIngest.TargetSpansPerCoreSecond, baselineNoise: 0);
        var target = new TargetCheck(TargetName, $"endpoint, {EndpointIngest.Name(transport)}", $"{perCore.Format("N0")} spans/s per core", verdict, reason);
        return new IngestSummary(
            transport,
            runs[0].SpansPerBatch,
            perCore,
            RoundSpread.Of(runs.Select(run => run.SpansPerSecond)),
            RoundSpread.Of(runs.Select(run => run.CpuMicrosecondsPerSpan)),
            RoundSpread.Of(runs.Select(run => run.CoresBusy)),
            runs.Sum(run => run.Batches),
            failed,
            firstFailure,
            target);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
