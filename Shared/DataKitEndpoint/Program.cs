using System.CommandLine;
using System.Runtime.InteropServices;
using InstrumentationModes.DataKit;

var commandLine = new EndpointCommandLine(Environment.GetEnvironmentVariable);
commandLine.Command.SetAction(async parsed =>
{
    var options = commandLine.Options(parsed);
    DataKitReceiver endpoint;
    try
    {
        endpoint = await DataKitReceiver.StartAsync(options);
    }
    catch (IOException e)
    {
        Console.Error.WriteLine(
            $"DataKitEndpoint: cannot listen: {e.Message} (stop what listens there, or choose other ports with --grpc-port and --http-port)");
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
});

var result = commandLine.Parse(args);
if (result.Errors.Count > 0)
{
    Console.Error.WriteLine($"DataKitEndpoint: {result.Errors[0].Message} ({EndpointCommandLine.Name} --help lists every option)");
    return 2;
}

// The endpoint handles SIGINT and SIGTERM itself, to stop cleanly; the action runs, or --help prints the help.
return await result.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
