namespace Phylo.Analyses;

/// <summary>
/// The first <c>k</c> items of a stream in an order, without sorting the stream: a heap holds the best k seen so far with
/// the worst of them on top, and an item that does not beat it costs one comparison (for the ranks here, an integer
/// compare: sizes and counts decide almost every case, the id only ties). Same items, same order as sorting every item
/// and taking k, whenever <paramref name="order"/> is a total order (the ranks break ties by a unique id).
/// </summary>
/// <remarks>Sorting 1.3M families to keep 20 cost ~1.8 CPU-s of a full-scale run (perf, native-notes/graph-layout.md).</remarks>
public sealed class TopK<T>(int k, Comparison<T> order)
{
    // The heap's root is the kept item that comes last in `order`.
    private readonly PriorityQueue<T, T> _kept = new(Comparer<T>.Create((a, b) => order(b, a)));

    /// <summary>Offers <paramref name="item"/>; it stays if it is among the best k so far.</summary>
    public void Add(T item)
    {
        if (k <= 0) return;
        if (_kept.Count < k) _kept.Enqueue(item, item);
        else if (order(item, _kept.Peek()) < 0) _kept.EnqueueDequeue(item, item);
    }

    /// <summary>The kept items, best first.</summary>
    public T[] ToArray()
    {
        var items = _kept.UnorderedItems.Select(x => x.Element).ToArray();
        Array.Sort(items, order);
        return items;
    }
}

/// <summary>The first k items of a sequence in an order (<see cref="TopK{T}"/>).</summary>
public static class TopK
{
    /// <summary>The best <paramref name="k"/> of <paramref name="items"/>, best first.</summary>
    public static T[] Of<T>(IEnumerable<T> items, int k, Comparison<T> order)
    {
        var top = new TopK<T>(k, order);
        foreach (T item in items) top.Add(item);
        return top.ToArray();
    }
}
