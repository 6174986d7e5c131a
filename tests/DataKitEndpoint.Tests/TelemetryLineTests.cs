using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>Metric and log lines: DataKit's view, and no received value can forge a line or reach the terminal raw.</summary>
public sealed class TelemetryLineTests
{
    [Fact]
    public void Metric_names_tags_and_values_cannot_forge_lines()
    {
        var request = SampleTelemetry.Metrics();
        var rolls = request.ResourceMetrics[0].ScopeMetrics[0].Metrics[0];
        rolls.Name = "dice.rolls\notel_service,forged=1 x=1";
        rolls.Sum.DataPoints[0].Attributes.Add(SampleSpans.Attribute("player", "Eve,admin=true \u001b[2J\u202e"));

        var line = MetricLine.Format(DataKitMetricMapper.Map(request, OtlpTransport.Grpc, "/")[0]).Single();

        Assert.DoesNotContain(line, c => char.IsControl(c) || c is '\u202e');
        Assert.Equal(
            "otel_service,service_name=dice-server,scope_name=dice,roll_value=3,player=\"Eve,admin=true \\u001b[2J\\u202e\",unit={roll},__temporality=cumulative "
            + "\"dice.rolls\\notel_service,forged=1 x=1\"=2",
            line);
    }

    [Fact]
    public void Log_bodies_and_attributes_cannot_forge_lines()
    {
        // The source names the point, so a forged one must not start a line either.
        var request = SampleTelemetry.Logs(logSource: "audit\ndice-server,service=forged x=1");
        var record = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        record.Body = new AnyValue { StringValue = "line one\r\ndice-server,source=forged message=\"x\"\u0085" };
        record.Attributes.Add(SampleSpans.Attribute("user.name", "a\tb"));

        var line = LogLine.Format(DataKitLogMapper.Map(request, OtlpTransport.Grpc, "/")[0]);

        Assert.DoesNotContain(line, char.IsControl);
        Assert.StartsWith("\"audit\\ndice-server,service=forged x=1\",service=dice-server,source=\"audit\\ndice-server,service=forged x=1\",status=warn,", line);
        Assert.EndsWith(
            ",player=Alice,result=3,user_name=\"a\\tb\",trace_id=5b8efff798038103d269b633813fc60c,span_id=eee19b7ec3c1b174,"
            + "message=\"line one\\r\\ndice-server,source=forged message=\\\"x\\\"\\u0085\"",
            line);
    }

    [Theory]
    [InlineData(SeverityNumber.Unspecified, "", "unknown")]
    [InlineData(SeverityNumber.Trace2, "", "trace")]
    [InlineData(SeverityNumber.Debug, "", "debug")]
    [InlineData(SeverityNumber.Info4, "", "info")]
    [InlineData(SeverityNumber.Warn, "Warning", "warn")]
    [InlineData(SeverityNumber.Warn4, "", "warn")]
    [InlineData(SeverityNumber.Error3, "", "error")]
    [InlineData(SeverityNumber.Fatal, "", "fatal")]
    [InlineData(SeverityNumber.Info, "NOTICE", "info")]
    [InlineData(SeverityNumber.Unspecified, "NOTICE", "unknown")]
    [InlineData((SeverityNumber)30, "NOTICE", "NOTICE")]
    public void Status_is_the_severity_numbers_range_and_only_an_unknown_number_keeps_the_text(SeverityNumber number, string text, string status)
    {
        Assert.Equal(status, DataKitLogMapper.Status(number, text));
    }

    [Fact]
    public void Values_keep_at_most_two_decimals_and_integers_stay_whole()
    {
        var request = SampleTelemetry.Metrics();
        var gauge = request.ResourceMetrics[0].ScopeMetrics[0].Metrics[1].Gauge;
        gauge.DataPoints.Add(new NumberDataPoint { AsDouble = 2.0 });
        gauge.DataPoints.Add(new NumberDataPoint { AsDouble = -0.004 });
        gauge.DataPoints.Add(new NumberDataPoint { AsInt = long.MaxValue });

        var values = DataKitMetricMapper.Map(request, OtlpTransport.Grpc, "/")
            .Where(point => point.Kind == MetricKind.Gauge)
            .Select(point => MetricLine.Format(point).Single().Split('=')[^1]);

        Assert.Equal(["0.13", "2", "0", "9223372036854775807"], values);
    }
}
