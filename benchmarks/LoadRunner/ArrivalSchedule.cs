namespace InstrumentationModes.LoadRunner;

/// <summary>
/// The open model's timetable: request <c>i</c> is due <c>i / rate</c> seconds after the start, whatever the
/// server's answers do, for <c>rate × duration</c> requests. Integer arithmetic on clock ticks, so that a request
/// is never due a tick early or late through rounding.
/// </summary>
public sealed class ArrivalSchedule
{
    public const int MaxRatePerSecond = 1_000_000;
    public const int MaxDurationSeconds = 3600;

    private readonly long ticksPerSecond;

    public ArrivalSchedule(int ratePerSecond, int durationSeconds, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ratePerSecond, MaxRatePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(durationSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(durationSeconds, MaxDurationSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerSecond, 1);
        RatePerSecond = ratePerSecond;
        this.ticksPerSecond = ticksPerSecond;
        TotalRequests = (long)ratePerSecond * durationSeconds;
    }

    public int RatePerSecond { get; }

    public long TotalRequests { get; }

    /// <summary>Ticks after the start at which request <paramref name="index"/> is due (rounded up to a whole tick).</summary>
    public long DueTicks(long index) => (index * ticksPerSecond + RatePerSecond - 1) / RatePerSecond;

    /// <summary>How many requests are due once <paramref name="elapsedTicks"/> have passed since the start.</summary>
    public long DueCount(long elapsedTicks) =>
        elapsedTicks < 0 ? 0 : Math.Min(TotalRequests, (elapsedTicks * RatePerSecond / ticksPerSecond) + 1);
}
