using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InstrumentationModes.ServerCore;

/// <summary>The one endpoint definition all three servers serve, as <c>server_request()</c> in the Python original.</summary>
public static class ServerRequestEndpoints
{
    public const string ServerRequestPath = "/server_request";
    public const string HealthPath = "/healthz";

    // Relaxed so that most non-ASCII text prints as itself (characters outside the BMP, such as emoji, are
    // escaped); control characters (CR, LF, ESC) always are.
    private static readonly JsonSerializerOptions PrintOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapServerRequestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ServerRequestPath, (HttpRequest request) =>
        {
            Console.Out.WriteLine(FormatParamLine(request.Query.TryGetValue("param", out var param) ? param.ToString() : null));
            return Results.Text("served");
        });
        endpoints.MapGet(HealthPath, () => Results.Text("ok"));
        return endpoints;
    }

    /// <summary>
    /// <c>print(request.args.get("param"))</c>, but as a JSON string: whatever the client sends,
    /// it stays on one line and cannot forge log lines or colour the terminal.
    /// </summary>
    public static string FormatParamLine(string? param) => "param=" + JsonSerializer.Serialize(param, PrintOptions);
}
