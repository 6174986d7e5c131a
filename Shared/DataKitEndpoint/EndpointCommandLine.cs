using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace InstrumentationModes.DataKit;

/// <summary>
/// The executable's command line: flags win over the <c>DATAKIT_GRPC_PORT</c> / <c>DATAKIT_HTTP_PORT</c> variables,
/// which win over DataKit's ports.
/// </summary>
internal sealed class EndpointCommandLine
{
    public const string Name = "dotnet DataKitEndpoint.dll";
    public const string GrpcPortVariable = "DATAKIT_GRPC_PORT";
    public const string HttpPortVariable = "DATAKIT_HTTP_PORT";

    private readonly Func<string, string?> environment;

    private readonly Option<int> grpcPort = IntegerOption(
        "--grpc-port", "N", 0, 65535, $"OTLP/gRPC (h2c) port on 127.0.0.1 (default {DataKitEndpointOptions.DefaultGrpcPort}, env {GrpcPortVariable}; 0 = any free port)");

    private readonly Option<int> httpPort = IntegerOption(
        "--http-port", "N", 0, 65535, $"OTLP/HTTP port on 127.0.0.1, POST /otel/v1/{{traces,metrics,logs}} and /v1/… (default {DataKitEndpointOptions.DefaultHttpPort}, env {HttpPortVariable})");

    private readonly Option<bool> quiet = new("--quiet") { Description = "do not print received spans, metric points and log records" };

    private readonly Option<bool> acceptJson = new("--accept-json")
    {
        Description = "also take OTLP/JSON (application/json) over HTTP, as DataKit did before 1.85.0",
    };

    private readonly Option<int> delay = IntegerOption("--delay-ms", "N", 0, int.MaxValue, "fault: answer every export after N milliseconds");

    private readonly Option<int> failHttpStatus = IntegerOption("--fail-http-status", "N", 400, 599, "fault: answer every OTLP/HTTP export with HTTP status N (400-599)");

    private readonly Option<int> failGrpcStatus = IntegerOption("--fail-grpc-status", "N", 1, 16, "fault: answer every gRPC export with grpc-status N (1-16, e.g. 14 UNAVAILABLE)");

    public EndpointCommandLine(Func<string, string?> environment)
    {
        this.environment = environment;
        Command = new RootCommand(
            "A DataKit-style OTLP endpoint on 127.0.0.1 for traces, metrics and logs. It answers OTLP/gRPC and OTLP/HTTP as the "
            + $"OpenTelemetry input of Guance DataKit {DataKitReceiver.ModelledDataKitVersion} does (OTLP/HTTP in protobuf only, "
            + "unless --accept-json) and prints what it receives in DataKit's view, one line per point.")
        {
            grpcPort, httpPort, quiet, acceptJson, delay, failHttpStatus, failGrpcStatus,
        };
        // RootCommand brings its own help option; the version option would print the assembly's, not DataKit's.
        foreach (var option in Command.Options.Where(option => option is VersionOption).ToArray())
        {
            Command.Options.Remove(option);
        }
        Command.Validators.Add(result =>
        {
            if (Port(result, grpcPort, GrpcPortVariable, DataKitEndpointOptions.DefaultGrpcPort) is { } grpc
                && Port(result, httpPort, HttpPortVariable, DataKitEndpointOptions.DefaultHttpPort) is { } http
                && grpc == http && grpc != 0)
            {
                result.AddError($"the gRPC and HTTP ports must differ (both are {grpc})");
            }
        });
    }

    public RootCommand Command { get; }

    public ParseResult Parse(IReadOnlyList<string> arguments) => Command.Parse(arguments);

    /// <summary>The options a parse without errors asks for.</summary>
    public DataKitEndpointOptions Options(ParseResult result)
    {
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException("The command line has errors: " + result.Errors[0].Message);
        }
        var faults = EndpointFaults.None;
        faults = Given(result, delay) is { } milliseconds ? faults with { ResponseDelay = TimeSpan.FromMilliseconds(milliseconds) } : faults;
        faults = Given(result, failHttpStatus) is { } httpStatus ? faults with { HttpStatus = httpStatus } : faults;
        faults = Given(result, failGrpcStatus) is { } grpcStatus ? faults with { GrpcStatus = grpcStatus } : faults;
        return new DataKitEndpointOptions
        {
            GrpcPort = Given(result, grpcPort) ?? EnvironmentPort(GrpcPortVariable) ?? DataKitEndpointOptions.DefaultGrpcPort,
            HttpPort = Given(result, httpPort) ?? EnvironmentPort(HttpPortVariable) ?? DataKitEndpointOptions.DefaultHttpPort,
            PrintSpans = !result.GetValue(quiet),
            AcceptJson = result.GetValue(acceptJson),
            Faults = faults,
        };
    }

    /// <summary>The port a flag, else a valid variable, else the default gives; null (with the error added) for a bad variable.</summary>
    private int? Port(CommandResult result, Option<int> option, string variable, int fallback)
    {
        if (result.GetResult(option) is { Implicit: false } given)
        {
            // A bad flag already has its own error; its value cannot be read here.
            return given.Tokens is [var token] ? TryInteger(token.Value, 0, 65535) : null;
        }
        if (environment(variable) is not { Length: > 0 } value)
        {
            return fallback;
        }
        if (TryInteger(value, 0, 65535) is { } fromEnvironment)
        {
            return fromEnvironment;
        }
        result.AddError(OutOfRange(variable, 0, 65535, value));
        return null;
    }

    private int? EnvironmentPort(string variable) => environment(variable) is { Length: > 0 } value ? TryInteger(value, 0, 65535) : null;

    private static int? Given(ParseResult result, Option<int> option) =>
        result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;

    private static Option<int> IntegerOption(string name, string helpName, int minimum, int maximum, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result =>
        {
            var value = result.Tokens[0].Value;
            if (TryInteger(value, minimum, maximum) is { } number)
            {
                return number;
            }
            result.AddError(OutOfRange(name, minimum, maximum, value));
            return 0;
        },
    };

    private static int? TryInteger(string value, int minimum, int maximum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum ? number : null;

    private static string OutOfRange(string name, int minimum, int maximum, string value) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} must be an integer from {minimum} to {maximum}, got '{value}'");
}
