using InstrumentationModes.Agent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;

[assembly: HostingStartup(typeof(AgentHostingStartup))]

namespace InstrumentationModes.Agent;

/// <summary>
/// ASP.NET Core's way to add services to an application without changing its code (named in
/// <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c>), as the official agent's bootstrapper does. Logs need it: the app's
/// <c>ILoggerFactory</c> is built by its host, so the OpenTelemetry logger provider is added to the host's services.
/// It also flushes the agent's providers once the server has drained its last request, while the process can still
/// report a failed export.
/// </summary>
internal sealed class AgentHostingStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddHostedService<AgentShutdown>();
        var settings = Agent.Settings;
        if (settings.SdkDisabled || !settings.Instruments("LOGS", "ILOGGER"))
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(Agent.ConfigureResource)
            .WithLogging(
                logging =>
                {
                    if (settings.Exports("LOGS", "console"))
                    {
                        logging.AddConsoleExporter();
                    }

                    if (settings.Exports("LOGS", "otlp"))
                    {
                        logging.AddOtlpExporter(options => OtlpSignalVariables.Apply(options, settings, "LOGS"));
                    }
                },
                options => options.IncludeFormattedMessage = settings.IncludeFormattedMessage);
    });

    // Hosted services stop before the web server does; IHostedLifecycleService.StoppedAsync runs after both.
    private sealed class AgentShutdown : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken)
        {
            Agent.Stop();
            return Task.CompletedTask;
        }
    }
}
