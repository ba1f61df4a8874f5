using System.Text;
using Phylo.Similarity;
using Phylo.Table;

namespace Phylo.Analyses.Diff;

/// <summary>Which genome a diff aligns.</summary>
public enum DiffGenome : byte { Metadata, Card }

/// <summary>
/// A model's genome as text for the diff figure: the metadata genome (the study's: the Python repr of the model's Hub
/// record, see <see cref="MetadataRecordGenome"/>) or the card genome (the card's first 512 code points, <see cref="CardGenome"/>).
/// </summary>
public static class DiffGenomes
{
    public static string Name(this DiffGenome genome) => genome == DiffGenome.Card ? "card" : "metadata";

    /// <summary>The metadata genome of every model of a table; the one place to switch renderer.</summary>
    public static Func<int, string> Metadata(ModelTable table)
    {
        var genome = new MetadataRecordGenome(table);
        return m => Encoding.UTF8.GetString(genome.Text(m));
    }

    /// <summary>Model <paramref name="model"/>'s genome; throws <see cref="Ingest.PhyloInputException"/> when it has none.</summary>
    public static string Of(ModelTable table, int model, DiffGenome genome)
    {
        if (genome == DiffGenome.Metadata) return Metadata(table)(model);
        if (!CardGenome.Has(table, model))
            throw new Ingest.PhyloInputException($"{table.Ids[model]}: has no card genome (a card of at least {CardGenome.Length} characters, not auto-generated)");
        return Encoding.UTF8.GetString(CardGenome.Text(table, model));
    }
}
