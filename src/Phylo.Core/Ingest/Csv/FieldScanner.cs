using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Phylo.Kernels;

namespace Phylo.Ingest.Csv;

/// <summary>
/// Splits one record at the commas outside quotes, 64 bytes per step (quote mask → prefix XOR → in-quotes
/// mask, as in <see cref="RecordScanner"/>). A record with quoting CsvHelper reads differently from
/// "every quote toggles" is split again by <see cref="ExactScanner.Split"/>.
/// </summary>
internal static class FieldScanner
{
    public static int Split(ReadOnlySpan<byte> record, ref Range[] ranges, SimdLevel level) => level switch
    {
        SimdLevel.V512 => Split<Masks512>(record, ref ranges),
        SimdLevel.V256 => Split<Masks256>(record, ref ranges),
        SimdLevel.V128 => Split<Masks128>(record, ref ranges),
        _ => ExactScanner.Split(record, ref ranges),
    };

    [SkipLocalsInit]
    private static int Split<T>(ReadOnlySpan<byte> record, ref Range[] ranges) where T : struct, IBlockMasks
    {
        ref byte origin = ref MemoryMarshal.GetReference(record);
        Span<byte> tail = stackalloc byte[64];
        int count = 0, begin = 0;
        ulong inQuotes = 0, prevOpener = 1;
        for (int pos = 0; pos < record.Length; pos += 64)
        {
            ulong quotes, commas;
            if (record.Length - pos >= 64)
            {
                T.FieldMasks(ref Unsafe.Add(ref origin, pos), out quotes, out commas);
            }
            else
            {
                tail.Clear();
                record[pos..].CopyTo(tail);
                T.FieldMasks(ref MemoryMarshal.GetReference(tail), out quotes, out commas);
            }

            ulong inside = Bits.PrefixXor(quotes) ^ inQuotes;
            ulong openers = quotes | commas;   // a quote opens legally after one of these, or at the record start
            if ((quotes & inside & ~((openers << 1) | prevOpener)) != 0) return ExactScanner.Split(record, ref ranges);

            ulong delimiters = commas & ~inside;
            while (delimiters != 0)
            {
                int end = pos + BitOperations.TrailingZeroCount(delimiters);
                ExactScanner.Add(ref ranges, ref count, begin, end);
                begin = end + 1;
                delimiters &= delimiters - 1;
            }
            inQuotes = (ulong)((long)inside >> 63);
            prevOpener = openers >> 63;
        }
        ExactScanner.Add(ref ranges, ref count, begin, record.Length);
        return count;
    }
}
