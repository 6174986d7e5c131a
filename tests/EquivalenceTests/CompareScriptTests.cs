using InstrumentationModes.Compare;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary><c>scripts/run-mode.sh compare</c>, run as a new user runs it.</summary>
public sealed class CompareScriptTests
{
    [Fact]
    public async Task CompareShowsEverySignalForEveryModeAndNoDifference()
    {
        var compare = await RunModeCommand.RunAsync(["compare", "http/protobuf"], environment: null, TimeSpan.FromMinutes(5));

        Assert.True(compare.ExitCode == 0, $"exit code {compare.ExitCode}\n{compare.Output}\n{compare.Error}");
        var rows = Rows(compare.Output);
        Assert.Equal(["", "item", "field", "manual", "auto", "programmatic"], rows[0]);
        Assert.DoesNotContain(rows, row => row[0] == ComparisonTable.DifferenceMark);
        Assert.Equal(
            [
                "span GET /server_request", "log Serving param {param}", "span GET /rolldice", "span roll",
                "log {player} is rolling the dice: {result}", "dice.rolls", "http.server.request.duration /rolldice",
                "http.server.request.duration /server_request", "log records",
            ],
            rows.Skip(1).Select(row => row[1]).Distinct());
        Assert.Contains(["", "span GET /server_request", "parent", "client-server", "client-server", "client-server"], rows);
        Assert.Contains(["", "span GET /server_request", "attribute.url.query", .. Same("\"?param=Redacted\" (string)")], rows);
        Assert.Contains(
            [ComparisonTable.DesignMark, "span GET /server_request", "resource.service.name", "\"manual-instrument-service\" (string)", "\"auto-instrument-service\" (string)", "\"programmatic-instrument-service\" (string)"],
            rows);
        Assert.Contains(["", "log Serving param {param}", "attribute.param", .. Same("\"compare\" (string)")], rows);
        Assert.Contains(["", "log Serving param {param}", "span", .. Same("GET /server_request")], rows);
        Assert.Contains(["", "span roll", "parent", .. Same("GET /rolldice")], rows);
        Assert.Contains(["", "span roll", "attribute.roll.value", .. Same("<the roll> (int)")], rows);
        Assert.Contains(["", "log {player} is rolling the dice: {result}", "severity", .. Same("13 Warning")], rows);
        Assert.Contains(["", "log {player} is rolling the dice: {result}", "span", .. Same("roll")], rows);
        Assert.Contains(["", "dice.rolls", "kind", .. Same("sum, monotonic, cumulative")], rows);
        Assert.Contains(["", "dice.rolls", "value", .. Same("1 (int)")], rows);
        Assert.Contains(["", "http.server.request.duration /rolldice", "count", .. Same("1")], rows);
        Assert.Contains(["", "http.server.request.duration /rolldice", "attribute.http.response.status_code", .. Same("200 (int)")], rows);
        Assert.Contains(
            [ComparisonTable.DesignMark, "http.server.request.duration /rolldice", "scope.name", "ServerManual", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Hosting"],
            rows);
        Assert.Contains(["", "log records", "carrying \"param=compare\"", .. Same("none")], rows);
        Assert.Contains("Metrics not compared: manual none; auto aspnetcore.memory_pool.allocated, ", compare.Output);
        Assert.Contains("No difference: the three modes emit the same spans, metric points and log records", compare.Output);

        // The README shows this table (from a grpc run: the rows are the same on both protocols).
        Assert.Equal(WithoutInstanceIds(ReadmeRows()), WithoutInstanceIds(rows));
    }

    [Fact]
    public async Task AnUnknownProtocolIsABadUsage()
    {
        var compare = await RunModeCommand.RunAsync(["compare", "http/json"], environment: null, TimeSpan.FromMinutes(5));

        Assert.Equal(2, compare.ExitCode);
        Assert.Contains("usage: compare [grpc|http/protobuf]", compare.Error);
    }

    private static string[] Same(string value) => [value, value, value];

    /// <summary>The rows of the README's compare table.</summary>
    private static List<string[]> ReadmeRows()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var table = readme[readme.IndexOf("What the DataKit-style endpoint received", StringComparison.Ordinal)..];
        return Rows(table[..table.IndexOf("```", StringComparison.Ordinal)]);
    }

    /// <summary>The rows with each mode's instance id (a new one every run) checked for its form and replaced.</summary>
    private static List<string[]> WithoutInstanceIds(List<string[]> rows) => rows.Select(row =>
        row[2] != "resource.service.instance.id"
            ? row
            : [.. row[..3], .. row[3..].Select(cell =>
            {
                Assert.Matches("^\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\" \\(string\\)$", cell);
                return "<instance id>";
            })]).ToList();

    /// <summary>The table's cells, the item written only on an item's first row filled into the rows below it.</summary>
    private static List<string[]> Rows(string output)
    {
        var rows = output.Split('\n').Where(line => line.StartsWith('|') && !line.StartsWith("|-", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList();
        for (var index = 2; index < rows.Count; index++)
        {
            if (rows[index][1].Length == 0)
            {
                rows[index][1] = rows[index - 1][1];
            }
        }

        return rows;
    }
}
