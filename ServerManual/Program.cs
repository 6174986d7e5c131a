using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);
builder.AddServerEndpoints();

// Note: paths that get no span, like instrument_app(app, excluded_urls=…); set OTEL_DOTNET_EXCLUDED_URLS to change them.
var excludedPaths = (builder.Configuration["OTEL_DOTNET_EXCLUDED_URLS"] ?? ServerEndpoints.HealthPath)
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

var openTelemetry = builder.Services.AddOpenTelemetry()
    // Note: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the name given here.
    .ConfigureResource(resource => resource.AddService("manual-instrument-service").AddEnvironmentVariableDetector())
    .WithTracing(tracing =>
    {
        tracing.AddSource(ManualInstrumentation.Name, ServerEndpoints.DiceRollerName);
        // Note: spans also print to the console in Development, as the Python original's ConsoleSpanExporter.
        if (builder.Environment.IsDevelopment())
        {
            tracing.AddConsoleExporter();
        }
    })
    .WithMetrics(metrics => metrics.AddMeter(ManualInstrumentation.Name, ServerEndpoints.DiceRollerName))
    .WithLogging();

// Note: every signal goes to OTLP once OTEL_EXPORTER_OTLP_ENDPOINT is set, as in .NET Aspire's service defaults.
if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
{
    openTelemetry.UseOtlpExporter();
}

builder.Services.AddHttpClient(ServerEndpoints.DownstreamClient).AddManualInstrumentation();

var app = builder.Build();
app.UseManualInstrumentation(excludedPaths);
app.MapServerEndpoints();
app.Run();
