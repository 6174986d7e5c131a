namespace InstrumentationModes.ModeLauncher;

/// <summary>Where the repository is, found from the test's own folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string RunModeScript => Path.Combine(Root, "scripts", "run-mode.sh");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "InstrumentationModes.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No InstrumentationModes.sln above {AppContext.BaseDirectory}.");
    }
}
