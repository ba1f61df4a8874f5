namespace Phylo.Table;

/// <summary>Capacity for a table expected to reach a row count (<see cref="ModelTableBuilder.ExpectRows"/>): only
/// capacity, never content, depends on it.</summary>
internal static class RowScale
{
    /// <summary>Items for <paramref name="rows"/> rows at the rate so far (<paramref name="items"/> over
    /// <paramref name="rowsSoFar"/>); <paramref name="items"/> when there is no rate yet.</summary>
    public static int Items(int items, int rowsSoFar, int rows) =>
        rowsSoFar <= 0 || rows <= rowsSoFar ? items : (int)Math.Min(Array.MaxLength / 2, (long)items * rows / rowsSoFar);

    public static void Reserve<T>(List<T> column, int count)
    {
        if (column.Capacity < count) column.Capacity = count;
    }
}
