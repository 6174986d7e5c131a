using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.ModeLauncher;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace InstrumentationModes.ModeTests.Units;

/// <summary>
/// The manual mode's hand-written CLIENT span of <c>/chain</c>'s downstream call against the official HttpClient
/// instrumentation's: the same app on the same port, once under each, for every outcome of the call, must give the
/// same spans (SERVER <c>GET /chain</c>, CLIENT <c>GET</c>, SERVER <c>GET /server_request</c> where it answers) to the letter.
/// </summary>
[Collection(InProcessTracing.Name)]
public sealed class ManualClientMatchesOfficialTests
{
    private const string Traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /// <summary>Each outcome: the <c>DOWNSTREAM_URL</c> <c>/chain</c> calls (<c>{self}</c> is the app itself, whose <c>/server_request</c> answers), and the answer expected.</summary>
    public static TheoryData<string, int> Downstreams => new()
    {
        { "{self}", 200 },
        { "{self}/missing", 404 },
        { "{self}/boom", 500 },
        { "http://127.0.0.1:1", 502 },
        { "{self}/slow", 504 },
    };

    [Theory]
    [MemberData(nameof(Downstreams))]
    public async Task TheManualClientSpanIsTheOfficialOne(string downstream, int expectedStatus)
    {
        var port = LoopbackPorts.Free();

        var official = await TraceOfChainAsync(
            port, downstream, expectedStatus, (builder, app) => { }, tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        var manual = await TraceOfChainAsync(
            port,
            downstream,
            expectedStatus,
            (builder, app) =>
            {
                if (app is null)
                {
                    builder.Services.AddHttpClient(ServerEndpoints.DownstreamClient).AddManualInstrumentation();
                }
                else
                {
                    app.UseManualInstrumentation([ServerEndpoints.HealthPath]);
                }
            },
            tracing => tracing.AddSource(ManualInstrumentation.Name));

        Assert.Equal(official, manual);
        Assert.Contains("kind: Client", official, StringComparison.Ordinal);
    }

    private static async Task<string> TraceOfChainAsync(
        int port, string downstream, int expectedStatus, Action<WebApplicationBuilder, WebApplication?> instrument, Action<TracerProviderBuilder> instrumentTracing)
    {
        var spans = new List<Activity>();
        var tracing = Sdk.CreateTracerProviderBuilder().AddInMemoryExporter(spans);
        instrumentTracing(tracing);
        using (tracing.Build())
        {
            var builder = WebApplication.CreateBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Configuration["DOWNSTREAM_URL"] = downstream.Replace("{self}", $"http://127.0.0.1:{port}", StringComparison.Ordinal);
            builder.Configuration["DOWNSTREAM_TIMEOUT"] = "0.5";
            builder.AddServerEndpoints();
            instrument(builder, null);
            await using var app = builder.Build();
            instrument(builder, app);
            app.MapServerEndpoints();
            app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
            app.MapGet("/slow", async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                return "late";
            });
            await app.StartAsync();

            using var client = ModeProcess.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/chain?param=hop");
            request.Headers.TryAddWithoutValidation("traceparent", Traceparent);
            using (var response = await client.SendAsync(request))
            {
                Assert.Equal(expectedStatus, (int)response.StatusCode);
            }

            // The spans end after the responses have gone out; the CLIENT span and /chain's SERVER span at least.
            for (var wait = 0; spans.Count(span => span.TraceId.ToHexString() == Traceparent[3..35]) < 2 && wait < 100; wait++)
            {
                await Task.Delay(50);
            }

            await Task.Delay(expectedStatus == 504 ? 3000 : 200);
            await app.StopAsync();
        }

        var trace = spans.Where(span => span.TraceId.ToHexString() == Traceparent[3..35]).ToList();
        return string.Join("\n\n", trace.OrderBy(span => span.StartTimeUtc).Select(span => Describe(span, trace, port)));
    }

    private static string Describe(Activity span, List<Activity> trace, int port) => string.Join('\n', new[]
        {
            $"name: {span.DisplayName}",
            $"kind: {span.Kind}",
            $"status: {span.Status} '{span.StatusDescription}'",
            $"parent: {(span.ParentSpanId.ToHexString() == Traceparent[36..52] ? "the caller" : trace.SingleOrDefault(parent => parent.SpanId == span.ParentSpanId)?.DisplayName ?? "other")}",
            $"events: {string.Join(", ", span.Events.Select(spanEvent => $"{spanEvent.Name} {spanEvent.Tags.FirstOrDefault(tag => tag.Key == "exception.type").Value}"))}",
        }
        .Concat(span.TagObjects
            .Where(tag => tag.Key != "user_agent.original")
            .OrderBy(tag => tag.Key, StringComparer.Ordinal)
            .Select(tag => $"{tag.Key}: {Convert.ToString(tag.Value, CultureInfo.InvariantCulture)?.Replace(port.ToString(CultureInfo.InvariantCulture), "PORT", StringComparison.Ordinal)} ({tag.Value?.GetType().Name})")));
}
