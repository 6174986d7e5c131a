using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace InstrumentationModes.ServerCore;

/// <summary>The host every mode runs in: the same port rules, the same logging, the same lifetime.</summary>
public static class ServerApp
{
    public const int DefaultPort = 8082;

    /// <summary>Room for a 64 KiB <c>param</c> (SPEC §7); Kestrel's default of 8 KiB answers such a request 414.</summary>
    public const int MaxRequestLineBytes = 128 * 1024;

    /// <summary>
    /// A web application bound to 127.0.0.1 on <c>PORT</c> (8082 by default, as the Python original),
    /// unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        // As the templates' appsettings.json: the framework's per-request lines would drown the spans.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{ListeningPort(Environment.GetEnvironmentVariable("PORT"))}");
        }

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
