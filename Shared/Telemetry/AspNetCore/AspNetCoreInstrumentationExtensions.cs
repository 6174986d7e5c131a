using InstrumentationModes.Telemetry.AspNetCore;

namespace OpenTelemetry.Trace;

/// <summary>The official package's entry points, for the packages this machine cannot install (SPEC §8).</summary>
public static class AspNetCoreInstrumentationExtensions
{
    /// <summary>Emits one SERVER span per ASP.NET Core request (SPEC §2), except for excluded paths.</summary>
    public static TracerProviderBuilder AddAspNetCoreInstrumentation(
        this TracerProviderBuilder builder,
        Action<AspNetCoreTraceInstrumentationOptions>? configure = null)
    {
        var options = new AspNetCoreTraceInstrumentationOptions();
        configure?.Invoke(options);
        return builder
            .AddSource(HttpInListener.ActivitySourceName)
            .AddInstrumentation(() => new AspNetCoreInstrumentation(options));
    }
}
