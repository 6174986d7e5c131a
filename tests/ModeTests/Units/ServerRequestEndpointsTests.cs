using InstrumentationModes.ServerCore;

namespace InstrumentationModes.ModeTests.Units;

public sealed class ServerRequestEndpointsTests
{
    [Theory]
    [InlineData(null, "param=null")]
    [InlineData("", "param=\"\"")]
    [InlineData("manual", "param=\"manual\"")]
    [InlineData("日本語 ✓", "param=\"日本語 ✓\"")]
    [InlineData("a\r\nfake log line", "param=\"a\\r\\nfake log line\"")]
    [InlineData("\u001b[31mred", "param=\"\\u001B[31mred\"")]
    [InlineData("quote\"back\\slash", "param=\"quote\\\"back\\\\slash\"")]
    public void ParamPrintsAsOneSafeLine(string? param, string expected) =>
        Assert.Equal(expected, ServerRequestEndpoints.FormatParamLine(param));

    [Theory]
    [InlineData(null, 8082)]
    [InlineData("", 8082)]
    [InlineData("9000", 9000)]
    public void PortComesFromThePortVariable(string? value, int expected) =>
        Assert.Equal(expected, ServerApp.ListeningPort(value));

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("http")]
    public void ABadPortIsRefusedClearly(string value) =>
        Assert.Equal($"PORT must be a number from 1 to 65535, not '{value}'.", Assert.Throws<ArgumentException>(() => ServerApp.ListeningPort(value)).Message);
}
