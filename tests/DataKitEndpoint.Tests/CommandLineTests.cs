namespace InstrumentationModes.DataKit.Tests;

public sealed class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Defaults_are_DataKits_ports_printing_protobuf_only_and_no_faults()
    {
        var options = Options([], NoEnvironment);

        Assert.Equal((4317, 9529, true, false), (options.GrpcPort, options.HttpPort, options.PrintSpans, options.AcceptJson));
        Assert.Equal(EndpointFaults.None, options.Faults);
    }

    [Fact]
    public void Flags_win_over_environment_which_wins_over_defaults()
    {
        var environment = new Dictionary<string, string> { ["DATAKIT_GRPC_PORT"] = "14317", ["DATAKIT_HTTP_PORT"] = "19529" };

        var fromEnvironment = Options([], environment.GetValueOrDefault);
        var fromFlags = Options(["--grpc-port", "24317", "--http-port=29529"], environment.GetValueOrDefault);

        Assert.Equal((14317, 19529), (fromEnvironment.GrpcPort, fromEnvironment.HttpPort));
        Assert.Equal((24317, 29529), (fromFlags.GrpcPort, fromFlags.HttpPort));
    }

    [Fact]
    public void Quiet_accept_json_and_fault_flags_are_read()
    {
        var options = Options(["--quiet", "--accept-json", "--delay-ms", "5000", "--fail-http-status", "503", "--fail-grpc-status=14"], NoEnvironment);

        Assert.False(options.PrintSpans);
        Assert.True(options.AcceptJson);
        Assert.Equal(new EndpointFaults { ResponseDelay = TimeSpan.FromSeconds(5), HttpStatus = 503, GrpcStatus = 14 }, options.Faults);
    }

    [Theory]
    [InlineData(new[] { "--grpc-port" }, "Required argument missing for option: '--grpc-port'.")]
    [InlineData(new[] { "--grpc-port", "x" }, "--grpc-port must be an integer from 0 to 65535, got 'x'")]
    [InlineData(new[] { "--http-port", "70000" }, "--http-port must be an integer from 0 to 65535, got '70000'")]
    [InlineData(new[] { "--fail-http-status", "200" }, "--fail-http-status must be an integer from 400 to 599, got '200'")]
    [InlineData(new[] { "--fail-grpc-status", "0" }, "--fail-grpc-status must be an integer from 1 to 16, got '0'")]
    [InlineData(new[] { "--delay-ms", "-1" }, "--delay-ms must be an integer from 0 to 2147483647, got '-1'")]
    [InlineData(new[] { "--grpc-port", "5000", "--http-port", "5000" }, "the gRPC and HTTP ports must differ (both are 5000)")]
    [InlineData(new[] { "--verbose" }, "Unrecognized command or argument '--verbose'.")]
    [InlineData(new[] { "--quiet", "yes" }, "Unrecognized command or argument 'yes'.")]
    public void Bad_arguments_have_a_clear_message(string[] args, string message)
    {
        Assert.Equal(message, Assert.Single(new EndpointCommandLine(NoEnvironment).Parse(args).Errors).Message);
    }

    [Fact]
    public void Bad_environment_port_has_a_clear_message_unless_a_flag_overrides_it()
    {
        var commandLine = new EndpointCommandLine(name => name == "DATAKIT_HTTP_PORT" ? "http" : null);

        var error = Assert.Single(commandLine.Parse([]).Errors);

        Assert.Equal("DATAKIT_HTTP_PORT must be an integer from 0 to 65535, got 'http'", error.Message);
        Assert.Empty(commandLine.Parse(["--http-port", "9530"]).Errors);
    }

    [Fact]
    public void Help_names_the_DataKit_version_it_models_and_every_option()
    {
        var help = new StringWriter();
        var result = new EndpointCommandLine(NoEnvironment).Parse(["--help"]);

        Assert.Equal(0, result.Invoke(new System.CommandLine.InvocationConfiguration { Output = help }));

        Assert.Contains("Guance DataKit 1.85", help.ToString());
        foreach (var option in new[] { "--grpc-port", "--http-port", "--quiet", "--accept-json", "--delay-ms", "--fail-http-status", "--fail-grpc-status", "-h, --help" })
        {
            Assert.Contains(option, help.ToString());
        }
    }

    private static DataKitEndpointOptions Options(string[] args, Func<string, string?> environment)
    {
        var commandLine = new EndpointCommandLine(environment);
        var result = commandLine.Parse(args);
        Assert.Empty(result.Errors);
        return commandLine.Options(result);
    }
}
