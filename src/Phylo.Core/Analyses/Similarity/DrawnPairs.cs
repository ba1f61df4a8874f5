using System.Numerics;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// One sample's draws folded into distinct pairs, each with the number of times it was drawn (first-drawn order).
/// A design configuration's sample concentrates on few pairs (at 300,000 models quad_1.1 and quad_2.1 draw ~1,100
/// distinct card pairs in 200,000 draws; quad_1.4 and quad_2.5 repeat 40–90 % of theirs), and a pair's measures are
/// the same numbers every time it is scored, so each distinct pair is scored once and its fixed-point value counted
/// <c>times</c> times: the sums are the same integers as those of every draw scored (<see cref="FixedSum"/>).
/// Buffers are kept for the next sample (one sample at a time per <see cref="PairSampler"/>).
/// </summary>
internal sealed class DrawnPairs
{
    /// <summary>Draw <paramref name="index"/>: the pair it names, false when it names none (or none the caller owns).</summary>
    public delegate bool DrawPair(long index, out int x, out int y);

    private const int DrawChunk = 4096;
    private int[] _drawX = [], _drawY = [];
    private long[] _keys = [];   // open addressing on (x, y); -1 = empty
    private int[] _slotOf = [];  // index of the key's distinct pair

    public int Count { get; private set; }

    public int[] Xs { get; private set; } = [];

    public int[] Ys { get; private set; } = [];

    /// <summary>How many draws named distinct pair i.</summary>
    public int[] Times { get; private set; } = [];

    /// <summary>Draws 0..<paramref name="draws"/>−1 (on up to <paramref name="threads"/> threads: each draw depends on its
    /// index only), then folds them in draw order into the distinct pairs (x, y) — ordered: (y, x) is another pair.</summary>
    public void Collect(int draws, int threads, DrawPair draw)
    {
        Grow(draws);
        int[] dx = _drawX, dy = _drawY;
        int chunks = (draws + DrawChunk - 1) / DrawChunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount }, c =>
        {
            for (int i = c * DrawChunk, end = Math.Min(draws, i + DrawChunk); i < end; i++)
                if (!draw(i, out dx[i], out dy[i])) dx[i] = -1;
        });
        Fold(draws);
    }

    private void Fold(int draws)
    {
        int mask = _keys.Length - 1, shift = 64 - BitOperations.Log2((uint)_keys.Length);
        Array.Fill(_keys, -1L);
        int n = 0;
        for (int i = 0; i < draws; i++)
        {
            int x = _drawX[i];
            if (x < 0) continue;
            long key = ((long)x << 32) | (uint)_drawY[i];
            int h = (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> shift);
            while (_keys[h] != key && _keys[h] >= 0) h = (h + 1) & mask;
            if (_keys[h] == key) { Times[_slotOf[h]]++; continue; }
            _keys[h] = key;
            _slotOf[h] = n;
            Xs[n] = x;
            Ys[n] = _drawY[i];
            Times[n++] = 1;
        }
        Count = n;
    }

    private void Grow(int draws)
    {
        if (_drawX.Length >= draws && _keys.Length >= 2 * draws && _keys.Length > 0) return;
        _drawX = new int[draws];
        _drawY = new int[draws];
        Xs = new int[draws];
        Ys = new int[draws];
        Times = new int[draws];
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * draws, 16)); // load ≤ 1/2
        _keys = new long[slots];
        _slotOf = new int[slots];
    }
}
