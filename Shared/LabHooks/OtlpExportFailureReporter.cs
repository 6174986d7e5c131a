using System.Diagnostics.Tracing;
using System.Globalization;

namespace InstrumentationModes.LabHooks;

/// <summary>
/// Says on stderr that telemetry is not reaching the OTLP endpoint. The exporter reports a failed export only on its
/// EventSource (<c>ForceFlush</c> returns true even then), so this listens there and prints one line for the first
/// problem and at most one a minute after that. Configured header values are masked: they may be tokens.
/// </summary>
internal sealed class OtlpExportFailureReporter(TextWriter output, IReadOnlyList<string> secrets) : EventListener
{
    private const string ExporterEventSourceName = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    private const int MaxMessageLength = 400;

    // Shorter values would mask ordinary words and digits of the message.
    private const int MinSecretLength = 4;

    private static readonly long ReportIntervalMilliseconds = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    private readonly object gate = new();
    private readonly string[] maskedValues = secrets.Where(value => value.Length >= MinSecretLength).ToArray();
    private long? lastReport;
    private int unreported;

    /// <summary>Every header value of <c>OTEL_EXPORTER_OTLP_HEADERS</c> and its per-signal variants, and those variables whole.</summary>
    public static IReadOnlyList<string> HeaderSecrets(Func<string, string?> variable) =>
        OtelVariables.HeaderVariables
            .Select(variable)
            .OfType<string>()
            .SelectMany(headers => headers.Split(',')
                .Select(pair => pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim())
                .Append(headers.Trim()))
            .Distinct()
            .OrderByDescending(value => value.Length)
            .ToList();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == ExporterEventSourceName)
        {
            EnableEvents(eventSource, EventLevel.Warning);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name != ExporterEventSourceName || eventData.Level > EventLevel.Warning)
        {
            return;
        }

        int skipped;
        lock (gate)
        {
            var now = Environment.TickCount64;
            if (now - lastReport < ReportIntervalMilliseconds)
            {
                unreported++;
                return;
            }

            lastReport = now;
            skipped = unreported;
            unreported = 0;
        }

        var skippedNote = skipped > 0 ? $" ({skipped} more since the last report)" : string.Empty;
        output.WriteLine($"OpenTelemetry: telemetry may not reach the OTLP endpoint{skippedNote}: {Describe(eventData)}");
    }

    private string Describe(EventWrittenEventArgs eventData)
    {
        var message = eventData.Message is { } format
            ? string.Format(CultureInfo.InvariantCulture, format, eventData.Payload?.ToArray() ?? [])
            : eventData.EventName ?? "unknown problem";
        message = message.Split('\n', 2)[0].TrimEnd('\r');
        foreach (var secret in maskedValues)
        {
            message = message.Replace(secret, "***", StringComparison.Ordinal);
        }

        return message.Length > MaxMessageLength ? message[..MaxMessageLength] + "…" : message;
    }
}
