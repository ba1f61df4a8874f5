using Phylo.Kernels;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Lineage.Features;

/// <summary>
/// The card text lineage compares: the card <b>without its YAML front matter</b>, cut to its first
/// <see cref="Length"/> code points. The front matter is where a card declares <c>base_model:</c>; keeping it would
/// let a held-out child's own declaration pick its parent. A model has a body when it is at least
/// <see cref="MinBytes"/> bytes long.
/// </summary>
public static class CardBody
{
    public const int Length = 512;
    public const int MinBytes = 64;

    public static ReadOnlySpan<byte> Text(ModelTable table, int model)
    {
        if (table.Cards is null) return default;
        ReadOnlySpan<byte> card = StripFrontMatter(table.Cards[model]);
        return card[..Utf8Text.PrefixByteLength(card, Length)];
    }

    /// <summary>The text after a leading <c>---</c> … <c>---</c> block (the whole text when there is none or it never closes).</summary>
    public static ReadOnlySpan<byte> StripFrontMatter(ReadOnlySpan<byte> card)
    {
        if (!card.StartsWith("---"u8)) return card;
        int firstEnd = card.IndexOf((byte)'\n');
        if (firstEnd < 0) return card;
        ReadOnlySpan<byte> rest = card[(firstEnd + 1)..];
        int consumed = firstEnd + 1;
        while (!rest.IsEmpty)
        {
            int nl = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = nl < 0 ? rest : rest[..nl];
            if (line.TrimEnd((byte)'\r').SequenceEqual("---"u8))
                return nl < 0 ? default : card[(consumed + nl + 1)..];
            if (nl < 0) break;
            consumed += nl + 1;
            rest = rest[(nl + 1)..];
        }
        return card;
    }

    /// <summary>Models with a body, ascending.</summary>
    public static int[] Models(ModelTable table)
    {
        var list = new List<int>();
        if (table.Cards is null) return [];
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
