using System.Runtime.InteropServices;
using InstrumentationModes.DataKit;

EndpointCommandLine commandLine;
try
{
    commandLine = EndpointCommandLine.Parse(args, Environment.GetEnvironmentVariable);
}
catch (CommandLineException e)
{
    Console.Error.WriteLine($"DataKitEndpoint: {e.Message}");
    Console.Error.WriteLine(EndpointCommandLine.Usage);
    return 2;
}
if (commandLine.ShowHelp)
{
    Console.WriteLine(EndpointCommandLine.Usage);
    return 0;
}

DataKitReceiver endpoint;
try
{
    endpoint = await DataKitReceiver.StartAsync(commandLine.Options);
}
catch (IOException e)
{
    Console.Error.WriteLine($"DataKitEndpoint: cannot listen: {e.Message}");
    return 1;
}

await using (endpoint)
{
    var faults = endpoint.Faults.IsNone ? "" : $" (faults: {endpoint.Faults})";
    Console.WriteLine($"DataKit endpoint listening: OTLP/gRPC {endpoint.GrpcUrl}, OTLP/HTTP {endpoint.HttpTracesUrl} (and /v1/traces){faults}");
    var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    await stop.Task;

    void Stop(PosixSignalContext context)
    {
        // Cancel the default termination so the endpoint shuts down cleanly and the process exits 0.
        context.Cancel = true;
        stop.TrySetResult();
    }
}
return 0;
