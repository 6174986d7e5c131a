using System.Net;
using System.Net.Sockets;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// A loopback port held for the whole run and never listened on: a connection to it is refused at once, as to an
/// endpoint whose process is down, and no other process can take the port meanwhile.
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => socket.Dispose();
}
