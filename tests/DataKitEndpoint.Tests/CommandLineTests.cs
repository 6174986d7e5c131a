namespace InstrumentationModes.DataKit.Tests;

public sealed class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Defaults_are_DataKits_ports_printing_and_no_faults()
    {
        var options = EndpointCommandLine.Parse([], NoEnvironment).Options;

        Assert.Equal((4317, 9529, true), (options.GrpcPort, options.HttpPort, options.PrintSpans));
        Assert.Equal(EndpointFaults.None, options.Faults);
    }

    [Fact]
    public void Flags_win_over_environment_which_wins_over_defaults()
    {
        var environment = new Dictionary<string, string> { ["DATAKIT_GRPC_PORT"] = "14317", ["DATAKIT_HTTP_PORT"] = "19529" };

        var fromEnvironment = EndpointCommandLine.Parse([], environment.GetValueOrDefault).Options;
        var fromFlags = EndpointCommandLine.Parse(["--grpc-port", "24317", "--http-port=29529"], environment.GetValueOrDefault).Options;

        Assert.Equal((14317, 19529), (fromEnvironment.GrpcPort, fromEnvironment.HttpPort));
        Assert.Equal((24317, 29529), (fromFlags.GrpcPort, fromFlags.HttpPort));
    }

    [Fact]
    public void Quiet_and_fault_flags_are_read()
    {
        var options = EndpointCommandLine.Parse(["--quiet", "--delay-ms", "5000", "--fail-http-status", "503", "--fail-grpc-status=14"], NoEnvironment).Options;

        Assert.False(options.PrintSpans);
        Assert.Equal(new EndpointFaults { ResponseDelay = TimeSpan.FromSeconds(5), HttpStatus = 503, GrpcStatus = 14 }, options.Faults);
    }

    [Theory]
    [InlineData(new[] { "--grpc-port" }, "--grpc-port needs a value")]
    [InlineData(new[] { "--grpc-port", "x" }, "--grpc-port must be an integer from 0 to 65535, got 'x'")]
    [InlineData(new[] { "--http-port", "70000" }, "--http-port must be an integer from 0 to 65535, got '70000'")]
    [InlineData(new[] { "--fail-http-status", "200" }, "--fail-http-status must be an integer from 400 to 599, got '200'")]
    [InlineData(new[] { "--fail-grpc-status", "0" }, "--fail-grpc-status must be an integer from 1 to 16, got '0'")]
    [InlineData(new[] { "--delay-ms", "-1" }, "--delay-ms must be an integer from 0 to 2147483647, got '-1'")]
    [InlineData(new[] { "--grpc-port", "5000", "--http-port", "5000" }, "the gRPC and HTTP ports must differ (both are 5000)")]
    [InlineData(new[] { "--verbose" }, "unknown argument '--verbose'")]
    [InlineData(new[] { "--quiet=yes" }, "--quiet takes no value")]
    public void Bad_arguments_have_a_clear_message(string[] args, string message)
    {
        Assert.Equal(message, Assert.Throws<CommandLineException>(() => EndpointCommandLine.Parse(args, NoEnvironment)).Message);
    }

    [Fact]
    public void Bad_environment_port_has_a_clear_message()
    {
        var error = Assert.Throws<CommandLineException>(() => EndpointCommandLine.Parse([], name => name == "DATAKIT_HTTP_PORT" ? "http" : null));

        Assert.Equal("DATAKIT_HTTP_PORT must be an integer from 0 to 65535, got 'http'", error.Message);
    }
}
