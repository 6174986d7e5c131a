namespace InstrumentationModes.LoadRunner.Tests;

public class RunProgressTests
{
    [Fact]
    public void Remaining_time_scales_the_planned_remainder_by_the_pace_so_far()
    {
        Assert.Equal(TimeSpan.FromSeconds(100), RunProgress.EstimateRemaining(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(100)));
        Assert.Equal(TimeSpan.FromSeconds(150), RunProgress.EstimateRemaining(TimeSpan.FromSeconds(75), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(150)));
        Assert.Equal(TimeSpan.Zero, RunProgress.EstimateRemaining(TimeSpan.FromSeconds(75), TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(150)));
    }

    [Fact]
    public async Task Redirected_output_gets_one_plain_line_per_finished_step_and_nothing_live()
    {
        var output = new StringWriter();

        var result = await RunProgress.Plain(output).RunAsync(2, TimeSpan.FromSeconds(20), steps =>
        {
            steps.Begin("round 1/1 closed-64 baseline", () => "measuring, 100 req/s");
            steps.End("100 req/s", TimeSpan.FromSeconds(10));
            steps.Begin("startup 1/1 baseline");
            steps.End("first response after 300 ms", TimeSpan.FromSeconds(10));
            return Task.FromResult(42);
        });

        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(42, result);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\[1/2 0:\d\d elapsed, ~\d+:\d\d left\] round 1/1 closed-64 baseline: 100 req/s$", lines[0]);
        Assert.Matches(@"^\[2/2 0:\d\d elapsed, ~0:00 left\] startup 1/1 baseline: first response after 300 ms$", lines[1]);
        Assert.DoesNotContain('\r', output.ToString());
    }
}
