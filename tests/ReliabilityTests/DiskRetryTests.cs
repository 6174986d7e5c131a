using InstrumentationModes.ModeLauncher;
using Xunit.Abstractions;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// The disk retry across a server restart: with <c>OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY=disk</c> a server that served
/// requests while no endpoint was there stores what it could not send in its directory and exits; the next process on
/// the same directory, with the endpoint back, sends it on its retry thread's first round (60 s after it starts, the
/// 1.20.1 exporter's fixed interval) and deletes it. Every mode over both protocols, all at once so that the minute
/// is waited once.
/// </summary>
public sealed class DiskRetryTests(ITestOutputHelper output) : IDisposable
{
    private const int Requests = 20;

    // The exporter's retry interval (60 s, not configurable) plus the time the endpoint needs to print what arrives.
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(100);

    private readonly DirectoryInfo storage = Directory.CreateTempSubdirectory("disk-retry-");

    [Fact]
    public async Task WhatAServerCouldNotSendArrivesOnceFromTheNextProcessOnTheSameDirectory()
    {
        var endpoint = new EndpointProcess();
        var servers = Modes.All.SelectMany(mode => new[] { (Mode: mode, Protocol: "grpc"), (Mode: mode, Protocol: "http/protobuf") }).ToList();

        // First lives: the endpoint's ports are free, nothing listens there.
        var firstLives = await Task.WhenAll(servers.Select(server => LiveAsync(server.Mode, server.Protocol, endpoint, life: 1)));
        foreach (var ((mode, protocol), (sent, exitCode)) in servers.Zip(firstLives))
        {
            Assert.Equal(Requests, sent.Ok);
            Assert.Equal(0, exitCode);
            Assert.True(StoredBlobs(mode, protocol).Count > 0, $"{mode} over {protocol} stored nothing in {StorageOf(mode, protocol)}");
        }

        await endpoint.InitializeAsync();
        try
        {
            // Second lives: the endpoint is back, and each server's retry thread sends what the first life stored.
            var secondLives = await Task.WhenAll(servers.Select(server => StartAsync(server.Mode, server.Protocol, endpoint, life: 2)));
            try
            {
                var deliveries = await Task.WhenAll(servers.Zip(firstLives).Select(pair =>
                    Delivered.WaitAsync(endpoint, pair.Second.Sent, Tag(pair.First.Mode, pair.First.Protocol, life: 1), Delivery)));
                foreach (var ((mode, protocol), delivery) in servers.Zip(deliveries))
                {
                    output.WriteLine($"{mode} over {protocol}, first life's {delivery}; left on disk: {StoredBlobs(mode, protocol).Count} blobs");
                }

                foreach (var (((mode, protocol), delivery), server) in servers.Zip(deliveries).Zip(secondLives))
                {
                    Assert.True(delivery.NothingLostOrTwice, $"{mode} over {protocol}: {delivery}\n{server.Transcript}");
                    Assert.Empty(StoredBlobs(mode, protocol));
                    Modes.AssertNoUnhandledException(server);
                }
            }
            finally
            {
                await Task.WhenAll(secondLives.Select(server => server.DisposeAsync().AsTask()));
            }
        }
        finally
        {
            await endpoint.DisposeAsync();
        }
    }

    public void Dispose() => storage.Delete(recursive: true);

    /// <summary>Starts a server, sends it its requests, stops it with SIGTERM (which flushes what it holds) and returns what it got.</summary>
    private async Task<(Batch Sent, int ExitCode)> LiveAsync(string mode, string protocol, EndpointProcess endpoint, int life)
    {
        await using var server = await StartAsync(mode, protocol, endpoint, life);
        var sent = await Traffic.SendAsync(server, Requests, parallel: 2);
        var exitCode = await server.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(30));
        Modes.AssertNoUnhandledException(server);
        return (sent, exitCode);
    }

    private Task<ModeProcess> StartAsync(string mode, string protocol, EndpointProcess endpoint, int life)
    {
        var environment = protocol == "grpc" ? Traffic.Grpc(endpoint.GrpcPort) : Traffic.HttpProtobuf(endpoint.HttpPort);
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "disk";
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH"] = StorageOf(mode, protocol);
        return ModeProcess.StartAsync(mode, Delivered.Tagged(environment, Tag(mode, protocol, life)));
    }

    private static string Tag(string mode, string protocol, int life) => $"{mode}-{protocol.Replace('/', '-')}-{life}";

    private string StorageOf(string mode, string protocol) => Path.Combine(storage.FullName, Tag(mode, protocol, life: 0));

    /// <summary>The requests stored and not yet sent: the exporter's <c>.blob</c> files (a leased one is renamed while it is sent).</summary>
    private List<string> StoredBlobs(string mode, string protocol) =>
        Directory.Exists(StorageOf(mode, protocol))
            ? [.. Directory.EnumerateFiles(StorageOf(mode, protocol), "*", SearchOption.AllDirectories)]
            : [];
}
