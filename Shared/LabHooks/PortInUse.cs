using System.Globalization;
using System.Text.RegularExpressions;

namespace InstrumentationModes.LabHooks;

/// <summary>
/// A port already in use, which every sample's plain <c>app.Run()</c> lets escape as an unhandled exception (the host
/// logs it with its stack, flushes its telemetry, then the runtime dumps it again), becomes one line and exit code 1,
/// as soon as Kestrel throws it: Kestrel never recovers from that exception, so nothing is lost by ending there.
/// </summary>
internal static partial class PortInUse
{
    /// <summary>Watches for the failure; <paramref name="exportFailures"/> stops reporting first, since an agent's flush at the exit has nowhere to go.</summary>
    public static void Watch(IDisposable exportFailures) =>
        AppDomain.CurrentDomain.FirstChanceException += (_, thrown) =>
        {
            if (Describe(thrown.Exception) is { } line)
            {
                exportFailures.Dispose();
                Console.Error.WriteLine(line);
                Environment.Exit(1);
            }
        };

    /// <summary>The line for Kestrel's bind failure (matched by name: the hook must not load ASP.NET Core types), else null.</summary>
    public static string? Describe(Exception exception)
    {
        if (exception is not IOException { InnerException: { } inner } || inner.GetType().Name != "AddressInUseException"
            || BindFailure().Match(exception.Message) is not { Success: true } match)
        {
            return null;
        }

        var port = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
        var otherPort = (port == 65535 ? port - 1 : port + 1).ToString(CultureInfo.InvariantCulture);
        return $"server: cannot listen on {match.Groups["url"].Value}: address already in use (another server running? stop it, "
            + $"or choose another port: PORT={otherPort} or scripts/run-mode.sh MODE {otherPort})";
    }

    [GeneratedRegex(@"^Failed to bind to address (?<url>\S+:(?<port>\d+)): address already in use")]
    private static partial Regex BindFailure();
}
