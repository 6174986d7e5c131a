using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstrumentationModes.ServerCore;

/// <summary>
/// The getting-started's dice app (<c>/rolldice?player=NAME</c>): a span <c>roll</c> of the app's own with
/// <c>roll.value</c>, a counter <c>dice.rolls</c>, and a warning log, all with .NET's own APIs, so that no
/// OpenTelemetry package is needed here; each mode subscribes to <see cref="InstrumentationName"/>.
/// </summary>
public static class DiceRoller
{
    public const string RollPath = "/rolldice";

    /// <summary>The name of the app's <see cref="ActivitySource"/> and <see cref="Meter"/> alike.</summary>
    public const string InstrumentationName = "DiceRoller";

    /// <summary>Makes the rolls repeatable (tests); random by default.</summary>
    public const string SeedVariable = "DICE_SEED";

    private const string RollValue = "roll.value";

    private static readonly ActivitySource Source = new(InstrumentationName);
    private static readonly Meter Meter = new(InstrumentationName);
    private static readonly Counter<long> Rolls = Meter.CreateCounter<long>("dice.rolls", description: "The number of rolls by roll value");
    private static readonly Die SharedDie = Die.FromSeed(Environment.GetEnvironmentVariable(SeedVariable));

    public static IEndpointRouteBuilder MapDiceRoller(this IEndpointRouteBuilder endpoints)
    {
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(ServerApp.AppLogCategory + ".DiceRoller");
        endpoints.MapGet(RollPath, (string? player) => Results.Text(Roll(player, logger).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return endpoints;
    }

    private static int Roll(string? player, ILogger logger)
    {
        using var roll = Source.StartActivity("roll");
        var result = SharedDie.Roll();
        roll?.SetTag(RollValue, result);
        Rolls.Add(1, new KeyValuePair<string, object?>(RollValue, result));

        // Inside roll: the records carry its trace and span ids. The console line escapes what the client sent.
        if (string.IsNullOrEmpty(player))
        {
            logger.LogWarning("Anonymous player is rolling the dice: {result}", result);
            Console.Out.WriteLine($"Anonymous player is rolling the dice: {result}");
        }
        else
        {
            logger.LogWarning("{player} is rolling the dice: {result}", player, result);
            Console.Out.WriteLine($"{ServerRequestEndpoints.Printable(player)} is rolling the dice: {result}");
        }

        return result;
    }

    /// <summary>A six-sided die, repeatable from a seed; shared by concurrent requests.</summary>
    private sealed class Die(Random random)
    {
        public static Die FromSeed(string? seed) => new(int.TryParse(seed, out var value) ? new Random(value) : Random.Shared);

        public int Roll()
        {
            lock (random)
            {
                return random.Next(1, 7);
            }
        }
    }
}
