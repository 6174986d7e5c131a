using InstrumentationModes.Compare;

namespace InstrumentationModes.EquivalenceTests;

public sealed class ComparisonTableTests
{
    private static NormalisedItem Span(string route, string service, bool withQuery = true, string scope = "S")
    {
        var fields = new Dictionary<string, string> { ["name"] = "GET " + route, ["attribute.http.route"] = $"\"{route}\" (string)" };
        if (withQuery)
        {
            fields["attribute.url.query"] = "\"?param=Redacted\" (string)";
        }

        fields["resource.service.name"] = $"\"{service}\" (string)";
        fields["scope.name"] = scope;
        fields["scope.version"] = "";
        return NormalisedItem.From(fields);
    }

    private static NormalisedItem Log(string body) =>
        NormalisedItem.From(new Dictionary<string, string> { ["severity"] = "13 Warning", ["body"] = $"\"{body}\" (string)" });

    private static NormalisedTelemetry Telemetry(params (string Name, NormalisedItem Item)[] items) =>
        new(items.Select(item => new KeyValuePair<string, NormalisedItem>(item.Name, item.Item)).ToList());

    private static Dictionary<string, NormalisedTelemetry> Agreeing() => new()
    {
        ["manual"] = Telemetry(("span S", Span("/a", "m", scope: "M"))),
        ["auto"] = Telemetry(("span S", Span("/a", "a", scope: "A"))),
        ["programmatic"] = Telemetry(("span S", Span("/a", "p", scope: "A"))),
    };

    private static Dictionary<string, NormalisedTelemetry> Differing() => new()
    {
        ["manual"] = Telemetry(("span S", Span("/a", "m")), ("log L", Log("{player} rolled"))),
        ["auto"] = Telemetry(("span S", Span("/b", "a", withQuery: false))),
        ["programmatic"] = Telemetry(("span S", Span("/a", "p"))),
    };

    [Fact]
    public void WhereTheModesAgreeAFieldHasOneValueAndTheDesignedDifferencesAreShownApartButNotCounted()
    {
        Assert.Empty(ComparisonTable.Differences(Agreeing()));
        Assert.Equal(
            Lines(
                "span S",
                "  name                     GET /a",
                "  attribute.http.route     \"/a\" (string)",
                "  attribute.url.query      \"?param=Redacted\" (string)",
                "  by design:",
                "    resource.service.name  manual        \"m\" (string)",
                "                           auto          \"a\" (string)",
                "                           programmatic  \"p\" (string)",
                "    scope.name             manual        M",
                "                           auto          A",
                "                           programmatic  A",
                "    scope.version          (empty)"),
            ComparisonTable.Render(Agreeing()));
    }

    [Fact]
    public void ADifferentOrMissingFieldOrItemIsADifferenceMarkedWithEachModesValue()
    {
        Assert.Equal(
            ["span S: name", "span S: attribute.http.route", "span S: attribute.url.query", "log L: severity", "log L: body"],
            ComparisonTable.Differences(Differing()));
        Assert.Equal(
            Lines(
                "span S",
                "≠ name                     manual        GET /a",
                "                           auto          GET /b",
                "                           programmatic  GET /a",
                "≠ attribute.http.route     manual        \"/a\" (string)",
                "                           auto          \"/b\" (string)",
                "                           programmatic  \"/a\" (string)",
                "≠ attribute.url.query      manual        \"?param=Redacted\" (string)",
                "                           auto          (missing)",
                "                           programmatic  \"?param=Redacted\" (string)",
                "  by design:",
                "    resource.service.name  manual        \"m\" (string)",
                "                           auto          \"a\" (string)",
                "                           programmatic  \"p\" (string)",
                "    scope.name             S",
                "    scope.version          (empty)",
                "",
                "log L",
                "≠ severity                 manual        13 Warning",
                "                           auto          (missing)",
                "                           programmatic  (missing)",
                "≠ body                     manual        \"{player} rolled\" (string)",
                "                           auto          (missing)",
                "                           programmatic  (missing)"),
            ComparisonTable.Render(Differing()));
    }

    [Fact]
    public void AValueTooLongForTheWidthGoesOnOnContinuationLinesAtItsColumn()
    {
        var bounds = string.Join(", ", Enumerable.Range(1, 30));
        var hash = new string('f', 64);
        var byMode = new Dictionary<string, NormalisedTelemetry>
        {
            ["manual"] = Telemetry(("point P", NormalisedItem.From(new Dictionary<string, string> { ["bounds"] = bounds, ["attribute.hash"] = hash }))),
            ["auto"] = Telemetry(("point P", NormalisedItem.From(new Dictionary<string, string> { ["bounds"] = bounds, ["attribute.hash"] = "" }))),
        };

        var listing = ComparisonTable.Render(byMode, width: 60);

        Assert.Equal(
            Lines(
                "point P",
                "  bounds          1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,",
                "                  14, 15, 16, 17, 18, 19, 20, 21, 22, 23,",
                "                  24, 25, 26, 27, 28, 29, 30",
                "≠ attribute.hash  manual  " + new string('f', 34),
                "                          " + new string('f', 30),
                "                  auto    (empty)"),
            listing);
        Assert.All(listing.Split(Environment.NewLine), line => Assert.True(line.Length <= 60, line));
    }

    [Fact]
    public void AFieldNameTooLongForItsColumnTakesALineOfItsOwn()
    {
        var field = "attribute." + new string('x', 40);
        var byMode = new Dictionary<string, NormalisedTelemetry>
        {
            ["manual"] = Telemetry(("span S", NormalisedItem.From(new Dictionary<string, string> { ["name"] = "GET /a", [field] = "1 (int)" }))),
        };

        Assert.Equal(
            Lines("span S", "  name" + new string(' ', 38) + "GET /a", "  " + field, new string(' ', 44) + "1 (int)"),
            ComparisonTable.Render(byMode));
    }

    [Fact]
    public void WrappingBreaksAtASpaceElseInsideAWordAndKeepsEveryCharacter()
    {
        Assert.Equal(["one two three four", "five six"], ComparisonTable.Wrap("one two three four five six", 20));
        Assert.Equal(["one two three four", "five six"], ComparisonTable.Wrap("one two three four five six", 5));
        Assert.Equal([new string('a', 20), "aaaaa b"], ComparisonTable.Wrap(new string('a', 25) + " b", 20));
        Assert.Equal(["first line", "second line"], ComparisonTable.Wrap("first line\nsecond line", 20));
        Assert.Equal(["short"], ComparisonTable.Wrap("short", 20));
    }

    [Fact]
    public void TheFullTableHasAColumnPerModeEveryValueWrittenOut()
    {
        var byMode = new Dictionary<string, NormalisedTelemetry>
        {
            ["manual"] = Telemetry(("span S", Span("/a", "m")), ("log L", Log("{player} rolled"))),
            ["auto"] = Telemetry(("span S", Span("/b", "a", withQuery: false))),
        };

        Assert.Equal(
            Lines(
                "|           | item   | field                 | manual                     | auto          |",
                "|-----------|--------|-----------------------|----------------------------|---------------|",
                "| ≠         | span S | name                  | GET /a                     | GET /b        |",
                "| ≠         |        | attribute.http.route  | \"/a\" (string)              | \"/b\" (string) |",
                "| ≠         |        | attribute.url.query   | \"?param=Redacted\" (string) | (missing)     |",
                "| by design |        | resource.service.name | \"m\" (string)               | \"a\" (string)  |",
                "| by design |        | scope.name            | S                          | S             |",
                "| by design |        | scope.version         |                            |               |",
                "| ≠         | log L  | severity              | 13 Warning                 | (missing)     |",
                "| ≠         |        | body                  | \"{player} rolled\" (string) | (missing)     |"),
            ComparisonTable.RenderMarkdown(byMode));
    }

    [Fact]
    public void ValuesAreDescribedWithTheirTypeSoThatNumbersAndTextNeverLookAlike()
    {
        Assert.Equal("200 (int)", NormalisedItem.Describe(200L));
        Assert.Equal("\"200\" (string)", NormalisedItem.Describe("200"));
        Assert.Equal("[\"a\" (string), 1 (int)] (array)", NormalisedItem.Describe(new object[] { "a", 1L }));
        Assert.Equal("(none)", NormalisedItem.Describe(null));
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + Environment.NewLine));
}
