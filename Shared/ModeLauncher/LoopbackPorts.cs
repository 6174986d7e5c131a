using System.Net;
using System.Net.Sockets;

namespace InstrumentationModes.ModeLauncher;

/// <summary>Free ports on 127.0.0.1, as the system hands them out.</summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
