using System.Diagnostics;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// <c>/chain</c> when its downstream fails: refusing, answering 5xx, too slow, or sent a hostile <c>param</c>. Every
/// request answers within its bound with the status the hop promises, the server keeps serving, and the CLIENT span
/// records the failure the same way in every mode.
/// </summary>
public sealed class DownstreamFaultTests : IAsyncLifetime
{
    private const string Hostile = "a\r\nX-Forged: 1\u001b[31m";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(4);

    private readonly Dictionary<string, string> forgedHeaders = [];
    private DataKitEndpointServer endpoint = null!;
    private WebApplication downstream = null!;

    public async Task InitializeAsync()
    {
        endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false });
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{LoopbackPorts.Free()}");
        downstream = builder.Build();
        downstream.MapGet("/unavailable", () => Results.Text("down", statusCode: StatusCodes.Status503ServiceUnavailable));
        downstream.MapGet("/slow", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            return "late";
        });
        downstream.MapGet("/echo", (HttpRequest request) =>
        {
            if (request.Headers.TryGetValue("X-Forged", out var forged))
            {
                lock (forgedHeaders)
                {
                    forgedHeaders[request.Query["param"].ToString()] = forged.ToString();
                }
            }

            return Results.Text(request.QueryString.Value ?? string.Empty);
        });
        await downstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await downstream.DisposeAsync();
        await endpoint.DisposeAsync();
    }

    public static TheoryData<string, int> Faults => new()
    {
        { "http://127.0.0.1:1", 502 },
        { "{downstream}/unavailable", 503 },
        { "{downstream}/slow", 504 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task EveryModeAnswersTheFaultInTimeKeepsServingAndRecordsItAlike(string downstreamUrl, int expectedStatus)
    {
        var environment = Traffic.Grpc(endpoint.GrpcPort);
        // No console exporter: it would print the CLIENT span's exception event, stack and all.
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOWNSTREAM_URL"] = downstreamUrl.Replace("{downstream}", downstream.Urls.First(), StringComparison.Ordinal);
        environment["DOWNSTREAM_TIMEOUT"] = "1";
        var servers = await Task.WhenAll(Modes.All.Select(mode => ModeProcess.StartAsync(mode, environment)));
        try
        {
            var clientSpans = new Dictionary<string, string>();
            foreach (var server in servers)
            {
                var traceId = ActivityTraceId.CreateRandom().ToHexString();
                var stopwatch = Stopwatch.StartNew();
                var (status, body) = await server.GetAsync("/chain?param=fault", ("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));
                var elapsed = stopwatch.Elapsed;

                Assert.Equal(expectedStatus, status);
                Assert.True(elapsed < Bound, $"{server.Mode} answered after {elapsed}");
                Assert.Single(body.TrimEnd('\n').Split('\n'));
                Assert.Equal((200, "ok"), await server.GetAsync("/healthz"));
                var spans = await endpoint.WaitForSpansAsync(span => span.TraceId == traceId, 2, TimeSpan.FromSeconds(30));
                var client = Assert.Single(spans, span => span.SpanKind == "client");
                var chain = Assert.Single(spans, span => span.Resource == "GET /chain");
                Assert.Equal(chain.SpanId, client.ParentId);
                Assert.Equal(("error", (long)expectedStatus), (chain.Status, (long)chain.Attributes["http.response.status_code"]));
                clientSpans[server.Mode] = $"{client.Resource} {client.Status} events [{string.Join(", ", client.EventNames)}] " + string.Join(", ", client.Attributes
                    .Where(attribute => attribute.Key is not ("server.port" or "url.full"))
                    .OrderBy(attribute => attribute.Key, StringComparer.Ordinal)
                    .Select(attribute => $"{attribute.Key}={attribute.Value}"));
                Modes.AssertNoUnhandledException(server);
            }

            Assert.Single(clientSpans.Values.Distinct());
            Assert.Contains(expectedStatus == 503 ? "error.type=503" : "error.type=", clientSpans["manual"], StringComparison.Ordinal);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task AHostileParamIsPassedOnEscapedAndForgesNoHeaderNorLine(string mode)
    {
        var environment = Traffic.Grpc(endpoint.GrpcPort);
        environment["DOWNSTREAM_URL"] = downstream.Urls.First() + "/echo";
        await using var server = await ModeProcess.StartAsync(mode, environment);

        var (status, body) = await server.GetAsync("/chain?param=" + Uri.EscapeDataString(Hostile));

        Assert.Equal(200, status);
        Assert.Equal("?param=" + Uri.EscapeDataString(Hostile), body);
        lock (forgedHeaders)
        {
            Assert.Empty(forgedHeaders);
        }

        Assert.DoesNotContain(server.OutputLines.Concat(server.ErrorLines), line => line.Contains('\u001b', StringComparison.Ordinal) || line.StartsWith("X-Forged", StringComparison.Ordinal));
        Modes.AssertNoUnhandledException(server);
    }
}
