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
        while (true)
        {
            var read = await source.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return content.ToArray();
            }
            if (content.Length + read > limit)
            {
                return null;
            }
            content.Write(chunk, 0, read);
        }
    }

    /// <summary>The inflated gzip data, or null once it exceeds <paramref name="limit"/> bytes. Invalid gzip throws <see cref="InvalidDataException"/>.</summary>
    public static async Task<byte[]?> GunzipAsync(byte[] compressed, int limit, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        return await ReadAsync(gzip, limit, cancellationToken);
    }
}
