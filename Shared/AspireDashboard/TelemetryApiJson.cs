using System.Text.Json;

namespace InstrumentationModes.AspireDashboard;

/// <summary>
/// One answer of the telemetry API, as the dashboard 13.6 writes it: OTLP/JSON in <paramref name="Data"/> (ids in
/// hex, times and 64-bit numbers as strings), and how many items matched and how many it returned.
/// </summary>
internal sealed record TelemetryPage(JsonElement Data, int TotalCount, int ReturnedCount);
