using System.Diagnostics;

namespace InstrumentationModes.ModeLauncher;

/// <summary>
/// One mode started as a user starts it, <c>scripts/run-mode.sh MODE PORT</c>, in a real process on a free
/// loopback port, with its output captured line by line.
/// </summary>
public sealed class ModeProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);

    // A cold clone builds every mode once (Release) before any start timeout runs.
    private static readonly Lazy<Task> ReleaseBuild = new(BuildAllAsync);

    private readonly Process process;
    private readonly List<string> outputLines = [];
    private readonly List<string> errorLines = [];
    private readonly object gate = new();
    private readonly string? consoleFile;

    private ModeProcess(string mode, int port, Process process, string? consoleFile)
    {
        Mode = mode;
        Port = port;
        this.process = process;
        this.consoleFile = consoleFile;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public string Mode { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public IReadOnlyList<string> OutputLines
    {
        get
        {
            if (consoleFile is not null)
            {
                return ReadConsoleFile(consoleFile);
            }

            lock (gate)
            {
                return outputLines.ToList();
            }
        }
    }

    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (gate)
            {
                return errorLines.ToList();
            }
        }
    }

    /// <summary>Everything the process printed so far, for failure messages.</summary>
    public string Transcript => $"--- {Mode} stdout ---\n{string.Join('\n', OutputLines)}\n--- {Mode} stderr ---\n{string.Join('\n', ErrorLines)}";

    /// <summary>
    /// Starts the mode with only the given <c>OTEL_*</c> settings (the test runner's own are removed) and waits
    /// until it answers <c>/healthz</c>. With <paramref name="consoleFile"/> its standard output goes to that file
    /// instead of a pipe (a load run: a pipe makes every line the server prints wake this process, and that cost
    /// lands on the server's CPU and grows with how busy this process is); <see cref="OutputLines"/> reads it back.
    /// </summary>
    public static async Task<ModeProcess> StartAsync(
        string mode, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? startTimeout = null, string? consoleFile = null)
    {
        var port = LoopbackPorts.Free();
        var modeProcess = await LaunchAsync(mode, [port.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment, port, consoleFile);
        try
        {
            await modeProcess.WaitUntilHealthyAsync(startTimeout ?? DefaultStartTimeout);
        }
        catch
        {
            await modeProcess.DisposeAsync();
            throw;
        }

        return modeProcess;
    }

    /// <summary>
    /// Starts <c>scripts/run-mode.sh MODE ARGUMENTS…</c> for a mode that serves no <c>/healthz</c> (<c>endpoint</c>,
    /// <c>client</c>), with the same environment rules as <see cref="StartAsync"/>, and waits for nothing.
    /// </summary>
    public static Task<ModeProcess> LaunchAsync(string mode, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        LaunchAsync(mode, arguments, environment, port: 0, consoleFile: null);

    /// <summary>Builds every mode (Release) once per process, so that no start waits on a build.</summary>
    public static Task EnsureBuiltAsync() => ReleaseBuild.Value;

    private static async Task BuildAllAsync()
    {
        var build = await RunModeCommand.RunAsync(["build"], environment: null, TimeSpan.FromMinutes(10));
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/run-mode.sh build failed ({build.ExitCode}):\n{build.Output}\n{build.Error}");
        }
    }

    private static async Task<ModeProcess> LaunchAsync(
        string mode, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, int port, string? consoleFile)
    {
        await EnsureBuiltAsync();
        var startInfo = RunModeCommand.StartInfo([mode, .. arguments], environment);
        if (consoleFile is not null)
        {
            // bash -c 'exec bash run-mode.sh ARGS… >FILE': the same start, its standard output redirected by the shell.
            startInfo.ArgumentList.Insert(0, "-c");
            startInfo.ArgumentList.Insert(1, "exec bash \"$0\" \"$@\" >\"$MODE_CONSOLE_FILE\"");
            startInfo.Environment["MODE_CONSOLE_FILE"] = consoleFile;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var modeProcess = new ModeProcess(mode, port, process, consoleFile);
        process.OutputDataReceived += (_, line) => modeProcess.Append(modeProcess.outputLines, line.Data);
        process.ErrorDataReceived += (_, line) => modeProcess.Append(modeProcess.errorLines, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return modeProcess;
    }

    /// <summary>An HttpClient that adds no trace headers of its own: the tests decide what the server receives.</summary>
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// A GET to this server with exactly the given <c>User-Agent</c> (to tell its span apart) and <c>traceparent</c>
    /// (none when null); returns the status code and body.
    /// </summary>
    public async Task<(System.Net.HttpStatusCode Status, string Body)> GetAsync(string pathAndQuery, string userAgent, string? traceparent = null)
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, pathAndQuery));
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (traceparent is not null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceparent);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The spans printed so far by the console exporter.</summary>
    public IReadOnlyList<ConsoleSpan> ConsoleSpans() => ModeLauncher.ConsoleSpans.Parse(OutputLines);

    /// <summary>Waits until the console shows a span of <paramref name="traceId"/> (hex).</summary>
    public Task<ConsoleSpan> WaitForConsoleSpanAsync(string traceId, TimeSpan? timeout = null) =>
        WaitForConsoleSpanAsync(span => span.TraceId == traceId, $"of trace {traceId}", timeout);

    /// <summary>Waits until the console shows a span that <paramref name="predicate"/> accepts.</summary>
    public async Task<ConsoleSpan> WaitForConsoleSpanAsync(Func<ConsoleSpan, bool> predicate, string description, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (ConsoleSpans().FirstOrDefault(predicate) is { } span)
            {
                return span;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No span {description} printed by {Mode}.\n{Transcript}");
    }

    /// <summary>Waits until a line of standard output or error satisfies <paramref name="predicate"/>, and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (OutputLines.Concat(ErrorLines).FirstOrDefault(predicate) is { } line)
            {
                return line;
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{Mode} printed no expected line within {timeout}.\n{Transcript}");
    }

    /// <summary>Waits for a process that ends by itself (e.g. <c>client</c>) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        return process.ExitCode;
    }

    /// <summary>Sends a signal and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(int signal = Signals.SigTerm, TimeSpan? timeout = null)
    {
        if (!process.HasExited)
        {
            Signals.Send(process.Id, signal);
        }

        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cancellation.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                await StopAsync(Signals.SigTerm, TimeSpan.FromSeconds(15));
            }
            catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }

    private static string[] ReadConsoleFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    private void Append(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            lines.Add(line);
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(2);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Mode} exited with code {process.ExitCode} before answering.\n{Transcript}");
            }

            try
            {
                // Kestrel's "Now listening on" proves the port is this process's: a free port can be taken by another
                // process (a parallel test run) between LoopbackPorts.Free() and the bind, and answer /healthz itself.
                using var response = await client.GetAsync(new Uri(BaseAddress, "/healthz"));
                if (response.IsSuccessStatusCode && OutputLines.Any(line => line.Contains($"Now listening on: http://127.0.0.1:{Port}", StringComparison.Ordinal)))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Mode} did not answer /healthz within {timeout}.\n{Transcript}");
    }
}
