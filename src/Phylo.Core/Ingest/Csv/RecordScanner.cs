using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Phylo.Kernels;

namespace Phylo.Ingest.Csv;

/// <summary>Where record scanning stands: the start of the first record not yet emitted.</summary>
internal struct ScanCursor
{
    /// <summary>Start of the current, not yet complete record.</summary>
    public int RecordStart;
    /// <summary>1-based line on which it starts.</summary>
    public long RecordLine;
    /// <summary>The byte before <see cref="RecordStart"/> is <c>\r</c> (so a <c>\n</c> there ends no line).</summary>
    public bool AfterCr;
    /// <summary>After a scan: the buffer ended inside quotes of the incomplete record.</summary>
    public bool InQuotes;
}

/// <summary>
/// Finds record boundaries in a buffer and appends every complete, non-blank record to a chunk.
/// Vector paths classify 64 bytes at a time; the in-quotes state is the prefix XOR of the quote mask
/// carried from block to block; line endings outside quotes end records; line breaks are counted in
/// the same pass. Scalar is <see cref="ExactScanner"/>, which also takes over any record with quoting
/// CsvHelper reads differently from "every quote toggles".
/// </summary>
internal static class RecordScanner
{
    /// <summary>Scans <c>buf[cursor.RecordStart..]</c>; leaves the cursor at the first incomplete record.</summary>
    public static void Scan(ReadOnlySpan<byte> buf, ref ScanCursor cursor, CsvChunk sink, SimdLevel level)
    {
        while (true)
        {
            bool handOver = level switch
            {
                SimdLevel.V512 => VectorPass<Masks512>(buf, ref cursor, sink),
                SimdLevel.V256 => VectorPass<Masks256>(buf, ref cursor, sink),
                SimdLevel.V128 => VectorPass<Masks128>(buf, ref cursor, sink),
                _ => true,
            };
            if (!handOver) return;
            // Scalar level: every record; vector levels: the one record they could not model.
            do
            {
                if (!ExactRecord(buf, ref cursor, sink)) return;
            }
            while (level == SimdLevel.Scalar);
        }
    }

    /// <summary>One record by the reference state machine; false when the buffer ends before its line ending.</summary>
    private static bool ExactRecord(ReadOnlySpan<byte> buf, ref ScanCursor cursor, CsvChunk sink)
    {
        int start = cursor.RecordStart;
        int end = ExactScanner.FindRecordEnd(buf, start, out bool inQuotes);
        if (end < 0)
        {
            cursor.InQuotes = inQuotes;
            return false;
        }
        if (end > start) sink.Add(start, end - start, cursor.RecordLine);
        cursor.RecordLine += ExactScanner.CountLineBreaks(buf[start..(end + 1)], cursor.AfterCr);
        cursor.AfterCr = buf[end] == (byte)'\r';
        cursor.RecordStart = end + 1;
        cursor.InQuotes = false;
        return true;
    }

    /// <summary>
    /// Emits records until the buffer ends (false) or a quote opens where CsvHelper would not open one
    /// (true: the cursor is then at the start of the record holding that quote).
    /// </summary>
    [SkipLocalsInit]
    private static bool VectorPass<T>(ReadOnlySpan<byte> buf, ref ScanCursor cursor, CsvChunk sink)
        where T : struct, IBlockMasks
    {
        var run = new Run { Start = cursor.RecordStart, Line = cursor.RecordLine };
        int scanStart = run.Start;
        long lineBase = run.Line;                     // line of the byte at pos
        ulong inQuotes = 0;                           // all ones when the previous block ended inside quotes
        ulong prevCr = cursor.AfterCr ? 1UL : 0UL;    // bit 0: the byte before this block is \r
        ulong prevOpener = 1;                         // bit 0: a quote may open at this block's first byte
        ref byte origin = ref MemoryMarshal.GetReference(buf);
        Span<byte> tail = stackalloc byte[64];
        bool handOver = false;

        for (int pos = scanStart; pos < buf.Length; pos += 64)
        {
            ulong quotes, lf, cr, commas;
            if (buf.Length - pos >= 64)
            {
                T.RecordMasks(ref Unsafe.Add(ref origin, pos), out quotes, out lf, out cr, out commas);
            }
            else
            {
                // Remainder: zero padding matches none of the classes, so the masks need no trimming.
                tail.Clear();
                buf[pos..].CopyTo(tail);
                T.RecordMasks(ref MemoryMarshal.GetReference(tail), out quotes, out lf, out cr, out commas);
            }

            ulong inside = Bits.PrefixXor(quotes) ^ inQuotes;
            // A quote opens legally only at a field start or right after a closing quote (a doubled quote).
            ulong openers = quotes | commas | lf | cr;
            ulong illegal = quotes & inside & ~((openers << 1) | prevOpener);
            ulong ends = (lf | cr) & ~inside;
            ulong breaks = cr | (lf & ~((cr << 1) | prevCr));
            if ((ends | illegal) != 0)
            {
                if (illegal != 0)
                {
                    ends &= Bits.BelowBit(BitOperations.TrailingZeroCount(illegal));
                    handOver = true;
                }
                Emit(sink, ends, breaks, pos, lineBase, ref run);
                if (handOver) break;
            }
            lineBase += Bits.Count(breaks);
            inQuotes = (ulong)((long)inside >> 63);
            prevCr = cr >> 63;
            prevOpener = openers >> 63;
        }

        if (run.Start > scanStart) cursor.AfterCr = buf[run.Start - 1] == (byte)'\r';
        cursor.RecordStart = run.Start;
        cursor.RecordLine = run.Line;
        cursor.InQuotes = !handOver && inQuotes != 0;
        return handOver;
    }

    /// <summary>The record being scanned: where it starts and its line.</summary>
    private struct Run
    {
        public int Start;
        public long Line;
    }

    /// <summary>
    /// Emits the records ended by the line endings in <paramref name="ends"/> (block at <paramref name="pos"/>).
    /// Kept out of line: most blocks end no record, and the hot loop keeps its registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Emit(CsvChunk sink, ulong ends, ulong breaks, int pos, long lineBase, ref Run run)
    {
        while (ends != 0)
        {
            int k = BitOperations.TrailingZeroCount(ends);
            int end = pos + k;
            if (end > run.Start) sink.Add(run.Start, end - run.Start, run.Line);
            run.Start = end + 1;
            run.Line = lineBase + Bits.Count(breaks & Bits.ThroughBit(k));
            ends &= ends - 1;
        }
    }
}
