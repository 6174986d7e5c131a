using System.Diagnostics;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>
/// Each mode, started through run-mode.sh, prints exactly the span the official instrumentation emits with the official console exporter
/// (the console shows values as text; the equivalence suite checks their types through OTLP).
/// </summary>
public abstract class ServerSpanTests<TMode>(TMode mode) where TMode : ModeFixture
{
    private const string UserAgent = "instrumentation-modes-tests/1.0";

    private ModeProcess Server => mode.Server;

    [Fact]
    public async Task RequestWithTraceparentGivesTheSpecSpanAsChildOfTheCaller()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var parentId = ActivitySpanId.CreateRandom().ToHexString();

        var body = await GetAsync("/server_request?param=manual&x=2", $"00-{traceId}-{parentId}-01");

        Assert.Equal("served", body);
        var span = await Server.WaitForConsoleSpanAsync(traceId);
        Assert.Equal("GET /server_request", span.Name);
        Assert.Equal("Server", span.Kind);
        Assert.Equal(parentId, span.ParentSpanId);
        Assert.Matches("^[0-9a-f]{16}$", span.SpanId);
        Assert.Equal("Unset", span.StatusCode);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["http.request.method"] = "GET",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["user_agent.original"] = UserAgent,
                ["url.scheme"] = "http",
                ["url.path"] = "/server_request",
                ["url.query"] = "?param=Redacted&x=Redacted",
                ["network.protocol.version"] = "1.1",
                ["http.route"] = "/server_request",
                ["http.response.status_code"] = "200",
            }.OrderBy(tag => tag.Key),
            span.Tags.OrderBy(tag => tag.Key));
        Assert.Equal(mode.ServiceName, span.Resource["service.name"]);
        Assert.Equal("opentelemetry", span.Resource["telemetry.sdk.name"]);
        Assert.Equal("dotnet", span.Resource["telemetry.sdk.language"]);
        Assert.Equal("1.20.1", span.Resource["telemetry.sdk.version"]);
        Assert.Contains("param=\"manual\"", Server.OutputLines);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b71692033-01")]
    [InlineData("garbage")]
    public async Task MissingOrMalformedTraceparentStartsARootSpan(string? traceparent)
    {
        // A fresh trace id cannot be known in advance: the request is told apart by its User-Agent.
        var userAgent = $"{UserAgent} {Guid.NewGuid():N}";

        Assert.Equal("served", await GetAsync("/server_request?param=root", traceparent, userAgent));

        var span = await Server.WaitForConsoleSpanAsync(
            candidate => candidate.Tags.GetValueOrDefault("user_agent.original") == userAgent,
            $"with User-Agent {userAgent}");
        Assert.Null(span.ParentSpanId);
        Assert.NotEqual("0af7651916cd43dd8448eb211c80319c", span.TraceId);
        Assert.Matches("^[0-9a-f]{32}$", span.TraceId);
        Assert.Equal("GET /server_request", span.Name);
    }

    private async Task<string> GetAsync(string pathAndQuery, string? traceparent, string userAgent = UserAgent)
    {
        var (status, body) = await Server.GetAsync(pathAndQuery, userAgent, traceparent);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        return body;
    }
}

public sealed class ManualServerSpanTests(ManualMode mode) : ServerSpanTests<ManualMode>(mode), IClassFixture<ManualMode>;

public sealed class AutoServerSpanTests(AutoMode mode) : ServerSpanTests<AutoMode>(mode), IClassFixture<AutoMode>;

public sealed class ProgrammaticServerSpanTests(ProgrammaticMode mode) : ServerSpanTests<ProgrammaticMode>(mode), IClassFixture<ProgrammaticMode>;
