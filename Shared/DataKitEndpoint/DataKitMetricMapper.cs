using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>Maps OTLP metrics to one <see cref="ReceivedMetricPoint"/> per data point.</summary>
public static class DataKitMetricMapper
{
    /// <summary>The measurement DataKit (since 1.68.0) writes every OpenTelemetry metric point to.</summary>
    public const string Measurement = "otel_service";

    /// <summary>Resource, scope and point attributes DataKit drops from metric points, and from log records' fields.</summary>
    public static IReadOnlySet<string> DroppedAttributes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "process.command_line",
        "process.executable.path",
        "process.runtime.description",
        "process.runtime.name",
        "process.runtime.version",
        "telemetry.distro.name",
        "telemetry.distro.version",
        "telemetry.sdk.language",
        "telemetry.sdk.name",
        "telemetry.sdk.version",
    };

    public static IReadOnlyList<ReceivedMetricPoint> Map(ExportMetricsServiceRequest request, string transport, string requestPath)
    {
        var points = new List<ReceivedMetricPoint>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resourceAttributes = DataKitSpanMapper.ToDictionary(resourceMetrics.Resource?.Attributes);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scopeMetrics.Metrics)
                {
                    var metricPoint = new ReceivedMetricPoint
                    {
                        ResourceAttributes = resourceAttributes,
                        ScopeName = scopeMetrics.Scope?.Name ?? "",
                        ScopeVersion = scopeMetrics.Scope?.Version ?? "",
                        Name = metric.Name,
                        Description = metric.Description,
                        Unit = metric.Unit,
                        Kind = "",
                        IsMonotonic = false,
                        Temporality = AggregationTemporality.Unspecified,
                        Attributes = new Dictionary<string, object>(),
                        Value = null,
                        Count = null,
                        Sum = null,
                        BucketCounts = [],
                        ExplicitBounds = [],
                        StartTimeUnixNano = 0,
                        TimeUnixNano = 0,
                        Transport = transport,
                        RequestPath = requestPath,
                    };
                    points.AddRange(metric.DataCase switch
                    {
                        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(point => Number(metricPoint with { Kind = MetricKind.Gauge }, point)),
                        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(point => Number(
                            metricPoint with { Kind = MetricKind.Sum, IsMonotonic = metric.Sum.IsMonotonic, Temporality = metric.Sum.AggregationTemporality },
                            point)),
                        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(point => metricPoint with
                        {
                            Kind = MetricKind.Histogram,
                            Temporality = metric.Histogram.AggregationTemporality,
                            Attributes = DataKitSpanMapper.ToDictionary(point.Attributes),
                            Count = point.Count,
                            Sum = point.HasSum ? point.Sum : null,
                            Min = point.HasMin ? point.Min : null,
                            Max = point.HasMax ? point.Max : null,
                            BucketCounts = point.BucketCounts.ToArray(),
                            ExplicitBounds = point.ExplicitBounds.ToArray(),
                            StartTimeUnixNano = point.StartTimeUnixNano,
                            TimeUnixNano = point.TimeUnixNano,
                        }),
                        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Select(point => metricPoint with
                        {
                            Kind = MetricKind.ExponentialHistogram,
                            Temporality = metric.ExponentialHistogram.AggregationTemporality,
                            Attributes = DataKitSpanMapper.ToDictionary(point.Attributes),
                            Count = point.Count,
                            Sum = point.HasSum ? point.Sum : null,
                            Min = point.HasMin ? point.Min : null,
                            Max = point.HasMax ? point.Max : null,
                            StartTimeUnixNano = point.StartTimeUnixNano,
                            TimeUnixNano = point.TimeUnixNano,
                        }),
                        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Select(point => metricPoint with
                        {
                            Kind = MetricKind.Summary,
                            Attributes = DataKitSpanMapper.ToDictionary(point.Attributes),
                            Count = point.Count,
                            Sum = point.Sum,
                            StartTimeUnixNano = point.StartTimeUnixNano,
                            TimeUnixNano = point.TimeUnixNano,
                        }),
                        _ => [],
                    });
                }
            }
        }
        return points;
    }

    private static ReceivedMetricPoint Number(ReceivedMetricPoint metricPoint, NumberDataPoint point) => metricPoint with
    {
        Attributes = DataKitSpanMapper.ToDictionary(point.Attributes),
        Value = point.ValueCase switch
        {
            NumberDataPoint.ValueOneofCase.AsInt => (object)point.AsInt,
            NumberDataPoint.ValueOneofCase.AsDouble => (object)point.AsDouble,
            _ => null,
        },
        StartTimeUnixNano = point.StartTimeUnixNano,
        TimeUnixNano = point.TimeUnixNano,
    };
}
