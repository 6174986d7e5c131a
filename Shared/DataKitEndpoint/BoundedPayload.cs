using System.IO.Compression;

namespace InstrumentationModes.DataKit;

/// <summary>Reads request payloads without ever holding more than the limit, so a huge body or a gzip bomb costs at most the limit.</summary>
internal static class BoundedPayload
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>The whole stream, or null as soon as it proves longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(Stream source, int limit, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (!Append(content, chunk, read, limit))
            {
                return null;
            }
        }
        return content.ToArray();
    }

    /// <summary>
    /// The inflated gzip data of an in-memory stream, or null once it exceeds <paramref name="limit"/> bytes.
    /// Invalid gzip throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static byte[]? Gunzip(Stream compressed, int limit)
    {
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        using var content = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = gzip.Read(chunk)) > 0)
        {
            if (!Append(content, chunk, read, limit))
            {
                return null;
            }
        }
        return content.ToArray();
    }

    private static bool Append(MemoryStream content, byte[] chunk, int read, int limit)
    {
        if (content.Length + read > limit)
        {
            return false;
        }
        content.Write(chunk, 0, read);
        return true;
    }
}
