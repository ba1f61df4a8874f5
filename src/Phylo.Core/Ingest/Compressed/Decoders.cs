using System.IO.Compression;
using Phylo.Ingest.Formats;

namespace Phylo.Ingest.Compressed;

/// <summary>The decompressing streams ingest reads gzip and zstd through.</summary>
public static class Decoders
{
    static Decoders()
    {
        // Without it GZipStream ends a cut stream silently, as if the file were whole. The switch is read once per
        // process, when DeflateStream is first used, so Phylo.Cli (and the tests) also set it in their runtimeconfig in
        // case another component opened a DeflateStream before this class ran.
        AppContext.SetSwitch("System.IO.Compression.UseStrictValidation", true);
    }

    /// <summary>A decoder of <paramref name="kind"/> (gzip, multi-member included, or zstd) over <paramref name="compressed"/>.</summary>
    public static Stream Open(Stream compressed, InputKind kind, bool leaveOpen = false) => kind switch
    {
        InputKind.Gzip => new GZipStream(compressed, CompressionMode.Decompress, leaveOpen),
        InputKind.Zstd => new ZstdSharp.DecompressionStream(compressed, leaveOpen: leaveOpen),
        _ => throw new ArgumentException($"{kind} is not a compression Phylo decodes", nameof(kind)),
    };

    /// <summary>What a decoder throws when its stream is cut short or damaged.</summary>
    public static bool IsDamage(Exception e) => e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException;
}
