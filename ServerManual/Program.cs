using InstrumentationModes.ServerCore;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

var builder = ServerApp.CreateBuilder(args);

// Note: OTEL_TRACES_EXPORTER picks the exporters (console, otlp, both, or none) as the official agent reads it;
// the SDK itself does not. The OTLP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS itself.
var tracesExporters = (builder.Configuration["OTEL_TRACES_EXPORTER"] ?? "console,otlp").Split(',', StringSplitOptions.TrimEntries);

builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("manual-instrument-service").AddEnvironmentVariableDetector())
    .WithTracing(tracing =>
    {
        tracing.AddSource(ManualServerSpan.SourceName);
        if (tracesExporters.Contains("console"))
        {
            tracing.AddConsoleExporter();
        }

        if (tracesExporters.Contains("otlp"))
        {
            tracing.AddOtlpExporter();
        }
    });

var app = builder.Build();
app.Use(ManualServerSpan.TraceRequestAsync);
app.MapServerRequestEndpoints();
app.Run();
