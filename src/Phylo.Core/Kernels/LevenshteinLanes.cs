using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phylo.Kernels;

/// <summary>The lane kernel's vector widths, one struct per instruction set (512, 256, 128 bits), and the common-suffix scan: the batch path in
/// LevenshteinBatch.cs is written once over <c>ILanes&lt;TV&gt;</c> and instantiated per width.</summary>
public static partial class Levenshtein
{
    /// <summary>Vector width abstraction for the lane kernel: TV holds W lanes of ulong (one pair each).</summary>
    private unsafe interface ILanes<TV> where TV : unmanaged
    {
        static abstract int Width { get; }
        /// <summary>Lane l's W words at table + offsets[l·StreamChunk], transposed: dest[k] holds word k of every lane.</summary>
        static abstract void LoadTransposed(ulong* table, int* offsets, TV* dest);
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

    private readonly unsafe struct Lanes512 : ILanes<Vector512<ulong>>
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

        /// <summary>8×8 transpose (<see cref="Transpose8x8"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LoadTransposed(ulong* table, int* offsets, Vector512<ulong>* dest) =>
            Transpose8x8(table, offsets, out dest[0], out dest[1], out dest[2], out dest[3], out dest[4], out dest[5], out dest[6], out dest[7]);
    }

    /// <summary>Rows table + offsets[l·StreamChunk], l = 0..7 (8 qwords each) transposed: e_k = word k of every row, lane l = row l.
    /// The first stage of the 8×8 transpose (which 256-bit half goes where) is done by the loads: a_r = words 0..3 of
    /// rows r and r + 4 (one <c>vmovdqu ymm</c> + one <c>vinserti64x4</c> from memory), b_r = their words 4..7. Within each
    /// 256-bit half that leaves two 4×4 transposes: unpack pairs (8 <c>vpunpck[lh]qdq</c>) and vpermt2q pairs of those (8).
    /// The register-only version (8 row loads, then 8 unpacks, 8 vpermt2q and 8 <c>vshufi64x2</c>) was 2–11 % slower per
    /// block-step on this Zen 4 (random ASCII pairs of 128–512 code points, in-process alternation; native-notes/kernels.md).
    /// Inlined, so outputs a caller does not use are not computed (≤ 4 blocks load only words 0..3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Transpose8x8(ulong* table, int* offsets, out Vector512<ulong> e0, out Vector512<ulong> e1,
        out Vector512<ulong> e2, out Vector512<ulong> e3, out Vector512<ulong> e4, out Vector512<ulong> e5, out Vector512<ulong> e6, out Vector512<ulong> e7)
    {
        ulong* q0 = table + offsets[0 * StreamChunk], q1 = table + offsets[1 * StreamChunk];
        ulong* q2 = table + offsets[2 * StreamChunk], q3 = table + offsets[3 * StreamChunk];
        ulong* q4 = table + offsets[4 * StreamChunk], q5 = table + offsets[5 * StreamChunk];
        ulong* q6 = table + offsets[6 * StreamChunk], q7 = table + offsets[7 * StreamChunk];
        // lo = words 0, 1 of x, words 0, 1 of y, then words 4, 5 of x and of y: within each 256-bit half, the first words
        // of two unpacked row pairs; hi = words 2, 3 / 6, 7 likewise.
        Vector512<ulong> lo = Vector512.Create(0UL, 1, 8, 9, 4, 5, 12, 13), hi = Vector512.Create(2UL, 3, 10, 11, 6, 7, 14, 15);
        // Words 0..3: a_r = row r | row r + 4; t0 = r0[0] r1[0] r0[2] r1[2] | r4[0] r5[0] r4[2] r5[2], t1 the odd words.
        Vector512<ulong> a0 = HalfRows(q0, q4), a1 = HalfRows(q1, q5), a2 = HalfRows(q2, q6), a3 = HalfRows(q3, q7);
        Vector512<ulong> t0 = Avx512F.UnpackLow(a0, a1), t1 = Avx512F.UnpackHigh(a0, a1);
        Vector512<ulong> t2 = Avx512F.UnpackLow(a2, a3), t3 = Avx512F.UnpackHigh(a2, a3);
        e0 = Avx512F.PermuteVar8x64x2(t0, lo, t2);
        e2 = Avx512F.PermuteVar8x64x2(t0, hi, t2);
        e1 = Avx512F.PermuteVar8x64x2(t1, lo, t3);
        e3 = Avx512F.PermuteVar8x64x2(t1, hi, t3);
        // Words 4..7 the same way.
        Vector512<ulong> b0 = HalfRows(q0 + 4, q4 + 4), b1 = HalfRows(q1 + 4, q5 + 4), b2 = HalfRows(q2 + 4, q6 + 4), b3 = HalfRows(q3 + 4, q7 + 4);
        Vector512<ulong> s0 = Avx512F.UnpackLow(b0, b1), s1 = Avx512F.UnpackHigh(b0, b1);
        Vector512<ulong> s2 = Avx512F.UnpackLow(b2, b3), s3 = Avx512F.UnpackHigh(b2, b3);
        e4 = Avx512F.PermuteVar8x64x2(s0, lo, s2);
        e6 = Avx512F.PermuteVar8x64x2(s0, hi, s2);
        e5 = Avx512F.PermuteVar8x64x2(s1, lo, s3);
        e7 = Avx512F.PermuteVar8x64x2(s1, hi, s3);
    }

    /// <summary>Four words at <paramref name="low"/> in the low 256 bits, four at <paramref name="high"/> in the high.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<ulong> HalfRows(ulong* low, ulong* high) =>
        Avx512F.InsertVector256(Vector256.Load(low).ToVector512Unsafe(), Vector256.Load(high), 1);

    private readonly unsafe struct Lanes256 : ILanes<Vector256<ulong>>
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

        /// <summary>4×4 transpose: unpack pairs of rows, then vperm2i128 halves (8 shuffles).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LoadTransposed(ulong* table, int* offsets, Vector256<ulong>* dest)
        {
            ulong* p0 = table + offsets[0], p1 = table + offsets[StreamChunk], p2 = table + offsets[2 * StreamChunk], p3 = table + offsets[3 * StreamChunk];
            if (!Simd.Avx2(SimdLevel.V256)) // these lanes run only at 256 bits
            {
                for (int k = 0; k < 4; k++) dest[k] = Vector256.Create(p0[k], p1[k], p2[k], p3[k]);
                return;
            }
            Vector256<ulong> r0 = Vector256.Load(p0), r1 = Vector256.Load(p1), r2 = Vector256.Load(p2), r3 = Vector256.Load(p3);
            Vector256<ulong> t0 = Avx2.UnpackLow(r0, r1), t1 = Avx2.UnpackHigh(r0, r1);
            Vector256<ulong> t2 = Avx2.UnpackLow(r2, r3), t3 = Avx2.UnpackHigh(r2, r3);
            dest[0] = Avx2.Permute2x128(t0, t2, 0x20);
            dest[1] = Avx2.Permute2x128(t1, t3, 0x20);
            dest[2] = Avx2.Permute2x128(t0, t2, 0x31);
            dest[3] = Avx2.Permute2x128(t1, t3, 0x31);
        }
    }

    private readonly unsafe struct Lanes128 : ILanes<Vector128<ulong>>
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

        /// <summary>2×2 transpose: punpcklqdq / punpckhqdq.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void LoadTransposed(ulong* table, int* offsets, Vector128<ulong>* dest)
        {
            ulong* p0 = table + offsets[0], p1 = table + offsets[StreamChunk];
            if (!Simd.Sse2(SimdLevel.V128)) // these lanes run only at 128 bits
            {
                dest[0] = Vector128.Create(p0[0], p1[0]);
                dest[1] = Vector128.Create(p0[1], p1[1]);
                return;
            }
            Vector128<ulong> r0 = Vector128.Load(p0), r1 = Vector128.Load(p1);
            dest[0] = Sse2.UnpackLow(r0, r1);
            dest[1] = Sse2.UnpackHigh(r0, r1);
        }
    }

    /// <summary>Length of the longest common suffix, eight code points per compare at 256 bits and above.</summary>
    internal static int CommonSuffixLength(ReadOnlySpan<int> a, ReadOnlySpan<int> b, SimdLevel level)
    {
        int max = Math.Min(a.Length, b.Length), s = 0;
        ref int ra = ref MemoryMarshal.GetReference(a), rb = ref MemoryMarshal.GetReference(b);
        if (Simd.Cap(level) >= SimdLevel.V256)
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
}
