using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InstrumentationModes.Telemetry;

/// <summary>Builds a tracer provider the way every mode needs it: resource, instrumentation, exporters, all from <c>OTEL_*</c>.</summary>
public static class OpenTelemetryTracing
{
    private static OtlpExportFailureReporter? failureReporter;

    /// <summary>
    /// A tracer provider with <paramref name="instrument"/>'s sources and instrumentations, the resource
    /// (<paramref name="defaultServiceName"/> unless <c>OTEL_SERVICE_NAME</c>/<c>OTEL_RESOURCE_ATTRIBUTES</c> say
    /// otherwise) and the exporters <c>OTEL_TRACES_EXPORTER</c> selects; null when <c>OTEL_SDK_DISABLED=true</c>.
    /// </summary>
    public static TracerProvider? CreateTracerProvider(
        string defaultServiceName,
        Action<TracerProviderBuilder> instrument,
        OtlpExportProtocol defaultProtocol = OtlpExportProtocol.Grpc)
    {
        var environment = TracingEnvironment.FromEnvironment();
        foreach (var warning in environment.Warnings)
        {
            Console.Error.WriteLine("OpenTelemetry: " + warning);
        }

        if (environment.SdkDisabled)
        {
            return null;
        }

        // One W3C reading of the caller's context for every mode: the propagator API (manual) and, through it,
        // the request activity that ASP.NET Core hosting starts (automatic, programmatic).
        Sdk.SetDefaultTextMapPropagator(new CompositeTextMapPropagator([new W3CTraceContextPropagator(), new BaggagePropagator()]));
        if (DistributedContextPropagator.Current is not OpenTelemetryDistributedContextPropagator)
        {
            DistributedContextPropagator.Current = new OpenTelemetryDistributedContextPropagator(DistributedContextPropagator.Current);
        }

        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty()
                .AddService(defaultServiceName)
                .AddTelemetrySdk()
                .AddEnvironmentVariableDetector());
        instrument(builder);
        if (environment.ConsoleExporter)
        {
            builder.AddProcessor(new SimpleActivityExportProcessor(new ConsoleSpanExporter(Console.Out)));
        }

        if (environment.OtlpExporter)
        {
            // Listens as long as the process lives, as the exporter it listens to.
            failureReporter ??= new OtlpExportFailureReporter(Console.Error, OtlpExportFailureReporter.HeaderSecrets(Environment.GetEnvironmentVariable));
            builder.AddOtlpExporter(options => ApplyTracesVariables(options, environment, defaultProtocol));
        }

        return builder.Build();
    }

    private static void ApplyTracesVariables(OtlpExporterOptions options, TracingEnvironment environment, OtlpExportProtocol defaultProtocol)
    {
        options.Protocol = environment.OtlpProtocol ?? defaultProtocol;
        if (environment.OtlpTracesEndpoint is { } endpoint)
        {
            options.Endpoint = endpoint;
        }

        // Also when null: the SDK would throw on malformed headers it read itself.
        options.Headers = environment.OtlpTracesHeaders;
        if (environment.OtlpTracesTimeoutMilliseconds is { } timeout)
        {
            options.TimeoutMilliseconds = timeout;
        }
    }
}
