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
/// such variable (only the agent does): the load runs' variants price a signal by turning it off from outside; the
/// same for the price list's knobs that a sample's code would set (views that drop instruments, the HttpClient
/// instrumentation off). Named
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
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new UnrecordAtEnd(source: null)));
        }

        if (ExporterList.IsNone(variable, "METRICS"))
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView("*", MetricStreamConfiguration.Drop));
        }

        foreach (var instrument in DroppedInstruments.Parse(variable))
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(instrument, MetricStreamConfiguration.Drop));
        }

        // The agent's switches for the HttpClient instrumentation, which a sample registers in its code: the lab can
        // only drop its spans at their end (left unrecorded at their start, they would tell the downstream not to
        // sample its own) and its meters' streams, so the instrumentation still runs.
        if (IsOff(variable, "TRACES_HTTPCLIENT"))
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new UnrecordAtEnd(HttpClientSource)));
        }

        if (IsOff(variable, "METRICS_HTTPCLIENT"))
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(
                instrument => HttpClientMeters.Contains(instrument.Meter.Name) ? MetricStreamConfiguration.Drop : null));
        }

        if (ExporterList.IsNone(variable, "LOGS"))
        {
            services.AddLogging(logging => logging.AddFilter<OpenTelemetryLoggerProvider>(_ => false));
        }
    });

    /// <summary>The meters <c>AddHttpClientInstrumentation</c> adds to a meter provider.</summary>
    private static readonly string[] HttpClientMeters = ["System.Net.Http", "System.Net.NameResolution"];

    /// <summary>The activity source of HttpClient's own spans, which <c>AddHttpClientInstrumentation</c> listens to.</summary>
    private const string HttpClientSource = "System.Net.Http";

    private static bool IsOff(Func<string, string?> variable, string instrumentation) =>
        string.Equals(variable($"OTEL_DOTNET_AUTO_{instrumentation}_INSTRUMENTATION_ENABLED")?.Trim(), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Clears a finished span's recorded flag before any exporting processor sees it (every span's, or those of one
    /// source): the span is created, filled and ended as usual, and every exporter (they skip spans that are not
    /// recorded) drops it.
    /// </summary>
    private sealed class UnrecordAtEnd(string? source) : BaseProcessor<System.Diagnostics.Activity>
    {
        public override void OnEnd(System.Diagnostics.Activity data)
        {
            if (source is null || data.Source.Name == source)
            {
                data.ActivityTraceFlags &= ~System.Diagnostics.ActivityTraceFlags.Recorded;
            }
        }
    }
}
