using InstrumentationModes.Compare;
using System.Text.RegularExpressions;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary><c>scripts/run-mode.sh compare</c>, run as a new user runs it.</summary>
public sealed partial class CompareScriptTests
{
    [Fact]
    public async Task CompareShowsEverySignalForEveryModeAndNoDifference()
    {
        var compare = await RunModeCommand.RunAsync(["compare", "http/protobuf"], environment: null, TimeSpan.FromMinutes(5));

        Assert.True(compare.ExitCode == 0, $"exit code {compare.ExitCode}\n{compare.Output}\n{compare.Error}");
        Assert.All(compare.Output.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= ComparisonTable.DefaultWidth, line));
        Assert.DoesNotContain('\u001b', compare.Output);
        var rows = WithoutInstanceIds(Rows(Listing(compare.Output)));
        Assert.DoesNotContain(rows, row => row[0] == ComparisonTable.DifferenceMark);
        Assert.Equal(
            [
                "span GET /server_request", "log Serving param {param}", "span GET /rolldice", "span roll",
                "log {player} is rolling the dice: {result}", "span GET /chain", "span GET", "span GET /server_request #2",
                "log Serving param {param} #2", "dice.rolls", "http.client.request.duration", "http.server.request.duration /chain",
                "http.server.request.duration /rolldice", "http.server.request.duration /server_request", "log records",
            ],
            rows.Select(row => row[1]).Distinct());
        Assert.Contains(["", "span GET /server_request", "parent", .. Same("client-server")], rows);
        Assert.Contains(["", "span GET /server_request", "attribute.url.query", .. Same("\"?param=Redacted\" (string)")], rows);
        Assert.Contains(
            [ComparisonTable.DesignMark, "span GET /server_request", "resource.service.name", "\"manual-instrument-service\" (string)", "\"auto-instrument-service\" (string)", "\"programmatic-instrument-service\" (string)"],
            rows);
        Assert.Contains([ComparisonTable.DesignMark, "span GET /server_request", "resource.service.instance.id", .. Same("<instance id>")], rows);
        Assert.Contains(["", "log Serving param {param}", "attribute.param", .. Same("\"compare\" (string)")], rows);
        Assert.Contains(["", "log Serving param {param}", "span", .. Same("GET /server_request")], rows);
        Assert.Contains(["", "span roll", "parent", .. Same("GET /rolldice")], rows);
        Assert.Contains(["", "span roll", "attribute.roll.value", .. Same("<the roll> (int)")], rows);
        Assert.Contains(["", "log {player} is rolling the dice: {result}", "severity", .. Same("13 Warning")], rows);
        Assert.Contains(["", "log {player} is rolling the dice: {result}", "span", .. Same("roll")], rows);
        Assert.Contains(["", "dice.rolls", "kind", .. Same("sum, monotonic, cumulative")], rows);
        Assert.Contains(["", "dice.rolls", "value", .. Same("1 (int)")], rows);
        Assert.Contains(["", "http.server.request.duration /rolldice", "count", .. Same("1")], rows);
        Assert.Contains(["", "http.server.request.duration /rolldice", "bounds", .. Same("0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10")], rows);
        Assert.Contains(["", "http.server.request.duration /rolldice", "attribute.http.response.status_code", .. Same("200 (int)")], rows);
        Assert.Contains(
            [ComparisonTable.DesignMark, "http.server.request.duration /rolldice", "scope.name", "ServerManual", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Hosting"],
            rows);
        Assert.Contains([ComparisonTable.DesignMark, "span roll", "scope.name", .. Same("DiceRoller")], rows);
        Assert.Contains(["", "log records", "carrying \"param=compare\"", .. Same("none")], rows);
        Assert.Contains(["", "span GET", "span_kind", .. Same("client")], rows);
        Assert.Contains(["", "span GET", "parent", .. Same("GET /chain")], rows);
        Assert.Contains(["", "span GET", "attribute.url.full", .. Same("\"http://127.0.0.1:<server port>/server_request?*\" (string)")], rows);
        Assert.Contains(["", "span GET /server_request #2", "parent", .. Same("GET")], rows);
        Assert.Contains([ComparisonTable.DesignMark, "span GET", "scope.name", "ServerManual", "System.Net.Http", "System.Net.Http"], rows);
        var output = compare.Output.ReplaceLineEndings(" ");
        Assert.Contains("Metrics not compared: manual none; auto aspnetcore.memory_pool.allocated, ", output);
        Assert.Contains("No difference: the three modes emit the same spans, metric points and log records", output);
        Assert.Contains(
            string.Join('\n', [
                "  client-server (client)",
                "    GET /chain (server, manual-instrument-service)",
                "      GET (client, manual-instrument-service)",
                "        GET /chain (server, auto-instrument-service)",
                "          GET (client, auto-instrument-service)",
                "            GET /server_request (server, programmatic-instrument-service)",
            ]),
            compare.Output.ReplaceLineEndings("\n"));

        // The README shows this listing, line for line (from a grpc run: the rows are the same on both protocols).
        Assert.Equal(WithoutInstanceIds(ReadmeListing()), WithoutInstanceIds(Listing(compare.Output)));
    }

    [Fact]
    public async Task AnUnknownProtocolIsABadUsage()
    {
        var compare = await RunModeCommand.RunAsync(["compare", "http/json"], environment: null, TimeSpan.FromMinutes(5));

        Assert.Equal(2, compare.ExitCode);
        Assert.Contains("usage: compare [--full] [grpc|http/protobuf]", compare.Error);
    }

    private static readonly string[] Modes = ["manual", "auto", "programmatic"];

    private static string[] Same(string value) => [value, value, value];

    /// <summary>The README's compare listing.</summary>
    private static List<string> ReadmeListing()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var sample = readme[readme.IndexOf("What the DataKit-style endpoint received", StringComparison.Ordinal)..];
        return Listing(sample[..sample.IndexOf("```", StringComparison.Ordinal)]);
    }

    /// <summary>The listing's lines: after the heading and its blank line, up to the metrics not compared.</summary>
    private static List<string> Listing(string output) =>
        output.ReplaceLineEndings("\n").Split('\n')
            .SkipWhile(line => line.Length > 0).Skip(1)
            .TakeWhile(line => !line.StartsWith("Metrics not compared:", StringComparison.Ordinal))
            .ToList();

    /// <summary>The lines with each mode's instance id (a new one every run) checked for its form and replaced.</summary>
    private static List<string> WithoutInstanceIds(List<string> lines) =>
        lines.Select(line => InstanceId().Replace(line, "<instance id>")).ToList();

    /// <summary>The rows with each mode's instance id (a new one every run) checked for its form and replaced.</summary>
    private static List<string[]> WithoutInstanceIds(List<string[]> rows) => rows.Select(row =>
        row[2] != "resource.service.instance.id"
            ? row
            : [.. row[..3], .. row[3..].Select(cell =>
            {
                Assert.Matches($"^{InstanceId()}$", cell);
                return "<instance id>";
            })]).ToList();

    /// <summary>
    /// The listing's rows as [mark, item, field, a value per mode]: a value written once, the modes agreeing, is each
    /// mode's; a value broken over lines is joined again.
    /// </summary>
    private static List<string[]> Rows(List<string> listing)
    {
        List<string[]> rows = [];
        var (item, designed, mode) = ("", false, -1);
        foreach (var line in listing.Where(line => line.Length > 0))
        {
            var text = line.TrimStart();
            var labelled = Labelled().Match(text);
            if (!line.StartsWith(' ') && !line.StartsWith(ComparisonTable.DifferenceMark, StringComparison.Ordinal))
            {
                (item, designed) = (line, false);
            }
            else if (text == ComparisonTable.DesignMark + ":")
            {
                designed = true;
            }
            else if (line.Length - text.Length <= 4)
            {
                var field = Field().Match(line);
                Assert.True(field.Success, line);
                var mark = designed ? ComparisonTable.DesignMark : field.Groups["mark"].Value;
                var value = Labelled().Match(field.Groups["value"].Value);
                mode = value.Success ? Array.IndexOf(Modes, value.Groups["mode"].Value) : -1;
                rows.Add([mark, item, field.Groups["field"].Value, .. value.Success ? ["", "", ""] : Same(field.Groups["value"].Value)]);
                if (value.Success)
                {
                    rows[^1][3 + mode] = value.Groups["value"].Value;
                }
            }
            else if (labelled.Success)
            {
                mode = Array.IndexOf(Modes, labelled.Groups["mode"].Value);
                rows[^1][3 + mode] = labelled.Groups["value"].Value;
            }
            else
            {
                foreach (var index in mode >= 0 ? new[] { 3 + mode } : [3, 4, 5])
                {
                    rows[^1][index] += " " + text;
                }
            }
        }

        return rows;
    }

    [GeneratedRegex("\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\" \\(string\\)")]
    private static partial Regex InstanceId();

    [GeneratedRegex("^(?<mark>≠)? *(?<field>\\S+(?: \\S+)*)  +(?<value>\\S.*)$")]
    private static partial Regex Field();

    [GeneratedRegex("^(?<mode>manual|auto|programmatic)  +(?<value>\\S.*)$")]
    private static partial Regex Labelled();
}
