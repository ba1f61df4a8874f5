using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Phylo.Kernels;
using Phylo.Table;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// Every measure of one genome for one pair of models, written in <see cref="MeasureSlot.Of"/> order
/// (card: tfidf, bow, levenshtein, minhash; metadata: tfidf, bow, levenshtein; traits: jaccard). NaN when either
/// model lacks the genome. One scorer per thread; its buffers (code point pool, dense rows, batch arrays) are the
/// thread's, so the scorers a parallel loop creates again and again reuse what an earlier one grew.
/// </summary>
[SkipLocalsInit]
public sealed class PairScorer(GenomeFeatures features)
{
    private sealed class Buffers
    {
        public int[] CpA = new int[1024], CpB = new int[1024];
        public int[] Pool = new int[1 << 16];
        public int[] Offsets = new int[1024], First = new int[512], Second = new int[512], Valid = new int[512];
        public bool[] Ok = new bool[SubBatch];
        public double[] Sims = new double[512];
        public float[] TfIdf = [], Bow = [], RowT = [], RowB = [];
    }

    [ThreadStatic] private static Buffers? t_buffers;

    private static Buffers B => t_buffers ??= new Buffers();

    /// <summary>The slot of the Levenshtein measure in a genome's measures, -1 when it has none.</summary>
    private static int LevenshteinSlot(Genome genome) => genome == Genome.Traits ? -1 : 2;

    /// <summary>Pairs per sub-batch: their inputs are prefetched together (pass 0 and 1 of <see cref="Prepare"/>) and
    /// their texts decoded while those lines are still cached.</summary>
    private const int SubBatch = 128;

    /// <summary>Most pairs per call of the Levenshtein kernel (≥ <see cref="SubBatch"/>): the decoded texts of several
    /// sub-batches are pooled and handed over together, so the kernel's batches of 8 lanes of one block count (it sorts
    /// its pairs by blocks and text length) are fuller and their lanes' text lengths closer: with 128 pairs of
    /// patterns spread over 1–8 blocks (the metadata genomes) a call left a partial batch per block count.
    /// Internal and settable for bench/probes/pair-samples.cs, which alternates it with the old 128 in one process.</summary>
    internal static int KernelPairs = 512;

    /// <summary>
    /// Scores pairs (xs[p], ys[p]) into <c>into[p * slots ..]</c>: every measure but Levenshtein pair by pair, then
    /// the pairs' Levenshtein similarities through the inter-pair SIMD batch kernel, up to <see cref="KernelPairs"/>
    /// pairs a call. Without <paramref name="cosines"/> the TF-IDF and BoW slots are left at 0: the population designs
    /// need only the other measures (the cosines of every pair type are exact, from the identities).
    /// </summary>
    /// <remarks>Without <paramref name="levenshtein"/> the Levenshtein slot is left NaN (and nothing of the texts is read).
    /// Each pair's distance is exact whatever pairs share a kernel call, so the values do not depend on <see cref="KernelPairs"/>.</remarks>
    public void ScoreBatch(Genome genome, ReadOnlySpan<int> xs, ReadOnlySpan<int> ys, Span<double> into, bool cosines = true, bool levenshtein = true)
    {
        int slots = MeasureSlot.Of(genome).Count, lev = levenshtein ? LevenshteinSlot(genome) : -1;
        int perCall = Math.Max(SubBatch, KernelPairs);
        Buffers b = B;
        Grow(b, Math.Min(xs.Length, perCall));
        var queued = new KernelQueue();
        for (int start = 0; start < xs.Length; start += SubBatch)
        {
            int count = Math.Min(SubBatch, xs.Length - start);
            if (queued.Pairs + count > perCall) Levenshteins(b, ref queued, into, slots, lev);
            Prepare(genome, xs, ys, start, count, into, cosines, levenshtein, ref queued);
        }
        Levenshteins(b, ref queued, into, slots, lev);
    }

    /// <summary>The texts queued for the next kernel call: <see cref="Pairs"/> pairs, <see cref="Used"/> code points of the pool.</summary>
    private struct KernelQueue
    {
        public int Pairs, Used;
    }

    /// <summary>Pairs start..start + count: every measure but Levenshtein into <paramref name="into"/>, and the texts of
    /// the pairs that have the genome (with a Levenshtein slot) decoded into the pool and queued for the kernel.</summary>
    private void Prepare(Genome genome, ReadOnlySpan<int> xs, ReadOnlySpan<int> ys, int start, int count, Span<double> into, bool cosines,
        bool levenshtein, ref KernelQueue queued)
    {
        int slots = MeasureSlot.Of(genome).Count, lev = levenshtein ? LevenshteinSlot(genome) : -1;
        Buffers b = B;
        xs = xs.Slice(start, count);
        ys = ys.Slice(start, count);
        // Pass 0 prefetches the index entries pass 1 reads; pass 1 finds which pairs have the genome on both sides and
        // prefetches everything pass 2 reads of them. Pairs are drawn at random from gigabytes of cards and rows, so
        // pass 2 would otherwise wait on memory pair after pair; here the loads of different pairs overlap.
        for (int p = 0; p < count; p++) { PrefetchEntries(genome, xs[p]); PrefetchEntries(genome, ys[p]); }
        for (int p = 0; p < count; p++)
        {
            bool ok = features.Has(genome, xs[p]) && features.Has(genome, ys[p]);
            b.Ok[p] = ok;
            if (ok) { PrefetchInputs(genome, xs[p], cosines); PrefetchInputs(genome, ys[p], cosines); }
        }
        int valid = queued.Pairs, used = queued.Used;
        for (int p = 0; p < count; p++)
        {
            Span<double> v = into.Slice((start + p) * slots, slots);
            if (!b.Ok[p]) { v.Fill(double.NaN); continue; }
            ScoreVectors(genome, xs[p], ys[p], v, cosines);
            if (!levenshtein && genome.IsText()) v[2] = double.NaN;
            if (lev < 0) continue;
            b.Offsets[2 * valid] = used;
            used = Append(b, genome, xs[p], used);
            b.Offsets[2 * valid + 1] = used;
            used = Append(b, genome, ys[p], used);
            b.First[valid] = 2 * valid;
            b.Second[valid] = 2 * valid + 1;
            b.Valid[valid++] = start + p;
        }
        queued = new KernelQueue { Pairs = valid, Used = used };
    }

    /// <summary>Runs the kernel over the queued pairs, writes their similarities to their Levenshtein slots and empties the queue.</summary>
    private static void Levenshteins(Buffers b, ref KernelQueue queued, Span<double> into, int slots, int lev)
    {
        int valid = queued.Pairs, used = queued.Used;
        queued = default;
        if (lev < 0 || valid == 0) return;
        b.Offsets[2 * valid] = used;
        Kernels.Levenshtein.Similarities(b.Pool.AsSpan(0, used), b.Offsets.AsSpan(0, 2 * valid + 1), b.First.AsSpan(0, valid),
            b.Second.AsSpan(0, valid), b.Sims.AsSpan(0, valid), Simd.Level);
        for (int k = 0; k < valid; k++) into[b.Valid[k] * slots + lev] = b.Sims[k];
    }

    /// <summary>Asks for the lines pass 1 reads of one model: its genome presence, where its card text starts and its row number.</summary>
    private unsafe void PrefetchEntries(Genome genome, int model)
    {
        if (genome == Genome.Metadata) { features.RecordText.PrefetchColumns(model); return; }
        if (genome != Genome.Card || !Simd.CanPrefetch) return;
        ModelTable t = features.Table;
        Simd.Prefetch0(Unsafe.AsPointer(ref t.CardChars[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref t.AutoGenerated[model]));
        Simd.Prefetch0(Unsafe.AsPointer(ref features.Card.RowOf[model]));
        t.CardFeatures?.Genomes.PrefetchEntry(model);
    }

    /// <summary>Asks for the lines pass 2 reads of one model: its genome text (the first 640 bytes: a 512-code-point
    /// genome is ~520 bytes of mostly ASCII), its MinHash signature, and with <paramref name="cosines"/> the start of its rows.</summary>
    private void PrefetchInputs(Genome genome, int model, bool cosines)
    {
        if (genome == Genome.Traits) return;
        if (genome == Genome.Card) Prefetch(CardGenome.Text(features.Table, model), 640);
        else if (genome == Genome.MetadataClean) Prefetch(features.CleanText.Text(model), 640);
        else features.RecordText.PrefetchValues(model); // the record is rendered, not stored: its parts
        VectorGenome g = features.Vectors(genome);
        int row = g.RowOf[model];
        if (row < 0) return; // a shard's table knows the genome of a model it did not featurize
        if (genome == Genome.Card) Prefetch(features.Signature(model), MinHasher.Lanes * sizeof(uint));
        if (!cosines) return;
        Prefetch(g.ColsOf(row), 128);
        Prefetch(g.Counts.CountsOf(row), 128);
    }

    /// <summary>Prefetches the cache lines of the first <paramref name="maxBytes"/> bytes of <paramref name="span"/>
    /// (a hint: the address may be stale if the GC moves the array meanwhile; a prefetch never faults).</summary>
    private static unsafe void Prefetch<T>(ReadOnlySpan<T> span, int maxBytes)
    {
        if (!Simd.CanPrefetch || span.IsEmpty) return;
        byte* p = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
        int bytes = Math.Min(span.Length * Unsafe.SizeOf<T>(), maxBytes);
        for (int o = 0; o < bytes; o += 64) Simd.Prefetch0(p + o);
    }

    private int Append(Buffers b, Genome genome, int model, int used)
    {
        ReadOnlySpan<byte> text = features.Text(genome, model);
        if (b.Pool.Length < used + text.Length) Array.Resize(ref b.Pool, Math.Max(used + text.Length, b.Pool.Length * 2));
        return used + Decode(text, b.Pool.AsSpan(used));
    }

    /// <summary>Room for a kernel call of <paramref name="pairs"/> pairs (pass 1's flags are per sub-batch: always enough).</summary>
    private static void Grow(Buffers b, int pairs)
    {
        if (b.First.Length >= pairs && b.Offsets.Length > 2 * pairs) return; // offsets need 2·pairs + 1 slots
        b.Offsets = new int[2 * pairs + 1];
        b.First = new int[pairs];
        b.Second = new int[pairs];
        b.Valid = new int[pairs];
        b.Sims = new double[pairs];
    }

    public void Score(Genome genome, int a, int b, Span<double> into)
    {
        if (!features.Has(genome, a) || !features.Has(genome, b))
        {
            into[..MeasureSlot.Of(genome).Count].Fill(double.NaN);
            return;
        }
        ScoreVectors(genome, a, b, into, cosines: true);
        if (genome.IsText()) into[2] = Levenshtein(genome, a, b);
    }

    /// <summary>Every measure of the pair except Levenshtein (slot 2 of card and metadata is left as it was); without
    /// <paramref name="cosines"/>, 0 in the TF-IDF and BoW slots.</summary>
    private void ScoreVectors(Genome genome, int a, int b, Span<double> into, bool cosines)
    {
        if (!cosines && genome != Genome.Traits) into[0] = into[1] = 0;
        switch (genome)
        {
            case Genome.Card:
                if (cosines) Cosines(features.Card, a, b, into);
                into[3] = MinHasher.EstimateJaccard(features.Signature(a), features.Signature(b));
                break;
            case Genome.Metadata:
            case Genome.MetadataClean:
                if (cosines) Cosines(features.Vectors(genome), a, b, into);
                break;
            default:
                into[0] = SetJaccard.Jaccard(features.Traits[a], features.Traits[b]);
                break;
        }
    }

    /// <summary>TF-IDF into[0] and BoW into[1] cosines of two models that have the genome, as
    /// <see cref="VectorGenome.Cosine"/> computes them, bit for bit: a's values are scattered into dense columns
    /// and b's columns read them in ascending order, so the products are added in the order of the sorted merge
    /// (an absent column adds +0.0, which leaves a double sum unchanged). Both rows share their columns.</summary>
    private static void Cosines(VectorGenome g, int a, int b, Span<double> into)
    {
        int ra = g.RowOf[a], rb = g.RowOf[b];
        Buffers buf = B;
        if (buf.TfIdf.Length < g.Columns)
        {
            buf.TfIdf = new float[g.Columns];
            buf.Bow = new float[g.Columns];
            buf.RowT = new float[g.Columns];
            buf.RowB = new float[g.Columns];
        }
        ReadOnlySpan<ushort> colsA = g.ColsOf(ra), colsB = g.ColsOf(rb);
        float[] tfidf = buf.TfIdf, bow = buf.Bow, rowT = buf.RowT, rowB = buf.RowB;
        g.Values(SimilarityMeasure.TfIdf, ra, rowT);
        g.Values(SimilarityMeasure.Bow, ra, rowB);
        for (int k = 0; k < colsA.Length; k++) { tfidf[colsA[k]] = rowT[k]; bow[colsA[k]] = rowB[k]; }
        g.Values(SimilarityMeasure.TfIdf, rb, rowT);
        g.Values(SimilarityMeasure.Bow, rb, rowB);
        double dotT = 0, dotB = 0;
        for (int k = 0; k < colsB.Length; k++)
        {
            int c = colsB[k];
            dotT += (double)tfidf[c] * rowT[k];
            dotB += (double)bow[c] * rowB[k];
        }
        foreach (int c in colsA) { tfidf[c] = 0; bow[c] = 0; }
        into[0] = dotT * g.TfIdfInverseNorm[ra] * g.TfIdfInverseNorm[rb];
        into[1] = dotB * g.BowInverseNorm[ra] * g.BowInverseNorm[rb];
    }

    // Each text is decoded before the next is read: a rendered record is valid only until the thread's next render.
    private double Levenshtein(Genome genome, int a, int b)
    {
        Buffers buf = B;
        int na = Decode(features.Text(genome, a), ref buf.CpA), nb = Decode(features.Text(genome, b), ref buf.CpB);
        return Kernels.Levenshtein.Similarity(buf.CpA.AsSpan(0, na), buf.CpB.AsSpan(0, nb));
    }

    /// <summary>UTF-8 → code points (invalid bytes become U+FFFD, as Python's decode with errors="replace").</summary>
    public static int Decode(ReadOnlySpan<byte> utf8, ref int[] into)
    {
        if (into.Length < utf8.Length) into = new int[Math.Max(utf8.Length, 2 * into.Length)];
        return Decode(utf8, into);
    }

    /// <inheritdoc cref="Decode(ReadOnlySpan{byte}, ref int[])"/>
    /// <remarks><paramref name="into"/> must hold at least <c>utf8.Length</c> values.</remarks>
    public static int Decode(ReadOnlySpan<byte> utf8, Span<int> into) => Utf8Decode.CodePoints(utf8, into, Simd.Level);
}
