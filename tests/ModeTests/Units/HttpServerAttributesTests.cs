namespace InstrumentationModes.ModeTests.Units;

public sealed class HttpServerAttributesTests
{
    [Theory]
    [InlineData("?param=manual&x=2", "?param=Redacted&x=Redacted")]
    [InlineData("?param=", "?param=Redacted")]
    [InlineData("?flag&param=a=b", "?flag&param=Redacted")]
    [InlineData("?a=1&&b=2", "?a=Redacted&&b=Redacted")]
    [InlineData("?", "?")]
    public void QueryValuesAreRedactedNamesKept(string query, string expected) =>
        Assert.Equal(expected, HttpServerAttributes.RedactQueryValues(query));

    [Theory]
    [InlineData("HTTP/1.1", "1.1")]
    [InlineData("HTTP/2", "2")]
    [InlineData("HTTP/3", "3")]
    [InlineData("HTTP/1.0", "1.0")]
    public void ProtocolVersionDropsTheScheme(string protocol, string expected) =>
        Assert.Equal(expected, HttpServerAttributes.ProtocolVersion(protocol));

    [Theory]
    [InlineData("GET", "/server_request", "GET /server_request")]
    [InlineData("GET", null, "GET")]
    [InlineData("FOO", "/server_request", "HTTP /server_request")]
    [InlineData("get", null, "HTTP")]
    public void SpanNameIsMethodAndRouteTemplate(string method, string? route, string expected) =>
        Assert.Equal(expected, HttpServerAttributes.SpanName(method, route));
}
