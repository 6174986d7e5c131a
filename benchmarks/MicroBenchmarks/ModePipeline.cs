using System.Net;
using System.Reflection;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace InstrumentationModes.MicroBenchmarks;

/// <summary>
/// One benchmark case's world: the DataKit-style endpoint on free 127.0.0.1 ports, for <c>/chain</c> a downstream
/// server of the same mode started by run-mode.sh, the variables of the mode and signals, and the sample itself
/// in this process on a TestServer, with what run-mode.sh attaches to it applied here.
/// </summary>
internal sealed class ModePipeline : IAsyncDisposable
{
    private static readonly Lazy<bool> LabHooksStarted = new(() => RunStartupHook("InstrumentationModes.LabHooks"));

    private readonly TextWriter console = Console.Out;
    private ISampleApp? app;
    private string? downstreamConsole;

    private ModePipeline(DataKitEndpointServer endpoint) => Endpoint = endpoint;

    /// <summary>What the endpoint received: the tests read it.</summary>
    public DataKitEndpointServer Endpoint { get; }

    /// <summary>The <c>/chain</c> route's downstream server, or null.</summary>
    public ModeProcess? Downstream { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Starts the endpoint, then the case: <paramref name="mode"/> exporting <paramref name="signals"/>, with <paramref name="knob"/> turned if any, serving <paramref name="route"/>.</summary>
    public static async Task<ModePipeline> StartAsync(string mode, Signals signals, string route, Knob? knob = null)
    {
        var pipeline = new ModePipeline(await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false }));
        try
        {
            await pipeline.StartAppAsync(mode, signals, route, knob);
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }

        return pipeline;
    }

    /// <summary>Stops the sample and the downstream, which flushes what they still hold to the endpoint; the endpoint keeps running.</summary>
    public async Task StopAppAsync()
    {
        Client?.Dispose();
        if (app is not null)
        {
            // The sample's own Run stops and disposes its host at the same time as the factory does, so the factory
            // can return before the providers' last flush has ended: flush them first. The agent's tracer and meter
            // providers are not the host's; its shutdown flushes them under a lock either stop waits for.
            app.Services.GetService<TracerProvider>()?.ForceFlush();
            app.Services.GetService<MeterProvider>()?.ForceFlush();
            app.Services.GetService<LoggerProvider>()?.ForceFlush();
            await app.DisposeAsync();
            app = null;
        }

        if (Downstream is not null)
        {
            await Downstream.DisposeAsync();
            Downstream = null;
            File.Delete(downstreamConsole!);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        await Endpoint.DisposeAsync();
        foreach (var name in PipelineEnvironment.Managed)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Console.SetOut(console);
    }

    private async Task StartAppAsync(string mode, Signals signals, string route, Knob? knob)
    {
        var variables = PipelineEnvironment.For(mode, signals, Endpoint, knob);
        if (route.StartsWith("/chain", StringComparison.Ordinal))
        {
            // Its standard output goes to a file, as in the load runs: through a pipe, each line /server_request
            // prints would wake this process, on the CPU being measured.
            downstreamConsole = Path.Combine(Path.GetTempPath(), $"micro-downstream-{Guid.NewGuid():N}.log");
            Downstream = await ModeProcess.StartAsync(mode, variables, consoleFile: downstreamConsole);
            variables["DOWNSTREAM_URL"] = Downstream.BaseAddress.ToString();
        }

        if (PipelineEnvironment.HostingStartupOf(mode) is { } hostingStartup)
        {
            variables["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = hostingStartup;
        }

        foreach (var name in PipelineEnvironment.Managed)
        {
            Environment.SetEnvironmentVariable(name, variables.GetValueOrDefault(name));
        }

        // The line /server_request prints per request would otherwise reach BenchmarkDotNet's console.
        Console.SetOut(TextWriter.Null);

        // What the runtime does with DOTNET_STARTUP_HOOKS before Main: run-mode.sh attaches the lab's hook to every
        // mode (once per process here, as there), and the agent's to auto, which builds its providers there.
        _ = LabHooksStarted.Value;
        if (mode == "auto")
        {
            RunStartupHook("InstrumentationModes.Agent");
        }

        app = SampleApp.Start(PipelineEnvironment.AssemblyOf(mode));
        Client = app.Server.CreateClient();

        using var response = await Client.GetAsync(route);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || body != "served")
        {
            throw new InvalidOperationException($"{mode} answered GET {route} with {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>The runtime's startup-hook convention: a type <c>StartupHook</c> outside any namespace, with a static <c>Initialize()</c>.</summary>
    private static bool RunStartupHook(string assemblyName)
    {
        var hook = Assembly.Load(assemblyName).GetType("StartupHook", throwOnError: true)!;
        hook.GetMethod("Initialize", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null);
        return true;
    }
}
