using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phylo.Kernels;

/// <summary>The batch path's match table: its reservation, rows for all-ASCII patterns (every card genome), idle lanes.</summary>
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

        /// <summary>Per lane (128 bytes, 64-byte aligned): the row of each ASCII character in the lane's table — c + 1
        /// when the pattern has c, else 0 (the zero row) — when the lane took the ASCII path with AVX-512 VBMI.</summary>
        private readonly byte[] _lutArray = GC.AllocateArray<byte>(8 * AsciiRows + 64, pinned: true);
        private byte* Lut(int lane)
        {
            byte* p = (byte*)Unsafe.AsPointer(ref _lutArray[0]); // pinned
            return p + ((64 - ((nint)p & 63)) & 63) + lane * AsciiRows;
        }

        /// <summary>The match rows of an all-ASCII pattern without a read-modify-write per code point (those RMWs,
        /// chained through repeated characters, were most of the lane build): the pattern narrowed to bytes (one
        /// 64-byte vector per block) and the set of its characters (two 64-bit masks, from variable shifts); then
        /// per character present, per block, one byte compare gives the whole word, stored once. With up to 8 blocks
        /// (every card genome, most metadata ones) the block vectors stay in registers and the compares are unrolled
        /// (<see cref="AsciiMaskRows{TB}"/>): per-block sets
        /// (a block holds about half of the card's characters) did fewer compares but ~11 instructions each
        /// (tzcnt, broadcast, imul …) against ~3.5 here. False, and nothing written, when a code point is ≥ 128
        /// or AVX-512 is not there.
        /// <para>Nothing is cleared after a batch (zeroing the rows written was a fifth of the lane build): with VBMI the
        /// lane's text maps a character the pattern lacks to the zero row through <paramref name="lut"/> (see
        /// <see cref="RowsOf"/>), so only row 0 and the characters' rows are written and read; without it, rows 0..128
        /// are zeroed first.</para></summary>
        private bool AsciiMasks(ref int pattern, int m, int stride, ref ulong masks, int lane, SimdLevel level, out byte* lut)
        {
            lut = null;
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
            if (Simd.Avx512Vbmi(level))
            {
                lut = Lut(lane);
                Vector512<byte>.Zero.Store(lut);
                Vector512<byte>.Zero.Store(lut + 64);
                MemoryMarshal.CreateSpan(ref masks, stride).Clear();
            }
            else MemoryMarshal.CreateSpan(ref masks, (AsciiRows + 1) * stride).Clear();
            Vector512<ulong> lo = default, hi = default;
            for (int b = 0; b < blocks; b++) Characters(bytes + 64 * b, ref lo, ref hi);
            ulong union0 = Or8(lo), union1 = Or8(hi);
            switch (blocks)
            {
                case 1: AsciiMaskRows<Blocks1>(bytes, union0, union1, ref masks, stride, lut, 1); break;
                case 2: AsciiMaskRows<Blocks2>(bytes, union0, union1, ref masks, stride, lut, 2); break;
                case 3: AsciiMaskRows<Blocks3>(bytes, union0, union1, ref masks, stride, lut, 3); break;
                case 4: AsciiMaskRows<Blocks4>(bytes, union0, union1, ref masks, stride, lut, 4); break;
                case 5: AsciiMaskRows<Blocks5>(bytes, union0, union1, ref masks, stride, lut, 5); break;
                case 6: AsciiMaskRows<Blocks6>(bytes, union0, union1, ref masks, stride, lut, 6); break;
                case 7: AsciiMaskRows<Blocks7>(bytes, union0, union1, ref masks, stride, lut, 7); break;
                case 8: AsciiMaskRows<Blocks8>(bytes, union0, union1, ref masks, stride, lut, 8); break;
                default: AsciiMaskRows<BlocksAny>(bytes, union0, union1, ref masks, stride, lut, blocks); break;
            }
            return true;
        }

        /// <summary>Rows c + 1 of every character c of the sets of a pattern of <typeparamref name="TB"/> blocks (narrowed
        /// at <paramref name="bytes"/>): the block vectors stay in registers and the compares of a character are unrolled
        /// (~3 instructions each: compare, mask move, store). The loop over blocks that all counts but 8 took before cost
        /// ~9 a compare (loop control, address arithmetic, a reload of the block), most of the lane build of the
        /// metadata genomes (1–7 blocks). <see cref="BlocksAny"/>: more than 8 blocks, a loop over them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AsciiMaskRows<TB>(byte* bytes, ulong union0, ulong union1, ref ulong masks, int stride, byte* lut, int blocks)
            where TB : struct, IBlockCount
        {
            int nb = TB.Count;
            Vector512<byte> v0 = nb > 0 ? Vector512.Load(bytes) : default;
            Vector512<byte> v1 = nb > 1 ? Vector512.Load(bytes + 64) : default, v2 = nb > 2 ? Vector512.Load(bytes + 128) : default;
            Vector512<byte> v3 = nb > 3 ? Vector512.Load(bytes + 192) : default, v4 = nb > 4 ? Vector512.Load(bytes + 256) : default;
            Vector512<byte> v5 = nb > 5 ? Vector512.Load(bytes + 320) : default, v6 = nb > 6 ? Vector512.Load(bytes + 384) : default;
            Vector512<byte> v7 = nb > 7 ? Vector512.Load(bytes + 448) : default;
            for (int half = 0; half < 2; half++)
                for (ulong set = half == 0 ? union0 : union1; set != 0; set &= set - 1)
                {
                    int c = 64 * half + BitOperations.TrailingZeroCount(set);
                    ref ulong row = ref Unsafe.Add(ref masks, (c + 1) * stride);
                    Vector512<byte> cc = Vector512.Create((byte)c);
                    if (lut != null) lut[c] = (byte)(c + 1);
                    if (nb == 0)
                    {
                        for (int b = 0; b < blocks; b++)
                            Unsafe.Add(ref row, b) = Vector512.Equals(Vector512.Load(bytes + 64 * b), cc).ExtractMostSignificantBits();
                        continue;
                    }
                    row = Vector512.Equals(v0, cc).ExtractMostSignificantBits();
                    if (nb > 1) Unsafe.Add(ref row, 1) = Vector512.Equals(v1, cc).ExtractMostSignificantBits();
                    if (nb > 2) Unsafe.Add(ref row, 2) = Vector512.Equals(v2, cc).ExtractMostSignificantBits();
                    if (nb > 3) Unsafe.Add(ref row, 3) = Vector512.Equals(v3, cc).ExtractMostSignificantBits();
                    if (nb > 4) Unsafe.Add(ref row, 4) = Vector512.Equals(v4, cc).ExtractMostSignificantBits();
                    if (nb > 5) Unsafe.Add(ref row, 5) = Vector512.Equals(v5, cc).ExtractMostSignificantBits();
                    if (nb > 6) Unsafe.Add(ref row, 6) = Vector512.Equals(v6, cc).ExtractMostSignificantBits();
                    if (nb > 7) Unsafe.Add(ref row, 7) = Vector512.Equals(v7, cc).ExtractMostSignificantBits();
                }
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

        /// <summary>Room for <paramref name="words"/> table words from <see cref="_base"/> (a batch's lanes need at most
        /// (Σ m + W·129)·stride: the zero row, 128 ASCII rows, one row per other distinct code point). Reserved before a batch, never during
        /// one: a new array may have a different alignment offset.</summary>
        private void EnsureTable(int words)
        {
            if (_table.Length >= _base + words) return;
            _table = GC.AllocateArray<ulong>(Math.Max(words, 2 * _table.Length) + 8, pinned: true);
            fixed (ulong* p = _table) _base = (int)((64 - ((nint)p & 63)) & 63) / sizeof(ulong);
        }

        /// <summary>An unused lane reads the zero row of its own empty region at every step.</summary>
        private int FillIdle(int l, int w, int stride, int steps, int at)
        {
            if (_table.Length < at + stride) throw new InvalidOperationException("match table not reserved");
            _table.AsSpan(at, stride).Clear();
            for (int j = 0; j < steps; j += StreamChunk)
                _stream.AsSpan(j * w + l * StreamChunk, StreamChunk).Fill(at);
            return at + stride;
        }

        /// <summary>Rows of 16 ASCII code points from a lane's character table (vpermi2b over its 128 bytes).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> RowsOf(Vector512<int> c, byte* lut)
        {
            Vector128<byte> index = Avx512F.ConvertToVector128Byte(c.AsUInt32());
            Vector512<byte> rows = Avx512Vbmi.PermuteVar64x8x2(Vector512.Load(lut), index.ToVector256Unsafe().ToVector512Unsafe(), Vector512.Load(lut + 64));
            return Avx512F.ConvertToVector512Int32(rows.GetLower().GetLower());
        }
    }
}
