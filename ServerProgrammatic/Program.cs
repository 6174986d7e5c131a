using InstrumentationModes.ServerCore;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

var builder = ServerApp.CreateBuilder(args);

// Note: OTEL_TRACES_EXPORTER picks the exporters (console, otlp, both, or none) as the official agent reads it;
// the SDK itself does not. The OTLP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS itself.
var tracesExporters = (builder.Configuration["OTEL_TRACES_EXPORTER"] ?? "console,otlp").Split(',', StringSplitOptions.TrimEntries);

// Note: paths that get no span, like instrument_app(app, excluded_urls=…); OTEL_DOTNET_EXCLUDED_URLS changes them.
var excludedPaths = (builder.Configuration["OTEL_DOTNET_EXCLUDED_URLS"] ?? "/healthz").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("programmatic-instrument-service").AddEnvironmentVariableDetector())
    .WithTracing(tracing =>
    {
        tracing.AddAspNetCoreInstrumentation(options => options.Filter =
            context => !excludedPaths.Any(path => context.Request.Path.StartsWithSegments(path)));
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
app.MapServerRequestEndpoints();
app.Run();
