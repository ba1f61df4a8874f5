namespace Phylo.Ingest.Formats;

/// <summary>What a file's first bytes say it is, before any layout is looked at.</summary>
public enum InputKind
{
    /// <summary>Text (CSV, JSON, JSON lines): the layout is detected from the content.</summary>
    Text,
    Gzip,
    Zstd,
    Parquet,
    /// <summary>Arrow IPC, file (<c>ARROW1</c>) or stream format (the Hugging Face <c>datasets</c> cache files).</summary>
    Arrow,
    Snapshot,
    Zip,
    Pdf,
    Bzip2,
    Xz,
    /// <summary>Bytes that are neither text nor any of the above.</summary>
    Binary,
}

/// <summary>Names input kinds by their magic bytes (<see cref="Sniff"/>), for detection and for one-line errors.</summary>
public static class InputKinds
{
    /// <summary>What Phylo reads, for the one-line error about a file it does not.</summary>
    public const string Accepted =
        "Phylo reads CSV or JSON lines (plain, .gz or .zst), Parquet, Arrow IPC (.arrow) and Phylo snapshots";

    private static readonly byte[] GzipMagic = [0x1F, 0x8B];
    private static readonly byte[] ZstdMagic = [0x28, 0xB5, 0x2F, 0xFD];
    private static readonly byte[] ArrowContinuation = [0xFF, 0xFF, 0xFF, 0xFF];
    private static readonly byte[] XzMagic = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];

    public static string Name(this InputKind kind) => kind switch
    {
        InputKind.Text => "text",
        InputKind.Gzip => "gzip",
        InputKind.Zstd => "zstd",
        InputKind.Parquet => "Parquet",
        InputKind.Arrow => "Arrow IPC",
        InputKind.Snapshot => "Phylo snapshot",
        InputKind.Zip => "ZIP archive",
        InputKind.Pdf => "PDF document",
        InputKind.Bzip2 => "bzip2",
        InputKind.Xz => "xz",
        _ => "unknown binary",
    };

    /// <summary>The kind of the content starting with <paramref name="head"/> (up to a few KiB of it).</summary>
    public static InputKind Sniff(ReadOnlySpan<byte> head)
    {
        if (Store.Snapshot.HasMagic(head)) return InputKind.Snapshot;
        if (head.StartsWith(GzipMagic)) return InputKind.Gzip;
        if (head.StartsWith(ZstdMagic)) return InputKind.Zstd;
        // zstd skippable frame (magic 0x184D2A50..5F, little-endian) before the first real frame
        if (head.Length >= 4 && (head[0] & 0xF0) == 0x50 && head[1] == 0x2A && head[2] == 0x4D && head[3] == 0x18) return InputKind.Zstd;
        if (head.StartsWith("PAR1"u8)) return InputKind.Parquet;
        if (head.StartsWith("ARROW1"u8)) return InputKind.Arrow;
        // Arrow IPC stream: a continuation marker 0xFFFFFFFF, then the first message's flatbuffer length
        if (head.Length >= 8 && head.StartsWith(ArrowContinuation) && head[4..8].IndexOfAnyExcept((byte)0) >= 0) return InputKind.Arrow;
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8)) return InputKind.Zip;
        if (head.StartsWith("%PDF"u8)) return InputKind.Pdf;
        if (head.StartsWith("BZh"u8)) return InputKind.Bzip2;
        if (head.StartsWith(XzMagic)) return InputKind.Xz;
        return LooksLikeText(head) ? InputKind.Text : InputKind.Binary;
    }

    /// <summary>Text: no NUL and no other C0 control byte than tab, CR, LF, FF, VT or ESC, and mostly valid UTF-8 (a stray
    /// Latin-1 byte in a CSV is a field-level problem, not another kind of file). A UTF-16 file fails here (NUL bytes):
    /// Phylo reads UTF-8.</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        foreach (byte b in head)
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C or 0x1B)) return false;
        int invalid = 0, at = 0;
        while (at < head.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(head[at..], out _, out int used);
            if (status == System.Buffers.OperationStatus.NeedMoreData) break; // cut at the end of the sample
            if (status != System.Buffers.OperationStatus.Done) invalid++;
            at += Math.Max(used, 1);
        }
        return invalid * 50 <= head.Length;
    }

    /// <summary>The kind as a noun for a sentence ("a ZIP archive").</summary>
    public static string Noun(this InputKind kind) => kind switch
    {
        InputKind.Zip => "ZIP archive",
        InputKind.Pdf => "PDF document",
        InputKind.Binary => "file of unknown binary data",
        InputKind.Text => "text file",
        _ => $"{kind.Name()} file",
    };

    /// <summary>The one-line reason for a file Phylo does not read (<paramref name="inside"/>: the compression around it).</summary>
    public static string Refusal(InputKind kind, InputKind? inside = null)
    {
        string what = inside is { } outer ? $"{outer.Name()}-compressed {kind.Noun()}" : kind.Noun();
        string article = "aeiouAEIOU".Contains(what[0], StringComparison.Ordinal) ? "an" : "a";
        string hint = kind switch
        {
            InputKind.Zip or InputKind.Bzip2 or InputKind.Xz => " (unpack it, or recompress the CSV with gzip or zstd)",
            _ => "",
        };
        return $"{article} {what}, not an input Phylo reads{hint}; {Accepted}";
    }
}
