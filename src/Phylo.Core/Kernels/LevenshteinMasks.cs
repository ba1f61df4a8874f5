using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phylo.Kernels;

/// <summary>The batch path's match rows for all-ASCII patterns (every card genome), and the table clean-up.</summary>
public static partial class Levenshtein
{
    private sealed unsafe partial class LaneScratch
    {
        /// <summary>The pattern narrowed to bytes, 64 per block (pinned, 64-byte aligned; a field, not a stackalloc:
        /// a stackalloc made the method FullOpts-only and its JIT kept accumulators in stack slots).</summary>
        private readonly byte[] _byteArray = GC.AllocateArray<byte>(64 * MaxLaneBlocks + 64, pinned: true);
        private byte* Bytes
        {
            get
            {
                byte* p = (byte*)Unsafe.AsPointer(ref _byteArray[0]); // pinned: the address never changes
                return p + ((64 - ((nint)p & 63)) & 63);
            }
        }

        /// <summary>Per lane of the current batch: the ASCII characters whose rows were written (two 64-bit sets),
        /// or zeros when the lane took the general (scalar) path; and where each lane's rows start.</summary>
        private readonly (ulong Low, ulong High)[] _present = new (ulong, ulong)[8];
        private readonly int[] _laneAt = new int[9];

        /// <summary>The match rows of an all-ASCII pattern without a read-modify-write per code point (those RMWs,
        /// chained through repeated characters, were most of the lane build): the pattern narrowed to bytes (one
        /// 64-byte vector per block) and the set of its characters (two 64-bit masks, from variable shifts); then
        /// per character present, per block, one byte compare gives the whole word, stored once. With 8 blocks
        /// (every card genome) the block vectors stay in registers and the 8 compares are unrolled: per-block sets
        /// (a block holds about half of the card's characters) did fewer compares but ~11 instructions each
        /// (tzcnt, broadcast, imul …) against ~3.5 here. False, and nothing written, when a code point is ≥ 128
        /// or AVX-512 is not there.</summary>
        private bool AsciiMasks(ref int pattern, int m, int stride, ref ulong masks, int lane, SimdLevel level)
        {
            if (!Simd.Avx512BW(level)) return false;
            int blocks = (m + 63) >> 6, full = m & ~15;
            byte* bytes = Bytes;
            Vector512<uint> all = default; // OR of the code points: ≥ 128 somewhere iff a bit above 6 is set
            for (int k = 0; k < full; k += 16)
            {
                Vector512<uint> c = Vector512.LoadUnsafe(ref pattern, (nuint)k).AsUInt32();
                all |= c;
                Avx512F.ConvertToVector128Byte(c).Store(bytes + k);
            }
            if ((all & Vector512.Create(~(uint)(AsciiRows - 1))) != Vector512<uint>.Zero) return false;
            for (int k = full; k < m; k++)
            {
                int c = Unsafe.Add(ref pattern, k);
                if ((uint)c >= AsciiRows) return false;
                bytes[k] = (byte)c;
            }
            new Span<byte>(bytes + m, blocks * 64 - m).Fill(0xFF); // padding: matches no ASCII character, adds nothing to the sets
            Vector512<ulong> lo = default, hi = default;
            for (int b = 0; b < blocks; b++) Characters(bytes + 64 * b, ref lo, ref hi);
            ulong union0 = Or8(lo), union1 = Or8(hi);
            if (blocks == 8)
            {
                // Every card genome: the 8 block vectors stay in registers, 8 compares per character.
                Vector512<byte> v0 = Vector512.Load(bytes), v1 = Vector512.Load(bytes + 64), v2 = Vector512.Load(bytes + 128), v3 = Vector512.Load(bytes + 192);
                Vector512<byte> v4 = Vector512.Load(bytes + 256), v5 = Vector512.Load(bytes + 320), v6 = Vector512.Load(bytes + 384), v7 = Vector512.Load(bytes + 448);
                for (int half = 0; half < 2; half++)
                    for (ulong set = half == 0 ? union0 : union1; set != 0; set &= set - 1)
                    {
                        int c = 64 * half + BitOperations.TrailingZeroCount(set);
                        ref ulong row = ref Unsafe.Add(ref masks, (c + 1) * stride);
                        Vector512<byte> cc = Vector512.Create((byte)c);
                        row = Vector512.Equals(v0, cc).ExtractMostSignificantBits();
                        Unsafe.Add(ref row, 1) = Vector512.Equals(v1, cc).ExtractMostSignificantBits();
                        Unsafe.Add(ref row, 2) = Vector512.Equals(v2, cc).ExtractMostSignificantBits();
                        Unsafe.Add(ref row, 3) = Vector512.Equals(v3, cc).ExtractMostSignificantBits();
                        Unsafe.Add(ref row, 4) = Vector512.Equals(v4, cc).ExtractMostSignificantBits();
                        Unsafe.Add(ref row, 5) = Vector512.Equals(v5, cc).ExtractMostSignificantBits();
                        Unsafe.Add(ref row, 6) = Vector512.Equals(v6, cc).ExtractMostSignificantBits();
                        Unsafe.Add(ref row, 7) = Vector512.Equals(v7, cc).ExtractMostSignificantBits();
                    }
            }
            else
                for (int half = 0; half < 2; half++)
                    for (ulong set = half == 0 ? union0 : union1; set != 0; set &= set - 1)
                    {
                        int c = 64 * half + BitOperations.TrailingZeroCount(set);
                        ref ulong row = ref Unsafe.Add(ref masks, (c + 1) * stride);
                        Vector512<byte> cc = Vector512.Create((byte)c);
                        for (int b = 0; b < blocks; b++)
                            Unsafe.Add(ref row, b) = Vector512.Equals(Vector512.Load(bytes + 64 * b), cc).ExtractMostSignificantBits();
                    }
            _present[lane] = (union0, union1);
            return true;
        }

        /// <summary>Adds the 64 ASCII bytes at <paramref name="block"/> to a character set: bit c of lane (c / 8 … any)
        /// of <paramref name="lo"/> for c &lt; 64, of <paramref name="hi"/> for c ≥ 64 (OR the lanes for the set).
        /// Eight bytes at a time widened to qwords; vpsllvq gives 0 for counts ≥ 64, so 1 ≪ c collects the low
        /// half and 1 ≪ (c ^ 64) the high half.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Characters(byte* block, ref Vector512<ulong> lo, ref Vector512<ulong> hi)
        {
            Vector512<ulong> one = Vector512<ulong>.One, flip = Vector512.Create(64UL);
            for (int k = 0; k < 64; k += 8)
            {
                Vector512<ulong> c = Avx512F.ConvertToVector512UInt64(Vector128.CreateScalarUnsafe(*(ulong*)(block + k)).AsByte());
                lo |= Avx512F.ShiftLeftLogicalVariable(one, c);
                hi |= Avx512F.ShiftLeftLogicalVariable(one, c ^ flip);
            }
        }

        /// <summary>OR of the 8 lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Or8(Vector512<ulong> x)
        {
            Vector256<ulong> h = x.GetLower() | x.GetUpper();
            Vector128<ulong> q = h.GetLower() | h.GetUpper();
            return q.ToScalar() | q.GetElement(1);
        }

        /// <summary>Zeroes what the batch wrote to the table: per ASCII lane only the rows of its characters (a
        /// card writes ~60 of its 129 rows; clearing whole regions was a 66 KB memset per batch), the whole region
        /// of a lane that took the general path.</summary>
        private void ClearTable(int lanes, int stride)
        {
            fixed (ulong* table = _table)
                for (int l = 0; l < lanes; l++)
                {
                    (ulong lo, ulong hi) = _present[l];
                    ulong* rows = table + _laneAt[l] + stride; // row c + 1
                    if ((lo | hi) == 0) new Span<ulong>(table + _laneAt[l], _laneAt[l + 1] - _laneAt[l]).Clear();
                    for (; lo != 0; lo &= lo - 1) ClearRow(rows + BitOperations.TrailingZeroCount(lo) * stride, stride);
                    for (; hi != 0; hi &= hi - 1) ClearRow(rows + (64 + BitOperations.TrailingZeroCount(hi)) * stride, stride);
                }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ClearRow(ulong* row, int stride)
        {
            if ((stride & 7) != 0) new Span<ulong>(row, stride).Clear();
            else for (int k = 0; k < stride; k += 8) Vector512<ulong>.Zero.Store(row + k);
        }
    }
}
