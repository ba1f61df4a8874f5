using Phylo.Table;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// The trait genome: one set per model holding its license, language, task, library and dataset values as typed
/// ids (value id + the offset of its kind, so "mit" the license and "mit" a dataset differ). Pairs compare it with
/// one Jaccard of the two unions — every trait value weighs the same, the set has a plain meaning and the SIMD set
/// kernel applies — rather than a mean of per-kind Jaccards, which would give a lone library the weight of twenty
/// datasets. A model with none of these traits has no trait genome (like a model without a card).
/// </summary>
public sealed class TraitGenome
{
    /// <summary>The trait kinds in the genome.</summary>
    public static readonly TraitKind[] Kinds = [TraitKind.License, TraitKind.Language, TraitKind.Task, TraitKind.Library, TraitKind.Dataset];

    private TraitGenome(int[] offsets, int[] values)
    {
        Offsets = offsets;
        Values = values;
    }

    /// <summary>N+1 row starts into <see cref="Values"/>; rows are strictly ascending.</summary>
    public int[] Offsets { get; }
    public int[] Values { get; }

    public bool Has(int model) => Offsets[model + 1] > Offsets[model];

    public ReadOnlySpan<int> this[int model] => Values.AsSpan(Offsets[model], Offsets[model + 1] - Offsets[model]);

    public static TraitGenome Build(ModelTable table)
    {
        int n = table.Count;
        var offsets = new int[n + 1];
        long total = 0;
        foreach (TraitKind k in Kinds) total += table[k].Values.Length;
        var values = new int[checked((int)total)];
        var kindOffset = new int[Kinds.Length];
        for (int k = 1; k < Kinds.Length; k++) kindOffset[k] = checked(kindOffset[k - 1] + table[Kinds[k - 1]].Vocabulary.Length);
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            // Kinds in order with increasing offsets and each row sorted: the concatenation is sorted.
            for (int k = 0; k < Kinds.Length; k++)
                foreach (int v in table[Kinds[k]][i]) values[at++] = kindOffset[k] + v;
            offsets[i + 1] = at;
        }
        return new TraitGenome(offsets, values);
    }
}
