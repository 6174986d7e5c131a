using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>The built DataKitEndpoint.dll run as a real process, as <c>scripts/run-mode.sh endpoint</c> runs it.</summary>
public sealed class ExecutableTests
{
    [Fact]
    public async Task Prints_its_addresses_and_each_span_then_exits_0_on_SIGTERM()
    {
        var (grpcPort, httpPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        using var process = Start("--grpc-port", grpcPort.ToString(), "--http-port", httpPort.ToString());
        try
        {
            Assert.Equal(
                $"DataKit endpoint listening: OTLP/gRPC http://127.0.0.1:{grpcPort}, OTLP/HTTP http://127.0.0.1:{httpPort}/otel/v1/traces (and /v1/traces)",
                await ReadLineAsync(process));

            using var response = await TestEndpoint.PostAsync(
                $"http://127.0.0.1:{httpPort}/otel/v1/traces", SampleSpans.Request().ToByteArray(), "application/x-protobuf");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(SampleSpans.ServerLine, await ReadLineAsync(process));
            Assert.StartsWith("opentelemetry service=manual-instrument-service resource=\"client-server\"", await ReadLineAsync(process));

            Signals.Send(process.Id, Signals.SigTerm);
            using var exit = new CancellationTokenSource(TestEndpoint.Timeout);
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await process.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Bad_arguments_exit_2_with_one_line_saying_what_is_wrong_and_where_help_is()
    {
        using var process = Start("--grpc-port", "not-a-port");
        using var exit = new CancellationTokenSource(TestEndpoint.Timeout);

        await process.WaitForExitAsync(exit.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal(
            "DataKitEndpoint: --grpc-port must be an integer from 0 to 65535, got 'not-a-port' (dotnet DataKitEndpoint.dll --help lists every option)\n",
            await process.StandardError.ReadToEndAsync());
        Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public async Task A_port_in_use_exits_1_with_one_line_saying_what_to_do()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var process = Start("--grpc-port", port.ToString(), "--http-port", "0");
        using var exit = new CancellationTokenSource(TestEndpoint.Timeout);

        await process.WaitForExitAsync(exit.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Equal(
            $"DataKitEndpoint: cannot listen: Failed to bind to address http://127.0.0.1:{port}: address already in use. "
            + "(stop what listens there, or choose other ports with --grpc-port and --http-port)\n",
            await process.StandardError.ReadToEndAsync());
    }

    [Fact]
    public async Task Help_exits_0_naming_the_DataKit_version()
    {
        using var process = Start("--help");
        using var exit = new CancellationTokenSource(TestEndpoint.Timeout);

        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(exit.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Guance DataKit 1.85", output);
        Assert.Contains("--accept-json", output);
    }

    private static Process Start(params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DataKitEndpoint.dll"));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }
        startInfo.Environment.Remove("DATAKIT_GRPC_PORT");
        startInfo.Environment.Remove("DATAKIT_HTTP_PORT");
        return Process.Start(startInfo)!;
    }

    private static async Task<string?> ReadLineAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TestEndpoint.Timeout);
        return await process.StandardOutput.ReadLineAsync(timeout.Token);
    }
}
