using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Synth;

/// <summary>Formats one model as a row of the published CSV layout (data/README.md).</summary>
internal sealed class RowWriter(CardComposer composer, CardMode cards)
{
    public const string Header =
        ",model_id,likes,trendingScore,private,downloads,tags,pipeline_tag,library_name,createdAt,regions,licenses,arxiv_papers," +
        "datasets,parent_model,finetune_parent,quantized_parent,adapter_parent,merge_parent,languages,modelCard,ratelimit_retries,exception_raised\n";

    /// <summary>Code points of a card kept in <see cref="CardMode.Prefix"/>: what the card genome reads (docs/engine.md §4).</summary>
    public const int PrefixCodePoints = 512;

    private readonly TextBuf _list = new(1 << 12);

    public void Write(TextBuf o, int row, FamilyPlan plan, Heredity genome)
    {
        ModelFacts m = composer.Facts(row, 0);
        o.Append(row).Append(',');
        o.AppendCsvField(m.Id);
        o.Append(',').Append(m.Likes).Append(',').Append(m.Trending).Append(",False,").Append(m.Downloads).Append(',');

        // tags, as the Hub lists them
        BeginList();
        if (m.Library is not null) Item(m.Library);
        var domainTags = Lexicon.DomainTags[(int)m.Kind];
        Item(domainTags[row % domainTags.Length]);
        if (m.Task is not null) Item(m.Task);
        foreach (int l in m.Languages) Item(Calibration.Languages[l].Code);
        int p0 = plan.ParentStart[row];
        for (int i = 0; i < m.ParentIds.Count; i++)
        {
            string pid = m.ParentIds[i];
            EdgeType rel = plan.Relation[p0 + i];
            ItemConcat("base_model:", pid);
            if (rel != EdgeType.Untyped) ItemConcat("base_model:", rel.Name(), ":", pid);
        }
        if (m.License.Length > 0) ItemConcat("license:", m.License);
        foreach (string d in m.Datasets) ItemConcat("dataset:", d);
        if (m.Arxiv is not null) ItemConcat("arxiv:", m.Arxiv);
        if (m.Kind is DomainKind.Llm or DomainKind.Encoder or DomainKind.Seq2Seq) Item("endpoints_compatible");
        Item("region:us");
        EndList(o);

        o.Append(m.Task).Append(',').Append(m.Library).Append(',');
        DateTime created = Calibration.Epoch.AddSeconds(genome.Created[row]);
        Span<char> date = stackalloc char[32];
        created.TryFormat(date, out int w, "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        o.Append(date[..w]).Append("+00:00,['us'],");

        BeginList(); if (m.License.Length > 0) Item(m.License); EndList(o);
        BeginList(); if (m.Arxiv is not null) Item(m.Arxiv); EndList(o);
        BeginList(); foreach (string d in m.Datasets) Item(d); EndList(o);
        BeginList(); foreach (string pid in m.ParentIds) Item(pid); EndList(o);
        foreach (EdgeType t in TypedColumns)
        {
            BeginList();
            for (int i = 0; i < m.ParentIds.Count; i++) if (plan.Relation[p0 + i] == t) Item(m.ParentIds[i]);
            EndList(o);
        }
        BeginList(); foreach (int l in m.Languages) Item(Calibration.Languages[l].Name); EndList(o);

        if (cards != CardMode.None && m.Card != CardKind.None)
        {
            TextBuf card = composer.Card(row, 0);
            if (cards == CardMode.Prefix) card.TruncateCodePoints(PrefixCodePoints);
            o.AppendCsvField(card.Span);
        }
        o.Append(",0,\n");
    }

    private static readonly EdgeType[] TypedColumns = [EdgeType.Finetune, EdgeType.Quantized, EdgeType.Adapter, EdgeType.Merge];

    private bool _firstItem;

    private void BeginList() { _list.Clear(); _list.Append('['); _firstItem = true; }

    private void Item(string s)
    {
        if (!_firstItem) _list.Append(", ");
        _firstItem = false;
        _list.AppendPyRepr(s);
    }

    private void ItemConcat(string a, string b) => Item(string.Concat(a, b));

    private void ItemConcat(string a, string b, string c, string d) => Item(string.Concat(a, b, c, d));

    private void EndList(TextBuf o)
    {
        _list.Append(']');
        o.AppendCsvField(_list.Span);
        o.Append(',');
    }
}
