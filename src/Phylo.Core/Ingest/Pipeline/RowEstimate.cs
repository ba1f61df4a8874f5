namespace Phylo.Ingest.Pipeline;

/// <summary>
/// The row count of one input, estimated once from the rows its first committed batches gave per input byte, so the table
/// builder sizes its per-row columns once instead of doubling them (each doubling a copy into fresh memory on the one
/// builder thread; native-notes/ingest.md, "Signatures written once; columns sized once"). Only capacity depends on it,
/// never the table's content. One estimate per input, after <see cref="SampleBytes"/> of records (or never, for a reader
/// that does not report the bytes of its batches). The estimate is generous (<see cref="Spare"/>): rows need not be
/// alike through a file (a 300k-model synth file gives 236k from its first 16 MiB, 247k from its first quarter), and
/// capacity past the rows a column fills is address space the kernel never backs, while an estimate short by one row
/// costs the doubling it was meant to save.
/// </summary>
internal sealed class RowEstimate(long totalBytes, int rowsBefore)
{
    /// <summary>Input bytes committed before the estimate is made (a few 4 MiB chunks).</summary>
    public const long SampleBytes = 16L << 20;

    /// <summary>Rows expected per row the sample's rate gives for the rest of the input.</summary>
    public const double Spare = 1.5;

    private long _bytes;
    private bool _done;

    /// <summary>After a batch of <paramref name="batchBytes"/> input bytes is committed (the table now has
    /// <paramref name="rows"/> rows): the expected row count of the whole table, once, with <see cref="Spare"/>; else null.</summary>
    public int? Estimate(long batchBytes, int rows)
    {
        if (_done || batchBytes <= 0) return null;
        _bytes += batchBytes;
        if (_bytes < SampleBytes || totalBytes <= _bytes) return null;
        _done = true;
        double perByte = (double)(rows - rowsBefore) / _bytes;
        double expected = rows + Spare * perByte * (totalBytes - _bytes);
        return expected >= int.MaxValue / 2 ? null : (int)expected;
    }
}
