using System.Diagnostics;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>Over a server's whole life: one span per request, none for /healthz, all of them out by a clean stop.</summary>
public sealed class ShutdownTests
{
    [Theory]
    [InlineData("manual", Signals.SigTerm)]
    [InlineData("auto", Signals.SigTerm)]
    [InlineData("programmatic", Signals.SigTerm)]
    [InlineData("programmatic", Signals.SigInt)]
    public async Task EveryRequestGivesExactlyOneSpanAndHealthChecksNone(string mode, int signal)
    {
        await using var server = await ModeProcess.StartAsync(mode, new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "console" });
        using var client = ModeProcess.CreateClient();
        var traceIds = new List<string>();
        for (var request = 0; request < 3; request++)
        {
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            traceIds.Add(traceId);
            using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, $"/server_request?param={request}"));
            message.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await client.SendAsync(message);
            Assert.Equal("served", await response.Content.ReadAsStringAsync());
            Assert.Equal("ok", await client.GetStringAsync(new Uri(server.BaseAddress, "/healthz")));
        }

        var exitCode = await server.StopAsync(signal);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{server.Transcript}");
        Assert.Equal(traceIds, server.ConsoleSpans().Select(span => span.TraceId));
        Assert.All(server.ConsoleSpans(), span => Assert.Equal("GET /server_request", span.Name));
    }
}
