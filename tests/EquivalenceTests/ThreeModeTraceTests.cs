using InstrumentationModes.Compare;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary>
/// The modes interoperate, not only agree: one request from the client through manual <c>/chain</c>, auto
/// <c>/chain</c> and programmatic <c>/server_request</c> (<c>DOWNSTREAM_URL</c> set per mode) is one trace at the
/// endpoint, each span the child of the one before it.
/// </summary>
public sealed class ThreeModeTraceTests
{
    public static TheoryData<string> Protocols => new(ModeComparison.Protocols);

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task OneRequestThroughAllThreeModesIsOneTraceWithTheRightParents(string protocol)
    {
        await using var endpoint = await EndpointBackend.StartAsync();
        var environment = endpoint.ExportTo(protocol);

        var (traceId, clientServer, spans) = await ModeComparison.TraceThroughAllModesAsync(endpoint, environment, "three");

        Assert.Equal(
            [
                "manual-instrument-service server GET /chain",
                "manual-instrument-service client GET",
                "auto-instrument-service server GET /chain",
                "auto-instrument-service client GET",
                "programmatic-instrument-service server GET /server_request",
            ],
            spans.Select(span => $"{span.Service} {span.SpanKind} {span.Resource}"));
        Assert.All(spans, span => Assert.Equal(traceId, span.TraceId));
        Assert.Equal(clientServer, spans[0].ParentId);
        for (var index = 1; index < spans.Count; index++)
        {
            Assert.Equal(spans[index - 1].SpanId, spans[index].ParentId);
        }

        Assert.All(spans.Where(span => span.SpanKind == "client"), span => Assert.Equal(200L, span.Attributes["http.response.status_code"]));
    }
}
