using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace InstrumentationModes.Telemetry.AspNetCore;

/// <summary>
/// Turns the request activity that ASP.NET Core creates itself (<c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c>,
/// no tags on .NET 10) into the semantic-convention SERVER span, on the hosting diagnostic events.
/// </summary>
internal sealed class HttpInListener(AspNetCoreTraceInstrumentationOptions options) : IObserver<KeyValuePair<string, object?>>
{
    internal const string DiagnosticListenerName = "Microsoft.AspNetCore";
    internal const string ActivitySourceName = "Microsoft.AspNetCore";

    private const string StartEvent = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Start";
    private const string StopEvent = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Stop";
    private const string HostingUnhandledException = "Microsoft.AspNetCore.Hosting.UnhandledException";
    private const string DiagnosticsUnhandledException = "Microsoft.AspNetCore.Diagnostics.UnhandledException";

    // The exception events carry an anonymous object; its getter is looked up once per payload type.
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> ExceptionProperties = new();

    /// <summary>Only the events used here, so that hosting does not pay for the others.</summary>
    public static bool IsEnabled(string eventName) => eventName is
        "Microsoft.AspNetCore.Hosting.HttpRequestIn" or StartEvent or StopEvent
        or HostingUnhandledException or DiagnosticsUnhandledException;

    public void OnNext(KeyValuePair<string, object?> diagnosticEvent)
    {
        if (Activity.Current is not { } activity || activity.OperationName != "Microsoft.AspNetCore.Hosting.HttpRequestIn")
        {
            return;
        }

        switch (diagnosticEvent.Key)
        {
            case StartEvent when diagnosticEvent.Value is HttpContext context:
                OnStart(activity, context);
                break;
            case StopEvent when diagnosticEvent.Value is HttpContext context && activity.IsAllDataRequested:
                HttpServerAttributes.SetResponseAttributes(activity, context);
                break;
            case HostingUnhandledException or DiagnosticsUnhandledException
                when activity.IsAllDataRequested && ExceptionIn(diagnosticEvent.Value) is { } exception:
                HttpServerAttributes.SetException(activity, exception);
                break;
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    private void OnStart(Activity activity, HttpContext context)
    {
        if (!activity.IsAllDataRequested)
        {
            return;
        }

        if (!options.ShouldTrace(context))
        {
            // Neither recorded nor exported, as the official instrumentation does for filtered requests.
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return;
        }

        activity.DisplayName = HttpServerAttributes.SpanName(context.Request.Method, route: null);
        foreach (var tag in HttpServerAttributes.CollectRequestAttributes(context.Request, redactQuery: !options.DisableUrlQueryRedaction))
        {
            activity.SetTag(tag.Key, tag.Value);
        }
    }

    private static Exception? ExceptionIn(object? payload) =>
        payload is null
            ? null
            : ExceptionProperties.GetOrAdd(payload.GetType(), type => type.GetProperty("exception"))?.GetValue(payload) as Exception;
}
