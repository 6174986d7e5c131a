using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary><c>scripts/run-mode.sh client PARAM PORT</c> with a PARAM starting with <c>/</c>: that path and query is requested.</summary>
public sealed class ClientPathTests
{
    private static readonly Dictionary<string, string> NoExport = new()
    {
        ["OTEL_TRACES_EXPORTER"] = "none",
        ["OTEL_METRICS_EXPORTER"] = "none",
        ["OTEL_LOGS_EXPORTER"] = "none",
    };

    [Fact]
    public async Task APathIsRequestedOnTheServerAsGivenEvenOneThatLooksLikeAnotherHost()
    {
        await using var server = await ModeProcess.StartAsync("manual", NoExport);
        var port = server.Port.ToString(CultureInfo.InvariantCulture);

        var dice = await RunModeCommand.RunAsync(["client", "/rolldice?player=bob", port], NoExport, TimeSpan.FromMinutes(2));
        var elsewhere = await RunModeCommand.RunAsync(["client", "//example.com/rolldice", port], NoExport, TimeSpan.FromMinutes(2));

        Assert.True(dice.ExitCode == 0, $"exit code {dice.ExitCode}\n{dice.Output}\n{dice.Error}");
        var roll = System.Text.RegularExpressions.Regex.Match(dice.Output.Split('\n')[0], "^client: 200 (?<roll>[1-6])$");
        Assert.True(roll.Success, dice.Output);
        Assert.Matches("^client: trace_id=[0-9a-f]{32} client-server span_id=[0-9a-f]{16}$", dice.Output.Split('\n')[1]);
        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Equal("client: 404 ", elsewhere.Output.Split('\n')[0]);
        Assert.Contains($"\"bob\" is rolling the dice: {roll.Groups["roll"].Value}", server.Transcript);
    }
}
