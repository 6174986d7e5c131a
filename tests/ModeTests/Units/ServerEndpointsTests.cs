namespace InstrumentationModes.ModeTests.Units;

public sealed class ServerEndpointsTests
{
    [Theory]
    [InlineData(null, "null")]
    [InlineData("", "\"\"")]
    [InlineData("manual", "\"manual\"")]
    [InlineData("日本語 ✓", "\"日本語 ✓\"")]
    [InlineData("a\r\nfake log line", "\"a\\r\\nfake log line\"")]
    [InlineData("\u001b[31mred", "\"\\u001B[31mred\"")]
    [InlineData("quote\"back\\slash", "\"quote\\\"back\\\\slash\"")]
    public void AValueAClientSentPrintsAsOneSafeLine(string? value, string expected) =>
        Assert.Equal(expected, ServerEndpoints.Printable(value));
}
