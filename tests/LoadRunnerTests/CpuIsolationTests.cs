namespace InstrumentationModes.LoadRunner.Tests;

using static Samples;

public class CpuIsolationTests
{
    [Theory]
    [InlineData("0-1", new[] { 0, 1 })]
    [InlineData("0", new[] { 0 })]
    [InlineData(" 0-2,4,6-7\n", new[] { 0, 1, 2, 4, 6, 7 })]
    public void Cpu_lists_parse_as_the_kernel_writes_them(string list, int[] expected) =>
        Assert.Equal(expected, CpuIsolation.ParseCpuList(list));

    [Theory]
    [InlineData(new[] { 0, 1 }, "0-1")]
    [InlineData(new[] { 3 }, "3")]
    [InlineData(new[] { 7, 0, 2, 1, 4 }, "0-2,4,7")]
    public void Cpu_lists_are_written_as_taskset_reads_them(int[] cpus, string expected) =>
        Assert.Equal(expected, CpuIsolation.CpuList(cpus));

    [Fact]
    public void Malformed_cpu_lists_are_refused()
    {
        Assert.Throws<FormatException>(() => CpuIsolation.ParseCpuList("3-1"));
        Assert.Throws<FormatException>(() => CpuIsolation.ParseCpuList("1-2-3"));
        Assert.Throws<FormatException>(() => CpuIsolation.ParseCpuList("a"));
    }

    [Fact]
    public void With_two_or_more_cpus_the_server_gets_the_last_and_the_harness_the_rest()
    {
        var isolation = CpuIsolation.Plan(requested: true, [3, 0, 1, 2]);

        Assert.True(isolation.Enabled);
        Assert.Equal([3], isolation.ServerCpus);
        Assert.Equal([0, 1, 2], isolation.HarnessCpus);
        Assert.Equal("server under test pinned to CPU 3, load generator and endpoint (the harness) to CPU 0-2 (taskset; checked in /proc for every server)", isolation.Summary);
    }

    [Fact]
    public void One_cpu_or_no_isolation_asked_for_leaves_everything_shared_and_says_why()
    {
        var single = CpuIsolation.Plan(requested: true, [0]);
        var declined = CpuIsolation.Plan(requested: false, [0, 1]);

        Assert.False(single.Enabled);
        Assert.Equal("off: only CPU 0 is available, so server, load generator and endpoint share it", single.Summary);
        Assert.False(declined.Enabled);
        Assert.Equal("off (--no-isolation): server, load generator and endpoint share CPUs 0-1", declined.Summary);
    }

    [Fact]
    public void Servers_are_launched_with_the_pinning_hook_only_when_isolation_is_on()
    {
        var serverEnvironment = new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "otlp" };

        var on = CpuIsolation.Plan(requested: true, [0, 1]).LaunchEnvironment(serverEnvironment);
        var off = CpuIsolation.Plan(requested: false, [0, 1]).LaunchEnvironment(serverEnvironment);

        Assert.Equal("1", on["LOADRUNNER_SERVER_CPUS"]);
        Assert.True(File.Exists(on["BASH_ENV"]), on["BASH_ENV"]);
        Assert.Equal("otlp", on["OTEL_TRACES_EXPORTER"]);
        Assert.Equal(serverEnvironment, off);
    }

    [Fact]
    public void This_process_can_read_its_own_cpus() =>
        Assert.Equal(Environment.ProcessorCount, CpuIsolation.AllowedCpus().Count);

    [Fact]
    public void The_report_says_where_the_servers_ran_and_flags_any_that_did_not_run_there()
    {
        var pinned = Results([Run(1, "baseline", Closed64, 100), Run(1, "manual", Closed64, 100)]);
        var stray = Results([Run(1, "baseline", Closed64, 100), Run(1, "manual", Closed64, 100) with { ServerCpus = "0-1" }]);

        Assert.Equal(pinned.Isolation.Summary, MarkdownReport.IsolationStatement(pinned));
        Assert.EndsWith("; **1 of 2 phases' servers were not found on CPU 1** (column `server_cpus` of the CSV)", MarkdownReport.IsolationStatement(stray), StringComparison.Ordinal);
    }
}
