using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// Runs the load phases and the startup probes: every round runs each scenario for every mode in turn (baseline
/// first), so that machine noise hits all modes alike; each phase gets a fresh server, so that its spans, CPU
/// time and peak memory are its own.
/// </summary>
public sealed class BenchmarkRunner(BenchmarkOptions options, ISpanEndpoint endpoint, RunProgress display, CpuIsolation isolation)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Time a phase takes besides its load: starting the server, stopping it, waiting for its last spans.
    private static readonly TimeSpan PhaseOverhead = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PlannedStartup = TimeSpan.FromSeconds(1.5);

    // After the server has exited its last export is done; this only covers the endpoint finishing its count.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SettleQuiet = TimeSpan.FromMilliseconds(500);

    private readonly IReadOnlyDictionary<string, string> environment = ServerEnvironment.For(options, endpoint);
    private readonly IngestRunner ingest = new(options, isolation);

    private TimeSpan PhasePlan => TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds) + PhaseOverhead;

    public Task<BenchmarkResults> RunAsync()
    {
        var loadRuns = options.EndpointIngest != IngestPlan.Only;
        var phaseSteps = loadRuns ? options.Repeats * options.Scenarios.Sum(scenario => options.RunModes(scenario).Count) : 0;
        var startupSteps = loadRuns ? options.StartupRuns * options.Modes.Count : 0;
        var ingestSteps = options.EndpointIngest != IngestPlan.Off ? ingest.Steps : 0;
        return display.RunAsync(
            phaseSteps + startupSteps + ingestSteps,
            (PhasePlan * phaseSteps) + (PlannedStartup * startupSteps) + (ingest.PhasePlan * ingestSteps),
            RunStepsAsync);
    }

    private async Task<BenchmarkResults> RunStepsAsync(ProgressSteps progress)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var scenarios = options.Scenarios;
        var runs = new List<ScenarioRun>();
        var loadRuns = options.EndpointIngest != IngestPlan.Only;

        // Where the outage variants export: held for the whole run, so that nothing else can answer there.
        using var refusingPort = new RefusingPort();
        for (var repeat = 1; loadRuns && repeat <= options.Repeats; repeat++)
        {
            foreach (var scenario in scenarios)
            {
                foreach (var runMode in options.RunModes(scenario))
                {
                    var run = await RunPhaseAsync(repeat, runMode, scenario, refusingPort.Port, progress);
                    progress.End(Describe(run), PhasePlan);
                    runs.Add(run);
                }
            }
        }

        var startups = new List<StartupRun>();
        for (var round = 1; loadRuns && round <= options.StartupRuns; round++)
        {
            foreach (var mode in options.Modes)
            {
                progress.Begin($"startup {round}/{options.StartupRuns} {mode}");
                var toFirstResponse = await StartupProbe.MeasureAsync(mode, isolation.LaunchEnvironment(environment), StartTimeout);
                startups.Add(new StartupRun(round, mode, toFirstResponse));
                progress.End($"first response after {toFirstResponse.TotalMilliseconds:0} ms", PlannedStartup);
            }
        }

        var ingestRuns = options.EndpointIngest != IngestPlan.Off ? await ingest.RunAsync(progress) : [];
        return new BenchmarkResults(options, MachineInfo.Detect(Repository.Root), isolation, started, clock.Elapsed, runs, startups, ingestRuns);
    }

    private async Task<ScenarioRun> RunPhaseAsync(int repeat, string runMode, Scenario scenario, int refusingPort, ProgressSteps progress)
    {
        var label = $"round {repeat}/{options.Repeats} {scenario.Name} {runMode}";
        var (mode, variant) = ServerVariant.Split(runMode);
        // A knob that changes the protocol exports to the endpoint's URL for that protocol.
        var runEnvironment = variant?.Knob?.Protocol is { } protocol ? ServerEnvironment.For(options with { Protocol = protocol }, endpoint) : environment;
        var serverEnvironment = variant?.Apply(runEnvironment, refusingPort) ?? environment;
        var route = variant?.Route ?? LoadRoute.ServerRequest;
        var spansPerRequest = variant?.SpansPerRequest ?? route.SpansPerRequest;
        var counters = new LiveCounters();
        var phase = "starting";
        var phaseClock = Stopwatch.StartNew();
        var okAtLastLook = 0L;
        var lastLook = TimeSpan.Zero;
        progress.Begin(label, () =>
        {
            // Requests per second since the previous refresh.
            var now = phaseClock.Elapsed;
            var ok = counters.Ok;
            var rate = now > lastLook ? (ok - okAtLastLook) / (now - lastLook).TotalSeconds : 0;
            (okAtLastLook, lastLook) = (ok, now);
            return $"{phase}, {rate:0} req/s, {counters.Ok:N0} ok, {counters.Failed:N0} failed";
        });

        var spansBefore = endpoint.SpansReceived;
        var (logsBefore, metricPointsBefore) = (endpoint.LogRecordsReceived, endpoint.MetricPointsReceived);
        var expectsSpans = variant is not { EndpointDown: true } && ServerEnvironment.ExportsSpans(mode, serverEnvironment, route.Path);
        // The server prints one line per request; into a file, so that reading it costs this process nothing and
        // the server's CPU per request does not depend on how busy this process is (a pipe's reader must wake up).
        using var console = new TemporaryFile();
        await using var server = await ModeProcess.StartAsync(mode, isolation.LaunchEnvironment(serverEnvironment), StartTimeout, console.Path);
        var serverCpus = CpuIsolation.AllowedCpus(server.ProcessId) is { } allowed ? CpuIsolation.CpuList(allowed) : null;
        using var client = new LoadClient(server.BaseAddress, route, options.MaxConnections(scenario));
        if (options.WarmupSeconds > 0)
        {
            phase = "warming up";
            await RunLoadAsync(client, scenario, options.WarmupSeconds, counters);
        }

        phase = "measuring";
        // A server that dies under load is a result (its exit code is reported), not a reason to stop the run.
        var serverCpuBefore = ProcessStats.TryCpuTime(server.ProcessId);
        var generatorCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var outcome = await RunLoadAsync(client, scenario, options.DurationSeconds, counters);
        var serverCpu = ProcessStats.TryCpuTime(server.ProcessId) - serverCpuBefore;
        var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime - generatorCpuBefore;
        var peakResidentBytes = ProcessStats.TryPeakResidentBytes(server.ProcessId);
        var spansAtEndOfLoad = endpoint.SpansReceived - spansBefore;

        phase = "stopping (SIGTERM flushes the span queue)";
        var exitCode = await server.StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(30));
        var served = counters.Ok;
        var received = await SettleAsync(spansBefore, expectsSpans ? served * spansPerRequest : 0);
        return new ScenarioRun(
            repeat, runMode, scenario, outcome, serverCpu, generatorCpu, peakResidentBytes, served, expectsSpans, spansAtEndOfLoad, received, exitCode, serverCpus,
            endpoint.LogRecordsReceived - logsBefore, endpoint.MetricPointsReceived - metricPointsBefore, spansPerRequest);
    }

    private Task<LoadOutcome> RunLoadAsync(LoadClient client, Scenario scenario, int seconds, LiveCounters counters) =>
        scenario.Model == LoadModel.Closed
            ? LoadModels.RunClosedAsync(client, scenario.Level, TimeSpan.FromSeconds(seconds), counters)
            : LoadModels.RunOpenAsync(client, new ArrivalSchedule(scenario.Level, seconds, Stopwatch.Frequency), options.MaxInFlight, counters);

    /// <summary>Spans received since <paramref name="before"/>, once all expected have arrived or the count has stopped moving.</summary>
    private async Task<long> SettleAsync(long before, long expected)
    {
        var clock = Stopwatch.StartNew();
        var received = endpoint.SpansReceived - before;
        var lastChange = clock.Elapsed;
        while (received < expected && clock.Elapsed < SettleTimeout && clock.Elapsed - lastChange < SettleQuiet)
        {
            await Task.Delay(50);
            var now = endpoint.SpansReceived - before;
            if (now != received)
            {
                (received, lastChange) = (now, clock.Elapsed);
            }
        }

        return received;
    }

    private static string Describe(ScenarioRun run)
    {
        var delivery = run.DeliveryPercent is { } percent ? string.Create(CultureInfo.InvariantCulture, $", spans {percent:0.##}%") : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{run.Load.RequestsPerSecond:0} req/s, p99 {run.Load.Latency.P99Ms:0.##} ms, {run.Load.Failed} failed{delivery}, exit {run.ExitCode}");
    }
}
