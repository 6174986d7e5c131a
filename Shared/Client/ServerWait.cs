using System.Diagnostics;
using System.Net.Sockets;

/// <summary>
/// A bounded wait for the server, so that <c>scripts/run-mode.sh manual &amp;</c> followed at once by
/// <c>scripts/run-mode.sh client</c> works: the server needs a moment to start. It only opens and closes TCP
/// connections, before any span starts: the server sees no request and no span is made.
/// </summary>
internal static class ServerWait
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// True once <paramref name="host"/>:<paramref name="port"/> accepts a connection. Says on stderr that it waits
    /// if the first try is refused, and returns false with one line on stderr if nothing accepts within <see cref="Bound"/>.
    /// </summary>
    public static async Task<bool> UntilAcceptingAsync(string host, int port)
    {
        var waited = Stopwatch.StartNew();
        if (await AcceptsAsync(host, port, Bound))
        {
            return true;
        }

        Console.Error.WriteLine($"client: waiting up to {Bound.TotalSeconds:0} s for {host}:{port} to accept connections...");
        while (waited.Elapsed + RetryInterval < Bound)
        {
            await Task.Delay(RetryInterval);

            // The delay may end past the bound on a busy machine; a probe then has no time left to wait.
            var remaining = Bound - waited.Elapsed;
            if (remaining > TimeSpan.Zero && await AcceptsAsync(host, port, remaining))
            {
                return true;
            }
        }

        Console.Error.WriteLine($"client: nothing is listening on {host}:{port} (start a server first: scripts/run-mode.sh manual {port})");
        return false;
    }

    private static async Task<bool> AcceptsAsync(string host, int port, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        using var connection = new TcpClient();
        try
        {
            await connection.ConnectAsync(host, port, cancellation.Token);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
