using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

/// <summary>
/// The routes every sample serves, the same file in each: <c>/server_request</c> and <c>/healthz</c> of the Python
/// originals, and the getting-started's dice (<c>/rolldice</c>). No telemetry package is needed here: the dice's span,
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

    /// <summary>Room for a 64 KiB <c>param</c>: Kestrel's default of 8 KiB answers a longer request line 414.</summary>
    public const int MaxRequestLineBytes = 128 * 1024;

    private static readonly ActivitySource DiceSource = new(DiceRollerName);
    private static readonly Meter DiceMeter = new(DiceRollerName);
    private static readonly Counter<long> Rolls = DiceMeter.CreateCounter<long>("dice.rolls", description: "The number of rolls by roll value");

    // Relaxed so that most non-ASCII text prints as itself; control characters (CR, LF, ESC) are always escaped.
    private static readonly JsonSerializerOptions PrintOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
        return app;
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
