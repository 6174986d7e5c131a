using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// Startup cost: the time from launching <c>scripts/run-mode.sh MODE PORT</c> (as a user does, builds already up to
/// date) to the first 200 from <c>/server_request</c>, polled every few milliseconds. ModeProcess polls
/// <c>/healthz</c> only every 100 ms, too coarse for a 300 ms target, hence this probe
/// (the launch and the SIGTERM stop are ModeProcess's).
/// </summary>
public static class StartupProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    public static async Task<TimeSpan> MeasureAsync(string mode, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        await ModeProcess.EnsureBuiltAsync();
        var port = LoopbackPorts.Free();
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null, UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        var uri = new Uri($"http://127.0.0.1:{port}/server_request?param=startup");
        var clock = Stopwatch.StartNew();
        await using var server = await ModeProcess.LaunchAsync(mode, [port.ToString(CultureInfo.InvariantCulture)], environment);
        while (clock.Elapsed < timeout)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"{mode} exited before answering.\n{server.Transcript}");
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
}
