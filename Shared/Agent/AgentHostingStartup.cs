using InstrumentationModes.Agent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

[assembly: HostingStartup(typeof(AgentHostingStartup))]

namespace InstrumentationModes.Agent;

/// <summary>
/// ASP.NET Core's way to add services to an application without changing its code (named in
/// <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c>), as the official agent's bootstrapper does: it flushes the agent's
/// providers once the server has drained its last request, while the process can still report a failed export.
/// </summary>
internal sealed class AgentHostingStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddHostedService<AgentShutdown>());

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
