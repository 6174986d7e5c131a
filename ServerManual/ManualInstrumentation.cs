using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

/// <summary>
/// Manual instrumentation, as <c>server_manual.py</c>: extract the caller's context from the headers with the
/// propagator API, start the SERVER span with it as parent, set the attributes, end it with the response; and
/// record the request's duration on a histogram of the same name, unit, buckets and attributes as ASP.NET Core's.
/// </summary>
internal static class ManualInstrumentation
{
    /// <summary>The name of this instrumentation's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string Name = "ServerManual";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    // Read once, as the official instrumentation reads its options once, not on every request.
    private static readonly bool RedactQuery = !HttpServerAttributes.QueryRedactionDisabledByEnvironment;

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "http.server.request.duration",
        unit: "s",
        description: "Duration of HTTP server requests.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    /// <summary>Instruments every request but those under <paramref name="excludedPaths"/>, which get no span but are measured, as the official instrumentation's filter does.</summary>
    public static WebApplication UseManualInstrumentation(this WebApplication app, string[] excludedPaths)
    {
        app.Use((context, next) => InstrumentRequestAsync(context, next, IsExcluded(context.Request.Path, excludedPaths)));
        return app;
    }

    private static async Task InstrumentRequestAsync(HttpContext context, RequestDelegate next, bool excluded)
    {
        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        using var span = excluded ? null : StartServerSpan(context.Request);
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            failure = exception;
            HttpServerAttributes.SetException(span, exception, context);
            throw;
        }
        finally
        {
            if (span is { IsAllDataRequested: true })
            {
                HttpServerAttributes.SetResponseAttributes(span, context);
            }

            RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, HttpServerAttributes.DurationAttributes(context, failure));
        }
    }

    private static Activity? StartServerSpan(HttpRequest request)
    {
        var parent = Propagators.DefaultTextMapPropagator.Extract(default, request.Headers, HeaderValues);
        // A request starts with no baggage; writing an empty one would only copy the execution context.
        if (parent.Baggage.Count > 0)
        {
            Baggage.Current = parent.Baggage;
        }

        // ASP.NET Core starts an activity of its own for log correlation. It is not exported here and must not
        // become the parent (with no traceparent, StartActivity would fall back to it): the headers alone decide.
        Activity.Current = null;
        var span = Source.StartActivity(ActivityKind.Server, parent.ActivityContext, name: HttpServerAttributes.SpanName(request.Method, route: null));
        if (span is { IsAllDataRequested: true })
        {
            HttpServerAttributes.SetRequestAttributes(span, request, RedactQuery);
        }

        return span;
    }

    private static bool IsExcluded(PathString path, string[] excludedPaths)
    {
        foreach (var excludedPath in excludedPaths)
        {
            if (path.StartsWithSegments(excludedPath))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> HeaderValues(IHeaderDictionary headers, string name) => headers[name];
}
