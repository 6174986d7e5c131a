using OpenTelemetry.Exporter;

namespace InstrumentationModes.Telemetry;

/// <summary>
/// The standard <c>OTEL_*</c> variables that the SDK's own option classes do not read here: the exporter list
/// and the signal-specific <c>_TRACES_</c> OTLP variants (SPEC §3–4). Bad values get a warning and a safe default.
/// </summary>
public sealed record TracingEnvironment(
    bool SdkDisabled,
    bool ConsoleExporter,
    bool OtlpExporter,
    Uri? OtlpTracesEndpoint,
    OtlpExportProtocol? OtlpProtocol,
    string? OtlpTracesHeaders,
    int? OtlpTracesTimeoutMilliseconds,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Console and OTLP together, like the Python original's <c>--traces_exporter console,otlp</c>.</summary>
    public const string DefaultExporters = "console,otlp";

    public static TracingEnvironment FromEnvironment() => Parse(name => Environment.GetEnvironmentVariable(name));

    public static TracingEnvironment Parse(Func<string, string?> variable)
    {
        var warnings = new List<string>();
        var exporters = ParseExporters(variable("OTEL_TRACES_EXPORTER"), warnings);
        return new TracingEnvironment(
            SdkDisabled: string.Equals(variable("OTEL_SDK_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase),
            ConsoleExporter: exporters.Contains("console"),
            OtlpExporter: exporters.Contains("otlp"),
            OtlpTracesEndpoint: ParseEndpoint("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", variable, warnings),
            OtlpProtocol: ParseProtocol("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", variable, warnings)
                ?? ParseProtocol("OTEL_EXPORTER_OTLP_PROTOCOL", variable, warnings),
            OtlpTracesHeaders: ParseHeaders("OTEL_EXPORTER_OTLP_TRACES_HEADERS", variable, warnings)
                ?? ParseHeaders("OTEL_EXPORTER_OTLP_HEADERS", variable, warnings),
            OtlpTracesTimeoutMilliseconds: ParseTimeout("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", variable, warnings),
            Warnings: warnings);
    }

    private static HashSet<string> ParseExporters(string? value, List<string> warnings)
    {
        var names = (NullIfBlank(value) ?? DefaultExporters)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant())
            .ToHashSet();
        foreach (var unknown in names.Where(name => name is not ("console" or "otlp" or "none")))
        {
            warnings.Add($"OTEL_TRACES_EXPORTER: unknown exporter '{unknown}' ignored (use console, otlp, console,otlp or none).");
        }

        return names;
    }

    private static Uri? ParseEndpoint(string name, Func<string, string?> variable, List<string> warnings)
    {
        if (NullIfBlank(variable(name)) is not { } value)
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https")
        {
            return endpoint;
        }

        warnings.Add($"{name}: '{value}' is not an absolute http(s) URL; ignored.");
        return null;
    }

    private static OtlpExportProtocol? ParseProtocol(string name, Func<string, string?> variable, List<string> warnings)
    {
        switch (NullIfBlank(variable(name))?.ToLowerInvariant())
        {
            case null:
                return null;
            case "grpc":
                return OtlpExportProtocol.Grpc;
            case "http/protobuf":
                return OtlpExportProtocol.HttpProtobuf;
            case var other:
                warnings.Add($"{name}: '{other}' is not supported (use grpc or http/protobuf); ignored.");
                return null;
        }
    }

    /// <summary>
    /// <c>key=value,…</c> as the SDK reads it; anything else would make the exporter throw when it is built, so it
    /// is refused with a warning that does not show the value (it may hold a token).
    /// </summary>
    private static string? ParseHeaders(string name, Func<string, string?> variable, List<string> warnings)
    {
        if (NullIfBlank(variable(name)) is not { } value)
        {
            return null;
        }

        if (value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(pair => pair.Contains('=', StringComparison.Ordinal)))
        {
            return value;
        }

        warnings.Add($"{name}: not a list of key=value pairs; no headers are sent (the value is not shown, it may hold a secret).");
        return null;
    }

    private static int? ParseTimeout(string name, Func<string, string?> variable, List<string> warnings)
    {
        if (NullIfBlank(variable(name)) is not { } value)
        {
            return null;
        }

        if (int.TryParse(value, out var milliseconds) && milliseconds > 0)
        {
            return milliseconds;
        }

        warnings.Add($"{name}: '{value}' is not a positive number of milliseconds; ignored.");
        return null;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
