using System.Globalization;
using System.Security;
using System.Text;

namespace InstrumentationModes.LoadRunner;

/// <summary>One group of bars: a scenario, and one value per mode (NaN where the mode has none).</summary>
public sealed record BarGroup(string Label, IReadOnlyList<double> Values);

/// <summary>A hand-written SVG of grouped bar charts side by side: throughput and p99 per mode and scenario.</summary>
public static class SvgChart
{
    public const int PanelWidth = 460;
    public const int Height = 380;

    private const int PlotLeft = 60;
    private const int PlotTop = 50;
    private const int PlotHeight = 250;
    private const int PlotWidth = PanelWidth - PlotLeft - 20;
    private const int GridLines = 4;

    private static readonly string[] Colours = ["#7f7f7f", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#d62728"];

    /// <summary>The chart the report shows: RPS of the closed models, p99 of every scenario, medians, per mode.</summary>
    public static string ThroughputAndP99(BenchmarkSummary summary, IReadOnlyList<string> modes)
    {
        var scenarios = summary.Phases.Select(phase => phase.Scenario).Distinct().ToList();
        var closed = scenarios.Where(scenario => scenario.Model == LoadModel.Closed).ToList();
        return Render(
            modes,
            ("Throughput, requests/s (closed models, median)", Groups(summary, closed, modes, phase => phase.RequestsPerSecond)),
            ("p99 latency, ms (median)", Groups(summary, scenarios, modes, phase => phase.Latency.P99Ms)));
    }

    public static string Render(IReadOnlyList<string> series, params (string Title, IReadOnlyList<BarGroup> Groups)[] panels)
    {
        var width = PanelWidth * Math.Max(1, panels.Length);
        var svg = new StringBuilder();
        svg.Append(Invariant($"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{Height}" viewBox="0 0 {width} {Height}" font-family="sans-serif" font-size="12">"""));
        svg.Append(Invariant($"""<rect width="{width}" height="{Height}" fill="white"/>"""));
        for (var panel = 0; panel < panels.Length; panel++)
        {
            AppendPanel(svg, panel * PanelWidth, panels[panel].Title, panels[panel].Groups, series.Count);
        }

        for (var index = 0; index < series.Count; index++)
        {
            var x = 20 + (index * 150);
            svg.Append(Invariant($"""<rect x="{x}" y="{Height - 30}" width="12" height="12" fill="{Colour(index)}"/>"""));
            svg.Append(Invariant($"""<text x="{x + 18}" y="{Height - 20}">{Escape(series[index])}</text>"""));
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>The smallest 1, 2, 2.5 or 5 times a power of ten at or above <paramref name="value"/>: a round axis top.</summary>
    public static double NiceCeiling(double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            // The tolerance keeps 300 from rounding up to 500 through 10^2 × 3 != 300 in binary.
            if (step * power >= value * (1 - 1e-12))
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static List<BarGroup> Groups(BenchmarkSummary summary, IReadOnlyList<Scenario> scenarios, IReadOnlyList<string> modes, Func<PhaseSummary, double> value) =>
        [.. scenarios.Select(scenario => new BarGroup(
            scenario.Name,
            [.. modes.Select(mode => summary.Phases.FirstOrDefault(phase => phase.Mode == mode && phase.Scenario == scenario) is { } phase ? value(phase) : double.NaN)]))];

    private static void AppendPanel(StringBuilder svg, int left, string title, IReadOnlyList<BarGroup> groups, int seriesCount)
    {
        svg.Append(Invariant($"""<text x="{left + (PanelWidth / 2)}" y="24" text-anchor="middle" font-size="14" font-weight="bold">{Escape(title)}</text>"""));
        var top = NiceCeiling(groups.SelectMany(group => group.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max());
        var plotLeft = left + PlotLeft;
        var plotBottom = PlotTop + PlotHeight;
        for (var line = 0; line <= GridLines; line++)
        {
            var y = plotBottom - (PlotHeight * line / (double)GridLines);
            svg.Append(Invariant($"""<line x1="{plotLeft}" y1="{y:0.#}" x2="{plotLeft + PlotWidth}" y2="{y:0.#}" stroke="#ddd"/>"""));
            svg.Append(Invariant($"""<text x="{plotLeft - 6}" y="{y + 4:0.#}" text-anchor="end">{Label(top * line / GridLines)}</text>"""));
        }

        if (groups.Count == 0)
        {
            return;
        }

        var groupWidth = PlotWidth / (double)groups.Count;
        var barWidth = groupWidth * 0.8 / Math.Max(1, seriesCount);
        for (var group = 0; group < groups.Count; group++)
        {
            var groupLeft = plotLeft + (group * groupWidth) + (groupWidth * 0.1);
            svg.Append(Invariant($"""<text x="{groupLeft + (groupWidth * 0.4):0.#}" y="{plotBottom + 18}" text-anchor="middle">{Escape(groups[group].Label)}</text>"""));
            for (var index = 0; index < groups[group].Values.Count; index++)
            {
                var value = groups[group].Values[index];
                if (!double.IsFinite(value))
                {
                    continue;
                }

                var height = PlotHeight * Math.Max(0, value) / top;
                var x = groupLeft + (index * barWidth);
                svg.Append(Invariant($"""<rect x="{x:0.#}" y="{plotBottom - height:0.#}" width="{barWidth - 2:0.#}" height="{height:0.#}" fill="{Colour(index)}"><title>{Escape(Label(value))}</title></rect>"""));
                svg.Append(Invariant($"""<text x="{x + (barWidth / 2) - 1:0.#}" y="{plotBottom - height - 4:0.#}" text-anchor="middle" font-size="9">{Escape(Label(value))}</text>"""));
            }
        }
    }

    private static string Label(double value) => value.ToString(value >= 100 ? "0" : value >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture);

    private static string Colour(int index) => Colours[index % Colours.Length];

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
