using System.Runtime.CompilerServices;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InstrumentationModes.Agent;

/// <summary>
/// What the official .NET automatic instrumentation does for ASP.NET Core and HttpClient (its "source"
/// instrumentations, which need no CLR profiler), with the same official instrumentation packages: an SDK
/// configured only by the environment, built before the application's <c>Main</c> runs.
/// </summary>
internal static class Agent
{
    private static readonly string ServiceInstanceId = Guid.NewGuid().ToString();

    private static readonly Lock StopGate = new();

    private static string serviceName = "unknown_service:dotnet";

    public static AgentSettings Settings { get; } = AgentSettings.FromEnvironment();

    public static TracerProvider? TracerProvider { get; private set; }

    public static MeterProvider? MeterProvider { get; private set; }

    /// <summary>One resource for every signal, the logs' included (they are set up later, by the host).</summary>
    public static void ConfigureResource(ResourceBuilder resource) => resource
        .AddService(serviceName, autoGenerateServiceInstanceId: false, serviceInstanceId: ServiceInstanceId)
        .AddTelemetrySdk()
        .AddEnvironmentVariableDetector();

    // Kept apart from StartupHook so that no OpenTelemetry type is loaded before the resolver is set.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Start(string? entryAssemblyName)
    {
        if (Settings.SdkDisabled)
        {
            Console.Error.WriteLine($"OpenTelemetry agent: disabled by OTEL_SDK_DISABLED=true; {entryAssemblyName} runs uninstrumented.");
            return;
        }

        serviceName = entryAssemblyName ?? serviceName;
        TracerProvider = BuildTracerProvider();
        MeterProvider = BuildMeterProvider();

        // The host flushes at its stop (AgentHostingStartup); an application without a host still gets its
        // finished spans out at the process exit.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        Console.Error.WriteLine($"OpenTelemetry agent: instrumenting ASP.NET Core and HttpClient in {entryAssemblyName}.");
    }

    /// <summary>Flushes and shuts down what the agent built (a final metric export included); safe to call more than once, and at once.</summary>
    public static void Stop()
    {
        // Two stops can overlap (a host stopped from outside while its Run returns stops it again), and a provider's
        // Dispose is not thread-safe.
        lock (StopGate)
        {
            TracerProvider?.Dispose();
            MeterProvider?.Dispose();
        }
    }

    private static TracerProvider BuildTracerProvider()
    {
        var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(ConfigureResource)
            .AddSource(Settings.AdditionalSources("TRACES"));
        if (Settings.Instruments("TRACES", "ASPNETCORE"))
        {
            var excludedPaths = Settings.ExcludedPaths;
            tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => !IsExcluded(context.Request.Path, excludedPaths));
        }

        if (Settings.Instruments("TRACES", "HTTPCLIENT"))
        {
            tracing.AddHttpClientInstrumentation();
        }

        if (Settings.Exports("TRACES", "console"))
        {
            tracing.AddConsoleExporter();
        }

        if (Settings.Exports("TRACES", "otlp"))
        {
            tracing.AddOtlpExporter(options => OtlpSignalVariables.Apply(options, Settings, "TRACES"));
        }

        return tracing.Build();
    }

    // A loop, not LINQ: the filter runs on every request, and Any with a lambda over the request allocates each time.
    private static bool IsExcluded(Microsoft.AspNetCore.Http.PathString requestPath, string[] excludedPaths)
    {
        foreach (var path in excludedPaths)
        {
            if (requestPath.StartsWithSegments(path))
            {
                return true;
            }
        }

        return false;
    }

    private static MeterProvider BuildMeterProvider()
    {
        var metrics = OpenTelemetry.Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(ConfigureResource)
            .AddMeter(Settings.AdditionalSources("METRICS"));
        if (Settings.Instruments("METRICS", "ASPNETCORE"))
        {
            metrics.AddAspNetCoreInstrumentation();
        }

        if (Settings.Instruments("METRICS", "HTTPCLIENT"))
        {
            metrics.AddHttpClientInstrumentation();
        }

        foreach (var instrument in Settings.DroppedInstruments)
        {
            metrics.AddView(instrument, MetricStreamConfiguration.Drop);
        }

        if (Settings.Exports("METRICS", "console"))
        {
            metrics.AddConsoleExporter();
        }

        if (Settings.Exports("METRICS", "otlp"))
        {
            metrics.AddOtlpExporter((exporter, reader) => OtlpSignalVariables.Apply(exporter, Settings, "METRICS"));
        }

        return metrics.Build();
    }
}
