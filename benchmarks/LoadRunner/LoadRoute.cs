namespace InstrumentationModes.LoadRunner;

/// <summary>
/// The route a load phase sends every request to, and how many spans an instrumented server owes the endpoint for
/// each: <c>/chain</c> calls the server's own <c>/server_request</c> (the samples' default downstream), so one request
/// is a SERVER span, its CLIENT span and the downstream's SERVER span, all in the one server process.
/// </summary>
public sealed record LoadRoute(string Path, int SpansPerRequest)
{
    public static readonly LoadRoute ServerRequest = new("/server_request", 1);

    public static readonly LoadRoute Chain = new("/chain", 3);
}
