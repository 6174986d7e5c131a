using System.Globalization;
using InstrumentationModes.DataKit;
using OtlpSpanKind = InstrumentationModes.DataKit.Otlp.Span.Types.SpanKind;
using OtlpStatusCode = InstrumentationModes.DataKit.Otlp.Status.Types.StatusCode;

namespace InstrumentationModes.DashboardTests;

/// <summary>
/// The three modes seen through a backend no one here wrote: the Aspire dashboard receives the server span of the
/// equivalence target from each, and the same spans and log records from all three, the hop's client span included. The dashboard renders every
/// attribute value as a string, so types are the equivalence suite's to check, not these tests'.
/// </summary>
public sealed class DashboardTests(ModesExportingToTheDashboard modes) : IClassFixture<ModesExportingToTheDashboard>
{
    [Fact]
    public void TheDashboardSaysItIsAnonymousOnLoopbackAndWhereToLook()
    {
        var dashboard = modes.Dashboard;

        Assert.Contains("dashboard: anonymous access (no browser token, no OTLP or API key), as it listens on loopback only", dashboard.Process.ErrorLines);
        Assert.Contains(
            $"dashboard: UI {dashboard.UiUrl}, OTLP/gRPC {dashboard.OtlpGrpcUrl}, OTLP/HTTP {dashboard.OtlpHttpUrl} (then e.g. scripts/run-mode.sh manual)",
            dashboard.Process.ErrorLines);
    }

    [Fact]
    public async Task TheDashboardListsEachModeWithTracesLogsAndMetrics()
    {
        var resources = await modes.Reader.ReadResourcesAsync();

        foreach (var service in ModesExportingToTheDashboard.Services.Values)
        {
            var resource = Assert.Single(resources, resource => resource.Name == service);
            Assert.True(resource is { HasTraces: true, HasLogs: true, HasMetrics: true }, $"{resource}");
        }
    }

    [Theory]
    [InlineData("manual")]
    [InlineData("auto")]
    [InlineData("programmatic")]
    public async Task TheTraceListHoldsEachModesThreeRequests(string mode)
    {
        var run = modes.Runs[mode];

        var traces = await modes.Reader.ReadTracesAsync(run.Service);

        Assert.Equal(
            new[] { (run.ChainTraceId, "GET /chain, GET, GET /server_request"), (run.DiceTrace[0].TraceId, "GET /rolldice, roll"), (run.TraceId, "GET /server_request") },
            traces.Select(trace => (trace.TraceId, string.Join(", ", trace.Spans.OrderBy(span => span.Start).Select(span => span.Resource))))
                .OrderBy(trace => trace.Item2, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("manual")]
    [InlineData("auto")]
    [InlineData("programmatic")]
    public void TheServerSpanIsTheEquivalentSpan(string mode)
    {
        var run = modes.Runs[mode];

        var span = Assert.Single(run.ServerRequestTrace);
        Assert.Equal("GET /server_request", span.Resource);
        Assert.Equal(OtlpSpanKind.Server, span.Kind);
        Assert.Equal(OtlpStatusCode.Unset, span.StatusCode);
        Assert.Equal(run.TraceId, span.TraceId);
        Assert.Equal(run.ParentSpanId, span.ParentId);
        Assert.Equal(run.Service, span.Service);
        Assert.Equal(run.Service, span.ResourceAttributes["service.name"]);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["http.request.method"] = "GET",
                ["server.address"] = "127.0.0.1",
                ["server.port"] = run.Port,
                ["user_agent.original"] = ModesExportingToTheDashboard.UserAgent,
                ["url.scheme"] = "http",
                ["url.path"] = "/server_request",
                ["url.query"] = "?param=Redacted",
                ["network.protocol.version"] = "1.1",
                ["http.route"] = "/server_request",
                ["http.response.status_code"] = "200",
            },
            Texts(span.Attributes));
        Assert.Empty(span.EventNames);
        Assert.Empty(span.Links);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("programmatic")]
    public void SpansAndLogRecordsAreTheManualModes(string mode)
    {
        var expected = View(modes.Runs["manual"]);
        var actual = View(modes.Runs[mode]);

        Assert.True(
            expected.SequenceEqual(actual),
            $"manual and {mode} differ as the dashboard reports them (ids, times, port, roll, scope and service aside):\n"
                + $"--- manual\n{string.Join('\n', expected)}\n--- {mode}\n{string.Join('\n', actual)}\n"
                + $"--- differing lines\n{string.Join('\n', expected.Except(actual).Select(line => "- " + line).Concat(actual.Except(expected).Select(line => "+ " + line)))}");
    }

    /// <summary>
    /// One line per span and log record of the three requests, in time order, with what legitimately differs between
    /// modes left out: ids (parents named instead), times, the server's port, the die's roll, the spans' scope, the
    /// service name and the instance id.
    /// </summary>
    private static List<string> View(ModeRun run)
    {
        var lines = new List<string>();
        foreach (var (trace, logs) in new[] { (run.ServerRequestTrace, run.ServerRequestLogs), (run.DiceTrace, run.DiceLogs), (run.ChainTrace, run.ChainLogs) })
        {
            var names = trace.ToDictionary(span => span.SpanId, span => span.Resource);
            names[run.ParentSpanId] = "the traceparent's span";
            string Named(string spanId) => spanId is "" or ReceivedSpan.NoParent ? "none" : names.GetValueOrDefault(spanId, "another span");

            foreach (var span in trace)
            {
                lines.Add($"span {span.Resource}: kind={span.Kind} status={span.StatusCode} '{span.StatusMessage}' parent={Named(span.ParentId)} "
                    + $"trace_state='{span.TraceState}' events={span.EventNames.Count} links={span.Links.Count} "
                    + $"attributes[{Attributes(Texts(span.Attributes), run)}] resource[{Resource(Texts(span.ResourceAttributes))}]");
            }

            foreach (var record in logs)
            {
                lines.Add($"log {record.Body}: severity={(int)record.SeverityNumber} {record.SeverityText} category={record.ScopeName} "
                    + $"span={Named(record.SpanId)} flags={record.Flags.ToString(CultureInfo.InvariantCulture)} event='{record.EventName}' "
                    + $"attributes[{Attributes(Texts(record.Attributes), run)}] resource[{Resource(Texts(record.ResourceAttributes))}]");
            }
        }

        return lines;
    }

    /// <summary>
    /// Attributes in key order, the server's port (also in the hop's URL, which calls the server itself) and the
    /// die's roll (random unless seeded) told by what they are.
    /// </summary>
    private static string Attributes(IEnumerable<KeyValuePair<string, string>> attributes, ModeRun? run) =>
        string.Join(", ", attributes
            .OrderBy(attribute => attribute.Key, StringComparer.Ordinal)
            .Select(attribute => (attribute.Key, attribute.Value) switch
            {
                ("server.port", var port) when port == run?.Port => "server.port=<the server's port>",
                ("url.full", var url) when run is not null => "url.full=" + url.Replace($":{run.Port}/", ":<the server's port>/", StringComparison.Ordinal),
                ("roll.value" or "result", var roll) when roll == run?.DiceRoll => attribute.Key + "=<the roll answered>",
                _ => $"{attribute.Key}={attribute.Value}",
            }));

    private static string Resource(IEnumerable<KeyValuePair<string, string>> resource) =>
        Attributes(resource.Where(attribute => attribute.Key is not ("service.name" or "service.instance.id")), run: null);

    /// <summary>Attributes as the dashboard's strings, which the reader keeps as they came.</summary>
    private static Dictionary<string, string> Texts(IReadOnlyDictionary<string, object> attributes) =>
        attributes.ToDictionary(attribute => attribute.Key, attribute => (string)attribute.Value);
}
