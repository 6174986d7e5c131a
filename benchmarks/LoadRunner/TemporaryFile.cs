namespace InstrumentationModes.LoadRunner;

/// <summary>A file name in the temporary folder, deleted (if it was created) on dispose.</summary>
internal sealed class TemporaryFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"loadrunner-{Guid.NewGuid():N}.log");

    public void Dispose() => File.Delete(Path);
}
