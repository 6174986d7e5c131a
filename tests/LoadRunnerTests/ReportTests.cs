using System.Xml.Linq;

namespace InstrumentationModes.LoadRunner.Tests;

using static Samples;

public class ReportTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void Csv_fields_are_quoted_only_when_they_must_be(string value, string expected) =>
        Assert.Equal(expected, Csv.Field(value));

    [Fact]
    public void Csv_of_load_runs_has_a_header_and_one_row_per_run_with_as_many_fields()
    {
        var failures = new Dictionary<string, long> { ["HTTP 500"] = 2, ["HttpRequestException: ConnectionError, \"reset\""] = 1 };
        var runs = new[] { Run(1, "baseline", Closed64, 100), Run(1, "manual", Closed64, 100, failures: failures) };

        var lines = Csv.LoadRuns(runs).TrimEnd('\n').Split('\n');

        Assert.Equal(3, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal("round", header[0]);
        Assert.Contains("delivery_percent", header);
        var manual = ParseCsvLine(lines[2]);
        Assert.Equal(header.Length, manual.Count);
        Assert.Equal("manual", manual[Array.IndexOf(header, "mode")]);
        Assert.Equal("103", manual[Array.IndexOf(header, "requests")]);
        Assert.Equal("3", manual[Array.IndexOf(header, "failed")]);
        Assert.Equal("100", manual[Array.IndexOf(header, "delivery_percent")]);
        Assert.Equal("HTTP 500 x2; HttpRequestException: ConnectionError, \"reset\" x1", manual[Array.IndexOf(header, "failures")]);
        Assert.Equal("", ParseCsvLine(lines[1])[Array.IndexOf(header, "delivery_percent")]);
    }

    [Fact]
    public void Markdown_tables_escape_pipes_and_line_breaks_and_align_numbers_right()
    {
        var table = MarkdownReport.Table(["name", "value"], [["a|b", "1\n2"]], [false, true]);

        Assert.Equal("| name | value |\n|---|---:|\n| a\\|b | 1 2 |\n", table.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Report_states_settings_targets_and_one_row_per_mode_per_scenario()
    {
        var runs = new[]
        {
            Run(1, "baseline", Closed64, 1000), Run(1, "manual", Closed64, 950), Run(1, "auto", Closed64, 800),
            Run(1, "baseline", Open1000, 1000, p99Ms: 1), Run(1, "manual", Open1000, 1000, p99Ms: 1.5), Run(1, "auto", Open1000, 1000, p99Ms: 3),
        };
        var results = Results(runs);
        var environment = new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "otlp", ["OTEL_BSP_MAX_QUEUE_SIZE"] = "8192" };

        var report = MarkdownReport.Write(results, BenchmarkSummary.From(results), environment);

        Assert.Contains("`OTEL_BSP_MAX_QUEUE_SIZE=8192`", report, StringComparison.Ordinal);
        Assert.Contains("| throughput at saturation (closed-64) within 10% of baseline | auto | 0.800× baseline RPS | not judged: 1 round, judging needs at least 3 |", report, StringComparison.Ordinal);
        Assert.Contains("| p99 overhead under 1 ms at a moderate fixed rate (open-1000) | manual | +0.500 ms p99 | not judged: 1 round, judging needs at least 3 |", report, StringComparison.Ordinal);
        Assert.Contains(MarkdownReport.JudgingRule, report, StringComparison.Ordinal);
        Assert.Contains("CPU isolation: server under test pinned to CPU 1,", report, StringComparison.Ordinal);
        Assert.Contains("| closed-64 | auto | 125.0 | +25.0 | +25.0 | 1.250 | 0.800 | 1.00 | 0.000 |", report, StringComparison.Ordinal);
        Assert.Contains("## closed-64:", report, StringComparison.Ordinal);
        Assert.Contains("## open-1000:", report, StringComparison.Ordinal);
        Assert.Contains("| manual | 950 | 950 | 0 | 950 |", report, StringComparison.Ordinal);
        Assert.Contains("| auto | 0.800 |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_price_list_gives_each_knobs_saving_and_says_why_a_mode_has_none()
    {
        // Server CPU ms over 1000 requests: the mode 150 over a baseline of 100, with a tenth sampled 120.
        var options = new BenchmarkOptions { Modes = ["baseline", "manual", "auto"], Concurrencies = [64], Rates = [], Repeats = 1, VariantSet = ServerVariant.PriceList };
        var runs = new[]
        {
            Run(1, "baseline", Closed64, 1000, cpuMilliseconds: 100), Run(1, "auto", Closed64, 1000, cpuMilliseconds: 150),
            Run(1, "auto:ratio-0.1", Closed64, 1000, cpuMilliseconds: 120), Run(1, "baseline:chain", Closed64, 1000, cpuMilliseconds: 300),
            Run(1, "auto:chain", Closed64, 1000, cpuMilliseconds: 400), Run(1, "auto:httpclient-off", Closed64, 1000, cpuMilliseconds: 390),
        };
        var results = Results(runs, options: options);

        var report = MarkdownReport.Write(results, BenchmarkSummary.From(results), new Dictionary<string, string>());

        Assert.Contains("## The price list: what each knob saves the server", report, StringComparison.Ordinal);
        Assert.Contains("| closed-64 | ratio-0.1 | auto | +50.0 | +20.0 | +30.0 | 60% | `OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1` |", report, StringComparison.Ordinal);
        Assert.Contains("| closed-64 | httpclient-off | auto | +100.0 | +90.0 | +10.0 | 10% |", report, StringComparison.Ordinal);
        Assert.Contains("| closed-64 | httpclient-off | manual | – | – | – | – | not for manual: its client span is its own code: AddManualInstrumentation() removed |", report, StringComparison.Ordinal);
        Assert.Contains("*ratio-0.1*: a tenth of the traces sampled (parentbased_traceidratio 0.1)", report, StringComparison.Ordinal);
        Assert.True(
            report.IndexOf("| closed-64 | ratio-0.1 |", StringComparison.Ordinal) < report.IndexOf("| closed-64 | httpclient-off |", StringComparison.Ordinal),
            "the larger saving comes first");
    }

    [Fact]
    public void Chart_is_valid_svg_with_one_bar_per_measured_value_scaled_to_a_round_axis()
    {
        var svg = XDocument.Parse(SvgChart.Render(
            ["baseline", "manual <&>"],
            ("RPS", [new BarGroup("closed-64", [1000, 500]), new BarGroup("closed-16", [800, double.NaN])]),
            ("p99", [new BarGroup("open-1000", [1.5, 2])])));

        var bars = svg.Descendants(Svg + "rect").Where(rect => rect.Element(Svg + "title") is not null).ToList();
        Assert.Equal(5, bars.Count);
        var heights = bars.Select(bar => double.Parse(bar.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(heights[0] / 2, heights[1], 1);
        Assert.Contains(svg.Descendants(Svg + "text"), text => text.Value == "manual <&>");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.7, 1)]
    [InlineData(1, 1)]
    [InlineData(1.01, 2)]
    [InlineData(2.3, 2.5)]
    [InlineData(300, 500)]
    [InlineData(250, 250)]
    [InlineData(7563, 10000)]
    [InlineData(double.NaN, 1)]
    public void Axis_tops_are_round_numbers_at_or_above_the_largest_value(double value, double expected) =>
        Assert.Equal(expected, SvgChart.NiceCeiling(value), 9);

    [Fact]
    public void Report_files_are_all_written()
    {
        var folder = Path.Combine(Path.GetTempPath(), "loadrunner-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            var results = Results([Run(1, "baseline", Closed64, 1000), Run(1, "manual", Closed64, 950)], [new StartupRun(1, "baseline", TimeSpan.FromMilliseconds(400))]);

            var report = ReportFiles.Write(results, new Dictionary<string, string>(), folder);

            Assert.Equal(Path.Combine(folder, ReportFiles.ReportFile), report);
            Assert.All(
                [ReportFiles.ReportFile, MarkdownReport.ChartFile, MarkdownReport.LoadRunsCsvFile, MarkdownReport.StartupCsvFile],
                file => Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 0, file));
            Assert.Equal(["round,mode,to_first_response_ms", "1,baseline,400.0"], File.ReadAllLines(Path.Combine(folder, MarkdownReport.StartupCsvFile)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A reader independent of the writer: RFC 4180 fields of one record.</summary>
    private static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var index = 0; index < line.Length; index++)
        {
            var character = line[index];
            if (quoted && character == '"' && index + 1 < line.Length && line[index + 1] == '"')
            {
                field.Append('"');
                index++;
            }
            else if (character == '"')
            {
                quoted = !quoted;
            }
            else if (character == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(character);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
