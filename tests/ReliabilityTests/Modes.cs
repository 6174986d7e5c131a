using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>The three servers, and what every test asks of one of them.</summary>
public static class Modes
{
    public static IReadOnlyList<string> All => ModeLauncher.Modes.Names;

    public static TheoryData<string> Each => new(All);

    /// <summary>Sends one GET with the given headers (no trace header of the client's own) and returns status and body.</summary>
    public static async Task<(int Status, string Body)> GetAsync(
        this ModeProcess server, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        using var client = ModeProcess.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, pathAndQuery));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A User-Agent no other request uses, to find this request's span on the console.</summary>
    public static string UniqueUserAgent() => $"reliability-tests/{Guid.NewGuid():N}";

    public static Task<ConsoleSpan> WaitForSpanOfUserAgentAsync(this ModeProcess server, string userAgent) =>
        server.WaitForConsoleSpanAsync(span => span.Tags.GetValueOrDefault("user_agent.original") == userAgent, $"with User-Agent {userAgent}");

    /// <summary>What must never appear in a server's output: the .NET runtime's or ASP.NET Core's report of an unhandled exception.</summary>
    public static void AssertNoUnhandledException(ModeProcess server)
    {
        var lines = server.OutputLines.Concat(server.ErrorLines).ToList();
        Assert.False(
            lines.Any(line => line.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase)
                || line.StartsWith("fail:", StringComparison.Ordinal)
                || line.Contains("   at ", StringComparison.Ordinal)),
            $"{server.Mode} reported an exception.\n{server.Transcript}");
    }
}

/// <summary>The three servers, started once for every test that reads only their console output.</summary>
public sealed class ConsoleServers : IAsyncLifetime
{
    private readonly Dictionary<string, ModeProcess> servers = [];

    public ModeProcess this[string mode] => servers[mode];

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(Modes.All.Select(mode =>
            ModeProcess.StartAsync(mode, new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "console" })));
        foreach (var server in started)
        {
            servers[server.Mode] = server;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in servers.Values)
        {
            await server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleServersCollection : ICollectionFixture<ConsoleServers>
{
    public const string Name = "console servers";
}
