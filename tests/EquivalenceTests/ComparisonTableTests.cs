using InstrumentationModes.Compare;

namespace InstrumentationModes.EquivalenceTests;

public sealed class ComparisonTableTests
{
    private static NormalisedSpan Span(string route, string service, bool withQuery = true)
    {
        var fields = new Dictionary<string, string> { ["name"] = "GET " + route, ["attribute.http.route"] = $"\"{route}\" (string)" };
        if (withQuery)
        {
            fields["attribute.url.query"] = "\"?param=Redacted\" (string)";
        }

        return new NormalisedSpan(fields, new Dictionary<string, string> { ["resource.service.name"] = $"\"{service}\" (string)" });
    }

    [Fact]
    public void DesignedDifferencesAreShownButNotCounted()
    {
        var spans = new Dictionary<string, NormalisedSpan> { ["manual"] = Span("/a", "m"), ["auto"] = Span("/a", "a") };

        Assert.Empty(ComparisonTable.Differences(spans));
        Assert.Equal(["by design", "resource.service.name", "\"m\" (string)", "\"a\" (string)"], Cells(ComparisonTable.Render(spans))[^1]);
    }

    [Fact]
    public void ADifferentOrMissingFieldIsADifferenceAndMarked()
    {
        var spans = new Dictionary<string, NormalisedSpan>
        {
            ["manual"] = Span("/a", "m"),
            ["auto"] = Span("/b", "a", withQuery: false),
        };

        Assert.Equal(["name", "attribute.http.route", "attribute.url.query"], ComparisonTable.Differences(spans));
        var rows = Cells(ComparisonTable.Render(spans));
        Assert.Equal(["", "field", "manual", "auto"], rows[0]);
        Assert.Equal(["≠", "name", "GET /a", "GET /b"], rows[2]);
        Assert.Equal(["≠", "attribute.http.route", "\"/a\" (string)", "\"/b\" (string)"], rows[3]);
        Assert.Equal(["≠", "attribute.url.query", "\"?param=Redacted\" (string)", "(missing)"], rows[4]);
    }

    private static List<string[]> Cells(string table) =>
        table.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)
            .Select(row => row.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList();

    [Fact]
    public void ValuesAreDescribedWithTheirTypeSoThatNumbersAndTextNeverLookAlike()
    {
        Assert.Equal("200 (int)", NormalisedSpan.Describe(200L));
        Assert.Equal("\"200\" (string)", NormalisedSpan.Describe("200"));
        Assert.Equal("[\"a\" (string), 1 (int)] (array)", NormalisedSpan.Describe(new object[] { "a", 1L }));
    }
}
