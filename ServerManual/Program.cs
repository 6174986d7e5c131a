using InstrumentationModes.ServerCore;
using InstrumentationModes.Telemetry;

var builder = ServerApp.CreateBuilder(args);
builder.AddOpenTelemetryTracing("manual-instrument-service", tracing => tracing
    .AddSource(ManualServerSpan.SourceName));

var app = builder.Build();
app.Use(ManualServerSpan.TraceRequestAsync);
app.MapServerRequestEndpoints();
app.Run();
