using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phylo.Kernels;

/// <summary>
/// MinHash-128 signatures of card shingles for template detection (docs/engine.md §4, beyond the study).
/// <para><b>Shingles:</b> every window of <see cref="ShingleBytes"/> = 8 consecutive UTF-8 bytes (≈ 8 characters
/// of ASCII text, fewer for other scripts), read as one little-endian ulong; a non-empty text shorter than 8 bytes
/// is one zero-padded shingle; an empty text has none.</para>
/// <para><b>Hash family:</b> one-permutation hashing (Li, Owen, Zhang 2012) with optimal densification
/// (Shrivastava 2017) instead of 128 independent permutations: each shingle is hashed once,
/// h = fmix64(window ⊕ <see cref="Seed"/>) (MurmurHash3's 64-bit finalizer, a bijection, so distinct shingles never
/// collide); its top 7 bits pick one of the 128 bins and its low 31 bits are the value; each bin keeps its minimum.
/// Empty bins (short texts) copy the value of the first non-empty bin on a fixed pseudo-random probe sequence of
/// the bin index (the same sequence for every text, so equal lanes still estimate Jaccard). One hash per byte
/// instead of 128 is what reaches hundreds of MB/s per core. 0xFFFFFFFF marks lanes of an empty text.</para>
/// </summary>
[SkipLocalsInit]
public static class MinHasher
{
    public const int Lanes = 128;
    public const int ShingleBytes = 8;
    public const ulong Seed = 0x9E37_79B9_7F4A_7C15;
    public const uint Empty = uint.MaxValue;

    /// <summary>Writes the 128-lane signature of <paramref name="utf8"/> into <paramref name="signature"/>.</summary>
    public static void Signature(ReadOnlySpan<byte> utf8, Span<uint> signature) => Signature(utf8, signature, Simd.Level);

    /// <inheritdoc cref="Signature(ReadOnlySpan{byte}, Span{uint})"/>
    /// <remarks>V512 (with AVX-512 VBMI and DQ) hashes 8 shingles per vector (<see cref="HashBlocks512"/>); the other
    /// levels run the scalar loop, which is also the reference. Every level gives the same signature.</remarks>
    public static void Signature(ReadOnlySpan<byte> utf8, Span<uint> signature, SimdLevel level)
    {
        if (signature.Length < Lanes) throw new ArgumentException("signature needs 128 lanes", nameof(signature));
        Span<uint> sig = signature[..Lanes];
        sig.Fill(Empty);
        int n = utf8.Length;
        if (n == 0) return;
        ref uint s = ref MemoryMarshal.GetReference(sig);
        if (n < ShingleBytes)
        {
            Span<byte> pad = stackalloc byte[ShingleBytes];
            pad.Clear();
            utf8.CopyTo(pad);
            Add(ref s, BinaryPrimitives.ReadUInt64LittleEndian(pad));
        }
        else
        {
            int i = Simd.Avx512Vbmi(Simd.Cap(level)) ? HashBlocks512(utf8, ref s) : 0;
            ref byte p = ref MemoryMarshal.GetReference(utf8);
            for (; i <= n - ShingleBytes; i++)
                Add(ref s, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i)));
        }
        Densify(sig);
    }

    /// <summary>
    /// Shingles 0..55 of each 64-byte block: one 64-byte load, then per 8 shingles one <c>vpermb</c> that lays out
    /// the 8 overlapping windows as 8 qwords, and fmix64 on 8 lanes (<c>vpmullq</c>). The 56 hashes go through a
    /// stack buffer to the per-bin minimum (a scalar read-modify-write: bins collide within a vector).
    /// Returns the first shingle not done (the scalar loop finishes the last &lt; 64 bytes).
    /// </summary>
    private static int HashBlocks512(ReadOnlySpan<byte> utf8, ref uint sig)
    {
        const int PerLoad = 56;
        Span<ulong> hashes = stackalloc ulong[PerLoad];
        ref ulong h0 = ref MemoryMarshal.GetReference(hashes);
        ref byte p = ref MemoryMarshal.GetReference(utf8);
        Vector512<byte> windows = Vector512.Create(
            (byte)0, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 8, 2, 3, 4, 5, 6, 7, 8, 9, 3, 4, 5, 6, 7, 8, 9, 10,
            4, 5, 6, 7, 8, 9, 10, 11, 5, 6, 7, 8, 9, 10, 11, 12, 6, 7, 8, 9, 10, 11, 12, 13, 7, 8, 9, 10, 11, 12, 13, 14);
        Vector512<ulong> seed = Vector512.Create(Seed), c1 = Vector512.Create(0xFF51_AFD7_ED55_8CCDUL), c2 = Vector512.Create(0xC4CE_B9FE_1A85_EC53UL);
        int i = 0;
        for (; i + Vector512<byte>.Count <= utf8.Length; i += PerLoad)
        {
            Vector512<byte> block = Vector512.LoadUnsafe(ref p, (nuint)i);
            for (int k = 0; k < PerLoad / 8; k++)
            {
                Vector512<ulong> x = Avx512Vbmi.PermuteVar64x8(block, windows + Vector512.Create((byte)(8 * k))).AsUInt64() ^ seed;
                x ^= x >>> 33;
                x *= c1;
                x ^= x >>> 33;
                x *= c2;
                (x ^ (x >>> 33)).StoreUnsafe(ref h0, (nuint)(8 * k));
            }
            for (int k = 0; k < PerLoad; k++) AddHash(ref sig, Unsafe.Add(ref h0, k));
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref uint sig, ulong window) => AddHash(ref sig, Mix(window ^ Seed));

    /// <summary>Bin = top 7 bits of the shingle hash, value = its low 31 bits; the bin keeps its minimum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddHash(ref uint sig, ulong h)
    {
        ref uint slot = ref Unsafe.Add(ref sig, (nint)(h >> 57));
        uint v = (uint)h & 0x7FFF_FFFF;
        slot = v < slot ? v : slot;
    }

    /// <summary>MurmurHash3 fmix64: a bijection on 64-bit values with full avalanche.</summary>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51_AFD7_ED55_8CCD;
        x ^= x >> 33;
        x *= 0xC4CE_B9FE_1A85_EC53;
        return x ^ (x >> 33);
    }

    /// <summary>Fills each empty bin j from bin <see cref="ProbeBin"/>(j, 1), (j, 2), … — the first non-empty one.</summary>
    private static void Densify(Span<uint> sig)
    {
        int filled = 0;
        foreach (uint v in sig) filled += v != Empty ? 1 : 0;
        if (filled is 0 or Lanes) return;
        Span<uint> original = stackalloc uint[Lanes];
        sig.CopyTo(original);
        for (int j = 0; j < Lanes; j++)
        {
            if (original[j] != Empty) continue;
            for (uint attempt = 1; ; attempt++)
            {
                uint v = original[ProbeBin(j, attempt)];
                if (v != Empty) { sig[j] = v; break; }
            }
        }
    }

    /// <summary>The densification probe: bin of the attempt-th try for empty bin j (fixed for all texts).</summary>
    public static int ProbeBin(int bin, uint attempt) => (int)(Mix(((ulong)attempt << 32) | (uint)bin) >> 57);

    /// <summary>Lanes where the two signatures agree.</summary>
    public static int CountEqual(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b) => CountEqual(a, b, Simd.Level);

    /// <inheritdoc cref="CountEqual(ReadOnlySpan{uint}, ReadOnlySpan{uint})"/>
    /// <remarks>Any length; 16/8/4 lanes per vector compare, remainder in scalar.</remarks>
    public static int CountEqual(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b, SimdLevel level)
    {
        if (a.Length != b.Length) throw new ArgumentException("signatures differ in length");
        ref uint pa = ref MemoryMarshal.GetReference(a);
        ref uint pb = ref MemoryMarshal.GetReference(b);
        int n = a.Length, i = 0, eq = 0;
        if (level >= SimdLevel.V512)
            for (; i <= n - 16; i += 16)
                eq += BitOperations.PopCount(Vector512.Equals(Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i)).ExtractMostSignificantBits());
        if (level >= SimdLevel.V256)
            for (; i <= n - 8; i += 8)
                eq += BitOperations.PopCount(Vector256.Equals(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i)).ExtractMostSignificantBits());
        if (level >= SimdLevel.V128)
            for (; i <= n - 4; i += 4)
                eq += BitOperations.PopCount(Vector128.Equals(Vector128.LoadUnsafe(ref pa, (nuint)i), Vector128.LoadUnsafe(ref pb, (nuint)i)).ExtractMostSignificantBits());
        for (; i < n; i++) eq += Unsafe.Add(ref pa, i) == Unsafe.Add(ref pb, i) ? 1 : 0;
        return eq;
    }

    /// <summary>Estimated Jaccard of the two texts' shingle sets: the fraction of equal lanes.</summary>
    public static double EstimateJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b) => EstimateJaccard(a, b, Simd.Level);

    /// <inheritdoc cref="EstimateJaccard(ReadOnlySpan{uint}, ReadOnlySpan{uint})"/>
    public static double EstimateJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b, SimdLevel level) =>
        a.IsEmpty ? 1.0 : (double)CountEqual(a, b, level) / a.Length;

    /// <summary>LSH bucket key of each band: XxHash3 of the band's <paramref name="rows"/> lanes (bytes as stored, little-endian
    /// on every supported CPU) seeded with the band index, so equal keys in one band mean equal lanes (up to 2⁻⁶⁴).</summary>
    public static void BandKeys(ReadOnlySpan<uint> signature, int bands, int rows, Span<ulong> keys)
    {
        if (bands * rows > signature.Length || keys.Length < bands) throw new ArgumentException("bands × rows exceed the signature");
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(signature);
        for (int band = 0; band < bands; band++)
            keys[band] = XxHash3.HashToUInt64(bytes.Slice(band * rows * 4, rows * 4), band);
    }
}
