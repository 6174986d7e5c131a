using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// Bad trace context never fails a request, and every mode reaches the outcome W3C Trace Context
/// prescribes: the caller's trace continued, or a new root; the same outcome in all three.
/// </summary>
[Collection(ConsoleServersCollection.Name)]
public sealed class TraceContextTests(ConsoleServers servers)
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ParentId = "b7ad6b7169203331";
    private const string Valid = $"00-{TraceId}-{ParentId}-01";
    private const string Continued = $"continued {TraceId}/{ParentId}";
    private const string Root = "root";

    // name -> traceparent header lines, tracestate header (or null), expected outcome, expected trace state
    private static readonly Dictionary<string, (string[] Traceparent, string? Tracestate, string Outcome, string TraceState)> Cases = new()
    {
        ["valid"] = ([Valid], null, Continued, "[]"),
        ["valid with tracestate"] = ([Valid], "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", Continued, "[congo=t61rcWkgMzE,rojo=00f067aa0ba902b7]"),
        ["no traceparent"] = ([], null, Root, "[]"),
        ["empty"] = ([""], null, Root, "[]"),
        ["version ff (forbidden)"] = ([$"ff-{TraceId}-{ParentId}-01"], null, Root, "[]"),
        ["future version 01"] = ([$"01-{TraceId}-{ParentId}-01"], null, Continued, "[]"),
        // W3C reads any future version by its known prefix; OpenTelemetry .NET's propagator, the reference here,
        // does so only when the version's first digit is not 0, so this one restarts the trace in every mode.
        ["future version 01 with extra fields"] = ([$"01-{TraceId}-{ParentId}-01-what-the-future-will-be-like"], null, Root, "[]"),
        ["future version cc with extra fields"] = ([$"cc-{TraceId}-{ParentId}-01-what-the-future-will-be-like"], null, Continued, "[]"),
        ["future version, no dash after the flags"] = ([$"01-{TraceId}-{ParentId}-01.what-the-future-will-be-like"], null, Root, "[]"),
        ["version 00 with extra field"] = ([$"{Valid}-extra"], null, Root, "[]"),
        ["all-zero trace id"] = ([$"00-{new string('0', 32)}-{ParentId}-01"], null, Root, "[]"),
        ["all-zero span id"] = ([$"00-{TraceId}-{new string('0', 16)}-01"], null, Root, "[]"),
        ["trace id 31 digits"] = ([$"00-{TraceId[..31]}-{ParentId}-01"], null, Root, "[]"),
        ["span id 17 digits"] = ([$"00-{TraceId}-{ParentId}a-01"], null, Root, "[]"),
        ["flags 1 digit"] = ([$"00-{TraceId}-{ParentId}-1"], null, Root, "[]"),
        ["flags not hex"] = ([$"00-{TraceId}-{ParentId}-0x"], null, Root, "[]"),
        ["uppercase trace id"] = ([$"00-{TraceId.ToUpperInvariant()}-{ParentId}-01"], null, Root, "[]"),
        ["uppercase span id"] = ([$"00-{TraceId}-{ParentId.ToUpperInvariant()}-01"], null, Root, "[]"),
        ["missing flags"] = ([$"00-{TraceId}-{ParentId}"], null, Root, "[]"),
        ["missing span id"] = ([$"00-{TraceId}-01"], null, Root, "[]"),
        ["two traceparent headers, different"] = ([Valid, $"00-{new string('1', 32)}-{new string('2', 16)}-01"], null, Root, "[]"),
        ["two traceparent headers, identical"] = ([Valid, Valid], null, Root, "[]"),
        ["tracestate of 8 KiB"] = ([Valid], "congo=" + new string('v', 8 * 1024), Continued, "[]"),
        ["tracestate of 33 members"] = ([Valid], string.Join(',', Enumerable.Range(0, 33).Select(member => $"k{member}=v{member}")), Continued, "[]"),
        ["tracestate without traceparent"] = ([], "congo=t61rcWkgMzE", Root, "[]"),
        ["tracestate with a malformed traceparent"] = (["garbage"], "congo=t61rcWkgMzE", Root, "[]"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task EveryModeServesAndContinuesOrRestartsTheTraceAsW3CSays(string caseName)
    {
        var (traceparent, tracestate, outcome, traceState) = Cases[caseName];
        var expected = Modes.All.ToDictionary(mode => mode, _ => $"{outcome}, trace_state {traceState}");

        var actual = new Dictionary<string, string>();
        foreach (var mode in Modes.All)
        {
            actual[mode] = await OutcomeAsync(servers[mode], traceparent, tracestate);
        }

        Assert.Equal(expected, actual);
        Assert.All(Modes.All, mode => Modes.AssertNoUnhandledException(servers[mode]));
    }

    private static async Task<string> OutcomeAsync(ModeProcess server, string[] traceparent, string? tracestate)
    {
        var userAgent = Modes.UniqueUserAgent();
        var headers = traceparent.Select(value => ("traceparent", value)).Append(("User-Agent", userAgent)).ToList();
        if (tracestate is not null)
        {
            headers.Add(("tracestate", tracestate));
        }

        var (status, body) = await RawHttp.GetAsync(server.Port, "/server_request?param=context", headers);
        Assert.True(status == 200 && body == "served", $"{server.Mode} answered {status} {body}");

        var span = await server.WaitForSpanOfUserAgentAsync(userAgent);
        var traceId = span.TraceId;
        var context = span.ParentSpanId is not { } parentId
            ? (traceId == TraceId || traceId.All(digit => digit == '0') ? $"root with trace id {traceId}" : Root)
            : $"continued {traceId}/{parentId}";
        return $"{context}, trace_state [{span.TraceState}]";
    }
}
