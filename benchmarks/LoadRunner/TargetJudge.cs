using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace InstrumentationModes.LoadRunner;

/// <summary>A figure over the rounds: its median and its spread (min–max), finite values only.</summary>
public sealed record RoundSpread(double Median, double Min, double Max, int Rounds)
{
    public static RoundSpread Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0
            ? new RoundSpread(double.NaN, double.NaN, double.NaN, 0)
            : new RoundSpread(BenchmarkSummary.Median(finite), finite.Min(), finite.Max(), finite.Count);
    }

    /// <summary>Max − min: how far apart the rounds were.</summary>
    public double Width => Max - Min;

    /// <summary>The median, then the spread in parentheses when there is more than one round: <c>+12.3 (9.8–14.1)</c>.</summary>
    public string Format(string format)
    {
        if (Rounds == 0)
        {
            return "–";
        }

        var median = Median.ToString(format, CultureInfo.InvariantCulture);
        return Rounds == 1 ? median : $"{median} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)})";
    }
}

/// <summary>
/// A figure's mean over the rounds with the half-width of its 95 % confidence interval: Student's t with rounds − 1
/// degrees of freedom, as each round's figure is one independent measurement; finite values only.
/// </summary>
public sealed record RoundInterval(double Mean, double HalfWidth95, int Rounds)
{
    public static RoundInterval Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count switch
        {
            0 => new RoundInterval(double.NaN, double.NaN, 0),
            1 => new RoundInterval(finite[0], double.NaN, 1),
            _ => new RoundInterval(
                finite.Average(),
                StudentT.InvCDF(0, 1, finite.Count - 1, 0.975) * finite.StandardDeviation() / Math.Sqrt(finite.Count),
                finite.Count),
        };
    }

    /// <summary>The mean ± the half-width, <c>+12.3 ± 1.9</c>; the mean alone for one round.</summary>
    public string Format(string format) => Rounds switch
    {
        0 => "–",
        1 => Mean.ToString(format, CultureInfo.InvariantCulture),
        _ => $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {HalfWidth95.ToString("0.0", CultureInfo.InvariantCulture)}",
    };
}

public enum Verdict
{
    Met,
    Missed,
    NotJudged,
}

/// <summary>
/// The rule that decides a target from rounds of a noisy machine. A target is judged only when (1) there are at least
/// <see cref="MinimumRounds"/> rounds, (2) the mode does not beat the baseline by more than the baseline's own spread
/// over the rounds (instrumentation adds work; a mode "faster" than the baseline beyond noise means the run cannot
/// see the overhead), and (3) every round falls on the same side of the target. Then it is met when every round
/// meets it and missed when every round misses it; otherwise it is not judged, with the reason.
/// </summary>
public static class TargetJudge
{
    public const int MinimumRounds = 3;

    /// <summary>For a comparison without a baseline, where a figure far below zero is a finding rather than noise: rule (2) never applies.</summary>
    public const double NoBaseline = double.PositiveInfinity;

    /// <param name="overhead">Per round, what the mode costs in the target's unit, larger is worse (e.g. p99 Δ ms, or 1 − RPS ratio).</param>
    /// <param name="limit">The target: an overhead below it is met.</param>
    /// <param name="baselineNoise">The baseline's own spread over the rounds, in the same unit; <see cref="NoBaseline"/> where a lower figure is no sign of noise.</param>
    /// <param name="atMost">Whether an overhead equal to the limit meets it ("at most", "no more than") rather than misses it ("under").</param>
    public static (Verdict Verdict, string? Reason) Judge(RoundSpread overhead, double limit, double baselineNoise, bool atMost = false)
    {
        if (overhead.Rounds < MinimumRounds)
        {
            return (Verdict.NotJudged, Invariant($"{overhead.Rounds} round{(overhead.Rounds == 1 ? "" : "s")}, judging needs at least {MinimumRounds}"));
        }

        if (overhead.Median < -baselineNoise)
        {
            return (Verdict.NotJudged, "the baseline was worse than the mode by more than its own spread over the rounds: noise hides the overhead");
        }

        if (atMost ? overhead.Max <= limit : overhead.Max < limit)
        {
            return (Verdict.Met, null);
        }

        return (atMost ? overhead.Min > limit : overhead.Min >= limit)
            ? (Verdict.Missed, null)
            : (Verdict.NotJudged, "the rounds fall on both sides of the target");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
