using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.ModeLauncher;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace InstrumentationModes.ModeTests.Units;

/// <summary>
/// The manual mode's hand-written span against the reference, the official <c>OpenTelemetry.Instrumentation.AspNetCore</c>:
/// the same requests to the same app on the same port, once under each, must give the same span to the letter.
/// </summary>
[Collection(InProcessTracing.Name)]
public sealed class ManualMatchesOfficialTests
{
    private const string Traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static TheoryData<string, string, string?> Requests => new()
    {
        { "GET", "/server_request?param=manual&x=2", Traceparent },
        { "GET", "/server_request", null },
        { "GET", "/server_request?flag&param=", "garbage" },
        { "GET", "/items/42", Traceparent },
        { "GET", "/missing", null },
        { "GET", "/boom", Traceparent },
        { "GET", "/unavailable", null },
        { "POST", "/server_request", null },
        { "FOO", "/server_request", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task TheManualSpanIsTheOfficialOne(string method, string pathAndQuery, string? traceparent)
    {
        var port = LoopbackPorts.Free();

        var official = await SpanOfAsync(port, app => { }, tracing => tracing.AddAspNetCoreInstrumentation(), method, pathAndQuery, traceparent);
        var manual = await SpanOfAsync(port, app => app.UseManualInstrumentation([ServerEndpoints.HealthPath]), tracing => tracing.AddSource(ManualInstrumentation.Name), method, pathAndQuery, traceparent);

        Assert.Equal(Describe(official), Describe(manual));
    }

    private static async Task<Activity> SpanOfAsync(
        int port, Action<WebApplication> instrumentApp, Action<TracerProviderBuilder> instrumentTracing, string method, string pathAndQuery, string? traceparent)
    {
        var spans = new List<Activity>();
        var tracing = Sdk.CreateTracerProviderBuilder().AddInMemoryExporter(spans);
        instrumentTracing(tracing);
        using (tracing.Build())
        {
            var builder = WebApplication.CreateBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.AddServerEndpoints();
            await using var app = builder.Build();
            instrumentApp(app);
            app.MapServerEndpoints();
            app.MapGet("/items/{id}", (string id) => id);
            app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
            app.MapGet("/unavailable", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
            await app.StartAsync();

            using var client = ModeProcess.CreateClient();
            using var request = new HttpRequestMessage(new HttpMethod(method), $"http://127.0.0.1:{port}{pathAndQuery}");
            request.Headers.UserAgent.ParseAdd("manual-matches-official/1.0");
            if (traceparent is not null)
            {
                request.Headers.TryAddWithoutValidation("traceparent", traceparent);
            }

            (await client.SendAsync(request)).Dispose();

            // The span ends after the response has gone out.
            for (var wait = 0; spans.Count == 0 && wait < 100; wait++)
            {
                await Task.Delay(50);
            }

            await app.StopAsync();
        }

        return Assert.Single(spans);
    }

    private static string Describe(Activity span) => string.Join('\n', new[]
        {
            $"name: {span.DisplayName}",
            $"kind: {span.Kind}",
            $"status: {span.Status} '{span.StatusDescription}'",
            $"parent: {(span.ParentSpanId == default ? "none" : span.ParentSpanId.ToHexString())}",
            $"trace: {(span.ParentSpanId == default ? "new" : span.TraceId.ToHexString())}",
        }
        .Concat(span.TagObjects
            .OrderBy(tag => tag.Key, StringComparer.Ordinal)
            .Select(tag => $"{tag.Key}: {Convert.ToString(tag.Value, CultureInfo.InvariantCulture)} ({tag.Value?.GetType().Name})")));
}

/// <summary>Tests that start an SDK in this process: one at a time, since instrumentation listens process-wide.</summary>
[CollectionDefinition(Name)]
public sealed class InProcessTracing
{
    public const string Name = "in-process tracing";
}
