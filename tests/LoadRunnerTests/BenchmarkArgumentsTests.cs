namespace InstrumentationModes.LoadRunner.Tests;

public class BenchmarkArgumentsTests
{
    [Fact]
    public void No_arguments_give_the_full_run()
    {
        var options = BenchmarkArguments.Parse([])!;

        Assert.False(options.Quick);
        Assert.Equal(["baseline", "manual", "auto", "programmatic"], options.Modes);
        Assert.Equal(["closed-16", "closed-64", "open-1000"], options.Scenarios.Select(scenario => scenario.Name));
        Assert.Equal(10, options.DurationSeconds);
        Assert.Equal(3, options.Repeats);
        Assert.Equal("grpc", options.Protocol);
        Assert.Equal(Path.Combine("benchmarks", "results"), options.OutputDirectory);
    }

    [Fact]
    public void Quick_is_a_preset_that_later_arguments_still_override_wherever_it_stands()
    {
        var options = BenchmarkArguments.Parse(["--duration", "5", "--quick"])!;

        Assert.True(options.Quick);
        Assert.Equal(5, options.DurationSeconds);
        Assert.Equal(1, options.Repeats);
        Assert.Equal(["closed-64", "open-1000"], options.Scenarios.Select(scenario => scenario.Name));
        Assert.Equal(Path.Combine("benchmarks", "results", "quick"), options.OutputDirectory);
    }

    [Fact]
    public void Modes_always_include_the_baseline_first_in_the_standard_order()
    {
        var options = BenchmarkArguments.Parse(["--modes", "programmatic, manual"])!;

        Assert.Equal(["baseline", "manual", "programmatic"], options.Modes);
    }

    [Fact]
    public void Lists_parse_and_an_empty_list_turns_a_model_off()
    {
        var options = BenchmarkArguments.Parse(["--concurrency", "4,32,4", "--rate", ""])!;

        Assert.Equal([4, 32], options.Concurrencies);
        Assert.Empty(options.Rates);
        Assert.Equal(["closed-4", "closed-32"], options.Scenarios.Select(scenario => scenario.Name));
    }

    [Fact]
    public void Server_variables_accumulate_and_the_last_value_of_a_name_wins()
    {
        var options = BenchmarkArguments.Parse([
            "--server-env", "OTEL_BSP_MAX_QUEUE_SIZE=8192",
            "--server-env", "OTEL_BSP_SCHEDULE_DELAY=1000",
            "--server-env", "OTEL_BSP_MAX_QUEUE_SIZE=4096",
            "--server-env", "OTEL_RESOURCE_ATTRIBUTES=a=b",
        ])!;

        Assert.Equal("4096", options.ServerEnvironment["OTEL_BSP_MAX_QUEUE_SIZE"]);
        Assert.Equal("1000", options.ServerEnvironment["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("a=b", options.ServerEnvironment["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Theory]
    [InlineData("--duration", "0")]
    [InlineData("--duration", "ten")]
    [InlineData("--duration", "-5")]
    [InlineData("--repeats", "0")]
    [InlineData("--rate", "1000,x")]
    [InlineData("--modes", "baseline,tracing")]
    [InlineData("--protocol", "http/json")]
    [InlineData("--server-env", "NO_VALUE")]
    [InlineData("--server-env", "=value")]
    [InlineData("--bogus", "1")]
    public void Wrong_values_are_refused_with_a_message(string name, string value)
    {
        var exception = Assert.Throws<ArgumentException>(() => BenchmarkArguments.Parse([name, value]));

        Assert.Contains(name == "--bogus" ? "--bogus" : value.Split(',')[^1].Split('=')[0], exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_and_an_empty_run_are_refused()
    {
        Assert.Contains("needs a value", Assert.Throws<ArgumentException>(() => BenchmarkArguments.Parse(["--duration"])).Message, StringComparison.Ordinal);
        Assert.Contains("Nothing to run", Assert.Throws<ArgumentException>(() => BenchmarkArguments.Parse(["--concurrency", "", "--rate", "", "--startup-runs", "0"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_asks_for_the_usage() => Assert.Null(BenchmarkArguments.Parse(["--quick", "--help"]));
}
