using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace InstrumentationModes.ServerCore;

/// <summary>The host every mode runs in: the same port rules, the same logging, the same lifetime.</summary>
public static class ServerApp
{
    public const int DefaultPort = 8082;

    /// <summary>The prefix of the app's own log categories (the endpoints').</summary>
    public const string AppLogCategory = "InstrumentationModes";

    /// <summary>Room for a 64 KiB <c>param</c> (SPEC §7); Kestrel's default of 8 KiB answers such a request 414.</summary>
    public const int MaxRequestLineBytes = 128 * 1024;

    /// <summary>
    /// A web application bound to 127.0.0.1 on <c>PORT</c> (8082 by default, as the Python original),
    /// unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise. A bad <c>PORT</c> ends the process here with
    /// one line and exit code 2; a port already in use ends it at start with one line and exit code 1.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        // As the templates' appsettings.json: the framework's per-request lines would drown the spans.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // The app's own records carry what clients send (param, player): on the console each request prints its
        // own line with those values escaped, and the raw values travel only as the records' attributes.
        builder.Logging.AddFilter<ConsoleLoggerProvider>(AppLogCategory, LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes);
        var advice = "another server running? stop it, or choose other --urls";
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            int port;
            try
            {
                port = ListeningPort(Environment.GetEnvironmentVariable("PORT"));
            }
            catch (ArgumentException exception)
            {
                Console.Error.WriteLine("server: " + exception.Message);
                Environment.Exit(2);
                throw;
            }

            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var otherPort = (port == 65535 ? port - 1 : port + 1).ToString(CultureInfo.InvariantCulture);
            advice = $"another server running? stop it, or choose another port: PORT={otherPort} or scripts/run-mode.sh MODE {otherPort}";
        }

        var kestrel = builder.Services.Single(service => service.ServiceType == typeof(IServer));
        builder.Services.Replace(ServiceDescriptor.Singleton<IServer>(services =>
            new OneLineBindFailureServer((IServer)ActivatorUtilities.CreateInstance(services, kestrel.ImplementationType!), advice)));
        return builder;
    }

    /// <summary>The port from <c>PORT</c>; anything but a number from 1 to 65535 is refused with a clear message.</summary>
    public static int ListeningPort(string? portVariable)
    {
        if (string.IsNullOrWhiteSpace(portVariable))
        {
            return DefaultPort;
        }

        if (int.TryParse(portVariable, out var port) && port is > 0 and <= 65535)
        {
            return port;
        }

        throw new ArgumentException($"PORT must be a number from 1 to 65535, not '{portVariable}'.");
    }
}

/// <summary>
/// Kestrel, except that a port already in use ends the process with one line and exit code 1. Thrown on, the bind
/// failure would be logged by the host and then dumped by the runtime with its stack (exit 134), since every
/// <c>Program.cs</c> ends in a plain <c>app.Run()</c>.
/// </summary>
file sealed class OneLineBindFailureServer(IServer kestrel, string advice) : IServer
{
    public IFeatureCollection Features => kestrel.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        // Kestrel clears the addresses when it starts binding, so they are read before.
        var addresses = string.Join(", ", Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        try
        {
            await kestrel.StartAsync(application, cancellationToken);
        }
        catch (IOException exception) when (exception.InnerException is AddressInUseException)
        {
            Console.Error.WriteLine($"server: cannot listen on {addresses}: address already in use ({advice})");
            Environment.Exit(1);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => kestrel.StopAsync(cancellationToken);

    public void Dispose() => kestrel.Dispose();
}
