using Phylo.Table;
using Phylo.Text;

namespace Phylo.Lineage.Features;

/// <summary>
/// The card text lineage compares: the card <b>without its YAML front matter</b>, cut to its first
/// <see cref="Length"/> code points (<see cref="CardText.Body"/>, computed at ingest and kept in
/// <see cref="CardFeatures.Bodies"/>). The front matter is where a card declares <c>base_model:</c>; keeping it would
/// let a held-out child's own declaration pick its parent. A model has a body when it is at least
/// <see cref="MinBytes"/> bytes long.
/// </summary>
public static class CardBody
{
    public const int Length = CardText.PrefixCodePoints;
    public const int MinBytes = 64;

    public static ReadOnlySpan<byte> Text(ModelTable table, int model) =>
        table.CardFeatures?.Bodies is { } bodies ? bodies[model] : default;

    /// <summary>The text after a leading <c>---</c> … <c>---</c> block (the whole text when there is none or it never closes).</summary>
    public static ReadOnlySpan<byte> StripFrontMatter(ReadOnlySpan<byte> card) => CardText.StripFrontMatter(card);

    /// <summary>Models with a body, ascending.</summary>
    public static int[] Models(ModelTable table)
    {
        var list = new List<int>();
        if (table.CardFeatures?.Bodies is null) return [];
        for (int i = 0; i < table.Count; i++)
            if (Text(table, i).Length >= MinBytes) list.Add(i);
        return list.ToArray();
    }

    public static ITextCorpus Corpus(ModelTable table, int[] models) => new BodyCorpus(table, models);

    private sealed class BodyCorpus(ModelTable table, int[] models) : ITextCorpus
    {
        public int Count => models.Length;
        public ReadOnlySpan<byte> this[int index] => Text(table, models[index]);
    }
}
