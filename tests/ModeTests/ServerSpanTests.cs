using System.Diagnostics;
using System.Text.Json;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>Each mode, started through run-mode.sh, prints exactly the span of SPEC §2.</summary>
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
        Assert.Equal("GET /server_request", span.GetProperty("name").GetString());
        Assert.Equal("SpanKind.SERVER", span.GetProperty("kind").GetString());
        Assert.Equal("0x" + parentId, span.GetProperty("parent_id").GetString());
        Assert.Matches("^0x[0-9a-f]{16}$", span.GetProperty("context").GetProperty("span_id").GetString());
        Assert.Equal("UNSET", span.GetProperty("status").GetProperty("status_code").GetString());
        AssertAttributes(
            new Dictionary<string, object>
            {
                ["http.request.method"] = "GET",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = Server.Port,
                ["user_agent.original"] = UserAgent,
                ["url.scheme"] = "http",
                ["url.path"] = "/server_request",
                ["url.query"] = "?param=Redacted&x=Redacted",
                ["network.protocol.version"] = "1.1",
                ["http.route"] = "/server_request",
                ["http.response.status_code"] = 200,
            },
            span.GetProperty("attributes"));
        var resource = span.GetProperty("resource").GetProperty("attributes");
        Assert.Equal(mode.ServiceName, resource.GetProperty("service.name").GetString());
        Assert.Equal("opentelemetry", resource.GetProperty("telemetry.sdk.name").GetString());
        Assert.Equal("dotnet", resource.GetProperty("telemetry.sdk.language").GetString());
        Assert.Equal("1.20.1", resource.GetProperty("telemetry.sdk.version").GetString());
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
            candidate => candidate.GetProperty("attributes").GetProperty("user_agent.original").GetString() == userAgent,
            $"with User-Agent {userAgent}");
        Assert.Equal(JsonValueKind.Null, span.GetProperty("parent_id").ValueKind);
        Assert.NotEqual("0x0af7651916cd43dd8448eb211c80319c", span.TraceId());
        Assert.Matches("^0x[0-9a-f]{32}$", span.TraceId());
        Assert.Equal("GET /server_request", span.GetProperty("name").GetString());
    }

    private static void AssertAttributes(Dictionary<string, object> expected, JsonElement actual)
    {
        var actualNames = actual.EnumerateObject().Select(property => property.Name).Order().ToList();
        Assert.Equal(expected.Keys.Order().ToList(), actualNames);
        foreach (var (name, value) in expected)
        {
            var attribute = actual.GetProperty(name);
            switch (value)
            {
                case int number:
                    Assert.True(attribute.ValueKind == JsonValueKind.Number, $"{name} should be an int, was {attribute.ValueKind}");
                    Assert.Equal(number, attribute.GetInt32());
                    break;
                default:
                    Assert.True(attribute.ValueKind == JsonValueKind.String, $"{name} should be a string, was {attribute.ValueKind}");
                    Assert.Equal(value, attribute.GetString());
                    break;
            }
        }
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
