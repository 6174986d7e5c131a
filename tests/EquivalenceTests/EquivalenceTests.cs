using InstrumentationModes.Compare;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary>
/// The suite's promise, per OTLP protocol: every mode emits exactly the span of SPEC §2 for the example client's
/// request, as a child of the client's <c>client-server</c> span, and the three are identical once normalised.
/// </summary>
public abstract class EquivalenceTests<TModes>(TModes modes) where TModes : ModesExportingTo
{
    public static TheoryData<string> Modes => new(ModeComparison.Modes);

    /// <summary>SPEC §2 for the client's request (HttpClient sends no User-Agent, so there is none).</summary>
    private static readonly Dictionary<string, string> SpecSpan = new()
    {
        ["name"] = "GET /server_request",
        ["span_kind"] = "server",
        ["status"] = "ok (Unset)",
        ["trace"] = "client's trace",
        ["parent"] = "client-server",
        ["attribute.http.request.method"] = "\"GET\" (string)",
        ["attribute.server.address"] = "\"localhost\" (string)",
        ["attribute.server.port"] = "<server port> (int)",
        ["attribute.url.scheme"] = "\"http\" (string)",
        ["attribute.url.path"] = "\"/server_request\" (string)",
        ["attribute.url.query"] = "\"?param=Redacted\" (string)",
        ["attribute.network.protocol.version"] = "\"1.1\" (string)",
        ["attribute.http.route"] = "\"/server_request\" (string)",
        ["attribute.http.response.status_code"] = "200 (int)",
        ["resource.telemetry.sdk.language"] = "\"dotnet\" (string)",
        ["resource.telemetry.sdk.name"] = "\"opentelemetry\" (string)",
        ["resource.telemetry.sdk.version"] = "\"1.20.1\" (string)",
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheClientRequestGivesExactlyOneServerSpanChildOfClientServer(string mode)
    {
        var request = modes.ClientRequests[mode];

        var span = Assert.Single(request.ServerSpans);
        Assert.Equal(request.ClientServer.TraceId, span.TraceId);
        Assert.Equal(request.ClientServer.SpanId, span.ParentId);
        Assert.Equal(modes.Protocol, span.Transport);
        Assert.Equal(modes.Protocol == "grpc" ? "/opentelemetry.proto.collector.trace.v1.TraceService/Export" : "/otel/v1/traces", span.RequestPath);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheServerSpanIsTheSpecSpan(string mode)
    {
        var normalised = modes.ClientRequests[mode].Normalised;

        Assert.Equal(SpecSpan.OrderBy(field => field.Key, StringComparer.Ordinal), normalised.Fields.OrderBy(field => field.Key, StringComparer.Ordinal));
        Assert.Equal($"\"{mode}-instrument-service\" (string)", normalised.DifferByDesign["resource.service.name"]);
    }

    [Fact]
    public void TheNormalisedSpansAreIdenticalAcrossModes()
    {
        var spans = modes.ClientRequests.ToDictionary(request => request.Key, request => request.Value.Normalised);

        Assert.True(ComparisonTable.Differences(spans).Count == 0, ComparisonTable.Render(spans));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AHealthCheckGivesNoSpan(string mode)
    {
        var server = modes.Servers[mode];
        using var client = ModeProcess.CreateClient();
        Assert.Equal("ok", await client.GetStringAsync(new Uri(server.BaseAddress, "/healthz")));

        // The batch processor exports in the order spans end: once a later request's span is in, an earlier
        // health check's span would be too.
        var marker = await SendAsync(server, "/server_request?param=after-healthz", traceparent: null);
        await modes.Endpoint.WaitForSpansAsync(span => span.Attributes.GetValueOrDefault("user_agent.original") as string == marker, 1, TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(modes.Endpoint.ReceivedSpans, span => span.Service == $"{mode}-instrument-service" && span.Attributes.GetValueOrDefault("url.path") as string == "/healthz");
    }

    [Theory]
    [MemberData(nameof(TraceparentCases))]
    public async Task NoOrAMalformedTraceparentGivesARootSpan(string mode, string? traceparent)
    {
        var userAgent = await SendAsync(modes.Servers[mode], "/server_request?param=root", traceparent);

        var span = Assert.Single(await modes.Endpoint.WaitForSpansAsync(
            candidate => candidate.Attributes.GetValueOrDefault("user_agent.original") as string == userAgent, 1, TimeSpan.FromSeconds(30)));
        Assert.True(span.IsRoot, $"expected a root span, got parent {span.ParentId}");
        Assert.Equal(ReceivedSpan.NoParent, span.ParentId);
        Assert.NotEqual("0af7651916cd43dd8448eb211c80319c", span.TraceId);
        Assert.Equal("GET /server_request", span.Resource);
    }

    public static TheoryData<string, string?> TraceparentCases()
    {
        var cases = new TheoryData<string, string?>();
        foreach (var mode in ModeComparison.Modes)
        {
            cases.Add(mode, null);
            cases.Add(mode, "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01");
            cases.Add(mode, "not-a-traceparent");
        }

        return cases;
    }

    /// <summary>Sends a request told apart by a unique User-Agent, which is returned.</summary>
    private static async Task<string> SendAsync(ModeProcess server, string pathAndQuery, string? traceparent)
    {
        var userAgent = $"equivalence-tests/{Guid.NewGuid():N}";
        Assert.Equal((System.Net.HttpStatusCode.OK, "served"), await server.GetAsync(pathAndQuery, userAgent, traceparent));
        return userAgent;
    }
}

public sealed class GrpcEquivalenceTests(ModesExportingGrpc modes)
    : EquivalenceTests<ModesExportingGrpc>(modes), IClassFixture<ModesExportingGrpc>;

public sealed class HttpProtobufEquivalenceTests(ModesExportingHttpProtobuf modes)
    : EquivalenceTests<ModesExportingHttpProtobuf>(modes), IClassFixture<ModesExportingHttpProtobuf>;

/// <summary>The switch of the official instrumentation and the standard resource variable, in every mode.</summary>
public sealed class ConfigurationEquivalenceTests(ModesWithRedactionOff modes) : IClassFixture<ModesWithRedactionOff>
{
    [Theory]
    [InlineData("manual")]
    [InlineData("auto")]
    [InlineData("programmatic")]
    public void WithRedactionOffTheQueryIsKeptVerbatimAndResourceAttributesAreAdded(string mode)
    {
        var span = Assert.Single(modes.ClientRequests[mode].ServerSpans);

        Assert.Equal("?param=equivalence", span.Attributes["url.query"]);
        Assert.Equal("equivalence-tests", span.ResourceAttributes["deployment.environment"]);
        Assert.Equal($"{mode}-instrument-service", span.Service);
        Assert.Equal("GET", span.Tags["http_method"]);
        Assert.Equal("200", span.Tags["http_status_code"]);
        Assert.Equal("/server_request", span.Tags["http_route"]);
    }
}
