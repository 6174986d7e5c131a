using System.Net.Sockets;
using System.Text;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// HTTP/1.1 written by hand, for what HttpClient will not send: the same header twice on separate lines
/// (HttpClient joins repeated values into one line).
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string Body)> GetAsync(int port, string pathAndQuery, IEnumerable<(string Name, string Value)> headers)
    {
        var request = new StringBuilder($"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append($"{name}: {value}\r\n");
        }

        request.Append("\r\n");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellation.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellation.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(cancellation.Token);
        var statusLine = response[..response.IndexOf("\r\n", StringComparison.Ordinal)];
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), body);
    }
}
