using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

public sealed class ExpectationTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Expectations_met_by_spans_arriving_later_return_the_matches_in_order()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        endpoint.Expect("server span", span => span.SpanKind == "server" && span.Tags["http_route"] == "/server_request");
        endpoint.Expect("client span", span => span.SpanKind == "client");

        var waiting = endpoint.AssertExpectationsAsync(TestEndpoint.Timeout);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf");
        var matched = await waiting;

        Assert.Equal([SampleSpans.ServerSpanId, SampleSpans.ClientSpanId], matched.Select(span => span.SpanId));
    }

    [Fact]
    public async Task Failure_lists_missing_expectations_matched_ones_and_extra_spans()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf");
        endpoint.Expect("server span", span => span.SpanKind == "server");
        endpoint.Expect("database span", span => span.SpanKind == "client" && span.Attributes["db.system"] is "postgresql");

        var error = await Assert.ThrowsAsync<TelemetryExpectationException>(() => endpoint.AssertExpectationsAsync(Short));

        var clientLine = endpoint.ReceivedSpans[1].ToString();
        Assert.Equal(
            $"""
            Expectations not met within 0.3 s.
            Span expectations (2 spans retained):
            Missing expectations:
              - database span
            Matched:
              - server span => {SampleSpans.ServerLine}
            Extra spans:
              - {clientLine}

            """,
            error.Message);
        Assert.StartsWith("opentelemetry service=manual-instrument-service resource=\"client-server\" span_kind=client status=error", clientLine);
    }

    [Fact]
    public async Task Each_expectation_needs_its_own_span_and_matching_does_not_get_stuck_on_a_greedy_choice()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf");
        // "any span" would greedily take the server span (first), leaving nothing for "server span" without re-assignment.
        endpoint.Expect("any span", _ => true);
        endpoint.Expect("server span", span => span.SpanKind == "server");

        var matched = await endpoint.AssertExpectationsAsync(Short);

        Assert.Equal([SampleSpans.ClientSpanId, SampleSpans.ServerSpanId], matched.Select(span => span.SpanId));
        endpoint.Expect("a second server span", span => span.SpanKind == "server");
        var error = await Assert.ThrowsAsync<TelemetryExpectationException>(() => endpoint.AssertExpectationsAsync(Short));
        Assert.Contains("Missing expectations:\n  - ", error.Message.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task WaitForSpans_returns_the_matches_or_times_out_listing_what_arrived()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf");

        var roots = await endpoint.WaitForSpansAsync(span => span.IsRoot, 1, TestEndpoint.Timeout);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => endpoint.WaitForSpansAsync(span => span.IsRoot, 2, Short));

        Assert.Equal(SampleSpans.ClientSpanId, Assert.Single(roots).SpanId);
        Assert.StartsWith("Expected 2 matching spans within 0.3 s, found 1 among 2 retained:", error.Message);
        Assert.Contains(SampleSpans.ServerLine, error.Message);
    }

    [Fact]
    public async Task Retention_is_bounded_to_the_newest_spans_while_counters_keep_counting_and_Clear_forgets()
    {
        await using var endpoint = await TestEndpoint.StartAsync(maxRetainedItems: 3);
        for (var i = 0; i < 3; i++)
        {
            var span = SampleSpans.ServerSpan();
            span.Name = $"span {i}";
            await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request(SampleSpans.Service, span, SampleSpans.ClientSpan()).ToByteArray(), "application/x-protobuf");
        }

        Assert.Equal(["client-server", "span 2", "client-server"], endpoint.ReceivedSpans.Select(span => span.Resource));
        Assert.Equal(6, endpoint.Counters.SpansReceived);
        endpoint.Expect("never", _ => false);
        endpoint.Clear();
        Assert.Empty(endpoint.ReceivedSpans);
        Assert.Empty(await endpoint.AssertExpectationsAsync(Short));
        Assert.Equal(6, endpoint.Counters.SpansReceived);
    }

    [Fact]
    public async Task Root_span_without_service_name_is_unknown_service_with_parent_0()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var span = SampleSpans.ServerSpan();
        span.ParentSpanId = ByteString.CopyFrom(new byte[8]);
        span.Kind = Span.Types.SpanKind.Internal;

        await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request(null, span).ToByteArray(), "application/x-protobuf");

        var received = Assert.Single(endpoint.ReceivedSpans);
        Assert.Equal("unknown_service", received.Service);
        Assert.Equal("0", received.ParentId);
        Assert.True(received.IsRoot);
        Assert.Equal("internal", received.SpanKind);
    }
}
