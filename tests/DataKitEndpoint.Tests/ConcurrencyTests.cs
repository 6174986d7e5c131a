using System.Net;
using System.Text;
using Google.Protobuf;

namespace InstrumentationModes.DataKit.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Many_concurrent_senders_on_every_transport_are_all_counted()
    {
        const int senders = 24;
        const int requestsPerSender = 10;
        await using var endpoint = await TestEndpoint.StartAsync(acceptJson: true);
        var protobuf = SampleSpans.Request().ToByteArray();
        var json = Encoding.UTF8.GetBytes(OtlpJsonWriter.WriteExportRequest(SampleSpans.Request()));

        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < requestsPerSender; i++)
            {
                switch (sender % 3)
                {
                    case 0:
                        Assert.Equal("0", (await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(protobuf))).GrpcStatus);
                        break;
                    case 1:
                        using (var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, protobuf, "application/x-protobuf"))
                        {
                            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                        }
                        break;
                    default:
                        using (var response = await TestEndpoint.PostAsync(endpoint.HttpStandardTracesUrl, json, "application/json", gzip: true))
                        {
                            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                        }
                        break;
                }
            }
        })));

        const long perTransport = senders / 3 * requestsPerSender;
        Assert.Equal(new EndpointCounters(perTransport, 0, perTransport, perTransport, 0, 3 * perTransport * 2), endpoint.Counters);
        var spans = endpoint.ReceivedSpans;
        Assert.Equal(3 * perTransport * 2, spans.Count);
        Assert.Equal(perTransport * 2, spans.Count(span => span.Transport == OtlpTransport.Grpc));
        Assert.Equal(perTransport * 2, spans.Count(span => span.Transport == OtlpTransport.HttpJson));
        Assert.All(spans, span => Assert.Equal(SampleSpans.TraceId, span.TraceId));
    }
}
