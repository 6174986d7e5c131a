namespace InstrumentationModes;

/// <summary>
/// The exporters an <c>OTEL_{TRACES,METRICS,LOGS}_EXPORTER</c> variable names, as the official agent reads them:
/// a comma-separated list of <c>console</c>, <c>otlp</c> or <c>none</c>. The one reader of that list, compiled into
/// every lab assembly that needs it.
/// </summary>
internal static class ExporterList
{
    public static readonly IReadOnlyList<string> Known = ["console", "otlp", "none"];

    /// <summary>The names in <paramref name="value"/>, lower case, or <paramref name="defaultValue"/>'s when it is unset or blank.</summary>
    public static IReadOnlyList<string> Parse(string? value, string defaultValue) =>
        (string.IsNullOrWhiteSpace(value) ? defaultValue : value)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant())
            .ToList();

    /// <summary>Whether the variable of <paramref name="signal"/> says <c>none</c> and nothing else.</summary>
    public static bool IsNone(Func<string, string?> variable, string signal) =>
        Parse(variable($"OTEL_{signal}_EXPORTER"), string.Empty) is ["none"];
}
