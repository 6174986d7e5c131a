using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// Any <c>param</c> is served and printed as one JSON string: it cannot forge a log line or colour the
/// terminal. What Kestrel refuses (a URL or header over its limits) gets a 4xx, and the server stays up.
/// </summary>
[Collection(ConsoleServersCollection.Name)]
public sealed class ParamInputTests(ConsoleServers servers)
{
    private const string Escape = "\u001b";

    // name -> query string (null: none), the line the server must print
    private static readonly Dictionary<string, (string? Query, string Printed)> Cases = new()
    {
        ["missing"] = (null, "param=null"),
        ["empty"] = ("?param=", "param=\"\""),
        ["64 KiB"] = ("?param=" + new string('x', 64 * 1024), $"param=\"{new string('x', 64 * 1024)}\""),
        // Characters beyond the Basic Multilingual Plane (the emoji) are escaped by System.Text.Json's encoders.
        ["Unicode"] = ("?param=" + Uri.EscapeDataString("日本語 ✓ 😀 Ünïcödé"), "param=\"日本語 ✓ \\uD83D\\uDE00 Ünïcödé\""),
        ["CR/LF forging a line"] = ("?param=" + Uri.EscapeDataString("a\r\nparam=\"forged\"\nb"), "param=\"a\\r\\nparam=\\\"forged\\\"\\nb\""),
        ["ANSI colour escapes"] = ("?param=" + Uri.EscapeDataString($"{Escape}[31mred{Escape}[0m"), "param=\"\\u001B[31mred\\u001B[0m\""),
        ["NUL, tab and backspace"] = ("?param=%00%09%08", "param=\"\\u0000\\t\\b\""),
        // ASP.NET Core leaves an escape that does not decode to UTF-8 as it came.
        ["invalid UTF-8"] = ("?param=%FF%FE", "param=\"%FF%FE\""),
    };

    public static TheoryData<string, string> ModesAndCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var mode in Modes.All)
            {
                foreach (var name in Cases.Keys)
                {
                    data.Add(mode, name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ModesAndCases))]
    public async Task AnyParamIsServedAndPrintedAsOneSafeLine(string mode, string caseName)
    {
        var server = servers[mode];
        var (query, printed) = Cases[caseName];
        var linesBefore = server.OutputLines.Count;
        var userAgent = Modes.UniqueUserAgent();

        var (status, body) = await server.GetAsync("/server_request" + query, ("User-Agent", userAgent));

        Assert.Equal((200, "served"), (status, body));
        await server.WaitForSpanOfUserAgentAsync(userAgent);
        var newLines = server.OutputLines.Skip(linesBefore).ToList();
        Assert.Equal([printed], newLines.Where(line => line.StartsWith("param=", StringComparison.Ordinal)));
        Assert.DoesNotContain(newLines, line => line.Contains(Escape, StringComparison.Ordinal) || line.Contains('\0', StringComparison.Ordinal));
        Modes.AssertNoUnhandledException(server);
    }

    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task AnOverLongUrlGets414AndAnOverLongHeader431AndTheServerStaysUp(string mode)
    {
        var server = servers[mode];

        var (urlStatus, _) = await server.GetAsync("/server_request?param=" + new string('x', 1024 * 1024));
        var (headerStatus, _) = await server.GetAsync("/server_request?param=header", ("X-Large", new string('h', 64 * 1024)));

        Assert.Equal((414, 431), (urlStatus, headerStatus));
        Assert.Equal((200, "served"), await server.GetAsync("/server_request?param=after"));
        Assert.False(server.HasExited);
        Modes.AssertNoUnhandledException(server);
    }
}
