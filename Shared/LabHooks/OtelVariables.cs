namespace InstrumentationModes.LabHooks;

/// <summary>
/// Checks the documented <c>OTEL_*</c> variables before anything reads them. The SDK ignores a bad value without a
/// word (or, for an endpoint without a scheme or malformed headers, fails at start-up with a stack trace), so each bad
/// value gets one line saying what is wrong and what a valid value looks like, and is removed from the environment:
/// the SDK then uses its default. Header values are never shown: they may hold a token.
/// </summary>
internal static class OtelVariables
{
    private static readonly string[] Signals = ["TRACES", "METRICS", "LOGS"];

    public static readonly string[] HeaderVariables =
        ["OTEL_EXPORTER_OTLP_HEADERS", .. Signals.Select(signal => $"OTEL_EXPORTER_OTLP_{signal}_HEADERS")];

    private static readonly string[] ExporterVariables = Signals.Select(signal => $"OTEL_{signal}_EXPORTER").ToArray();

    private static readonly string[] EndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", .. Signals.Select(signal => $"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT")];

    private static readonly string[] ProtocolVariables =
        ["OTEL_EXPORTER_OTLP_PROTOCOL", .. Signals.Select(signal => $"OTEL_EXPORTER_OTLP_{signal}_PROTOCOL")];

    private static readonly string[] MillisecondVariables =
    [
        "OTEL_EXPORTER_OTLP_TIMEOUT", .. Signals.Select(signal => $"OTEL_EXPORTER_OTLP_{signal}_TIMEOUT"),
        "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_EXPORT_TIMEOUT", "OTEL_BLRP_SCHEDULE_DELAY", "OTEL_BLRP_EXPORT_TIMEOUT",
        "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_METRIC_EXPORT_TIMEOUT",
    ];

    private static readonly string[] CountVariables =
        ["OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "OTEL_BLRP_MAX_QUEUE_SIZE", "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"];

    /// <summary>Every documented variable this check covers (the README lists the same).</summary>
    private static IEnumerable<string> Checked =>
        ExporterVariables.Concat(EndpointVariables).Concat(ProtocolVariables).Concat(HeaderVariables)
            .Concat(MillisecondVariables).Concat(CountVariables).Append("OTEL_SDK_DISABLED");

    /// <summary>The problems, one line each, for the bad values that <paramref name="variable"/> holds.</summary>
    public static IEnumerable<(string Name, string Problem)> Problems(Func<string, string?> variable)
    {
        foreach (var name in Checked)
        {
            if (variable(name) is { } value && !string.IsNullOrWhiteSpace(value) && Problem(name, value.Trim()) is { } problem)
            {
                yield return (name, problem);
            }
        }
    }

    private static string? Problem(string name, string value)
    {
        if (ExporterVariables.Contains(name))
        {
            var unknown = ExporterList.Parse(value, string.Empty).Where(exporter => !ExporterList.Known.Contains(exporter)).ToList();
            return unknown.Count == 0 ? null : $"{name}: unknown exporter '{string.Join(',', unknown)}' (use console, otlp, console,otlp or none)";
        }

        if (EndpointVariables.Contains(name))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? null
                : $"{name}: '{value}' is not an http(s) URL (use e.g. http://localhost:4317); the default endpoint is used";
        }

        if (ProtocolVariables.Contains(name))
        {
            return value is "grpc" or "http/protobuf" ? null : $"{name}: '{value}' is not supported (use grpc or http/protobuf); the default protocol is used";
        }

        if (HeaderVariables.Contains(name))
        {
            return value.Split(',', StringSplitOptions.RemoveEmptyEntries).All(pair => pair.IndexOf('=', StringComparison.Ordinal) > 0)
                ? null
                : $"{name}: not a list of key=value pairs; no headers are sent (the value is not shown: it may hold a secret)";
        }

        if (MillisecondVariables.Contains(name) || CountVariables.Contains(name))
        {
            var what = CountVariables.Contains(name) ? "number" : "number of milliseconds";
            return int.TryParse(value, out var number) && number > 0 ? null : $"{name}: '{value}' is not a positive whole {what}; the SDK's default is used";
        }

        return value.ToLowerInvariant() is "true" or "false" ? null : $"{name}: '{value}' is neither true nor false; ignored";
    }
}
