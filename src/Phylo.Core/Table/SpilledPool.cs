namespace Phylo.Table;

/// <summary>
/// A <see cref="Utf8Pool"/>'s bytes parked in a file while the process needs the memory for something else, then read
/// back into chunks of the same sizes (the same pool, item for item). <c>phylo ingest</c> parks the lineage bodies
/// (≈ 0.6 GB at full scale) while it fits the similarity vocabularies, which do not read them. The file is removed when
/// this is disposed (and, where the platform allows, unlinked as soon as it is open).
/// </summary>
internal sealed class SpilledPool : IDisposable
{
    private readonly FileStream _file;
    private readonly int[] _chunkBytes;
    private readonly long[] _starts;
    private readonly int[] _lengths;

    private SpilledPool(FileStream file, int[] chunkBytes, long[] starts, int[] lengths)
    {
        _file = file;
        _chunkBytes = chunkBytes;
        _starts = starts;
        _lengths = lengths;
    }

    /// <summary>Writes <paramref name="pool"/>'s chunks to <paramref name="path"/> (created; removed on dispose). The
    /// caller drops its references to the pool afterwards so the chunks can be collected.</summary>
    public static SpilledPool Write(Utf8Pool pool, string path)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, 1 << 20, FileOptions.DeleteOnClose);
        try
        {
            if (!OperatingSystem.IsWindows()) File.Delete(path); // the handle keeps the bytes; nothing is left behind a kill
            var (chunks, starts, lengths) = pool.Parts;
            var sizes = new int[chunks.Length];
            for (int c = 0; c < chunks.Length; c++)
            {
                sizes[c] = chunks[c].Length;
                file.Write(chunks[c]);
            }
            file.Flush();
            return new SpilledPool(file, sizes, starts, lengths);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The pool as it was written (fresh chunks read from the file).</summary>
    public Utf8Pool Read()
    {
        var chunks = new byte[_chunkBytes.Length][];
        long offset = 0;
        for (int c = 0; c < chunks.Length; c++)
        {
            chunks[c] = GC.AllocateUninitializedArray<byte>(_chunkBytes[c]);
            int done = 0;
            while (done < chunks[c].Length)
            {
                int n = RandomAccess.Read(_file.SafeFileHandle, chunks[c].AsSpan(done), offset + done);
                if (n == 0) throw new IOException($"the parked pool's file ended {chunks[c].Length - done} bytes early");
                done += n;
            }
            offset += chunks[c].Length;
        }
        return new Utf8Pool(chunks, _starts, _lengths);
    }

    public void Dispose() => _file.Dispose();
}
