namespace InstrumentationModes.LoadRunner.Tests;

public class ArrivalScheduleTests
{
    [Theory]
    [InlineData(1000, 1_000_000_000L)]
    [InlineData(3, 1_000_000_000L)]
    [InlineData(7, 10_000_000L)]
    [InlineData(999_999, 1_000_000_000L)]
    public void Each_request_becomes_due_exactly_at_its_own_tick(int rate, long ticksPerSecond)
    {
        var schedule = new ArrivalSchedule(rate, durationSeconds: 2, ticksPerSecond);

        foreach (var index in new long[] { 1, 2, 3, rate / 2, rate - 1, rate, schedule.TotalRequests - 1 }.Where(i => i > 0))
        {
            var due = schedule.DueTicks(index);
            Assert.Equal(index + 1, schedule.DueCount(due));
            Assert.Equal(index, schedule.DueCount(due - 1));
        }
    }

    [Fact]
    public void Requests_are_spread_evenly_over_the_duration()
    {
        var schedule = new ArrivalSchedule(ratePerSecond: 4, durationSeconds: 3, ticksPerSecond: 1000);

        Assert.Equal(12, schedule.TotalRequests);
        Assert.Equal([0L, 250, 500, 750, 1000], Enumerable.Range(0, 5).Select(index => schedule.DueTicks(index)));
        Assert.Equal(0, schedule.DueCount(-1));
        Assert.Equal(1, schedule.DueCount(0));
        Assert.Equal(4, schedule.DueCount(999));
        Assert.Equal(5, schedule.DueCount(1000));
        Assert.Equal(12, schedule.DueCount(2750));
        Assert.Equal(12, schedule.DueCount(60_000));
    }

    [Fact]
    public void Faster_than_the_clock_several_requests_fall_due_on_one_tick()
    {
        var schedule = new ArrivalSchedule(ratePerSecond: 4000, durationSeconds: 1, ticksPerSecond: 1000);

        Assert.Equal([0L, 1, 1, 1, 1, 2], Enumerable.Range(0, 6).Select(index => schedule.DueTicks(index)));
        Assert.Equal(1, schedule.DueCount(0));
        Assert.Equal(5, schedule.DueCount(1));
        Assert.Equal(9, schedule.DueCount(2));
    }

    [Fact]
    public void Uneven_intervals_round_up_to_the_next_tick()
    {
        var schedule = new ArrivalSchedule(ratePerSecond: 3, durationSeconds: 1, ticksPerSecond: 1000);

        Assert.Equal([0L, 334, 667], Enumerable.Range(0, 3).Select(index => schedule.DueTicks(index)));
        Assert.Equal(1, schedule.DueCount(333));
        Assert.Equal(2, schedule.DueCount(334));
    }

    [Fact]
    public void The_largest_rate_and_duration_do_not_overflow()
    {
        var schedule = new ArrivalSchedule(ArrivalSchedule.MaxRatePerSecond, ArrivalSchedule.MaxDurationSeconds, 1_000_000_000);
        var lastDue = schedule.DueTicks(schedule.TotalRequests - 1);

        Assert.Equal(schedule.TotalRequests, schedule.DueCount(lastDue));
        Assert.Equal(schedule.TotalRequests - 1, schedule.DueCount(lastDue - 1));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(ArrivalSchedule.MaxRatePerSecond + 1, 1)]
    [InlineData(1, ArrivalSchedule.MaxDurationSeconds + 1)]
    public void Out_of_range_settings_are_refused(int rate, int duration) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrivalSchedule(rate, duration, 1000));
}
