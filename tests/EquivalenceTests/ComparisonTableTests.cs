using InstrumentationModes.Compare;

namespace InstrumentationModes.EquivalenceTests;

public sealed class ComparisonTableTests
{
    private static NormalisedItem Span(string route, string service, bool withQuery = true)
    {
        var fields = new Dictionary<string, string> { ["name"] = "GET " + route, ["attribute.http.route"] = $"\"{route}\" (string)" };
        if (withQuery)
        {
            fields["attribute.url.query"] = "\"?param=Redacted\" (string)";
        }

        fields["resource.service.name"] = $"\"{service}\" (string)";
        return NormalisedItem.From(fields);
    }

    private static NormalisedItem Log(string body) =>
        NormalisedItem.From(new Dictionary<string, string> { ["severity"] = "13 Warning", ["body"] = $"\"{body}\" (string)" });

    private static NormalisedTelemetry Telemetry(params (string Name, NormalisedItem Item)[] items) =>
        new(items.Select(item => new KeyValuePair<string, NormalisedItem>(item.Name, item.Item)).ToList());

    [Fact]
    public void DesignedDifferencesAreShownButNotCounted()
    {
        var byMode = new Dictionary<string, NormalisedTelemetry>
        {
            ["manual"] = Telemetry(("span S", Span("/a", "m"))),
            ["auto"] = Telemetry(("span S", Span("/a", "a"))),
        };

        Assert.Empty(ComparisonTable.Differences(byMode));
        var rows = Cells(ComparisonTable.Render(byMode));
        Assert.Equal(["", "span S", "name", "GET /a", "GET /a"], rows[2]);
        Assert.Equal(["by design", "", "resource.service.name", "\"m\" (string)", "\"a\" (string)"], rows[^1]);
    }

    [Fact]
    public void ADifferentOrMissingFieldOrItemIsADifferenceAndMarked()
    {
        var byMode = new Dictionary<string, NormalisedTelemetry>
        {
            ["manual"] = Telemetry(("span S", Span("/a", "m")), ("log L", Log("{player} rolled"))),
            ["auto"] = Telemetry(("span S", Span("/b", "a", withQuery: false))),
        };

        Assert.Equal(
            ["span S: name", "span S: attribute.http.route", "span S: attribute.url.query", "log L: severity", "log L: body"],
            ComparisonTable.Differences(byMode));
        var rows = Cells(ComparisonTable.Render(byMode));
        Assert.Equal(["", "item", "field", "manual", "auto"], rows[0]);
        Assert.Equal(["≠", "span S", "name", "GET /a", "GET /b"], rows[2]);
        Assert.Equal(["≠", "", "attribute.http.route", "\"/a\" (string)", "\"/b\" (string)"], rows[3]);
        Assert.Equal(["≠", "", "attribute.url.query", "\"?param=Redacted\" (string)", "(missing)"], rows[4]);
        Assert.Equal(["by design", "", "resource.service.name", "\"m\" (string)", "\"a\" (string)"], rows[5]);
        Assert.Equal(["≠", "log L", "severity", "13 Warning", "(missing)"], rows[6]);
        Assert.Equal(["≠", "", "body", "\"{player} rolled\" (string)", "(missing)"], rows[7]);
        Assert.Equal(8, rows.Count);
    }

    [Fact]
    public void ValuesAreDescribedWithTheirTypeSoThatNumbersAndTextNeverLookAlike()
    {
        Assert.Equal("200 (int)", NormalisedItem.Describe(200L));
        Assert.Equal("\"200\" (string)", NormalisedItem.Describe("200"));
        Assert.Equal("[\"a\" (string), 1 (int)] (array)", NormalisedItem.Describe(new object[] { "a", 1L }));
        Assert.Equal("(none)", NormalisedItem.Describe(null));
    }

    private static List<string[]> Cells(string table) =>
        table.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)
            .Select(row => row.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList();
}
