using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstrumentationModes.ServerCore;

/// <summary>The one endpoint definition all three servers serve, as <c>server_request()</c> in the Python original.</summary>
public static class ServerRequestEndpoints
{
    public const string ServerRequestPath = "/server_request";
    public const string HealthPath = "/healthz";

    // Relaxed so that most non-ASCII text prints as itself (characters outside the BMP, such as emoji, are
    // escaped); control characters (CR, LF, ESC) always are.
    private static readonly JsonSerializerOptions PrintOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>/server_request</c> and <c>/healthz</c> of the Python original, and the getting-started's <c>/rolldice</c>.</summary>
    public static IEndpointRouteBuilder MapServerRequestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(ServerApp.AppLogCategory + ".ServerRequest");
        endpoints.MapGet(ServerRequestPath, (HttpRequest request) =>
        {
            var param = request.Query.TryGetValue("param", out var values) ? values.ToString() : null;
            logger.LogInformation("Serving param {param}", param);
            Console.Out.WriteLine(FormatParamLine(param));
            return Results.Text("served");
        });
        endpoints.MapGet(HealthPath, () => Results.Text("ok"));
        endpoints.MapDiceRoller();
        return endpoints;
    }

    /// <summary>
    /// <c>print(request.args.get("param"))</c>, but as a JSON string: whatever the client sends,
    /// it stays on one line and cannot forge log lines or colour the terminal.
    /// </summary>
    public static string FormatParamLine(string? param) => "param=" + Printable(param);

    /// <summary>A value a client sent, as a JSON string that prints on one line with no control character.</summary>
    public static string Printable(string? value) => JsonSerializer.Serialize(value, PrintOptions);
}
