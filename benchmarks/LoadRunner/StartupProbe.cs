using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// Startup cost: the time from launching <c>scripts/run-mode.sh MODE PORT</c> (as a user does, builds already up to
/// date) to the first 200 from <c>/server_request</c>, polled every few milliseconds. ModeProcess polls
/// <c>/healthz</c> only every 100 ms, too coarse for a 300 ms target, hence this probe.
/// </summary>
public static class StartupProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    public static async Task<TimeSpan> MeasureAsync(string mode, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        await ModeProcess.EnsureBuiltAsync();
        var port = LoopbackPorts.Free();
        var startInfo = RunModeCommand.StartInfo([mode, port.ToString(CultureInfo.InvariantCulture)], environment);
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null, UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        var uri = new Uri($"http://127.0.0.1:{port}/server_request?param=startup");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < timeout)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{mode} exited with code {process.ExitCode} before answering.");
                }

                try
                {
                    using var response = await client.GetAsync(uri);
                    if (response.IsSuccessStatusCode)
                    {
                        return clock.Elapsed;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(PollInterval);
            }

            throw new TimeoutException($"{mode} did not answer within {timeout}.");
        }
        finally
        {
            await StopAsync(process);
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        Signals.Send(process.Id, Signals.SigTerm);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
