using System.Globalization;

namespace InstrumentationModes.DataKit;

/// <summary>Invalid command-line arguments or environment; the message is meant for the user.</summary>
internal sealed class CommandLineException(string message) : Exception(message);

/// <summary>The executable's arguments: flags win over <c>DATAKIT_*_PORT</c> variables, which win over defaults.</summary>
internal sealed record EndpointCommandLine(DataKitEndpointOptions Options, bool ShowHelp)
{
    public const string Usage = """
        usage: dotnet DataKitEndpoint.dll [options]
          --grpc-port N           OTLP/gRPC (h2c) port on 127.0.0.1 (default 4317, env DATAKIT_GRPC_PORT; 0 = any free port)
          --http-port N           OTLP/HTTP port on 127.0.0.1, POST /otel/v1/{traces,metrics,logs} and /v1/… (default 9529, env DATAKIT_HTTP_PORT)
          --quiet                 do not print received spans, metric points and log records
          --delay-ms N            fault: answer every export after N milliseconds
          --fail-http-status N    fault: answer every OTLP/HTTP export with HTTP status N (400-599)
          --fail-grpc-status N    fault: answer every gRPC export with grpc-status N (1-16, e.g. 14 UNAVAILABLE)
          -h, --help              show this help
        """;

    public static EndpointCommandLine Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var grpcPort = EnvironmentPort(environment, "DATAKIT_GRPC_PORT") ?? DataKitEndpointOptions.DefaultGrpcPort;
        var httpPort = EnvironmentPort(environment, "DATAKIT_HTTP_PORT") ?? DataKitEndpointOptions.DefaultHttpPort;
        var quiet = false;
        var faults = EndpointFaults.None;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var flag, var value] && flag.StartsWith("--", StringComparison.Ordinal)
                ? (flag, value)
                : (args[i], null);
            switch (name)
            {
                case "-h" or "--help":
                    return new EndpointCommandLine(new DataKitEndpointOptions(), ShowHelp: true);
                case "--quiet":
                    quiet = inlineValue is null ? true : throw new CommandLineException("--quiet takes no value");
                    break;
                case "--grpc-port":
                    grpcPort = Port(name, Value());
                    break;
                case "--http-port":
                    httpPort = Port(name, Value());
                    break;
                case "--delay-ms":
                    faults = faults with { ResponseDelay = TimeSpan.FromMilliseconds(Integer(name, Value(), 0, int.MaxValue)) };
                    break;
                case "--fail-http-status":
                    faults = faults with { HttpStatus = Integer(name, Value(), 400, 599) };
                    break;
                case "--fail-grpc-status":
                    faults = faults with { GrpcStatus = Integer(name, Value(), 1, 16) };
                    break;
                default:
                    throw new CommandLineException($"unknown argument '{args[i]}'");
            }

            string Value() => inlineValue
                ?? (i + 1 < args.Count ? args[++i] : throw new CommandLineException($"{name} needs a value"));
        }
        if (grpcPort == httpPort && grpcPort != 0)
        {
            throw new CommandLineException($"the gRPC and HTTP ports must differ (both are {grpcPort})");
        }
        var options = new DataKitEndpointOptions { GrpcPort = grpcPort, HttpPort = httpPort, PrintSpans = !quiet, Faults = faults };
        return new EndpointCommandLine(options, ShowHelp: false);
    }

    private static int? EnvironmentPort(Func<string, string?> environment, string variable) =>
        environment(variable) is { Length: > 0 } value ? Port(variable, value) : null;

    private static int Port(string name, string value) => Integer(name, value, 0, 65535);

    private static int Integer(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new CommandLineException($"{name} must be an integer from {min} to {max}, got '{value}'");
}
