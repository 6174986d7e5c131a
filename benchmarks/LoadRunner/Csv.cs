using System.Globalization;
using System.Text;

namespace InstrumentationModes.LoadRunner;

/// <summary>RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; numbers invariant.</summary>
public static class Csv
{
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public static string Number(double value, string format = "0.###") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "";

    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Field));

    /// <summary>Every measured phase, one row each, as measured (no medians).</summary>
    public static string LoadRuns(IReadOnlyList<ScenarioRun> runs)
    {
        var text = new StringBuilder();
        text.Append(Line([
            "round", "mode", "scenario", "model", "level", "requests", "ok", "failed", "rps", "elapsed_s",
            "min_ms", "mean_ms", "max_ms", "stddev_ms", "p50_ms", "p75_ms", "p95_ms", "p99_ms", "max_dispatch_lag_ms",
            "server_cpu_ms", "server_cpu_us_per_request", "generator_cpu_ms", "peak_rss_mb",
            "served", "spans_at_end_of_load", "spans_received", "delivery_percent", "spans_dropped", "exit_code", "server_cpus",
            "log_records_received", "metric_points_received", "failures",
        ])).Append('\n');
        foreach (var run in runs)
        {
            var load = run.Load;
            text.Append(Line([
                Number(run.Repeat), run.Mode, run.Scenario.Name, run.Scenario.Model.ToString().ToLowerInvariant(), Number(run.Scenario.Level),
                Number(load.Requests), Number(load.Ok), Number(load.Failed), Number(load.RequestsPerSecond, "0.0"), Number(load.Elapsed.TotalSeconds),
                Number(load.Latency.MinMs), Number(load.Latency.MeanMs), Number(load.Latency.MaxMs), Number(load.Latency.StdDevMs),
                Number(load.Latency.P50Ms), Number(load.Latency.P75Ms), Number(load.Latency.P95Ms), Number(load.Latency.P99Ms),
                Number(load.MaxDispatchLag.TotalMilliseconds),
                Number(run.ServerCpu?.TotalMilliseconds ?? double.NaN, "0"), Number(run.ServerCpuMicrosecondsPerRequest, "0.0"), Number(run.GeneratorCpu.TotalMilliseconds, "0"),
                Number(run.PeakResidentMegabytes, "0.0"),
                Number(run.Served), Number(run.SpansAtEndOfLoad), Number(run.SpansReceived),
                run.DeliveryPercent is { } delivery ? Number(delivery) : "", run.SpansDropped is { } dropped ? Number(dropped) : "",
                Number(run.ExitCode),
                run.ServerCpus ?? "",
                Number(run.LogRecordsReceived), Number(run.MetricPointsReceived),
                string.Join("; ", load.FailureReasons.Select(reason => $"{reason.Key} x{reason.Value}")),
            ])).Append('\n');
        }

        return text.ToString();
    }

    public static string Startups(IReadOnlyList<StartupRun> startups)
    {
        var text = new StringBuilder();
        text.Append(Line(["round", "mode", "to_first_response_ms"])).Append('\n');
        foreach (var start in startups)
        {
            text.Append(Line([Number(start.Run), start.Mode, Number(start.ToFirstResponse.TotalMilliseconds, "0.0")])).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Every measured phase of the endpoint's ingest benchmark, as measured.</summary>
    public static string Ingest(IReadOnlyList<IngestRun> runs)
    {
        var text = new StringBuilder();
        text.Append(Line([
            "round", "transport", "spans_per_batch", "measured_s", "batches", "failed_batches", "spans", "endpoint_cpu_ms",
            "spans_per_second", "spans_per_core_second", "cpu_us_per_span", "total_batches", "total_failed_batches", "endpoint_cpus", "first_failure",
        ])).Append('\n');
        foreach (var run in runs)
        {
            text.Append(Line([
                Number(run.Round), EndpointIngest.Name(run.Transport), Number(run.SpansPerBatch), Number(run.Measured.TotalSeconds),
                Number(run.Batches), Number(run.FailedBatches), Number(run.Spans), Number(run.EndpointCpu?.TotalMilliseconds ?? double.NaN, "0"),
                Number(run.SpansPerSecond, "0"), Number(run.SpansPerCoreSecond, "0"), Number(run.CpuMicrosecondsPerSpan),
                Number(run.TotalBatches), Number(run.TotalFailedBatches), run.EndpointCpus ?? "", run.FirstFailure ?? "",
            ])).Append('\n');
        }

        return text.ToString();
    }
}
