namespace Phylo.Text;

/// <summary>
/// Pass 2's rows of one chunk of documents (<see cref="Chunks.Size"/>), before the vocabulary is chosen: per document its
/// candidates (indices into <see cref="VocabularyCandidates.Hashes"/>, first-occurrence order) with their counts, 16-bit,
/// in arrays of exactly the chunk's length. 4 bytes a candidate non-zero where the pooled int + float chunks took 8 and a
/// power-of-two bucket's slack: these chunks are what is resident at the end of a fit, beside the joined rows
/// (<see cref="TermCountRows.FromCandidates"/>).
/// <para>An index above 65,535 (more than 65,536 candidates: numpy's order over every term of a small corpus) keeps its
/// high half in <see cref="High"/>; a count above 65,534 is stored as <see cref="TermCountRows.Saturated"/> and its exact
/// value kept by position in a side table.</para>
/// </summary>
internal sealed class CandidateChunk(int[] lengths, ushort[] low, ushort[]? high, ushort[] counts, Dictionary<int, int>? large)
{
    /// <summary>Candidates in each document of the chunk.</summary>
    public int[] Lengths { get; } = lengths;

    public ushort[] Low { get; } = low;

    /// <summary>High halves of the indices, null when every index fits 16 bits.</summary>
    public ushort[]? High { get; } = high;

    public ushort[] Counts { get; } = counts;

    public int Nnz => Low.Length;

    /// <summary>Whether every index fits 16 bits and no count saturated: <see cref="Low"/> and <see cref="Counts"/> are
    /// the exact values.</summary>
    public bool IsNarrow => High is null && large is null;

    /// <summary>Candidate index at position <paramref name="k"/>.</summary>
    public int CandidateAt(int k) => High is null ? Low[k] : Low[k] | (High[k] << 16);

    /// <summary>Exact count at position <paramref name="k"/>.</summary>
    public int CountAt(int k) => Counts[k] == TermCountRows.Saturated && large is not null && large.TryGetValue(k, out int c) ? c : Counts[k];

    /// <summary>One worker's scratch for the chunks it counts: rows are appended into arrays reused from chunk to chunk
    /// (no fresh pages), and each chunk leaves with arrays of its exact length.</summary>
    internal sealed class Builder(int candidates)
    {
        private readonly bool _wide = candidates > ushort.MaxValue + 1;
        private ushort[] _low = new ushort[1 << 15];
        private ushort[] _high = candidates > ushort.MaxValue + 1 ? new ushort[1 << 15] : [];
        private ushort[] _counts = new ushort[1 << 15];
        private int[] _lengths = [];
        private Dictionary<int, int>? _large;
        private int _nnz;

        public void Start(int rows)
        {
            _lengths = new int[rows];
            _large = null;
            _nnz = 0;
        }

        /// <summary>Row <paramref name="row"/>: the candidates <paramref name="acc"/> touched in its last document, with
        /// their counts in it.</summary>
        public void AddRow(int row, CandidateStats.Accumulator acc)
        {
            ReadOnlySpan<int> touched = acc.Touched;
            int n = touched.Length, at = _nnz;
            if (at + n > _low.Length) Grow(at + n);
            Span<ushort> low = _low.AsSpan(at, n), counts = _counts.AsSpan(at, n);
            for (int k = 0; k < n; k++)
            {
                int c = touched[k], count = acc.CountInDocument(c);
                low[k] = (ushort)c;
                if (count >= TermCountRows.Saturated)
                {
                    (_large ??= [])[at + k] = count;
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
            new(_lengths, Exact(_low), _wide ? Exact(_high) : null, Exact(_counts), _large);

        private ushort[] Exact(ushort[] scratch)
        {
            ushort[] a = GC.AllocateUninitializedArray<ushort>(_nnz);
            scratch.AsSpan(0, _nnz).CopyTo(a);
            return a;
        }

        private void Grow(int needed)
        {
            int cap = Math.Max(needed, 2 * _low.Length);
            Array.Resize(ref _low, cap);
            Array.Resize(ref _counts, cap);
            if (_wide) Array.Resize(ref _high, cap);
        }
    }
}
