using System.Text.RegularExpressions;
using InstrumentationModes.Compare;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.DashboardTests;

/// <summary>
/// <c>scripts/run-mode.sh compare --backend dashboard</c>, run as a user runs it: the same proof as over the lab's
/// endpoint, read back from a backend no one here wrote.
/// </summary>
public sealed partial class CompareThroughTheDashboardTests
{
    private const string DashboardHeading = "What the Aspire dashboard received";

    [Fact]
    public async Task CompareThroughTheDashboardListsTheEndpointsItemsButMetricsAndNoDifference()
    {
        var compare = await RunModeCommand.RunAsync(["compare", "--backend", "dashboard"], environment: null, TimeSpan.FromMinutes(8));

        Assert.True(compare.ExitCode == 0, $"exit code {compare.ExitCode}\n{compare.Output}\n{compare.Error}");
        var output = compare.Output.ReplaceLineEndings("\n");
        Assert.All(output.Split('\n'), line => Assert.True(line.Length <= ComparisonTable.DefaultWidth, line));
        Assert.StartsWith(DashboardHeading + " (grpc)", output, StringComparison.Ordinal);
        var listing = Listing(output);
        Assert.DoesNotContain(listing, line => line.StartsWith(ComparisonTable.DifferenceMark, StringComparison.Ordinal));

        // The endpoint's items, as the README's endpoint sample lists them, less its metric points: the spans and log records.
        Assert.Equal(Items(Listing(ReadmeSample("What the DataKit-style endpoint received"))).Where(item => item.StartsWith("span ", StringComparison.Ordinal) || item.StartsWith("log ", StringComparison.Ordinal)), Items(listing));
        Assert.Contains("  attribute.server.port                <server port> (string)", listing);
        Assert.Contains("  attribute.roll.value                 <the roll> (string)", listing);

        var prose = output.Replace("\n", " ", StringComparison.Ordinal);
        Assert.Contains("The API renders every attribute value as a string, so every type shows as (string).", prose);
        Assert.Contains(
            "Metric points not compared: the dashboard's telemetry API serves none (/api/telemetry/metrics is a 404); its resources report metrics received (HasMetrics) for "
                + string.Join(", ", Modes.All.Select(mode => mode.ServiceName).Order(StringComparer.Ordinal)) + ".",
            prose);
        Assert.Contains("as the dashboard received it: 5 spans in the client's trace, each the child of the line above.", prose);
        Assert.Contains(
            string.Join('\n', [
                "  client-server (client)",
                "    GET /chain (server, manual-instrument-service)",
                "      GET (client, manual-instrument-service)",
                "        GET /chain (server, auto-instrument-service)",
                "          GET (client, auto-instrument-service)",
                "            GET /server_request (server, programmatic-instrument-service)",
            ]),
            output);
        Assert.Contains("No difference: the three modes emit the same spans and log records as the dashboard reports them", prose);

        // The README's dashboard sample is this output with items left out where it shows "…": each part, line for line.
        var printed = WithoutInstanceIds(output);
        Assert.All(
            WithoutInstanceIds(ReadmeSample(DashboardHeading)).Split("\n…\n"),
            part => Assert.True(printed.Contains(part.Trim('\n'), StringComparison.Ordinal), $"The README's sample part is not printed:\n{part}\n--- printed:\n{output}"));
    }

    [Theory]
    [InlineData("--backend", "collector")]
    [InlineData("--backend")]
    public async Task AnUnknownBackendIsABadUsage(params string[] arguments)
    {
        var compare = await RunModeCommand.RunAsync(["compare", .. arguments], environment: null, TimeSpan.FromMinutes(5));

        Assert.Equal(2, compare.ExitCode);
        // One line from compare, after run-mode's own if it had to build compare first.
        Assert.Equal(
            ["usage: compare [--full] [grpc|http/protobuf] [--backend endpoint|dashboard]"],
            compare.Error.TrimEnd('\n').Split('\n').Where(line => !line.StartsWith("run-mode: building ", StringComparison.Ordinal)));
        Assert.Empty(compare.Output);
    }

    /// <summary>The README's compare sample that starts with <paramref name="heading"/>, up to the end of its block.</summary>
    private static string ReadmeSample(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md")).ReplaceLineEndings("\n");
        var sample = readme[readme.IndexOf(heading, StringComparison.Ordinal)..];
        return sample[..sample.IndexOf("```", StringComparison.Ordinal)];
    }

    /// <summary>The listing's lines: after the heading and its blank line, up to the line on the metrics.</summary>
    private static List<string> Listing(string output) =>
        output.Split('\n')
            .SkipWhile(line => line.Length > 0).Skip(1)
            .TakeWhile(line => !line.StartsWith("Metrics not compared:", StringComparison.Ordinal) && !line.StartsWith("Metric points not compared:", StringComparison.Ordinal))
            .ToList();

    /// <summary>The listing's item headings, the lines that start in the first column.</summary>
    private static List<string> Items(List<string> listing) =>
        listing.Where(line => line.Length > 0 && !line.StartsWith(' ') && !line.StartsWith(ComparisonTable.DifferenceMark, StringComparison.Ordinal)).ToList();

    /// <summary>The text with each mode's instance id (a new one every run) replaced.</summary>
    private static string WithoutInstanceIds(string text) => InstanceId().Replace(text, "<instance id>");

    [GeneratedRegex("\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\" \\(string\\)")]
    private static partial Regex InstanceId();
}
