using System.Net;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// The load generator's one HTTP client for a server: a single <see cref="SocketsHttpHandler"/> (HTTP/1.1 keep-alive,
/// at most <c>maxConnections</c> sockets), one pre-built request URI on the phase's route, and no trace headers of
/// its own, so every request starts a root trace on the server.
/// </summary>
public sealed class LoadClient : IDisposable
{
    public const string Param = "load";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient client;

    public LoadClient(Uri baseAddress, LoadRoute route, int maxConnections)
    {
        RequestUri = new Uri(baseAddress, $"{route.Path}?param={Param}");
        client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
        })
        {
            Timeout = RequestTimeout,
        };
    }

    public Uri RequestUri { get; }

    /// <summary>Sends one request and reads the whole answer; null when it was a 200, else why it failed.</summary>
    public async Task<string?> SendAsync()
    {
        try
        {
            using var response = await client.GetAsync(RequestUri, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (TaskCanceledException)
        {
            return $"timeout after {RequestTimeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException exception)
        {
            return $"{nameof(HttpRequestException)}: {exception.HttpRequestError}";
        }
    }

    public void Dispose() => client.Dispose();
}
