namespace InstrumentationModes.LoadRunner.Tests;

public class BenchmarkCommandLineTests
{
    private static BenchmarkOptions Options(params string[] arguments)
    {
        var commandLine = new BenchmarkCommandLine();
        var parsed = commandLine.Parse(arguments);
        Assert.Empty(parsed.Errors);
        return commandLine.Options(parsed);
    }

    private static string Error(params string[] arguments) =>
        Assert.Single(new BenchmarkCommandLine().Parse(arguments).Errors).Message;

    [Fact]
    public void No_arguments_give_the_full_run()
    {
        var options = Options();

        Assert.False(options.Quick);
        Assert.Equal(["baseline", "manual", "auto", "programmatic"], options.Modes);
        Assert.Equal(["closed-16", "closed-64", "open-1000"], options.Scenarios.Select(scenario => scenario.Name));
        Assert.Equal(6, options.DurationSeconds);
        Assert.Equal(2, options.WarmupSeconds);
        Assert.Equal(5, options.Repeats);
        Assert.Equal(5, options.StartupRuns);
        Assert.Same(ServerVariant.All, options.VariantSet);
        Assert.Equal(1024, options.MaxInFlight);
        Assert.Equal("grpc", options.Protocol);
        Assert.Empty(options.ServerEnvironment);
        Assert.Equal(Path.Combine("benchmarks", "results"), options.OutputDirectory);
        Assert.True(options.Isolation);
        Assert.Equal(IngestPlan.Also, options.EndpointIngest);
    }

    [Fact]
    public void Endpoint_ingest_alone_writes_into_its_own_folder_unless_one_is_given()
    {
        Assert.Equal(IngestPlan.Only, Options("--endpoint-ingest").EndpointIngest);
        Assert.Equal(Path.Combine("benchmarks", "results", "endpoint-ingest"), Options("--endpoint-ingest").OutputDirectory);
        Assert.Equal(Path.Combine("benchmarks", "results", "quick", "endpoint-ingest"), Options("--quick", "--endpoint-ingest").OutputDirectory);
        Assert.Equal("elsewhere", Options("--endpoint-ingest", "--output", "elsewhere").OutputDirectory);
        Assert.Equal(IngestPlan.Only, Options("--endpoint-ingest", "--concurrency", "", "--rate", "", "--startup-runs", "0").EndpointIngest);
        Assert.Equal(IngestPlan.Off, Options("--no-endpoint-ingest").EndpointIngest);
        Assert.Equal("--endpoint-ingest and --no-endpoint-ingest exclude each other.", Error("--endpoint-ingest", "--no-endpoint-ingest"));
    }

    [Fact]
    public void No_isolation_turns_the_pinning_off() => Assert.False(Options("--no-isolation").Isolation);

    [Fact]
    public void Variants_run_in_the_saturating_scenario_by_default_in_every_one_when_asked_and_not_at_all_when_refused()
    {
        Assert.Equal(VariantScope.Saturation, Options().Variants);
        Assert.Equal(["closed-64"], Options().VariantScenarios.Select(scenario => scenario.Name));
        Assert.Equal(VariantScope.Every, Options("--variants").Variants);
        Assert.Equal(VariantScope.None, Options("--no-variants").Variants);
        Assert.Equal(VariantScope.None, Options("--quick").Variants);
        Assert.Equal(VariantScope.Every, Options("--quick", "--variants").Variants);
        Assert.Equal("--variants and --no-variants exclude each other.", Error("--variants", "--no-variants"));
    }

    [Fact]
    public void Price_list_runs_the_knobs_alone_in_the_saturating_scenario_into_its_own_folder()
    {
        var options = Options("--price-list");

        Assert.Equal(["closed-64"], options.Scenarios.Select(scenario => scenario.Name));
        Assert.Equal((VariantScope.Saturation, 0, IngestPlan.Off, 5), (options.Variants, options.StartupRuns, options.EndpointIngest, options.Repeats));
        Assert.Same(ServerVariant.PriceList, options.VariantSet);
        Assert.Equal(Path.Combine("benchmarks", "results", "price-list"), options.OutputDirectory);
        Assert.Equal((1, Path.Combine("benchmarks", "results", "quick", "price-list")), (Options("--quick", "--price-list").Repeats, Options("--quick", "--price-list").OutputDirectory));
        Assert.Equal(3, Options("--price-list", "--repeats", "3").Repeats);
        Assert.Equal("--price-list runs variants and load: it excludes --no-variants and --endpoint-ingest.", Error("--price-list", "--no-variants"));
        Assert.Equal("--price-list runs variants and load: it excludes --no-variants and --endpoint-ingest.", Error("--price-list", "--endpoint-ingest"));
    }

    [Fact]
    public void Quick_is_a_preset_that_explicit_options_still_override_wherever_it_stands()
    {
        var options = Options("--duration", "5", "--quick");

        Assert.True(options.Quick);
        Assert.Equal(5, options.DurationSeconds);
        Assert.Equal(1, options.WarmupSeconds);
        Assert.Equal(1, options.Repeats);
        Assert.Equal(["closed-64", "open-1000"], options.Scenarios.Select(scenario => scenario.Name));
        Assert.Equal(Path.Combine("benchmarks", "results", "quick"), options.OutputDirectory);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = Options(
            "--warmup", "0", "--repeats", "7", "--startup-runs", "0", "--max-in-flight", "9",
            "--protocol", "http/protobuf", "--output", "/tmp/out", "--rate", "200,400");

        Assert.Equal(0, options.WarmupSeconds);
        Assert.Equal(7, options.Repeats);
        Assert.Equal(0, options.StartupRuns);
        Assert.Equal(9, options.MaxInFlight);
        Assert.Equal("http/protobuf", options.Protocol);
        Assert.Equal("/tmp/out", options.OutputDirectory);
        Assert.Equal([200, 400], options.Rates);
    }

    [Fact]
    public void Modes_always_include_the_baseline_first_in_the_standard_order() =>
        Assert.Equal(["baseline", "manual", "programmatic"], Options("--modes", "programmatic, manual").Modes);

    [Fact]
    public void Lists_parse_and_an_empty_list_turns_a_model_off()
    {
        var options = Options("--concurrency", "4,32,4", "--rate", "");

        Assert.Equal([4, 32], options.Concurrencies);
        Assert.Empty(options.Rates);
        Assert.Equal(["closed-4", "closed-32"], options.Scenarios.Select(scenario => scenario.Name));
    }

    [Fact]
    public void Server_variables_accumulate_and_the_last_value_of_a_name_wins()
    {
        var options = Options(
            "--server-env", "OTEL_BSP_MAX_QUEUE_SIZE=8192",
            "--server-env", "OTEL_BSP_SCHEDULE_DELAY=1000",
            "--server-env", "OTEL_BSP_MAX_QUEUE_SIZE=4096",
            "--server-env", "OTEL_RESOURCE_ATTRIBUTES=a=b");

        Assert.Equal(
            [new("OTEL_BSP_MAX_QUEUE_SIZE", "4096"), new("OTEL_BSP_SCHEDULE_DELAY", "1000"), new KeyValuePair<string, string>("OTEL_RESOURCE_ATTRIBUTES", "a=b")],
            options.ServerEnvironment);
    }

    [Theory]
    [InlineData("--duration", "0", "--duration must be a whole number from 1 to 3600, not '0'.")]
    [InlineData("--duration", "ten", "--duration must be a whole number from 1 to 3600, not 'ten'.")]
    [InlineData("--duration", "-5", "--duration must be a whole number from 1 to 3600, not '-5'.")]
    [InlineData("--repeats", "0", "--repeats must be a whole number from 1 to 100, not '0'.")]
    [InlineData("--rate", "1000,x", "--rate must be a whole number from 1 to 1000000, not 'x'.")]
    [InlineData("--modes", "baseline,tracing", "Unknown mode 'tracing' (use baseline, manual, auto, programmatic).")]
    [InlineData("--protocol", "http/json", "--protocol must be grpc or http/protobuf, not 'http/json'.")]
    [InlineData("--server-env", "NO_VALUE", "--server-env needs NAME=VALUE, not 'NO_VALUE'.")]
    [InlineData("--server-env", "=value", "--server-env needs NAME=VALUE, not '=value'.")]
    public void A_wrong_value_gets_one_message_that_names_it(string name, string value, string expected) =>
        Assert.Equal(expected, Error(name, value));

    [Fact]
    public void Unknown_options_missing_values_and_an_empty_run_are_refused()
    {
        Assert.Contains("'--bogus'", new BenchmarkCommandLine().Parse(["--bogus"]).Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'--duration'", Error("--duration"), StringComparison.Ordinal);
        Assert.Equal("Nothing to run: no --concurrency, no --rate and no --startup-runs.", Error("--concurrency", "", "--rate", "", "--startup-runs", "0"));
    }

    [Fact]
    public void Help_lists_every_option_and_exits_zero()
    {
        var output = new StringWriter();
        var parsed = new BenchmarkCommandLine().Parse(["--quick", "--help"]);

        var exitCode = parsed.Invoke(new System.CommandLine.InvocationConfiguration { Output = output });

        Assert.Equal(0, exitCode);
        Assert.All(
            ["--quick", "--modes", "--duration", "--warmup", "--repeats", "--concurrency", "--rate", "--startup-runs", "--max-in-flight", "--protocol", "--server-env", "--variants", "--no-variants", "--price-list", "--no-isolation", "--output"],
            option => Assert.Contains(option, output.ToString(), StringComparison.Ordinal));
    }
}
