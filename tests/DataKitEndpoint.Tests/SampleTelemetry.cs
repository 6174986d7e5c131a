using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>OTLP metrics and logs requests with known values, shaped like the dice app's.</summary>
internal static class SampleTelemetry
{
    public const string Service = "dice-server";
    public const ulong StartNanos = 1_700_000_000_000_000_000;
    public const ulong TimeNanos = 1_700_000_060_000_000_000;
    public const string LogTraceId = "5b8efff798038103d269b633813fc60c";
    public const string LogSpanId = "eee19b7ec3c1b174";

    /// <summary>A monotonic cumulative sum <c>dice.rolls</c> = 2, a double gauge, and a request-duration histogram.</summary>
    public static ExportMetricsServiceRequest Metrics()
    {
        var rolls = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative };
        rolls.DataPoints.Add(new NumberDataPoint
        {
            AsInt = 2, StartTimeUnixNano = StartNanos, TimeUnixNano = TimeNanos, Attributes = { SampleSpans.Attribute("roll.value", 3L) },
        });
        var gauge = new Gauge();
        gauge.DataPoints.Add(new NumberDataPoint { AsDouble = 0.126789, TimeUnixNano = TimeNanos });
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        var point = new HistogramDataPoint
        {
            Count = 4,
            Sum = 0.0456,
            StartTimeUnixNano = StartNanos,
            TimeUnixNano = TimeNanos,
            BucketCounts = { 1, 2, 0, 1 },
            ExplicitBounds = { 0.005, 0.01, 0.025 },
            Attributes = { SampleSpans.Attribute("http.route", "/rolldice"), SampleSpans.Attribute("http.response.status_code", 200L) },
        };
        point.Exemplars.Add(new Exemplar { AsDouble = 0.03, TimeUnixNano = TimeNanos, TraceId = SampleSpans.Bytes(LogTraceId), SpanId = SampleSpans.Bytes(LogSpanId) });
        histogram.DataPoints.Add(point);
        var scopeMetrics = new ScopeMetrics { Scope = new InstrumentationScope { Name = "dice", Version = "1.0" } };
        scopeMetrics.Metrics.Add(new Metric { Name = "dice.rolls", Description = "Rolls so far", Unit = "{roll}", Sum = rolls });
        scopeMetrics.Metrics.Add(new Metric { Name = "process.cpu.utilization", Unit = "1", Gauge = gauge });
        scopeMetrics.Metrics.Add(new Metric { Name = "http.server.request.duration", Unit = "s", Histogram = histogram });
        var resourceMetrics = new ResourceMetrics { Resource = new Resource { Attributes = { SampleSpans.Attribute("service.name", Service) } } };
        resourceMetrics.ScopeMetrics.Add(scopeMetrics);
        return new ExportMetricsServiceRequest { ResourceMetrics = { resourceMetrics } };
    }

    private const string HistogramSeries = "otel_service,service_name=dice-server,scope_name=dice,http_route=/rolldice,http_response_status_code=200,unit=s";

    /// <summary>The lines the endpoint prints for <see cref="Metrics"/>; a histogram's summary line comes before its buckets.</summary>
    public static readonly string[] MetricLines =
    [
        "otel_service,service_name=dice-server,scope_name=dice,roll_value=3,unit={roll},__temporality=cumulative dice.rolls=2",
        "otel_service,service_name=dice-server,scope_name=dice,unit=1 process.cpu.utilization=0.13",
        $"{HistogramSeries} http.server.request.duration_min=0,http.server.request.duration_max=0,"
            + "http.server.request.duration_count=4,http.server.request.duration_sum=0.05",
        $"{HistogramSeries},le=0.005 http.server.request.duration_bucket=1",
        $"{HistogramSeries},le=0.01 http.server.request.duration_bucket=3",
        $"{HistogramSeries},le=0.025 http.server.request.duration_bucket=3",
        $"{HistogramSeries},le=+Inf http.server.request.duration_bucket=4",
    ];

    /// <summary>Checks every field of the three points <see cref="Metrics"/> sends.</summary>
    public static void AssertMetricPoints(IReadOnlyList<ReceivedMetricPoint> points, string transport, string path)
    {
        Assert.Equal(3, points.Count);
        var (rolls, gauge, histogram) = (points[0], points[1], points[2]);
        Assert.Equal(("dice.rolls", "Rolls so far", "{roll}", MetricKind.Sum), (rolls.Name, rolls.Description, rolls.Unit, rolls.Kind));
        Assert.True(rolls.IsMonotonic);
        Assert.Equal(AggregationTemporality.Cumulative, rolls.Temporality);
        Assert.Equal(2L, rolls.Value);
        Assert.Equal(new Dictionary<string, object> { ["roll.value"] = 3L }, rolls.Attributes);
        Assert.Equal(new Dictionary<string, object> { ["service.name"] = Service }, rolls.ResourceAttributes);
        Assert.Equal(("dice", "1.0"), (rolls.ScopeName, rolls.ScopeVersion));
        Assert.Equal((StartNanos, TimeNanos), (rolls.StartTimeUnixNano, rolls.TimeUnixNano));
        Assert.Equal((null, null), (rolls.Count, rolls.Sum));
        Assert.Empty(rolls.BucketCounts);

        Assert.Equal(("process.cpu.utilization", MetricKind.Gauge, 0.126789), (gauge.Name, gauge.Kind, gauge.Value));
        Assert.False(gauge.IsMonotonic);
        Assert.Equal(AggregationTemporality.Unspecified, gauge.Temporality);
        Assert.Empty(gauge.Attributes);

        Assert.Equal(("http.server.request.duration", "s", MetricKind.Histogram), (histogram.Name, histogram.Unit, histogram.Kind));
        Assert.Null(histogram.Value);
        Assert.Equal((4UL, 0.0456), (histogram.Count, histogram.Sum));
        Assert.Equal([1UL, 2, 0, 1], histogram.BucketCounts);
        Assert.Equal([0.005, 0.01, 0.025], histogram.ExplicitBounds);
        Assert.Equal(new Dictionary<string, object> { ["http.route"] = "/rolldice", ["http.response.status_code"] = 200L }, histogram.Attributes);
        Assert.All(points, point => Assert.Equal((transport, path), (point.Transport, point.RequestPath)));
    }

    /// <summary>A warning inside a span (string body, typed attributes) and an error without severity text (map body), from one resource.</summary>
    public static ExportLogsServiceRequest Logs(string? logSource = null)
    {
        var resource = new Resource { Attributes = { SampleSpans.Attribute("service.name", Service) } };
        if (logSource is not null)
        {
            resource.Attributes.Add(SampleSpans.Attribute("log.source", logSource));
        }
        var scopeLogs = new ScopeLogs { Scope = new InstrumentationScope { Name = "Dice.Roller" } };
        scopeLogs.LogRecords.Add(new LogRecord
        {
            TimeUnixNano = TimeNanos,
            ObservedTimeUnixNano = TimeNanos + 1,
            SeverityNumber = SeverityNumber.Warn,
            SeverityText = "Warning",
            Body = new AnyValue { StringValue = "Alice is rolling the dice: 3" },
            Attributes = { SampleSpans.Attribute("player", "Alice"), SampleSpans.Attribute("result", 3L) },
            TraceId = SampleSpans.Bytes(LogTraceId),
            SpanId = SampleSpans.Bytes(LogSpanId),
            Flags = 1,
        });
        scopeLogs.LogRecords.Add(new LogRecord
        {
            TimeUnixNano = TimeNanos,
            SeverityNumber = SeverityNumber.Error,
            Body = new AnyValue { KvlistValue = new KeyValueList { Values = { SampleSpans.Attribute("error", "dice lost") } } },
        });
        var resourceLogs = new ResourceLogs { Resource = resource };
        resourceLogs.ScopeLogs.Add(scopeLogs);
        return new ExportLogsServiceRequest { ResourceLogs = { resourceLogs } };
    }

    public static readonly string[] LogLines =
    [
        "dice-server,service=dice-server,source=dice-server,status=warn,scope_name=Dice.Roller service_name=dice-server,player=Alice,result=3,"
            + "trace_id=5b8efff798038103d269b633813fc60c,span_id=eee19b7ec3c1b174,message=\"Alice is rolling the dice: 3\"",
        "dice-server,service=dice-server,source=dice-server,status=error,scope_name=Dice.Roller service_name=dice-server,message=\"{error=dice lost}\"",
    ];

    /// <summary>Checks every field of the two records <see cref="Logs"/> sends.</summary>
    public static void AssertLogRecords(IReadOnlyList<ReceivedLogRecord> records, string transport, string path)
    {
        Assert.Equal(2, records.Count);
        var (warning, error) = (records[0], records[1]);
        Assert.Equal((Service, Service, "", "Dice.Roller"), (warning.Source, warning.Service, warning.Host, warning.ScopeName));
        Assert.Equal((TimeNanos, TimeNanos + 1), (warning.TimeUnixNano, warning.ObservedTimeUnixNano));
        Assert.Equal((SeverityNumber.Warn, "Warning", "warn"), (warning.SeverityNumber, warning.SeverityText, warning.Status));
        Assert.Equal(("Alice is rolling the dice: 3", "Alice is rolling the dice: 3"), (warning.Message, warning.Body));
        Assert.Equal(new Dictionary<string, object> { ["player"] = "Alice", ["result"] = 3L }, warning.Attributes);
        Assert.Equal(new Dictionary<string, object> { ["service.name"] = Service }, warning.ResourceAttributes);
        Assert.Equal((LogTraceId, LogSpanId, 1U), (warning.TraceId, warning.SpanId, warning.Flags));

        Assert.Equal((SeverityNumber.Error, "", "error"), (error.SeverityNumber, error.SeverityText, error.Status));
        Assert.Equal("{error=dice lost}", error.Message);
        Assert.Equal("dice lost", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(error.Body)["error"]);
        Assert.Equal(("", "", 0U), (error.TraceId, error.SpanId, error.Flags));
        Assert.Empty(error.Attributes);
        Assert.All(records, record => Assert.Equal((transport, path), (record.Transport, record.RequestPath)));
    }

    public static byte[] Protobuf(IMessage message) => message.ToByteArray();
}
