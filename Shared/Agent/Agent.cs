using System.Runtime.CompilerServices;
using InstrumentationModes.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace InstrumentationModes.Agent;

/// <summary>
/// What the official .NET automatic instrumentation does for ASP.NET Core and HttpClient (its "source"
/// instrumentations, which need no CLR profiler): an SDK configured only by <c>OTEL_*</c> variables.
/// </summary>
internal static class Agent
{
    // Kept apart from StartupHook so that no OpenTelemetry type is loaded before the resolver is set.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Start(string? entryAssemblyName)
    {
        var tracerProvider = OpenTelemetryTracing.CreateTracerProvider(
            entryAssemblyName ?? "unknown_service:dotnet",
            tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation(),
            defaultProtocol: OtlpExportProtocol.HttpProtobuf);

        // The application owns Main and the host, so the last chance to flush is the process exit,
        // which comes after the host has drained its requests on SIGTERM or Ctrl+C.
        if (tracerProvider is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => tracerProvider.Dispose();
        }

        Console.Error.WriteLine($"OpenTelemetry agent: instrumenting ASP.NET Core and HttpClient in {entryAssemblyName}.");
    }
}
