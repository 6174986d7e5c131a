namespace OpenTelemetry.Trace;

/// <summary>The official HttpClient instrumentation's entry point (SPEC §8: the package is not installable here).</summary>
public static class HttpClientInstrumentationExtensions
{
    /// <summary>
    /// HttpClient on .NET 10 already emits semantic-convention CLIENT activities and injects <c>traceparent</c>;
    /// instrumenting it means listening to its source.
    /// </summary>
    public static TracerProviderBuilder AddHttpClientInstrumentation(this TracerProviderBuilder builder) =>
        builder.AddSource("System.Net.Http");
}
