using System.Diagnostics;
using InstrumentationModes;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// usage: client [PARAM] [PORT] — as client.py: GET http://localhost:PORT/server_request?param=PARAM
// inside the spans client -> client-server, with the W3C context (traceparent, baggage) injected by hand.
// A PARAM starting with '/' is the path and query to GET instead, e.g. '/rolldice?player=alice'.
var param = args.Length > 0 ? args[0] : "client";
var portArgument = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("PORT");
var port = 8082;
if (!string.IsNullOrWhiteSpace(portArgument) && !(int.TryParse(portArgument, out port) && port is > 0 and <= 65535))
{
    Console.Error.WriteLine($"client: PORT must be a number from 1 to 65535, not '{portArgument}'.");
    return 2;
}

// Appended to the authority rather than resolved against it, so that '//host/…' stays a path on localhost.
var url = new Uri($"http://localhost:{port}" + (param.StartsWith('/') ? param : $"/server_request?param={Uri.EscapeDataString(param)}"));

if (!await ServerWait.UntilAcceptingAsync("localhost", port))
{
    return 1;
}

using var source = new ActivitySource("client");
var exporters = ExporterList.Parse(Environment.GetEnvironmentVariable("OTEL_TRACES_EXPORTER"), "console,otlp");
var tracing = Sdk.CreateTracerProviderBuilder()
    .ConfigureResource(resource => resource.AddService("client").AddEnvironmentVariableDetector())
    .AddSource(source.Name);
if (exporters.Contains("console"))
{
    tracing.AddConsoleExporter();
}

if (exporters.Contains("otlp"))
{
    tracing.AddOtlpExporter();
}

using (var tracerProvider = tracing.Build())
{
    using var client = source.StartActivity("client");
    using var clientServer = source.StartActivity("client-server");

    // HttpClient would add its own traceparent; this client propagates by hand, as client.py does.
    using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { Timeout = TimeSpan.FromSeconds(30) };
    using var request = new HttpRequestMessage(HttpMethod.Get, url);
    var context = new PropagationContext(clientServer?.Context ?? default, Baggage.Create(new Dictionary<string, string> { ["hello"] = "world" }));
    Propagators.DefaultTextMapPropagator.Inject(context, request, (message, name, value) => message.Headers.TryAddWithoutValidation(name, value));

    try
    {
        using var response = await http.SendAsync(request);
        Console.WriteLine($"client: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (clientServer is not null)
        {
            Console.WriteLine($"client: trace_id={clientServer.TraceId.ToHexString()} client-server span_id={clientServer.SpanId.ToHexString()}");
        }

        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            clientServer?.SetStatus(ActivityStatusCode.Error, $"HTTP {(int)response.StatusCode}");
            return 1;
        }
    }
    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
    {
        Console.Error.WriteLine($"client: GET {url} failed: {exception.Message}");
        clientServer?.SetStatus(ActivityStatusCode.Error, exception.Message);
        return 1;
    }
}

return 0;
