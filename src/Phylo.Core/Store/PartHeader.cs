namespace Phylo.Store;

/// <summary>What a part holds (the steps of a sharded run, in order).</summary>
public enum PartKind
{
    /// <summary>Prepare round 1 of one shard: term counts of its documents.</summary>
    TermCounts = 1,
    /// <summary>Round-1 parts merged: the vocabulary candidates every shard's round 2 needs.</summary>
    Candidates = 2,
    /// <summary>Prepare round 2 of one shard: document frequencies and strings of the candidates.</summary>
    CandidateStats = 3,
    /// <summary>Round-2 parts merged: the fitted vocabularies every analysis shard needs.</summary>
    Prepared = 4,
    /// <summary>One shard's partial of every report section.</summary>
    Analysis = 5,
}

/// <summary>
/// The identity of a part: what it is, which inputs and options produced it, and which shard of how many. Parts merge
/// only when everything but the shard index agrees (<see cref="SameRun"/>).
/// </summary>
/// <param name="Inputs">Absolute paths of the inputs, in order (named in the merged report's header; the merge does not read them).</param>
/// <param name="InputFingerprint">XxHash64 over the ingested model ids and input summaries (<c>RunInputs.Fingerprint</c>).</param>
/// <param name="Options">The options that change results, as one canonical string (seed, sampled, …).</param>
/// <param name="Basis">Fingerprint of the part this one was computed from (candidates or prepared vocabularies), 0 when none.</param>
public sealed record PartHeader(PartKind Kind, string[] Inputs, ulong InputFingerprint, string Options, int ShardIndex, int ShardCount, ulong Basis)
{
    public void Write(PartWriter w)
    {
        w.Int((int)Kind);
        w.Strings(Inputs);
        w.UInt(InputFingerprint);
        w.String(Options);
        w.Int(ShardIndex);
        w.Int(ShardCount);
        w.UInt(Basis);
    }

    public static PartHeader Read(PartReader r) =>
        new((PartKind)r.Int32(), r.Strings(), r.UInt(), r.String() ?? "", r.Int32(), r.Int32(), r.UInt());

    /// <summary>The first difference that keeps two parts from merging, or null.</summary>
    public string? SameRun(PartHeader other)
    {
        if (Kind != other.Kind) return $"is a {other.Kind} part, not {Kind}";
        if (InputFingerprint != other.InputFingerprint) return "comes from different inputs";
        if (Options != other.Options) return $"has different options ({other.Options} vs {Options})";
        if (ShardCount != other.ShardCount) return $"is shard {other.ShardIndex} of {other.ShardCount}, not of {ShardCount}";
        if (Basis != other.Basis) return "was computed from a different prepared vocabulary";
        return null;
    }
}
