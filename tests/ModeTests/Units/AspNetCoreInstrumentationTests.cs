using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace InstrumentationModes.ModeTests.Units;

/// <summary>
/// The instrumentation library on a real Kestrel app on loopback, for the outcomes the three servers never produce:
/// errors, exceptions, unmatched and templated routes, filters.
/// </summary>
public sealed class AspNetCoreInstrumentationTests : IAsyncLifetime
{
    private readonly CollectingExporter exported = new();
    private TracerProvider tracerProvider = null!;
    private WebApplication app = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddAspNetCoreInstrumentation(options =>
            {
                options.ExcludedPaths = ["/healthz"];
                options.Filter = context => !context.Request.Headers.ContainsKey("x-untraced");
            })
            .AddProcessor(new SimpleActivityExportProcessor(exported))
            .Build()!;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapGet("/items/{id}", (string id) => id);
        app.MapGet("/fail", () => Results.StatusCode(503));
        app.MapGet("/throw", string () => throw new InvalidOperationException("boom"));
        app.MapGet("/healthz", () => "ok");
        await app.StartAsync();
        client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
        tracerProvider.Dispose();
    }

    [Fact]
    public async Task TheNameAndRouteAreTheRouteTemplate()
    {
        var span = await SpanOfAsync("/items/42?secret=x");

        Assert.Equal("GET /items/{id}", span.DisplayName);
        Assert.Equal("/items/{id}", span.GetTagItem("http.route"));
        Assert.Equal("/items/42", span.GetTagItem("url.path"));
        Assert.Equal("?secret=Redacted", span.GetTagItem("url.query"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(ActivityKind.Server, span.Kind);
    }

    [Fact]
    public async Task A5xxIsAnErrorWithItsStatusAsErrorType()
    {
        var span = await SpanOfAsync("/fail");

        Assert.Equal(503, span.GetTagItem("http.response.status_code"));
        Assert.Equal("503", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task AnUnhandledExceptionIsAnErrorWithTheExceptionTypeAsErrorType()
    {
        var span = await SpanOfAsync("/throw");

        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.Equal("System.InvalidOperationException", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("boom", span.StatusDescription);
    }

    [Fact]
    public async Task AnUnmatchedRequestIsNamedByItsMethodAloneAndIsNoError()
    {
        var span = await SpanOfAsync("/nowhere");

        Assert.Equal("GET", span.DisplayName);
        Assert.Null(span.GetTagItem("http.route"));
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Theory]
    [InlineData("/healthz", null)]
    [InlineData("/HEALTHZ/", null)]
    [InlineData("/items/1", "x-untraced")]
    public async Task ExcludedPathsAndFilteredRequestsGiveNoSpan(string path, string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (header is not null)
        {
            request.Headers.Add(header, "1");
        }

        (await client.SendAsync(request)).Dispose();
        var marker = await SpanOfAsync("/items/marker");

        Assert.Equal("/items/marker", marker.GetTagItem("url.path"));
        Assert.DoesNotContain(exported.Spans, span => (string?)span.GetTagItem("url.path") == path);
        Assert.DoesNotContain(exported.Spans, span => span.GetTagItem("http.route") is "/healthz" || span.DisplayName.Contains("health", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(exported.Spans.Count(span => (string?)span.GetTagItem("url.path") == "/items/marker"), exported.Spans.Count);
    }

    // Sends a request told apart by its User-Agent and returns its span, which the simple processor exports at once.
    private async Task<Activity> SpanOfAsync(string pathAndQuery)
    {
        exported.Spans.Clear();
        var userAgent = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        (await client.SendAsync(request)).Dispose();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (exported.Spans.FirstOrDefault(span => (string?)span.GetTagItem("user_agent.original") == userAgent) is { } span)
            {
                return span;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"No span for {pathAndQuery}.");
    }

    private sealed class CollectingExporter : BaseExporter<Activity>
    {
        public ConcurrentBag<Activity> Spans { get; } = [];

        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                Spans.Add(activity);
            }

            return ExportResult.Success;
        }
    }
}
