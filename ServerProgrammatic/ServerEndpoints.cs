using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

/// <summary>
/// The routes every sample serves, the same file in each: <c>/server_request</c> and <c>/healthz</c> of the Python
/// originals, the getting-started's dice (<c>/rolldice</c>), and <c>/chain</c>, which calls a downstream service. No telemetry package is needed here: the dice's span,
/// counter and log record use .NET's own <see cref="ActivitySource"/>, <see cref="Meter"/> and <see cref="ILogger"/>,
/// which each sample (or the agent) subscribes to by <see cref="DiceRollerName"/>.
/// </summary>
internal static class ServerEndpoints
{
    /// <summary>The name of the dice's <see cref="ActivitySource"/> and <see cref="Meter"/> alike.</summary>
    public const string DiceRollerName = "DiceRoller";

    public const string HealthPath = "/healthz";

    /// <summary>The prefix of the routes' log categories, which appsettings.json keeps off the console.</summary>
    public const string LogCategory = "ServerEndpoints";

    /// <summary>The <see cref="IHttpClientFactory"/> client of <c>/chain</c>'s downstream call, for an instrumentation to configure.</summary>
    public const string DownstreamClient = "downstream";

    /// <summary>Room for a 64 KiB <c>param</c>: Kestrel's default of 8 KiB answers a longer request line 414.</summary>
    private const int MaxRequestLineBytes = 128 * 1024;

    /// <summary>How long <c>/chain</c> waits for its downstream service unless <c>DOWNSTREAM_TIMEOUT</c> (seconds) says otherwise.</summary>
    private const double DefaultDownstreamTimeoutSeconds = 5;

    private static readonly ActivitySource DiceSource = new(DiceRollerName);
    private static readonly Meter DiceMeter = new(DiceRollerName);
    private static readonly Counter<long> Rolls = DiceMeter.CreateCounter<long>("dice.rolls", description: "The number of rolls by roll value");

    // Relaxed so that most non-ASCII text prints as itself; control characters (CR, LF, ESC) are always escaped.
    private static readonly JsonSerializerOptions PrintOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What the routes need of the host: room for a long request line, and the downstream client.</summary>
    public static WebApplicationBuilder AddServerEndpoints(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes);
        // A value that is not a positive number of seconds gets the default: the bound must never be missing.
        var timeout = double.TryParse(builder.Configuration["DOWNSTREAM_TIMEOUT"], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : DefaultDownstreamTimeoutSeconds;
        builder.Services.AddHttpClient(DownstreamClient, client => client.Timeout = TimeSpan.FromSeconds(timeout));
        return builder;
    }

    public static WebApplication MapServerEndpoints(this WebApplication app)
    {
        var requestLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory + ".ServerRequest");
        var diceLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory + ".DiceRoller");

        app.MapGet("/server_request", (string? param) =>
        {
            // The record carries the raw value as an attribute; the console gets it as a JSON string, which no
            // input can break into a second line.
            requestLogger.LogInformation("Serving param {param}", param);
            Console.WriteLine("param=" + Printable(param));
            return Results.Text("served");
        });
        app.MapGet(HealthPath, () => Results.Text("ok"));
        app.MapGet("/rolldice", (string? player) => Results.Text(RollDice(player, diceLogger).ToString(CultureInfo.InvariantCulture)));
        app.MapGet("/chain", (string? param, IHttpClientFactory clients) => CallDownstreamAsync(app, clients.CreateClient(DownstreamClient), param));
        return app;
    }

    /// <summary>
    /// <c>GET {DOWNSTREAM_URL}/server_request?param=…</c> (or the route <c>DOWNSTREAM_URL</c> names, such as another
    /// server's <c>/chain</c>), answered with the downstream's body and status. The downstream comes from configuration
    /// only (by default this server itself), never from the request.
    /// </summary>
    private static async Task<IResult> CallDownstreamAsync(WebApplication app, HttpClient client, string? param)
    {
        var configured = app.Configuration["DOWNSTREAM_URL"];
        var downstream = string.IsNullOrWhiteSpace(configured) ? app.Urls.First() : configured.Trim();
        if (!Uri.TryCreate(downstream, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return Results.Text("bad gateway: DOWNSTREAM_URL is not an http(s) URL\n", statusCode: StatusCodes.Status502BadGateway);
        }

        var route = url.AbsolutePath == "/" ? "/server_request" : url.AbsolutePath;
        url = new Uri(url.GetLeftPart(UriPartial.Authority) + route + (param is null ? string.Empty : "?param=" + Uri.EscapeDataString(param)));

        try
        {
            using var response = await client.GetAsync(url);
            return Results.Text(await response.Content.ReadAsStringAsync(), statusCode: (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            return Results.Text("bad gateway: the downstream service could not be reached\n", statusCode: StatusCodes.Status502BadGateway);
        }
        catch (TaskCanceledException)
        {
            return Results.Text("gateway timeout: the downstream service did not answer in time\n", statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }

    /// <summary>A value a client sent, as a JSON string that prints on one line with no control character.</summary>
    public static string Printable(string? value) => JsonSerializer.Serialize(value, PrintOptions);

    private static int RollDice(string? player, ILogger logger)
    {
        using var roll = DiceSource.StartActivity("roll");
        var result = Random.Shared.Next(1, 7);
        roll?.SetTag("roll.value", result);
        Rolls.Add(1, new KeyValuePair<string, object?>("roll.value", result));

        // Inside roll, so the records carry its trace and span ids.
        if (string.IsNullOrEmpty(player))
        {
            logger.LogWarning("Anonymous player is rolling the dice: {result}", result);
            Console.WriteLine($"Anonymous player is rolling the dice: {result}");
        }
        else
        {
            logger.LogWarning("{player} is rolling the dice: {result}", player, result);
            Console.WriteLine($"{Printable(player)} is rolling the dice: {result}");
        }

        return result;
    }
}
