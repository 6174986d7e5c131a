using InstrumentationModes.ServerCore;
using InstrumentationModes.Telemetry;
using InstrumentationModes.Telemetry.AspNetCore;
using OpenTelemetry.Trace;

var builder = ServerApp.CreateBuilder(args);
builder.AddOpenTelemetryTracing("programmatic-instrument-service", tracing => tracing
    .AddAspNetCoreInstrumentation(options => options.ExcludedPaths =
        AspNetCoreTraceInstrumentationOptions.ExcludedPathsFromEnvironment(ServerRequestEndpoints.HealthPath)));

var app = builder.Build();
app.MapServerRequestEndpoints();
app.Run();
