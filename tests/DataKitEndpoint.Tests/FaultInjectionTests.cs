using System.Diagnostics;
using System.Net;
using Google.Protobuf;

namespace InstrumentationModes.DataKit.Tests;

public sealed class FaultInjectionTests
{
    private static readonly byte[] Export = SampleSpans.Request().ToByteArray();

    [Fact]
    public async Task Forced_http_status_rejects_without_recording_until_cleared()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        endpoint.Faults = new EndpointFaults { HttpStatus = 503 };

        using var faulted = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, Export, "application/x-protobuf");
        var grpcUnaffected = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(Export));
        endpoint.ClearFaults();
        using var recovered = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, Export, "application/x-protobuf");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
        Assert.Equal("fault injected: HTTP 503\n", await faulted.Content.ReadAsStringAsync());
        Assert.Equal("0", grpcUnaffected.GrpcStatus);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(EndpointFaults.None, endpoint.Faults);
        Assert.Equal(4, endpoint.ReceivedSpans.Count);
        Assert.Equal(new EndpointCounters(1, 0, 1, 0, 1, 4), endpoint.Counters);
    }

    [Fact]
    public async Task Forced_grpc_status_set_at_start_rejects_until_cleared()
    {
        await using var endpoint = await TestEndpoint.StartAsync(new EndpointFaults { GrpcStatus = 14 });

        var faulted = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(Export));
        endpoint.ClearFaults();
        var recovered = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(Export));

        Assert.Equal("14", faulted.GrpcStatus);
        Assert.Equal("fault injected: grpc-status 14", faulted.GrpcMessage);
        Assert.Equal("0", recovered.GrpcStatus);
        Assert.Equal(2, endpoint.ReceivedSpans.Count);
        Assert.Equal(new EndpointCounters(1, 1, 0, 0, 0, 2), endpoint.Counters);
    }

    [Fact]
    public async Task Response_delay_holds_the_answer_back_then_accepts()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        endpoint.Faults = new EndpointFaults { ResponseDelay = TimeSpan.FromMilliseconds(400) };
        var stopwatch = Stopwatch.StartNew();

        using var response = await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, Export, "application/x-protobuf");
        var httpElapsed = stopwatch.Elapsed;
        stopwatch.Restart();
        var grpc = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(Export));
        var grpcElapsed = stopwatch.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", grpc.GrpcStatus);
        Assert.InRange(httpElapsed, TimeSpan.FromMilliseconds(390), TimeSpan.FromSeconds(5));
        Assert.InRange(grpcElapsed, TimeSpan.FromMilliseconds(390), TimeSpan.FromSeconds(5));
        Assert.Equal(4, endpoint.ReceivedSpans.Count);
    }

    [Fact]
    public async Task Grpc_deadline_that_passes_during_a_delay_is_deadline_exceeded_and_records_nothing()
    {
        await using var endpoint = await TestEndpoint.StartAsync(new EndpointFaults { ResponseDelay = TimeSpan.FromSeconds(30) });

        var result = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(Export), grpcTimeout: "200m");

        Assert.Equal("4", result.GrpcStatus);
        Assert.Equal("Deadline Exceeded", result.GrpcMessage);
        // Grpc.AspNetCore answers at the deadline; the call is counted once the service has given up too.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (endpoint.Counters.GrpcRejected == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Empty(endpoint.ReceivedSpans);
        Assert.Equal(new EndpointCounters(0, 1, 0, 0, 0, 0), endpoint.Counters);
    }

    [Fact]
    public async Task Client_that_gives_up_during_a_delay_records_nothing()
    {
        await using var endpoint = await TestEndpoint.StartAsync(new EndpointFaults { ResponseDelay = TimeSpan.FromSeconds(30) });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TestEndpoint.PostAsync(endpoint.HttpTracesUrl, Export, "application/x-protobuf", cancellationToken: timeout.Token));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (endpoint.Counters.HttpRejected == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(new EndpointCounters(0, 0, 0, 0, 1, 0), endpoint.Counters);
        Assert.Empty(endpoint.ReceivedSpans);
    }

    [Fact]
    public async Task Stopping_does_not_wait_for_a_pending_delay()
    {
        var endpoint = await TestEndpoint.StartAsync(new EndpointFaults { ResponseDelay = TimeSpan.FromSeconds(30) });
        var pending = TestEndpoint.PostAsync(endpoint.HttpTracesUrl, Export, "application/x-protobuf");
        await Task.Delay(200);
        var stopwatch = Stopwatch.StartNew();

        await endpoint.DisposeAsync();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopwatch.Elapsed}");
        using var response = await pending;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(endpoint.ReceivedSpans);
    }

    [Fact]
    public async Task Invalid_faults_are_refused_and_the_old_ones_kept()
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => endpoint.Faults = new EndpointFaults { HttpStatus = 200 });
        Assert.Throws<ArgumentOutOfRangeException>(() => endpoint.Faults = new EndpointFaults { GrpcStatus = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => endpoint.Faults = new EndpointFaults { GrpcStatus = 17 });
        Assert.Throws<ArgumentOutOfRangeException>(() => endpoint.Faults = new EndpointFaults { ResponseDelay = TimeSpan.FromSeconds(-1) });
        Assert.Equal(EndpointFaults.None, endpoint.Faults);
    }
}
