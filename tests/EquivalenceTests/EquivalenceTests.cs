using InstrumentationModes.Compare;
using InstrumentationModes.DataKit;
using InstrumentationModes.DataKit.Otlp;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary>
/// The suite's promise, per OTLP protocol: every mode emits exactly the span the official ASP.NET Core instrumentation emits for the example client's
/// request, as a child of the client's <c>client-server</c> span; for its dice request the server span, the
/// <c>roll</c> span inside it, the counter and request-duration points and the log records the official packages emit, no record
/// with the raw query; and the three are identical once normalised.
/// </summary>
public abstract class EquivalenceTests<TModes>(TModes modes) where TModes : ModesExportingTo
{
    public static TheoryData<string> Modes => new(ModeLauncher.Modes.Names);

    /// <summary>The official instrumentation's span for the client's request (HttpClient sends no User-Agent, so there is none).</summary>
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


    private static readonly double[] RequestDurationBounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheClientRequestGivesExactlyOneServerSpanChildOfClientServer(string mode)
    {
        var request = modes.ClientRequests[mode].ServerRequest;

        var span = Assert.Single(request.Spans);
        Assert.Equal("server", span.SpanKind);
        Assert.Equal(request.ClientServer.TraceId, span.TraceId);
        Assert.Equal(request.ClientServer.SpanId, span.ParentId);
        Assert.Equal(modes.Protocol, span.Transport);
        Assert.Equal(modes.Protocol == "grpc" ? "/opentelemetry.proto.collector.trace.v1.TraceService/Export" : "/otel/v1/traces", span.RequestPath);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheServerSpanIsTheSpecSpan(string mode)
    {
        var normalised = modes.ClientRequests[mode].Normalised["span GET /server_request"];

        Assert.Equal(SpecSpan.OrderBy(field => field.Key, StringComparer.Ordinal), normalised.Fields.OrderBy(field => field.Key, StringComparer.Ordinal));
        Assert.Equal($"\"{ModeLauncher.Modes.ServiceOf(mode)}\" (string)", normalised.DifferByDesign["resource.service.name"]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheDiceRequestGivesOneServerSpanChildOfClientServerAndARollSpanInsideIt(string mode)
    {
        var dice = modes.ClientRequests[mode].Dice;

        Assert.Equal(2, dice.Spans.Count);
        var server = Assert.Single(dice.ServerSpans);
        Assert.Equal("GET /rolldice", server.Resource);
        Assert.Equal(dice.ClientServer.TraceId, server.TraceId);
        Assert.Equal(dice.ClientServer.SpanId, server.ParentId);
        Assert.Equal("/rolldice", server.Attributes["url.path"]);
        Assert.Equal("?player=Redacted", server.Attributes["url.query"]);
        var roll = Assert.Single(dice.Spans, span => span.Resource == "roll");
        Assert.Equal("internal", roll.SpanKind);
        Assert.Equal(dice.TraceId, roll.TraceId);
        Assert.Equal(server.SpanId, roll.ParentId);
        Assert.Equal("DiceRoller", roll.ScopeName);
        Assert.InRange(Assert.IsType<long>(Assert.Single(roll.Attributes, attribute => attribute.Key == "roll.value").Value), 1, 6);
        Assert.Equal(ModeLauncher.Modes.ServiceOf(mode), roll.Service);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheDiceCounterCountsTheRollOnce(string mode)
    {
        var point = Assert.Single(modes.ClientRequests[mode].MetricPoints, point => point.Name == "dice.rolls");

        Assert.Equal((MetricKind.Sum, true, AggregationTemporality.Cumulative, ""), (point.Kind, point.IsMonotonic, point.Temporality, point.Unit));
        Assert.Equal(new Dictionary<string, object> { ["roll.value"] = RollOf(mode) }, point.Attributes);
        Assert.Equal(1L, point.Value);
        Assert.Equal("DiceRoller", point.ScopeName);
        Assert.Equal(ModeLauncher.Modes.ServiceOf(mode), point.ResourceAttributes["service.name"]);
    }

    [Theory]
    [MemberData(nameof(RouteCases))]
    public void EachRequestIsOneRequestDurationMeasurementWithTheSameAttributesInEveryMode(string mode, string route)
    {
        var point = Assert.Single(
            modes.ClientRequests[mode].MetricPoints,
            point => point.Name == "http.server.request.duration" && point.Attributes.GetValueOrDefault("http.route") as string == route);

        Assert.Equal((MetricKind.Histogram, AggregationTemporality.Cumulative, "s"), (point.Kind, point.Temporality, point.Unit));
        // /server_request is served twice: once to the client, once to /chain's downstream call.
        var requests = route == "/server_request" ? 2UL : 1UL;
        Assert.Equal(RequestDurationBounds, point.ExplicitBounds);
        Assert.Equal(requests, point.Count);
        Assert.Equal(RequestDurationBounds.Length + 1, point.BucketCounts.Count);
        Assert.Equal(requests, point.BucketCounts.Aggregate(0UL, (total, bucket) => total + bucket));
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["http.request.method"] = "GET",
                ["http.response.status_code"] = 200L,
                ["http.route"] = route,
                ["network.protocol.version"] = "1.1",
                ["url.scheme"] = "http",
            },
            point.Attributes);
        Assert.Equal(mode == "manual" ? "ServerManual" : "Microsoft.AspNetCore.Hosting", point.ScopeName);
        Assert.Equal(ModeLauncher.Modes.ServiceOf(mode), point.ResourceAttributes["service.name"]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheHopIsServerChainThenClientGetThenTheDownstreamServerSpanUnderIt(string mode)
    {
        var chain = modes.ClientRequests[mode].Chain;

        var server = Assert.Single(chain.ServerSpans, span => span.Resource == "GET /chain");
        var client = Assert.Single(chain.ClientSpans);
        var downstream = Assert.Single(chain.ServerSpans, span => span.Resource == "GET /server_request");
        Assert.Equal(3, chain.Spans.Count);
        Assert.All(chain.Spans, span => Assert.Equal(chain.TraceId, span.TraceId));
        Assert.Equal(chain.ClientServer.SpanId, server.ParentId);
        Assert.Equal(server.SpanId, client.ParentId);
        Assert.Equal(client.SpanId, downstream.ParentId);
        Assert.Equal(("GET", "client", "ok"), (client.Resource, client.SpanKind, client.Status));
        var port = (long)modes.ClientRequests[mode].Port;
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["http.request.method"] = "GET",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = port,
                ["url.full"] = $"http://127.0.0.1:{port}/server_request?*",
                ["network.protocol.version"] = "1.1",
                ["http.response.status_code"] = 200L,
            },
            client.Attributes);
        Assert.Equal(mode == "manual" ? "ServerManual" : "System.Net.Http", client.ScopeName);
        Assert.Equal("?param=Redacted", downstream.Attributes["url.query"]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheHopIsOneClientRequestDurationMeasurementWithTheSameAttributesInEveryMode(string mode)
    {
        var point = Assert.Single(modes.ClientRequests[mode].MetricPoints, point => point.Name == "http.client.request.duration");

        Assert.Equal((MetricKind.Histogram, AggregationTemporality.Cumulative, "s", 1UL), (point.Kind, point.Temporality, point.Unit, point.Count));
        Assert.Equal(RequestDurationBounds, point.ExplicitBounds);
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["http.request.method"] = "GET",
                ["http.response.status_code"] = 200L,
                ["network.protocol.version"] = "1.1",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = (long)modes.ClientRequests[mode].Port,
                ["url.scheme"] = "http",
            },
            point.Attributes);
    }

    public static TheoryData<string, string> RouteCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var mode in ModeLauncher.Modes.Names)
        {
            cases.Add(mode, "/server_request");
            cases.Add(mode, "/rolldice");
            cases.Add(mode, "/chain");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheRollIsLoggedAsAWarningInsideTheRollSpan(string mode)
    {
        var observation = modes.ClientRequests[mode];
        var roll = observation.Dice.Spans.Single(span => span.Resource == "roll");

        var record = Assert.Single(observation.Logs, record => record.TraceId == observation.Dice.TraceId);
        Assert.Equal((SeverityNumber.Warn, "Warning"), (record.SeverityNumber, record.SeverityText));
        Assert.Equal(13, (int)record.SeverityNumber);
        Assert.Equal("{player} is rolling the dice: {result}", record.Body);
        Assert.Equal(new Dictionary<string, object> { ["player"] = "alice", ["result"] = RollOf(mode) }, record.Attributes);
        Assert.Equal(roll.SpanId, record.SpanId);
        Assert.Equal(1U, record.Flags);
        Assert.Equal("ServerEndpoints.DiceRoller", record.ScopeName);
        Assert.Equal(roll.ResourceAttributes, record.ResourceAttributes);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void TheServedParamIsLoggedInsideTheServerSpan(string mode)
    {
        var observation = modes.ClientRequests[mode];
        var server = observation.ServerRequest.ServerSpans.Single();

        var record = Assert.Single(observation.Logs, record => record.TraceId == observation.ServerRequest.TraceId);
        Assert.Equal((SeverityNumber.Info, "Information"), (record.SeverityNumber, record.SeverityText));
        Assert.Equal("Serving param {param}", record.Body);
        Assert.Equal(new Dictionary<string, object> { ["param"] = "equivalence" }, record.Attributes);
        Assert.Equal(server.SpanId, record.SpanId);
        Assert.Equal("ServerEndpoints.ServerRequest", record.ScopeName);
        Assert.Equal(server.ResourceAttributes, record.ResourceAttributes);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void NoLogRecordCarriesTheRawQuery(string mode)
    {
        var records = modes.Endpoint.ReceivedLogs.Where(record => record.ResourceAttributes.GetValueOrDefault("service.name") as string == ModeLauncher.Modes.ServiceOf(mode)).ToList();

        Assert.Contains(records, record => record.Attributes.GetValueOrDefault("param") as string == "equivalence");
        Assert.DoesNotContain(records, record => NormalisedTelemetry.CarriesText(record, "param=equivalence"));
    }

    [Fact]
    public void TheSpansMetricPointsAndLogRecordsAreIdenticalAcrossModes()
    {
        var telemetry = modes.ClientRequests.ToDictionary(request => request.Key, request => request.Value.Normalised);

        Assert.True(ComparisonTable.Differences(telemetry).Count == 0, ComparisonTable.Render(telemetry));
        Assert.Equal(
            [
                "span GET /server_request", "log Serving param {param}", "span GET /rolldice", "span roll",
                "log {player} is rolling the dice: {result}", "span GET /chain", "span GET", "span GET /server_request #2",
                "log Serving param {param} #2", "dice.rolls", "http.client.request.duration", "http.server.request.duration /chain",
                "http.server.request.duration /rolldice", "http.server.request.duration /server_request", NormalisedTelemetry.RawQueryItem,
            ],
            ComparisonTable.Items(telemetry));
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

        Assert.DoesNotContain(modes.Endpoint.ReceivedSpans, span => span.Service == ModeLauncher.Modes.ServiceOf(mode) && span.Attributes.GetValueOrDefault("url.path") as string == "/healthz");
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
        foreach (var mode in ModeLauncher.Modes.Names)
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

    /// <summary>What the dice rolled for the client's request to <paramref name="mode"/>, as its <c>roll</c> span says.</summary>
    private long RollOf(string mode) => (long)modes.ClientRequests[mode].Dice.Spans.Single(span => span.Resource == "roll").Attributes["roll.value"];
}

public sealed class GrpcEquivalenceTests(ModesExportingGrpc modes)
    : EquivalenceTests<ModesExportingGrpc>(modes), IClassFixture<ModesExportingGrpc>;

public sealed class HttpProtobufEquivalenceTests(ModesExportingHttpProtobuf modes)
    : EquivalenceTests<ModesExportingHttpProtobuf>(modes), IClassFixture<ModesExportingHttpProtobuf>;

/// <summary>The switch of the official instrumentation and the standard resource variable, in every mode.</summary>
public sealed class ConfigurationEquivalenceTests(ModesWithRedactionOff modes) : IClassFixture<ModesWithRedactionOff>
{
    [Theory]
    [MemberData(nameof(EquivalenceTests<ModesExportingGrpc>.Modes), MemberType = typeof(EquivalenceTests<ModesExportingGrpc>))]
    public void WithRedactionOffTheQueryIsKeptVerbatimAndResourceAttributesAreAdded(string mode)
    {
        var span = Assert.Single(modes.ClientRequests[mode].ServerRequest.ServerSpans);

        Assert.Equal("?param=equivalence", span.Attributes["url.query"]);
        Assert.Equal("equivalence-tests", span.ResourceAttributes["deployment.environment"]);
        Assert.Equal(ModeLauncher.Modes.ServiceOf(mode), span.Service);
        Assert.Equal("GET", span.Tags["http_method"]);
        Assert.Equal("200", span.Tags["http_status_code"]);
        Assert.Equal("/server_request", span.Tags["http_route"]);
    }

}
