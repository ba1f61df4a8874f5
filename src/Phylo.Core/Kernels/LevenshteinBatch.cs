using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phylo.Kernels;

/// <summary>
/// Batch Levenshtein with inter-pair SIMD: W independent pairs run in lockstep, one pair per 64-bit lane
/// (W = 8 for Vector512, 4 for Vector256, 2 for Vector128), one vector per 64-row block of the patterns.
/// <para>Per pair: common prefix and suffix stripped, the shorter side is the pattern (m code points, B = ⌈m/64⌉
/// blocks), the longer the text (n). Pairs are sorted by (B, n) and cut into batches of W with equal B, so lanes
/// of a batch have similar text lengths. Each lane's pattern gets match masks in one shared table (rows × B words,
/// row 0 = zeros, rows dense per lane: 1 + distinct code points), and its text is translated once into the
/// absolute table offsets of its rows, interleaved <c>stream[step·W + lane]</c>. A step loads W offsets and, per
/// block, gathers the W match words (two <c>vpgatherdq ymm</c> for Vector512, since .NET has no 512-bit gather)
/// and runs the Hyyrö block step with the horizontal ±1 carried block to block per lane.</para>
/// <para>Lengths: pattern rows beyond a lane's m are padding whose masks are zero (they cannot change rows ≤ m);
/// text steps beyond a lane's n read row 0. Lanes are sorted by n, so the loop runs to each lane's n in turn and
/// reads that lane's score off its vertical deltas at that moment: D[m][n] = n + Σ VP − Σ VN over rows 1..m
/// (popcounts); later steps of that lane are discarded. No per-step score tracking is needed.</para>
/// </summary>
public static partial class Levenshtein
{
    /// <summary>Patterns longer than this many blocks (4096 code points) take the single-pair path.</summary>
    private const int MaxLaneBlocks = 64;

    [ThreadStatic] private static LaneScratch? t_lanes;

    /// <summary><see cref="Distances(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, Span{int}, SimdLevel)"/> at <see cref="Simd.Level"/>.</summary>
    public static void Distances(ReadOnlySpan<int> pool, ReadOnlySpan<int> offsets, ReadOnlySpan<int> first,
        ReadOnlySpan<int> second, Span<int> distances) => Distances(pool, offsets, first, second, distances, Simd.Level);

    /// <summary>
    /// Edit distances of many pairs of code point sequences held in one pool: sequence s is
    /// <c>pool[offsets[s]..offsets[s + 1]]</c>, pair p is (first[p], second[p]) and its distance goes to
    /// distances[p]. Exact for every level; Scalar runs <see cref="Distance"/> pair by pair.
    /// </summary>
    public static void Distances(ReadOnlySpan<int> pool, ReadOnlySpan<int> offsets, ReadOnlySpan<int> first,
        ReadOnlySpan<int> second, Span<int> distances, SimdLevel level)
    {
        if (first.Length != second.Length || distances.Length != first.Length)
            throw new ArgumentException("first, second and distances must have one entry per pair");
        level = Simd.Cap(level);
        if (level == SimdLevel.Scalar)
        {
            for (int p = 0; p < first.Length; p++)
                distances[p] = Distance(Sequence(pool, offsets, first[p]), Sequence(pool, offsets, second[p]));
            return;
        }
        LaneScratch s = t_lanes ??= new LaneScratch();
        int jobs = s.Plan(pool, offsets, first, second, distances);
        if (level == SimdLevel.V512) s.Run<Lanes512, Vector512<ulong>, Vector256<int>>(pool, jobs, distances);
        else if (level == SimdLevel.V256) s.Run<Lanes256, Vector256<ulong>, Vector128<int>>(pool, jobs, distances);
        else s.Run<Lanes128, Vector128<ulong>, Vector128<int>>(pool, jobs, distances);
    }

    /// <summary>Normalized similarities (see <see cref="Similarity"/>) of pairs given as for <see cref="Distances(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, Span{int}, SimdLevel)"/>.</summary>
    public static void Similarities(ReadOnlySpan<int> pool, ReadOnlySpan<int> offsets, ReadOnlySpan<int> first,
        ReadOnlySpan<int> second, Span<double> similarities, SimdLevel level)
    {
        if (similarities.Length != first.Length) throw new ArgumentException("similarities must have one entry per pair");
        int[] rented = System.Buffers.ArrayPool<int>.Shared.Rent(first.Length);
        Span<int> d = rented.AsSpan(0, first.Length);
        Distances(pool, offsets, first, second, d, level);
        for (int p = 0; p < d.Length; p++)
        {
            int la = offsets[first[p] + 1] - offsets[first[p]], lb = offsets[second[p] + 1] - offsets[second[p]];
            similarities[p] = Normalize(d[p], la, lb);
        }
        System.Buffers.ArrayPool<int>.Shared.Return(rented);
    }

    private static double Normalize(int distance, int la, int lb) =>
        la == 0 && lb == 0 ? 1.0 : la == 0 || lb == 0 ? 0.0 : 1.0 - (double)distance / Math.Max(la, lb);

    private static ReadOnlySpan<int> Sequence(ReadOnlySpan<int> pool, ReadOnlySpan<int> offsets, int s) =>
        pool[offsets[s]..offsets[s + 1]];

    /// <summary>Length of the longest common suffix, eight code points per compare where Vector256 is accelerated.</summary>
    internal static int CommonSuffixLength(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int max = Math.Min(a.Length, b.Length), s = 0;
        ref int ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b);
        if (Vector256.IsHardwareAccelerated)
            for (; s + 8 <= max; s += 8)
            {
                Vector256<int> va = Vector256.LoadUnsafe(ref ra, (nuint)(a.Length - s - 8));
                Vector256<int> vb = Vector256.LoadUnsafe(ref rb, (nuint)(b.Length - s - 8));
                uint differ = (~Vector256.Equals(va, vb)).ExtractMostSignificantBits();
                if (differ != 0) return s + BitOperations.LeadingZeroCount(differ) - 24;
            }
        while (s < max && Unsafe.Add(ref ra, a.Length - 1 - s) == Unsafe.Add(ref rb, b.Length - 1 - s)) s++;
        return s;
    }

    /// <summary>Vector width abstraction for the lane kernel: TV holds W lanes of ulong, TIdx W table offsets.</summary>
    private unsafe interface ILanes<TV, TIdx>
    {
        static abstract int Width { get; }
        static abstract TIdx LoadOffsets(int* p);
        static abstract TV Gather(ulong* table, TIdx offsets);
        static abstract TV One { get; }
        static abstract TV Or(TV x, TV y);
        static abstract TV And(TV x, TV y);
        static abstract TV Xor(TV x, TV y);
        static abstract TV Add(TV x, TV y);
        /// <summary>x | ~y.</summary>
        static abstract TV OrNot(TV x, TV y);
        /// <summary>(x &lt;&lt; 1) | carry.</summary>
        static abstract TV ShiftIn(TV x, TV carry);
        /// <summary>x &gt;&gt; 63: the top bit as the next block's carry.</summary>
        static abstract TV Top(TV x);
    }

    private readonly unsafe struct Lanes512 : ILanes<Vector512<ulong>, Vector256<int>>
    {
        public static int Width => 8;

        public static Vector512<ulong> One => Vector512<ulong>.One;
        public static Vector512<ulong> Or(Vector512<ulong> x, Vector512<ulong> y) => x | y;
        public static Vector512<ulong> And(Vector512<ulong> x, Vector512<ulong> y) => x & y;
        public static Vector512<ulong> Xor(Vector512<ulong> x, Vector512<ulong> y) => x ^ y;
        public static Vector512<ulong> Add(Vector512<ulong> x, Vector512<ulong> y) => x + y;
        public static Vector512<ulong> OrNot(Vector512<ulong> x, Vector512<ulong> y) => x | ~y;
        public static Vector512<ulong> ShiftIn(Vector512<ulong> x, Vector512<ulong> carry) => (x << 1) | carry;
        public static Vector512<ulong> Top(Vector512<ulong> x) => x >>> 63;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> LoadOffsets(int* p) => Vector256.Load(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ulong> Gather(ulong* table, Vector256<int> offsets) =>
            Avx512F.InsertVector256(Avx2.GatherVector256(table, offsets.GetLower(), 8).ToVector512Unsafe(),
                Avx2.GatherVector256(table, offsets.GetUpper(), 8), 1); // not Vector512.Create: that went through the stack
    }

    private readonly unsafe struct Lanes256 : ILanes<Vector256<ulong>, Vector128<int>>
    {
        public static int Width => 4;

        public static Vector256<ulong> One => Vector256<ulong>.One;
        public static Vector256<ulong> Or(Vector256<ulong> x, Vector256<ulong> y) => x | y;
        public static Vector256<ulong> And(Vector256<ulong> x, Vector256<ulong> y) => x & y;
        public static Vector256<ulong> Xor(Vector256<ulong> x, Vector256<ulong> y) => x ^ y;
        public static Vector256<ulong> Add(Vector256<ulong> x, Vector256<ulong> y) => x + y;
        public static Vector256<ulong> OrNot(Vector256<ulong> x, Vector256<ulong> y) => x | ~y;
        public static Vector256<ulong> ShiftIn(Vector256<ulong> x, Vector256<ulong> carry) => (x << 1) | carry;
        public static Vector256<ulong> Top(Vector256<ulong> x) => x >>> 63;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> LoadOffsets(int* p) => Vector128.Load(p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ulong> Gather(ulong* table, Vector128<int> offsets) => Avx2.IsSupported
            ? Avx2.GatherVector256(table, offsets, 8)
            : Vector256.Create(table[offsets.GetElement(0)], table[offsets.GetElement(1)], table[offsets.GetElement(2)], table[offsets.GetElement(3)]);
    }

    private readonly unsafe struct Lanes128 : ILanes<Vector128<ulong>, Vector128<int>>
    {
        public static int Width => 2;

        public static Vector128<ulong> One => Vector128<ulong>.One;
        public static Vector128<ulong> Or(Vector128<ulong> x, Vector128<ulong> y) => x | y;
        public static Vector128<ulong> And(Vector128<ulong> x, Vector128<ulong> y) => x & y;
        public static Vector128<ulong> Xor(Vector128<ulong> x, Vector128<ulong> y) => x ^ y;
        public static Vector128<ulong> Add(Vector128<ulong> x, Vector128<ulong> y) => x + y;
        public static Vector128<ulong> OrNot(Vector128<ulong> x, Vector128<ulong> y) => x | ~y;
        public static Vector128<ulong> ShiftIn(Vector128<ulong> x, Vector128<ulong> carry) => (x << 1) | carry;
        public static Vector128<ulong> Top(Vector128<ulong> x) => x >>> 63;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> LoadOffsets(int* p) => Vector128.CreateScalarUnsafe(*(long*)p).AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<ulong> Gather(ulong* table, Vector128<int> offsets) => Avx2.IsSupported
            ? Avx2.GatherVector128(table, offsets, 8)
            : Vector128.Create(table[offsets.GetElement(0)], table[offsets.GetElement(1)]);
    }

    private readonly record struct Job(int Pattern, int M, int Text, int N, int Pair);

    /// <summary>Per-thread scratch of the batch path: jobs, their order, lane tables, text streams and state.
    /// The match table is all zeros between batches (each batch clears the part it used).</summary>
    [SkipLocalsInit]
    private sealed unsafe class LaneScratch
    {
        private Job[] _jobs = new Job[64];
        private long[] _keys = new long[64];
        private int[] _order = new int[64];
        private ulong[] _table = new ulong[4096];
        private int[] _stream = new int[4096];
        private ulong[] _state = new ulong[1024];
        private readonly CodePointRows[] _rows = [new(), new(), new(), new(), new(), new(), new(), new()];

        /// <summary>Strips each pair, answers the trivial ones (an empty side) and the very long ones directly,
        /// and queues the rest sorted by (blocks, text length). Returns the number queued.</summary>
        public int Plan(ReadOnlySpan<int> pool, ReadOnlySpan<int> offsets, ReadOnlySpan<int> first, ReadOnlySpan<int> second, Span<int> distances)
        {
            if (_jobs.Length < first.Length)
            {
                int cap = Math.Max(first.Length, 2 * _jobs.Length);
                _jobs = new Job[cap];
                _keys = new long[cap];
                _order = new int[cap];
            }
            int jobs = 0;
            for (int p = 0; p < first.Length; p++)
            {
                int aStart = offsets[first[p]], bStart = offsets[second[p]];
                ReadOnlySpan<int> a = pool[aStart..offsets[first[p] + 1]], b = pool[bStart..offsets[second[p] + 1]];
                int prefix = a.CommonPrefixLength(b);
                int suffix = CommonSuffixLength(a[prefix..], b[prefix..]);
                int aLen = a.Length - prefix - suffix, bLen = b.Length - prefix - suffix;
                aStart += prefix;
                bStart += prefix;
                if (aLen > bLen) { (aStart, bStart) = (bStart, aStart); (aLen, bLen) = (bLen, aLen); }
                int blocks = (aLen + 63) >> 6;
                if (aLen == 0) distances[p] = bLen;
                else if (blocks > MaxLaneBlocks) distances[p] = Distance(pool.Slice(aStart, aLen), pool.Slice(bStart, bLen));
                else
                {
                    _jobs[jobs] = new Job(aStart, aLen, bStart, bLen, p);
                    _keys[jobs] = ((long)blocks << 32) | (uint)bLen;
                    _order[jobs] = jobs;
                    jobs++;
                }
            }
            _keys.AsSpan(0, jobs).Sort(_order.AsSpan(0, jobs));
            return jobs;
        }

        public void Run<TL, TV, TIdx>(ReadOnlySpan<int> pool, int jobs, Span<int> distances)
            where TL : ILanes<TV, TIdx>
            where TV : unmanaged
        {
            int w = TL.Width;
            for (int i = 0; i < jobs;)
            {
                int blocks = (int)(_keys[i] >> 32), lanes = 1;
                while (lanes < w && i + lanes < jobs && (int)(_keys[i + lanes] >> 32) == blocks) lanes++;
                int steps = _jobs[_order[i + lanes - 1]].N; // the longest text of the batch (sorted ascending)
                if (_stream.Length < steps * w) _stream = new int[Math.Max(steps * w, 2 * _stream.Length)];
                if (_state.Length < 2 * blocks * w) _state = new ulong[2 * blocks * w];
                int used = 0;
                for (int l = 0; l < w; l++)
                    used = l < lanes ? LoadLane(pool, _jobs[_order[i + l]], l, w, blocks, steps, used) : FillIdle(l, w, steps, used);
                _state.AsSpan(0, blocks * w).Fill(ulong.MaxValue);
                _state.AsSpan(blocks * w, blocks * w).Clear();
                fixed (ulong* table = _table)
                fixed (int* stream = _stream)
                fixed (ulong* state = _state)
                {
                    int done = 0;
                    for (int l = 0; l < lanes; l++)
                    {
                        Job job = _jobs[_order[i + l]];
                        if (job.N > done)
                        {
                            Steps<TL, TV, TIdx>(table, stream + done * w, (TV*)state, (TV*)state + blocks, blocks, job.N - done);
                            done = job.N;
                        }
                        distances[job.Pair] = Score(state, l, w, blocks, job);
                    }
                }
                Array.Clear(_table, 0, used);
                for (int l = 0; l < lanes; l++)
                {
                    Job job = _jobs[_order[i + l]];
                    _rows[l].Clear(pool.Slice(job.Pattern, job.M));
                }
                i += lanes;
            }
        }

        /// <summary>Builds lane l's match rows at table offset <paramref name="at"/> and its text stream column;
        /// returns the next free table offset.</summary>
        private int LoadLane(ReadOnlySpan<int> pool, Job job, int l, int w, int blocks, int steps, int at)
        {
            CodePointRows rows = _rows[l];
            ReadOnlySpan<int> pattern = pool.Slice(job.Pattern, job.M), text = pool.Slice(job.Text, job.N);
            int need = at + (job.M + 1) * blocks;
            if (_table.Length < need) Array.Resize(ref _table, Math.Max(need, 2 * _table.Length));
            rows.Reserve(job.M);
            ulong[] table = _table;
            for (int k = 0; k < pattern.Length; k++)
                table[at + rows.GetOrAdd(pattern[k]) * blocks + (k >> 6)] |= 1UL << k;
            int[] stream = _stream;
            int j = 0;
            for (; j < text.Length; j++) stream[j * w + l] = at + rows.RowOf(text[j]) * blocks;
            for (; j < steps; j++) stream[j * w + l] = at;
            return at + rows.Count * blocks;
        }

        /// <summary>An unused lane reads row 0 of its own (empty) region for every step.</summary>
        private int FillIdle(int l, int w, int steps, int at)
        {
            for (int j = 0; j < steps; j++) _stream[j * w + l] = at;
            return at;
        }

        /// <summary>D[m][n] = n + (rows 1..m with vertical +1) − (rows with −1), read from lane l of the state.</summary>
        private static int Score(ulong* state, int l, int w, int blocks, Job job)
        {
            ulong* vp = state, vn = state + blocks * w;
            int score = job.N;
            for (int b = 0; b < blocks; b++)
            {
                ulong mask = b < blocks - 1 ? ulong.MaxValue : ulong.MaxValue >> (64 * blocks - job.M);
                score += BitOperations.PopCount(vp[b * w + l] & mask) - BitOperations.PopCount(vn[b * w + l] & mask);
            }
            return score;
        }

        /// <summary>The hot loop: <paramref name="steps"/> text positions of W lanes, Hyyrö's block step per block.</summary>
        private static void Steps<TL, TV, TIdx>(ulong* table, int* stream, TV* vp, TV* vn, int blocks, int steps)
            where TL : ILanes<TV, TIdx>
            where TV : unmanaged
        {
            for (int j = 0; j < steps; j++, stream += TL.Width)
            {
                TIdx offsets = TL.LoadOffsets(stream);
                TV hpIn = TL.One, hnIn = default; // row 0 of the DP grows by one per text character
                for (int b = 0; b < blocks; b++)
                {
                    TV eq = TL.Gather(table + b, offsets), pv = vp[b], mv = vn[b];
                    TV xv = TL.Or(eq, mv);
                    eq = TL.Or(eq, hnIn);
                    TV xh = TL.Or(TL.Xor(TL.Add(TL.And(eq, pv), pv), pv), eq);
                    TV ph = TL.OrNot(mv, TL.Or(xh, pv));
                    TV mh = TL.And(pv, xh);
                    TV hpOut = TL.Top(ph), hnOut = TL.Top(mh);
                    ph = TL.ShiftIn(ph, hpIn);
                    mh = TL.ShiftIn(mh, hnIn);
                    vp[b] = TL.OrNot(mh, TL.Or(xv, ph));
                    vn[b] = TL.And(ph, xv);
                    hpIn = hpOut;
                    hnIn = hnOut;
                }
            }
        }
    }
}
