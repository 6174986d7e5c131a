using InstrumentationModes.ServerCore;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

var builder = ServerApp.CreateBuilder(args);

// Note: OTEL_TRACES_EXPORTER, OTEL_METRICS_EXPORTER and OTEL_LOGS_EXPORTER pick each signal's exporters (console,
// otlp, both, or none) as the official agent reads them; the SDK does not. The OTLP exporter reads the
// OTEL_EXPORTER_OTLP_* variables itself, and the resource OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, which win.
bool Exports(string signal, string exporter, string defaults) =>
    (builder.Configuration[$"OTEL_{signal}_EXPORTER"] ?? defaults).Split(',', StringSplitOptions.TrimEntries).Contains(exporter);

// Note: paths that get no span, like instrument_app(app, excluded_urls=…); OTEL_DOTNET_EXCLUDED_URLS changes them.
var excludedPaths = (builder.Configuration["OTEL_DOTNET_EXCLUDED_URLS"] ?? "/healthz").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("programmatic-instrument-service").AddEnvironmentVariableDetector())
    .WithTracing(tracing =>
    {
        tracing
            .AddAspNetCoreInstrumentation(options => options.Filter =
                context => !excludedPaths.Any(path => context.Request.Path.StartsWithSegments(path)))
            .AddSource(DiceRoller.InstrumentationName);
        if (Exports("TRACES", "console", "console,otlp"))
        {
            tracing.AddConsoleExporter();
        }

        if (Exports("TRACES", "otlp", "console,otlp"))
        {
            tracing.AddOtlpExporter();
        }
    })
    .WithMetrics(metrics =>
    {
        metrics.AddAspNetCoreInstrumentation().AddMeter(DiceRoller.InstrumentationName);
        if (Exports("METRICS", "console", "otlp"))
        {
            metrics.AddConsoleExporter();
        }

        if (Exports("METRICS", "otlp", "otlp"))
        {
            metrics.AddOtlpExporter();
        }
    })
    .WithLogging(logging =>
    {
        if (Exports("LOGS", "console", "otlp"))
        {
            logging.AddConsoleExporter();
        }

        if (Exports("LOGS", "otlp", "otlp"))
        {
            logging.AddOtlpExporter();
        }
    });

var app = builder.Build();
app.MapServerRequestEndpoints();
app.Run();
