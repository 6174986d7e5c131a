using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// A token in <c>OTEL_EXPORTER_OTLP_HEADERS</c> is never printed, even when the variable is malformed or the
/// exports fail (see also <see cref="EndpointFaultTests"/> and <see cref="EndpointInputTests"/>).
/// </summary>
public sealed class SecretTests
{
    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task MalformedHeadersGetAWarningWithoutTheTokenAndTheServerServes(string mode)
    {
        var environment = Traffic.Grpc(LoopbackPorts.Free());
        environment["OTEL_EXPORTER_OTLP_HEADERS"] = $"Bearer {Traffic.Secret}";
        environment["OTEL_TRACES_EXPORTER"] = "console,otlp";
        await using var server = await ModeProcess.StartAsync(mode, environment);

        var batch = await Traffic.SendAsync(server, 3);
        await server.WaitForConsoleSpanAsync(batch.TraceIds[^1]);

        Assert.Equal(3, batch.Ok);
        Assert.Contains(
            "OpenTelemetry: OTEL_EXPORTER_OTLP_HEADERS: not a list of key=value pairs; no headers are sent (the value is not shown: it may hold a secret)",
            server.ErrorLines);
        Traffic.AssertNoSecret(server);
        Modes.AssertNoUnhandledException(server);
    }
}

/// <summary>Query values are redacted in the span by default, in every mode.</summary>
[Collection(ConsoleServersCollection.Name)]
public sealed class QueryRedactionTests(ConsoleServers servers)
{
    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task UrlQueryValuesAreRedacted(string mode)
    {
        var userAgent = Modes.UniqueUserAgent();

        await servers[mode].GetAsync("/server_request?param=s3cr3t-param&token=abc", ("User-Agent", userAgent));

        var span = await servers[mode].WaitForSpanOfUserAgentAsync(userAgent);
        Assert.Equal("?param=Redacted&token=Redacted", span.Tags["url.query"]);
        Assert.DoesNotContain(span.Tags.Values, value => value.Contains("s3cr3t-param", StringComparison.Ordinal));
    }
}
