using CsCheck;
using Phylo.Analyses;
using Phylo.Graph;

namespace Phylo.Tests.Analyses;

/// <summary><see cref="TopK{T}"/> against its oracle: sort every item and take k.</summary>
public sealed class TopKTests
{
    private static int BySizeThenId(FamilyRank a, FamilyRank b)
    {
        int c = b.Size.CompareTo(a.Size);
        return c != 0 ? c : string.CompareOrdinal(a.RootId, b.RootId);
    }

    private static FamilyRank[] Oracle(IEnumerable<FamilyRank> items, int k) =>
        [.. items.Order(Comparer<FamilyRank>.Create(BySizeThenId)).Take(k)];

    [Fact]
    public void Keeps_the_first_k_of_the_sorted_stream_whatever_the_arrival_order()
    {
        // Sizes from a small range, so many items tie on size and the id decides; k from 0 past the item count.
        Gen.Select(Gen.Int[1, 6].Array[0, 300], Gen.Int[0, 320]).Sample((sizes, k) =>
        {
            var items = sizes.Select((s, i) => new FamilyRank($"m{i * 7919 % 1009:D4}/{i}", s, i % 3)).ToArray();
            Assert.Equal(Oracle(items, k), TopK.Of(items, k, BySizeThenId));
            Assert.Equal(Oracle(items, k), TopK.Of(items.Reverse(), k, BySizeThenId));
        });
    }

    [Fact]
    public void Nothing_kept_for_k_zero_or_no_items()
    {
        Assert.Empty(TopK.Of([new FamilyRank("a", 1, 0)], 0, BySizeThenId));
        Assert.Empty(TopK.Of<FamilyRank>([], 5, BySizeThenId));
    }
}
