using InstrumentationModes.LabHooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

[assembly: HostingStartup(typeof(SilencedSignals))]

namespace InstrumentationModes.LabHooks;

/// <summary>
/// <c>OTEL_{TRACES,METRICS,LOGS}_EXPORTER=none</c> for a sample, whose code exports as it is written and reads no
/// such variable (only the agent does): the load runs' variants price a signal by turning it off from outside. Named
/// in <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c> by run-mode.sh for the manual and programmatic modes, it runs before
/// the sample's own services are added, so what it adds comes first.
/// </summary>
internal sealed class SilencedSignals : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        Func<string, string?> variable = Environment.GetEnvironmentVariable;
        if (ExporterList.IsNone(variable, "TRACES"))
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new UnrecordAtEnd()));
        }

        if (ExporterList.IsNone(variable, "METRICS"))
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView("*", MetricStreamConfiguration.Drop));
        }

        if (ExporterList.IsNone(variable, "LOGS"))
        {
            services.AddLogging(logging => logging.AddFilter<OpenTelemetryLoggerProvider>(_ => false));
        }
    });

    /// <summary>
    /// Clears a finished span's recorded flag before any exporting processor sees it: the span is created, filled and
    /// ended as usual, and every exporter (they skip spans that are not recorded) drops it.
    /// </summary>
    private sealed class UnrecordAtEnd : BaseProcessor<System.Diagnostics.Activity>
    {
        public override void OnEnd(System.Diagnostics.Activity data) => data.ActivityTraceFlags &= ~System.Diagnostics.ActivityTraceFlags.Recorded;
    }
}
