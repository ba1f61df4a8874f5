namespace Phylo.Lineage.Candidates;

/// <summary>
/// Candidate parents of a list of children, CSR: child i = <see cref="Children"/>[i] has candidates
/// <c>[Offsets[i], Offsets[i+1])</c> in <see cref="Parents"/>, best first (highest vote, then most popular).
/// </summary>
public sealed class CandidateSet
{
    public required int[] Children { get; init; }
    public required int[] Offsets { get; init; }
    public required int[] Parents { get; init; }
    /// <summary>The candidate's vote: shared keys weighted by source (<see cref="CandidateSources.Weight"/>), at most
    /// <see cref="CandidateGenerator.MaxVotes"/>.</summary>
    public required ushort[] Votes { get; init; }
    public required CandidateSource[] Sources { get; init; }

    public int Count => Parents.Length;

    public Range Of(int childIndex) => Offsets[childIndex]..Offsets[childIndex + 1];
}

/// <summary>One child's candidates as three parallel arrays of capacity K (a reusable per-thread buffer).</summary>
public sealed class ChildCandidates(int k)
{
    public int[] Parents { get; } = new int[k];
    public ushort[] Votes { get; } = new ushort[k];
    public CandidateSource[] Sources { get; } = new CandidateSource[k];
}
