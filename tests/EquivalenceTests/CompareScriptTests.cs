using InstrumentationModes.Compare;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary><c>scripts/run-mode.sh compare</c>, run as a new user runs it.</summary>
public sealed class CompareScriptTests
{
    [Fact]
    public async Task CompareShowsEveryFieldForEveryModeAndNoDifference()
    {
        var compare = await RunModeCommand.RunAsync(["compare", "http/protobuf"], environment: null, TimeSpan.FromMinutes(5));

        Assert.True(compare.ExitCode == 0, $"exit code {compare.ExitCode}\n{compare.Output}\n{compare.Error}");
        var rows = compare.Output.Split('\n').Where(line => line.StartsWith('|')).Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray()).ToList();
        Assert.Equal(["", "", "field", "manual", "auto", "programmatic", ""], rows[0]);
        Assert.DoesNotContain(rows, row => row[1] == ComparisonTable.DifferenceMark);
        Assert.Contains(["", "", "parent", "client-server", "client-server", "client-server", ""], rows);
        Assert.Contains(["", "", "attribute.url.query", "\"?param=Redacted\" (string)", "\"?param=Redacted\" (string)", "\"?param=Redacted\" (string)", ""], rows);
        Assert.Contains(
            ["", ComparisonTable.DesignMark, "resource.service.name", "\"manual-instrument-service\" (string)", "\"auto-instrument-service\" (string)", "\"programmatic-instrument-service\" (string)", ""],
            rows);
        Assert.Contains("No difference: the three modes emit the same span", compare.Output);
    }

    [Fact]
    public async Task AnUnknownProtocolIsABadUsage()
    {
        var compare = await RunModeCommand.RunAsync(["compare", "http/json"], environment: null, TimeSpan.FromMinutes(5));

        Assert.Equal(2, compare.ExitCode);
        Assert.Contains("usage: compare [grpc|http/protobuf]", compare.Error);
    }
}
