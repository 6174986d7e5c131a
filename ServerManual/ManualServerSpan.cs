using System.Diagnostics;
using InstrumentationModes.ServerCore;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

/// <summary>
/// Manual instrumentation, as <c>server_manual.py</c>: extract the caller's context from the headers with the
/// propagator API, start the SERVER span with it as parent, set the attributes, end it with the response.
/// </summary>
internal static class ManualServerSpan
{
    public const string SourceName = "ServerManual";

    private static readonly ActivitySource Source = new(SourceName);

    public static async Task TraceRequestAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments(ServerRequestEndpoints.HealthPath))
        {
            await next(context);
            return;
        }

        var parent = Propagators.DefaultTextMapPropagator.Extract(default, context.Request.Headers, HeaderValues);
        Baggage.Current = parent.Baggage;

        // ASP.NET Core starts an activity of its own for log correlation. It is not exported here and must not
        // become the parent (with no traceparent, StartActivity would fall back to it): the headers alone decide.
        Activity.Current = null;
        var request = context.Request;
        using var span = Source.StartActivity(
            ActivityKind.Server,
            parent.ActivityContext,
            HttpServerAttributes.CollectRequestAttributes(request, redactQuery: !HttpServerAttributes.QueryRedactionDisabledByEnvironment),
            name: HttpServerAttributes.SpanName(request.Method, route: null));
        try
        {
            await next(context);
        }
        catch (Exception exception) when (span is not null)
        {
            HttpServerAttributes.SetException(span, exception, context);
            throw;
        }
        finally
        {
            if (span is not null)
            {
                HttpServerAttributes.SetResponseAttributes(span, context);
            }
        }
    }

    private static IEnumerable<string> HeaderValues(IHeaderDictionary headers, string name) => headers[name];
}
