using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace InstrumentationModes.Telemetry;

/// <summary>The host-side wiring, in the spirit of .NET Aspire's <c>ServiceDefaults</c>.</summary>
public static class OpenTelemetryHostingExtensions
{
    /// <summary>
    /// Starts tracing with the application and shuts it down (flushing every finished span) only after the
    /// server has drained its last request on SIGTERM or Ctrl+C.
    /// </summary>
    public static IHostApplicationBuilder AddOpenTelemetryTracing(
        this IHostApplicationBuilder builder,
        string defaultServiceName,
        Action<TracerProviderBuilder> instrument)
    {
        var tracerProvider = OpenTelemetryTracing.CreateTracerProvider(defaultServiceName, instrument);
        if (tracerProvider is not null)
        {
            builder.Services.AddHostedService(_ => new TracerProviderShutdown(tracerProvider));

            // The host took DistributedContextPropagator.Current when it was created, before tracing set its own.
            builder.Services.AddSingleton(DistributedContextPropagator.Current);
        }

        return builder;
    }

    // Hosted services stop before the web server does; IHostedLifecycleService.StoppedAsync runs after both.
    private sealed class TracerProviderShutdown(TracerProvider tracerProvider) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken)
        {
            tracerProvider.Dispose();
            return Task.CompletedTask;
        }
    }
}
