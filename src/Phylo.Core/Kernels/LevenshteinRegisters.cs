using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phylo.Kernels;

/// <summary>
/// The batch kernel's V512 step loop for patterns of at most 8 blocks (512 code points, every card genome), with
/// the whole DP state in registers: 8 lanes × up to 8 blocks = 16 zmm for VP/VN, 8 for the transposed match
/// words. The generic <c>Steps</c> keeps VP/VN and the transposed words in memory, so each block-step paid three
/// 512-bit stores (state and transpose) and as many reloads. The block count is a type (<see cref="IBlockCount"/>),
/// so each instantiation holds exactly its blocks and the unused transpose outputs are dead code.
/// </summary>
public static partial class Levenshtein
{
    private interface IBlockCount
    {
        static abstract int Count { get; }
    }

    private struct Blocks1 : IBlockCount { public static int Count => 1; }
    private struct Blocks2 : IBlockCount { public static int Count => 2; }
    private struct Blocks3 : IBlockCount { public static int Count => 3; }
    private struct Blocks4 : IBlockCount { public static int Count => 4; }
    private struct Blocks5 : IBlockCount { public static int Count => 5; }
    private struct Blocks6 : IBlockCount { public static int Count => 6; }
    private struct Blocks7 : IBlockCount { public static int Count => 7; }
    private struct Blocks8 : IBlockCount { public static int Count => 8; }
    /// <summary>A block count known only at run time (the lane build's patterns of more than 8 blocks).</summary>
    private struct BlocksAny : IBlockCount { public static int Count => 0; }

    /// <summary>Runs text positions start..end of 8 lanes with ≤ 8 blocks; false (nothing done) when
    /// the block count or the CPU does not fit this path.</summary>
    private static unsafe bool TrySteps512(ulong* table, int* stream, Vector512<ulong>* vp, Vector512<ulong>* vn, int blocks, int start, int end, LinePrefetch prefetch)
    {
        if (!Simd.Avx512F(SimdLevel.V512)) return false; // only the V512 lanes call this
        switch (blocks)
        {
            case 1: Steps512<Blocks1>(table, stream, vp, vn, start, end, prefetch); return true;
            case 2: Steps512<Blocks2>(table, stream, vp, vn, start, end, prefetch); return true;
            case 3: Steps512<Blocks3>(table, stream, vp, vn, start, end, prefetch); return true;
            case 4: Steps512<Blocks4>(table, stream, vp, vn, start, end, prefetch); return true;
            case 5: Steps512<Blocks5>(table, stream, vp, vn, start, end, prefetch); return true;
            case 6: Steps512<Blocks6>(table, stream, vp, vn, start, end, prefetch); return true;
            case 7: Steps512<Blocks7>(table, stream, vp, vn, start, end, prefetch); return true;
            case 8: Steps512<Blocks8>(table, stream, vp, vn, start, end, prefetch); return true;
            default: return false;
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // straight to optimized code: Tier0 and OSR of this loop cost whole batches
    private static unsafe void Steps512<TB>(ulong* table, int* stream, Vector512<ulong>* vp, Vector512<ulong>* vn, int start, int end, LinePrefetch prefetch)
        where TB : struct, IBlockCount
    {
        int nb = TB.Count, low = Low<TB>();
        Vector512<ulong> p0 = vp[0], n0 = vn[0];
        Vector512<ulong> p1 = nb > 1 ? vp[1] : default, n1 = nb > 1 ? vn[1] : default;
        Vector512<ulong> p2 = nb > 2 ? vp[2] : default, n2 = nb > 2 ? vn[2] : default;
        Vector512<ulong> p3 = nb > 3 ? vp[3] : default, n3 = nb > 3 ? vn[3] : default;
        Vector512<ulong> p4 = nb > 4 ? vp[4] : default, n4 = nb > 4 ? vn[4] : default;
        Vector512<ulong> p5 = nb > 5 ? vp[5] : default, n5 = nb > 5 ? vn[5] : default;
        Vector512<ulong> p6 = nb > 6 ? vp[6] : default, n6 = nb > 6 ? vn[6] : default;
        Vector512<ulong> p7 = nb > 7 ? vp[7] : default, n7 = nb > 7 ? vn[7] : default;
        if (low == nb)
        {
            for (int j = start; j < end; j++)
            {
                Transpose8x8(table, Offsets(stream, j), out Vector512<ulong> e0, out Vector512<ulong> e1, out Vector512<ulong> e2, out Vector512<ulong> e3,
                    out Vector512<ulong> e4, out Vector512<ulong> e5, out Vector512<ulong> e6, out Vector512<ulong> e7);
                prefetch.At(j);
                Vector512<ulong> hp = Vector512<ulong>.One, hn = default; // row 0 of the DP grows by one per text character
                Block(e0, ref p0, ref n0, ref hp, ref hn);
                if (nb > 1) Block(e1, ref p1, ref n1, ref hp, ref hn);
                if (nb > 2) Block(e2, ref p2, ref n2, ref hp, ref hn);
                if (nb > 3) Block(e3, ref p3, ref n3, ref hp, ref hn);
                if (nb > 4) Block(e4, ref p4, ref n4, ref hp, ref hn);
                if (nb > 5) Block(e5, ref p5, ref n5, ref hp, ref hn);
                if (nb > 6) Block(e6, ref p6, ref n6, ref hp, ref hn);
                if (nb > 7) Block(e7, ref p7, ref n7, ref hp, ref hn);
            }
        }
        else
        {
            // Skewed: blocks 0..low-1 at step j, the others at step j-1 in the same iteration, from the carry out of
            // block low-1 and the match words kept from the previous iteration. Two independent chains of about
            // half the length each: the chain's latency, not the op count, bounded the plain loop.
            Vector512<ulong> d1 = default, d2 = default, d3 = default, d4 = default, d5 = default, d6 = default, d7 = default;
            Vector512<ulong> cp = default, cn = default;
            for (int j = start; j <= end; j++)
            {
                if (j > start)
                {
                    Vector512<ulong> hq = cp, hm = cn;
                    if (low <= 1 && nb > 1) Block(d1, ref p1, ref n1, ref hq, ref hm);
                    if (low <= 2 && nb > 2) Block(d2, ref p2, ref n2, ref hq, ref hm);
                    if (low <= 3 && nb > 3) Block(d3, ref p3, ref n3, ref hq, ref hm);
                    if (low <= 4 && nb > 4) Block(d4, ref p4, ref n4, ref hq, ref hm);
                    if (low <= 5 && nb > 5) Block(d5, ref p5, ref n5, ref hq, ref hm);
                    if (low <= 6 && nb > 6) Block(d6, ref p6, ref n6, ref hq, ref hm);
                    if (low <= 7 && nb > 7) Block(d7, ref p7, ref n7, ref hq, ref hm);
                }
                if (j == end) break;
                // The transpose after the lagging blocks: their match words are dead by then (a spill otherwise).
                Transpose8x8(table, Offsets(stream, j), out Vector512<ulong> e0, out Vector512<ulong> e1, out Vector512<ulong> e2, out Vector512<ulong> e3,
                    out Vector512<ulong> e4, out Vector512<ulong> e5, out Vector512<ulong> e6, out Vector512<ulong> e7);
                prefetch.At(j);
                Vector512<ulong> hp = Vector512<ulong>.One, hn = default;
                Block(e0, ref p0, ref n0, ref hp, ref hn);
                if (low > 1) Block(e1, ref p1, ref n1, ref hp, ref hn);
                if (low > 2) Block(e2, ref p2, ref n2, ref hp, ref hn);
                if (low > 3) Block(e3, ref p3, ref n3, ref hp, ref hn);
                cp = hp;
                cn = hn;
                d1 = e1; d2 = e2; d3 = e3; d4 = e4; d5 = e5; d6 = e6; d7 = e7;
            }
        }
        vp[0] = p0; vn[0] = n0;
        if (nb > 1) { vp[1] = p1; vn[1] = n1; }
        if (nb > 2) { vp[2] = p2; vn[2] = n2; }
        if (nb > 3) { vp[3] = p3; vn[3] = n3; }
        if (nb > 4) { vp[4] = p4; vn[4] = n4; }
        if (nb > 5) { vp[5] = p5; vn[5] = n5; }
        if (nb > 6) { vp[6] = p6; vn[6] = n6; }
        if (nb > 7) { vp[7] = p7; vn[7] = n7; }
    }

    /// <summary>Blocks run at the current step: all of them up to <see cref="SkewFrom"/> blocks, else the lower half
    /// (the others lag one step).</summary>
    private static int Low<TB>() where TB : struct, IBlockCount => TB.Count < SkewFrom ? TB.Count : (TB.Count + 1) / 2;

    /// <summary>Block counts from which the register kernel skews its two halves.</summary>
    private const int SkewFrom = 5;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int* Offsets(int* stream, int j) => stream + (j / StreamChunk) * (StreamChunk * 8) + j % StreamChunk; // lane l at [16·l]

    /// <summary>The kernel's side job: step j asks for line j of the next batch's sequences (pool indices in
    /// <c>lines</c>, <c>count</c> of them) in L2, one per step, so the lane build finds them there.</summary>
    private readonly unsafe struct LinePrefetch(int* pool, int* lines, int count)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void At(int j)
        {
            if (j < count) Simd.Prefetch1(pool + lines[j]);
        }
    }

    /// <summary>Hyyrö's block step on 8 lanes (the algebra of the generic <c>Steps</c>), state by ref, in 14 vector
    /// ops instead of 15: the carries hpIn/hnIn (bit 0 only, never both) are folded into three-input ternlogs. With
    /// PH = ph ≪ 1 and MH = mh ≪ 1 (bit 0 clear), the generic pv' = (MH | hn) | ~(xv | PH | hp) equals
    /// MH | ~(C | PH) for C = (xv | hp) &amp; ~hn (bit 0: hn | ~(xv | hp); other bits: C = xv), and
    /// mv' = (PH | hp) &amp; xv. The ternlogs are explicit: the JIT fused only some of these expressions and
    /// materialized ~hn as an extra op (17 ops per block in its listing). Immediates: A = 0xF0, B = 0xCC, C = 0xAA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(Vector512<ulong> eq, ref Vector512<ulong> pv, ref Vector512<ulong> mv, ref Vector512<ulong> hpIn, ref Vector512<ulong> hnIn)
    {
        Vector512<ulong> xv = eq | mv;
        eq |= hnIn;
        Vector512<ulong> sum = (eq & pv) + pv;
        Vector512<ulong> xh = Avx512F.TernaryLogic(sum, pv, eq, 0xBE);       // (sum ^ pv) | eq
        Vector512<ulong> ph = Avx512F.TernaryLogic(mv, xh, pv, 0xF1);        // mv | ~(xh | pv)
        Vector512<ulong> mh = pv & xh;
        Vector512<ulong> hpOut = ph >>> 63, hnOut = mh >>> 63;
        Vector512<ulong> c = Avx512F.TernaryLogic(xv, hpIn, hnIn, 0x54);     // (xv | hp) & ~hn
        ph <<= 1;
        pv = Avx512F.TernaryLogic(mh << 1, c, ph, 0xF1);                     // MH | ~(C | PH)
        mv = Avx512F.TernaryLogic(ph, hpIn, xv, 0xA8);                       // (PH | hp) & xv
        hpIn = hpOut;
        hnIn = hnOut;
    }
}
