namespace InstrumentationModes.Agent;

/// <summary>
/// The official automatic instrumentation's configuration, read from the environment with its names and defaults:
/// every signal exported by OTLP, every instrumentation on, http/protobuf unless a protocol is chosen.
/// </summary>
internal sealed record AgentSettings(Func<string, string?> Variable)
{
    public static AgentSettings FromEnvironment() => new(Environment.GetEnvironmentVariable);

    public bool SdkDisabled => string.Equals(Variable("OTEL_SDK_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The exporters of <c>OTEL_{signal}_EXPORTER</c> (<c>TRACES</c>, <c>METRICS</c>, <c>LOGS</c>), <c>otlp</c> by default.</summary>
    public bool Exports(string signal, string exporter) =>
        ExporterList.Parse(Variable($"OTEL_{signal}_EXPORTER"), "otlp").Contains(exporter);

    /// <summary><c>OTEL_DOTNET_AUTO_{signal}_INSTRUMENTATION_ENABLED</c>, then <c>…_{signal}_{id}_INSTRUMENTATION_ENABLED</c>.</summary>
    public bool Instruments(string signal, string id) =>
        Flag($"OTEL_DOTNET_AUTO_{signal}_INSTRUMENTATION_ENABLED", true) && Flag($"OTEL_DOTNET_AUTO_{signal}_{id}_INSTRUMENTATION_ENABLED", true);

    /// <summary>Sources (traces) or meters (metrics) of the application's own, from <c>OTEL_DOTNET_AUTO_{signal}_ADDITIONAL_SOURCES</c>.</summary>
    public string[] AdditionalSources(string signal) => List($"OTEL_DOTNET_AUTO_{signal}_ADDITIONAL_SOURCES", string.Empty);

    public bool IncludeFormattedMessage => Flag("OTEL_DOTNET_AUTO_LOGS_INCLUDE_FORMATTED_MESSAGE", false);

    /// <summary>Paths that get no span (<c>/healthz</c> unless <c>OTEL_DOTNET_EXCLUDED_URLS</c> lists others); the official agent has no such setting.</summary>
    public string[] ExcludedPaths => List("OTEL_DOTNET_EXCLUDED_URLS", "/healthz");

    /// <summary>True when neither <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> nor the signal's own variant chose a protocol.</summary>
    public bool ProtocolUnset(string signal) =>
        string.IsNullOrWhiteSpace(Variable("OTEL_EXPORTER_OTLP_PROTOCOL")) && string.IsNullOrWhiteSpace(Variable($"OTEL_EXPORTER_OTLP_{signal}_PROTOCOL"));

    /// <summary>Instruments whose streams a view drops, from the lab's <c>LAB_METRICS_DROP</c> (the official agent has no such setting).</summary>
    public IReadOnlyList<string> DroppedInstruments => InstrumentationModes.DroppedInstruments.Parse(Variable);

    private bool Flag(string name, bool defaultValue) =>
        Variable(name)?.Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => defaultValue,
        };

    private string[] List(string name, string defaultValue) =>
        (Variable(name) ?? defaultValue).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
