namespace Phylo.Text;

/// <summary>
/// Pass 2's rows of one chunk of documents (<see cref="Chunks.Size"/>), before the vocabulary is chosen: per document its
/// candidates (indices into <see cref="VocabularyCandidates.Hashes"/>, first-occurrence order) with their counts, 16-bit,
/// a stretch of its worker's segment (<see cref="Builder"/>). 4 bytes a candidate non-zero (and a segment's few per cent
/// of slack) where the pooled int + float chunks took 8 and a power-of-two bucket's slack: these chunks are what is
/// resident at the end of a fit, beside the joined rows (<see cref="TermCountRows.FromCandidates"/>).
/// <para>An index above 65,535 (more than 65,536 candidates: numpy's order over every term of a small corpus) keeps its
/// high half in a third array; a count above 65,534 is stored as <see cref="TermCountRows.Saturated"/> and its exact
/// value kept by position in a side table.</para>
/// </summary>
internal sealed class CandidateChunk(int[] lengths, ushort[] low, ushort[]? high, ushort[] counts, int start, int nnz, Dictionary<int, int>? large)
{
    /// <summary>Candidates in each document of the chunk.</summary>
    public int[] Lengths { get; } = lengths;

    /// <summary>Low halves of the candidate indices (the indices when <see cref="IsWide"/> is false).</summary>
    public ReadOnlySpan<ushort> Low => low.AsSpan(start, nnz);

    public ReadOnlySpan<ushort> Counts => counts.AsSpan(start, nnz);

    public int Nnz => nnz;

    /// <summary>Whether some index needs its high half (<see cref="CandidateAt"/>).</summary>
    public bool IsWide => high is not null;

    /// <summary>Whether every index fits 16 bits and no count saturated: <see cref="Low"/> and <see cref="Counts"/> are
    /// the exact values.</summary>
    public bool IsNarrow => high is null && large is null;

    /// <summary>Candidate index at position <paramref name="k"/>.</summary>
    public int CandidateAt(int k) => high is null ? low[start + k] : low[start + k] | (high[start + k] << 16);

    /// <summary>Exact count at position <paramref name="k"/>.</summary>
    public int CountAt(int k) => counts[start + k] == TermCountRows.Saturated && large is not null && large.TryGetValue(k, out int c) ? c : counts[start + k];

    /// <summary>One worker's segments for the chunks it counts: rows are appended straight into the current segment
    /// (arrays of <see cref="SegmentLength"/> elements) and a chunk is a stretch of it, so nothing is copied into
    /// exact-length arrays when a chunk ends. A chunk that outgrows its segment moves to a fresh one (the part it had
    /// written is copied, and the old segment's tail is left unused: at most one chunk, ~1–2 % of a segment); a
    /// worker's last segment is partly empty.</summary>
    internal sealed class Builder(int candidates, int segmentLength = Builder.SegmentLength)
    {
        /// <summary>Elements of a segment's arrays (4 MiB each): a metadata chunk holds ~30–50 thousand candidates.</summary>
        internal const int SegmentLength = 1 << 21;

        private readonly bool _wide = candidates > ushort.MaxValue + 1;
        private ushort[] _low = [];
        private ushort[] _high = [];
        private ushort[] _counts = [];
        private int[] _lengths = [];
        private Dictionary<int, int>? _large;
        private int _start;
        private int _nnz;

        public void Start(int rows)
        {
            _lengths = new int[rows];
            _large = null;
            _start = _nnz;
        }

        /// <summary>Row <paramref name="row"/>: the candidates <paramref name="acc"/> touched in its last document, with
        /// their counts in it.</summary>
        public void AddRow(int row, CandidateStats.Accumulator acc)
        {
            ReadOnlySpan<int> touched = acc.Touched;
            int n = touched.Length;
            if (_nnz + n > _low.Length) NewSegment(n);
            int at = _nnz;
            Span<ushort> low = _low.AsSpan(at, n), counts = _counts.AsSpan(at, n);
            for (int k = 0; k < n; k++)
            {
                int c = touched[k], count = acc.CountInDocument(c);
                low[k] = (ushort)c;
                if (count >= TermCountRows.Saturated)
                {
                    (_large ??= [])[at - _start + k] = count;
                    count = TermCountRows.Saturated;
                }
                counts[k] = (ushort)count;
            }
            if (_wide)
                for (int k = 0; k < n; k++) _high[at + k] = (ushort)(touched[k] >> 16);
            _lengths[row] = n;
            _nnz = at + n;
        }

        public CandidateChunk Finish() =>
            new(_lengths, _low, _wide ? _high : null, _counts, _start, _nnz - _start, _large);

        // The open chunk moves to the start of a fresh segment with room for it and the next row.
        private void NewSegment(int row)
        {
            int open = _nnz - _start, length = Math.Max(segmentLength, 2 * (open + row));
            _low = Moved(_low, open, length);
            _counts = Moved(_counts, open, length);
            if (_wide) _high = Moved(_high, open, length);
            _start = 0;
            _nnz = open;
        }

        private ushort[] Moved(ushort[] segment, int open, int length)
        {
            ushort[] fresh = GC.AllocateUninitializedArray<ushort>(length);
            segment.AsSpan(_start, open).CopyTo(fresh);
            return fresh;
        }
    }
}
