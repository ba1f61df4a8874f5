using Phylo.Store;

namespace Phylo.Analyses.Drift;

/// <summary>The MessagePack form of a <see cref="DriftPartial"/> in a <c>.phylopart</c>: every integer, in a fixed order
/// (dictionaries by ascending key), so a partial read back merges and finishes to the same bytes.</summary>
internal static class DriftPartialCodec
{
    public static void Write(PartWriter w, DriftPartial p)
    {
        w.Int(p.Mutation.Tallies.Length);
        foreach (JaccardTally t in p.Mutation.Tallies) WriteTally(w, t);
        w.Int(p.Transitions.Cells.Length);
        for (int i = 0; i < p.Transitions.Cells.Length; i++)
        {
            w.Int(p.Transitions.Edges[i]);
            WriteMap(w, p.Transitions.Cells[i], (k, v) => (v.Study, v.Clean));
        }
        w.Int(p.Numeric.Groups);
        w.Array(p.Numeric.N);
        w.Array(p.Numeric.SumParent);
        w.Array(p.Numeric.SumChild);
        w.Array(p.Numeric.GroupSums);
        w.Int(p.Compliance.Edges);
        w.Array(p.Compliance.ClassMatrix);
        w.Array(p.Compliance.FlaggedEdges.ToArray());
        w.Int(p.Compliance.UnlicensedChildren);
        w.Int(p.Chain.StateCount);
        w.Array(p.Chain.Transitions);
        w.Array(p.Chain.Roots);
        p.Study.Write(w);
    }

    internal static void WriteTally(PartWriter w, JaccardTally t)
    {
        var (dense, large) = t.Cells;
        w.Int(t.Count);
        w.Array(dense);
        WriteMap(w, large, (k, v) => (v, 0));
    }

    internal static JaccardTally ReadTally(PartReader r)
    {
        long count = r.Int();
        long[] dense = r.Array<long>();
        var (keys, n, _) = ReadMap(r);
        var large = new Dictionary<long, long>();
        for (int k = 0; k < keys.Length; k++) large[keys[k]] = n[k];
        return JaccardTally.Restore(count, dense, large);
    }

    private static void WriteMap<TValue>(PartWriter w, Dictionary<long, TValue> map, Func<long, TValue, (long, long)> values)
    {
        long[] keys = [.. map.Keys.Order()];
        var a = new long[keys.Length];
        var b = new long[keys.Length];
        for (int i = 0; i < keys.Length; i++) (a[i], b[i]) = values(keys[i], map[keys[i]]);
        w.Array(keys);
        w.Array(a);
        w.Array(b);
    }

    private static (long[] Keys, long[] A, long[] B) ReadMap(PartReader r)
    {
        long[] keys = r.Array<long>(), a = r.Array<long>(), b = r.Array<long>();
        if (a.Length != keys.Length || b.Length != keys.Length) throw new InvalidDataException("map columns of different lengths");
        return (keys, a, b);
    }

    public static DriftPartial Read(PartReader r)
    {
        int tallies = r.Int32();
        if (tallies % EdgeSlots.Count != 0) throw new InvalidDataException("mutation tallies of the wrong shape");
        var mutation = new MutationPartial(tallies / EdgeSlots.Count);
        for (int i = 0; i < tallies; i++) mutation.Tallies[i] = ReadTally(r);
        int traits = r.Int32();
        var transitions = new TransitionPartial(traits);
        for (int t = 0; t < traits; t++)
        {
            transitions.Edges[t] = r.Int();
            var (keys, study, clean) = ReadMap(r);
            for (int k = 0; k < keys.Length; k++) transitions.Cells[t][keys[k]] = new TransitionCount { Study = study[k], Clean = clean[k] };
        }
        var numeric = new NumericPartial(r.Int32());
        Fill(numeric.N, r.Array<long>());
        Fill(numeric.SumParent, r.Array<long>());
        Fill(numeric.SumChild, r.Array<long>());
        Fill(numeric.GroupSums, r.Array<long>());
        var compliance = new CompliancePartial { Edges = r.Int() };
        Fill(compliance.ClassMatrix, r.Array<long>());
        compliance.FlaggedEdges.AddRange(r.Array<int>());
        compliance.UnlicensedChildren = r.Int();
        var chain = new ChainPartial(r.Int32());
        Fill(chain.Transitions, r.Array<long>());
        Fill(chain.Roots, r.Array<long>());
        return new DriftPartial(mutation, transitions, numeric, compliance, chain, StudyDriftPartial.Read(r));
    }

    internal static void Fill(long[] into, long[] from)
    {
        if (from.Length != into.Length) throw new InvalidDataException($"array of {from.Length} values where {into.Length} were expected");
        from.CopyTo(into, 0);
    }
}
