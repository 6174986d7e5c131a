using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// The ingest benchmark's rounds: each round starts the endpoint as its own process (<c>run-mode.sh endpoint --quiet</c>)
/// on the server's CPU, as a server under test is pinned, and measures gRPC, then OTLP/HTTP protobuf, from senders
/// on the harness's CPUs; the endpoint's CPU time is its process's own, read from /proc.
/// </summary>
public sealed class IngestRunner(BenchmarkOptions options, CpuIsolation isolation)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PhaseOverhead = TimeSpan.FromSeconds(1);
    private static readonly IngestTransport[] Transports = [IngestTransport.Grpc, IngestTransport.HttpProtobuf];

    public int Steps => options.Repeats * Transports.Length;

    public TimeSpan PhasePlan => TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds) + PhaseOverhead;

    public async Task<IReadOnlyList<IngestRun>> RunAsync(ProgressSteps progress)
    {
        var batch = IngestBatch.Request(IngestBatch.SdkBatchSize);
        var runs = new List<IngestRun>();
        for (var round = 1; round <= options.Repeats; round++)
        {
            var grpcPort = LoopbackPorts.Free();
            var httpPort = LoopbackPorts.Free();
            string[] arguments = ["--quiet", "--grpc-port", Invariant($"{grpcPort}"), "--http-port", Invariant($"{httpPort}")];
            await using var endpoint = await ModeProcess.LaunchAsync("endpoint", arguments, isolation.LaunchEnvironment(new Dictionary<string, string>()));
            await endpoint.WaitForLineAsync(line => line.StartsWith("DataKit endpoint listening", StringComparison.Ordinal), StartTimeout);
            var endpointCpus = CpuIsolation.AllowedCpus(endpoint.ProcessId) is { } allowed ? CpuIsolation.CpuList(allowed) : null;
            var target = new IngestTarget(
                new Uri(Invariant($"http://127.0.0.1:{grpcPort}")),
                new Uri(Invariant($"http://127.0.0.1:{httpPort}/otel/v1/traces")),
                () => ProcessStats.TryCpuTime(endpoint.ProcessId));
            foreach (var transport in Transports)
            {
                var phase = "starting";
                progress.Begin(Invariant($"round {round}/{options.Repeats} endpoint ingest {EndpointIngest.Name(transport)}"), () => phase);
                var run = await EndpointIngest.MeasureAsync(
                    round, transport, target, batch, IngestBatch.SdkBatchSize, EndpointIngest.Senders,
                    TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds), now => phase = now);
                run = run with { EndpointCpus = endpointCpus };
                progress.End(Describe(run), PhasePlan);
                runs.Add(run);
            }
        }

        return runs;
    }

    private static string Describe(IngestRun run) => Invariant(
        $"{run.SpansPerSecond:N0} spans/s, {run.SpansPerCoreSecond:N0} spans/s per endpoint core, {run.FailedBatches} batches refused");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
