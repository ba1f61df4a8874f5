using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Phylo.Kernels;

/// <summary>
/// Batch Levenshtein with inter-pair SIMD: W independent pairs run in lockstep, one pair per 64-bit lane
/// (W = 8 for Vector512, 4 for Vector256, 2 for Vector128), one vector per 64-row block of the patterns.
/// <para>Per pair: common prefix and suffix stripped, the shorter side is the pattern (m code points, B = ⌈m/64⌉
/// blocks), the longer the text (n). Pairs are sorted by (B, n) and cut into batches of W with equal B, so lanes
/// of a batch have similar text lengths. Each lane's pattern gets match masks in one shared table (row r of a lane
/// = its stride = ⌈B/W⌉·W words; row 0 = zeros, rows 1..128 = code points 0..127, then one row per other distinct
/// code point), and its text is translated once into the absolute table offsets of its rows, in chunks of 16 steps
/// stored lane-major (<c>stream[(step/16)·16W + lane·16 + step%16]</c>, see <see cref="StreamChunk"/>). A step
/// reads each lane's row W words at a time and transposes them (8×8 qwords for Vector512: half-row loads, then 16 shuffles) into one
/// vector per block: .NET has no 512-bit gather, and two <c>vpgatherdq ymm</c> per block measured 2× slower on
/// this VM's Zen 4 (AMD family 25 model 17). Then Hyyrö's block step, the horizontal ±1 carried block to block per lane.</para>
/// <para>Lengths: pattern rows beyond a lane's m are padding whose masks are zero (they cannot change rows ≤ m);
/// text steps beyond a lane's n read row 0. Lanes are sorted by n, so the loop runs to each lane's n in turn and
/// reads that lane's score off its vertical deltas at that moment: D[m][n] = n + Σ VP − Σ VN over rows 1..m
/// (popcounts); later steps of that lane are discarded. No per-step score tracking is needed.</para>
/// </summary>
public static partial class Levenshtein
{
    /// <summary>Patterns longer than this many blocks (4096 code points) take the single-pair path.</summary>
    private const int MaxLaneBlocks = 64;

    /// <summary>Text steps per stream chunk: a chunk holds W lanes × 16 steps lane-major, so a lane's 16 row
    /// offsets are one contiguous (vector) store and a step reads lane l at a fixed displacement l·16.</summary>
    private const int StreamChunk = 16;

    /// <summary>Code points below this own fixed rows c + 1 of every lane's table (row 0 = zeros), so text and
    /// pattern translate without a lookup; the others get dense rows from <see cref="AsciiRows"/> + 1 on.</summary>
    private const int AsciiRows = 128;

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
        int jobs = s.Plan(pool, offsets, first, second, distances, level);
        if (level == SimdLevel.V512) s.Run<Lanes512, Vector512<ulong>>(pool, jobs, distances, level);
        else if (level == SimdLevel.V256) s.Run<Lanes256, Vector256<ulong>>(pool, jobs, distances, level);
        else s.Run<Lanes128, Vector128<ulong>>(pool, jobs, distances, level);
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

    private readonly record struct Job(int Pattern, int M, int Text, int N, int Pair);

    /// <summary>Per-thread scratch of the batch path: jobs, their order, lane tables, text streams and state.
    /// The match table keeps earlier batches' rows: each lane makes every row its text stream points at exact
    /// (the zero row, its characters' rows) and never points at another.</summary>
    [SkipLocalsInit]
    private sealed unsafe partial class LaneScratch
    {
        private Job[] _jobs = new Job[64];
        private long[] _keys = new long[64];
        private int[] _order = new int[64];
        // Match table on the pinned heap, rows from word _base on: a 64-byte boundary, so every 8-word row read by
        // the V512 kernel is one cache line (a .NET array is only 16-byte aligned: most rows straddled two lines).
        private ulong[] _table = [];
        private int _base;
        private int[] _stream = new int[4096];
        private int[] _lines = new int[1024];
        private ulong[] _state = new ulong[1024];
        private readonly CodePointRows[] _rows = [new(), new(), new(), new(), new(), new(), new(), new()];

        /// <summary>Strips each pair, answers the trivial ones (an empty side) and the very long ones directly,
        /// and queues the rest sorted by (blocks, text length). Returns the number queued.</summary>
        public int Plan(ReadOnlySpan<int> pool, ReadOnlySpan<int> offsets, ReadOnlySpan<int> first, ReadOnlySpan<int> second, Span<int> distances,
            SimdLevel level)
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
                if (p + PlanAhead < first.Length) PrefetchEnds(pool, offsets, first[p + PlanAhead], second[p + PlanAhead]);
                int aStart = offsets[first[p]], bStart = offsets[second[p]];
                ReadOnlySpan<int> a = pool[aStart..offsets[first[p] + 1]], b = pool[bStart..offsets[second[p] + 1]];
                int prefix = a.CommonPrefixLength(b);
                int suffix = CommonSuffixLength(a[prefix..], b[prefix..], level);
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

        /// <summary>Pairs ahead whose sequence ends <see cref="Plan"/> asks for: its prefix and suffix compares are
        /// the first touch of each sequence, pairs come in random order from a pool larger than the caches, and
        /// those misses were most of the plan's time.</summary>
        private const int PlanAhead = 8;

        private static void PrefetchEnds(ReadOnlySpan<int> pool, ReadOnlySpan<int> offsets, int a, int b)
        {
            if (!Simd.CanPrefetch) return;
            fixed (int* p = pool)
            {
                Simd.Prefetch0(p + offsets[a]);
                Simd.Prefetch0(p + Math.Max(offsets[a], offsets[a + 1] - 1));
                Simd.Prefetch0(p + offsets[b]);
                Simd.Prefetch0(p + Math.Max(offsets[b], offsets[b + 1] - 1));
            }
        }

        public void Run<TL, TV>(ReadOnlySpan<int> pool, int jobs, Span<int> distances, SimdLevel level)
            where TL : ILanes<TV>
            where TV : unmanaged
        {
            int w = TL.Width;
            for (int i = 0; i < jobs;)
            {
                int blocks = (int)(_keys[i] >> 32), lanes = 1;
                while (lanes < w && i + lanes < jobs && (int)(_keys[i + lanes] >> 32) == blocks) lanes++;
                int stride = (blocks + w - 1) / w * w; // a row is read W words at a time
                int steps = _jobs[_order[i + lanes - 1]].N; // the longest text of the batch (sorted ascending)
                int streamInts = (steps + StreamChunk - 1) / StreamChunk * StreamChunk * w;
                if (_stream.Length < streamInts) _stream = new int[Math.Max(streamInts, 2 * _stream.Length)];
                if (_state.Length < 2 * stride * w) _state = new ulong[2 * stride * w];
                long sumM = 0;
                for (int l = 0; l < lanes; l++) sumM += _jobs[_order[i + l]].M;
                EnsureTable(checked((int)((sumM + w * (AsciiRows + 1)) * stride)));
                int used = _base;
                int ahead = NextLines(pool, i + lanes, jobs, w);
                bool kernelPrefetches = typeof(TV) == typeof(Vector512<ulong>) && blocks <= 8 && Simd.Avx512F(level);
                if (!kernelPrefetches) Prefetch(pool, 0, ahead);
                for (int l = 0; l < w; l++)
                    used = l < lanes ? LoadLane(pool, _jobs[_order[i + l]], l, w, stride, steps, used, level) : FillIdle(l, w, stride, steps, used);
                _state.AsSpan(0, blocks * w).Fill(ulong.MaxValue);
                _state.AsSpan(blocks * w, blocks * w).Clear();
                fixed (ulong* table = _table)
                fixed (int* stream = _stream)
                fixed (ulong* state = _state)
                fixed (int* poolStart = pool)
                fixed (int* lines = _lines)
                {
                    var prefetch = new LinePrefetch(poolStart, lines, kernelPrefetches ? ahead : 0);
                    int done = 0;
                    for (int l = 0; l < lanes; l++)
                    {
                        Job job = _jobs[_order[i + l]];
                        if (job.N > done)
                        {
                            if (typeof(TV) != typeof(Vector512<ulong>) ||
                                !TrySteps512(table, stream, (Vector512<ulong>*)state, (Vector512<ulong>*)state + blocks, blocks, done, job.N, prefetch))
                                Steps<TL, TV>(table, stream, (TV*)state, (TV*)state + blocks, blocks, done, job.N);
                            done = job.N;
                        }
                        distances[job.Pair] = Score(state, l, w, blocks, job);
                    }
                }
                if (kernelPrefetches) Prefetch(pool, Math.Min(steps, ahead), ahead); // lines beyond the batch's steps
                for (int l = 0; l < lanes; l++)
                {
                    Job job = _jobs[_order[i + l]];
                    if (_rows[l].Count > 1) _rows[l].Clear(pool.Slice(job.Pattern, job.M)); // only code points ≥ 128 go in
                }
                i += lanes;
            }
        }

        /// <summary>Lists the cache lines of the next <paramref name="count"/> jobs from <paramref name="from"/> on
        /// (about the next batch) in <see cref="_lines"/> as pool indices, and returns how many. Pairs are sampled at
        /// random from a pool of gigabytes, so without prefetching the lane build's first read of each sequence waits
        /// on memory (perf: most of its time). The V512 kernel asks for line j at step j (≈ one line per step for
        /// a batch of 8: Σ (m + n)/16 ≤ 2·8·n/16): issued all at once before the batch (the first version), the
        /// ~500 prefetches filled the miss buffers and stalled the lane build; spread over the kernel they cost
        /// nothing and arrive ~a batch ahead. L2, not L1: the batch that runs meanwhile keeps its match rows in L1.</summary>
        private int NextLines(ReadOnlySpan<int> pool, int from, int jobs, int count)
        {
            int lines = 0, last = Math.Min(jobs, from + count);
            for (int k = from; k < last; k++)
            {
                Job job = _jobs[_order[k]];
                lines += (job.M + job.N) / 16 + 4;
            }
            if (_lines.Length < lines) _lines = new int[Math.Max(lines, 2 * _lines.Length)];
            lines = 0;
            fixed (int* p = pool)
                for (int k = from; k < last; k++)
                {
                    Job job = _jobs[_order[k]];
                    lines = AddLines(p, job.Pattern, job.M, lines);
                    lines = AddLines(p, job.Text, job.N, lines);
                }
            return lines;
        }

        /// <summary>Appends the first index of every cache line of pool[start..start + length).</summary>
        private int AddLines(int* pool, int start, int length, int count)
        {
            int misalign = (int)(((nint)(pool + start) & 63) / sizeof(int));
            for (int c = start - misalign; c < start + length; c += 16) _lines[count++] = c;
            return count;
        }

        private void Prefetch(ReadOnlySpan<int> pool, int from, int to)
        {
            if (!Simd.CanPrefetch) return;
            fixed (int* p = pool)
                for (int k = from; k < to; k++) Simd.Prefetch1(p + _lines[k]);
        }

        /// <summary>Builds lane l's match rows at table offset <paramref name="at"/> (row r's words at at + r·stride:
        /// 0 = zeros, c + 1 for c &lt; 128, then the other code points) and its part of the text stream; returns the
        /// next free table offset.</summary>
        private int LoadLane(ReadOnlySpan<int> pool, Job job, int l, int w, int stride, int steps, int at, SimdLevel level)
        {
            CodePointRows rows = _rows[l];
            if (_table.Length < at + (AsciiRows + 1 + job.M) * stride) throw new InvalidOperationException("match table not reserved");
            rows.Reserve(job.M);
            ref ulong masks = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_table), at);
            ref int pattern = ref Unsafe.Add(ref MemoryMarshal.GetReference(pool), job.Pattern);
            byte* lut = null;
            if (!AsciiMasks(ref pattern, job.M, stride, ref masks, l, level, out lut))
            {
                // The general path ORs bits into its rows: zero them first (the table holds earlier batches' rows).
                MemoryMarshal.CreateSpan(ref masks, (AsciiRows + 1) * stride).Clear();
                for (int k = 0; k < job.M; k++)
                {
                    int c = Unsafe.Add(ref pattern, k), row;
                    if ((uint)c < AsciiRows) row = c + 1;
                    else
                    {
                        int count = rows.Count;
                        row = AsciiRows + rows.GetOrAdd(c);
                        if (rows.Count != count) MemoryMarshal.CreateSpan(ref Unsafe.Add(ref masks, row * stride), stride).Clear();
                    }
                    Unsafe.Add(ref masks, row * stride + (k >> 6)) |= 1UL << k;
                }
            }
            ref int text = ref Unsafe.Add(ref MemoryMarshal.GetReference(pool), job.Text);
            ref int lane = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stream), l * StreamChunk);
            int chunkInts = StreamChunk * w;
            for (int j = 0; j < steps; j += StreamChunk, lane = ref Unsafe.Add(ref lane, chunkInts))
            {
                if (level >= SimdLevel.V512 && j + StreamChunk <= job.N)
                {
                    // 16 code points at once: all ASCII (the common case) → offset row·stride + at, row = c + 1 or,
                    // with a lane's character table, its row (0 for a character the pattern lacks).
                    Vector512<int> c = Vector512.LoadUnsafe(ref text, (nuint)j);
                    if (Vector512.LessThanAll(c.AsUInt32(), Vector512.Create((uint)AsciiRows)))
                    {
                        Vector512<int> row = lut != null ? RowsOf(c, lut) : c + Vector512<int>.One;
                        (row * stride + Vector512.Create(at)).StoreUnsafe(ref lane);
                        continue;
                    }
                }
                else if (level >= SimdLevel.V512 && j >= job.N)
                {
                    // Steps past this lane's text (the batch runs to its longest): row 0. Lanes are sorted by text
                    // length, so most lanes have some; one at a time they were a tenth of the lane build.
                    Vector512.Create(at).StoreUnsafe(ref lane);
                    continue;
                }
                for (int t = 0; t < StreamChunk; t++)
                {
                    int step = j + t, row = 0;
                    if (step < job.N)
                    {
                        int c = Unsafe.Add(ref text, step);
                        if ((uint)c < AsciiRows) row = lut != null ? lut[c] : c + 1;
                        else if (rows.RowOf(c) is int id and > 0) row = AsciiRows + id;
                    }
                    Unsafe.Add(ref lane, t) = at + row * stride;
                }
            }
            return at + (AsciiRows + rows.Count) * stride;
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

        /// <summary>The hot loop: text positions start..end of W lanes. Per step, each lane's match row
        /// is read W blocks at a time and transposed to one vector per block; then Hyyrö's block step per block,
        /// the horizontal ±1 (hpIn/hnIn) carried from block to block.</summary>
        private static void Steps<TL, TV>(ulong* table, int* stream, TV* vp, TV* vn, int blocks, int start, int end)
            where TL : ILanes<TV>
            where TV : unmanaged
        {
            int w = TL.Width;
            TV* eqs = stackalloc TV[w];
            for (int j = start; j < end; j++)
            {
                int* offsets = stream + (j / StreamChunk) * (StreamChunk * w) + j % StreamChunk;
                TV hpIn = TL.One, hnIn = default; // row 0 of the DP grows by one per text character
                for (int b0 = 0; b0 < blocks; b0 += w)
                {
                    TL.LoadTransposed(table + b0, offsets, eqs);
                    int width = Math.Min(w, blocks - b0);
                    for (int k = 0; k < width; k++)
                    {
                        int b = b0 + k;
                        TV eq = eqs[k], pv = vp[b], mv = vn[b];
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
}
