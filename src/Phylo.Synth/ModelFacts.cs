using Phylo.Table;

namespace Phylo.Synth;

/// <summary>Everything a row and its card say about one model, derived from the plan, the genome and the row's own stream.</summary>
internal sealed class ModelFacts
{
    public int Row = -1;
    public string Id = "";
    public string Author = "";
    public string Short = "";
    public int Domain;
    public DomainKind Kind;
    public string? Task;
    public string? Library;
    /// <summary>License name; "" when none.</summary>
    public string License = "";
    public int[] Languages = [];
    public readonly List<string> Datasets = [];
    /// <summary>Ids of the parents in declaration order; the first is the primary parent.</summary>
    public readonly List<string> ParentIds = [];
    public string? Arxiv;
    public long Likes;
    public long Downloads;
    public int Trending;
    public EdgeType Relation;
    public CardKind Card;
    public byte Style;
}

/// <summary>
/// Names and per-row facts. Ids are unique by construction: row r is (author slot r mod A, k = r div A) with A a
/// power of two; the author handle is a fixed-width syllable code of a bijective mix of the slot, and k &gt; 0 adds "-(k+1)".
/// </summary>
internal sealed class Describer
{
    private readonly FamilyPlan _plan;
    private readonly Heredity _genome;
    private readonly ulong _seed;
    private readonly int _authorSlots;

    public Describer(FamilyPlan plan, Heredity genome, ulong seed)
    {
        _plan = plan;
        _genome = genome;
        _seed = seed;
        int a = 1;
        while (a < Math.Max(1, plan.Models / 3)) a <<= 1;
        _authorSlots = a;
    }

    public FamilyPlan Plan => _plan;

    public Heredity Heredity => _genome;

    /// <summary>The model id alone (for parent lists), without the rest of the facts.</summary>
    public string Id(int row)
    {
        int special = _plan.SpecialIndex(row);
        return special >= 0 ? SpecialId(special)
            : Handle(row) + "/" + ShortName(row) + (row / _authorSlots > 0 ? "-" + (row / _authorSlots + 1) : "");
    }

    public void Describe(int row, ModelFacts m)
    {
        m.Row = row;
        var rng = new Rng(_seed, row, Purpose.Row);
        int domain = _genome.Domain[row];
        var d = Calibration.Domains[domain];
        m.Domain = domain;
        m.Kind = d.Kind;
        m.Task = d.Task;
        m.Library = d.Library;
        m.License = Calibration.Licenses[_genome.License[row]].Name;
        m.Languages = _genome.Profiles[_genome.Languages[row]];
        m.Relation = _plan.PrimaryRelation(row);
        m.Card = _genome.Card[row];
        m.Style = _genome.Style[row];
        m.Author = Handle(row);
        m.Short = ShortName(row);
        int special = _plan.SpecialIndex(row);
        m.Id = special >= 0 ? SpecialId(special) : m.Author + "/" + m.Short + (row / _authorSlots > 0 ? "-" + (row / _authorSlots + 1) : "");
        m.ParentIds.Clear();
        for (int i = _plan.ParentStart[row]; i < _plan.ParentStart[row + 1]; i++) m.ParentIds.Add(Id(_plan.Parents[i]));
        if (special >= 0)
        {
            int slash = m.Id.IndexOf('/');
            m.Author = slash < 0 ? "" : m.Id[..slash];
            m.Short = m.Id[(slash + 1)..];
        }

        m.Datasets.Clear();
        var pool = Lexicon.Datasets[(int)d.Kind];
        if (pool.Length > 0)
        {
            double p = d.Kind == DomainKind.Llm ? 0.25 : 0.45;
            if (rng.Chance(p)) m.Datasets.Add(rng.Pick(pool));
            if (m.Datasets.Count > 0 && rng.Chance(0.25))
            {
                string second = rng.Pick(pool);
                if (second != m.Datasets[0]) m.Datasets.Add(second);
            }
        }
        m.Arxiv = rng.Chance(_plan.ParentCount(row) == 0 ? 0.08 : 0.02)
            ? "2" + (3 + rng.Below(3)).ToString(System.Globalization.CultureInfo.InvariantCulture) + rng.Between(1, 12).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "." + rng.Between(1, 19999).ToString("00000", System.Globalization.CultureInfo.InvariantCulture)
            : null;
        int children = _plan.ChildCount[row];
        m.Likes = (long)(rng.NextDouble() < 0.6 ? 0 : rng.LogNormal(2 + children * 0.5, 1.2));
        m.Downloads = (long)(rng.NextDouble() < 0.35 ? 0 : rng.LogNormal(20 + children * 40.0, 1.8));
        m.Trending = children > 100 && rng.Chance(0.3) ? rng.Between(1, 60) : 0;
    }

    private static string SpecialId(int special) => special < Calibration.NamedRoots.Length
        ? Calibration.NamedRoots[special].Id
        : Calibration.MultilingualRoots[special - Calibration.NamedRoots.Length].Id;

    private string Handle(int row)
    {
        uint slot = (uint)(row & (_authorSlots - 1));
        uint x = (slot * 0x9E3779B1u) & (uint)(_authorSlots - 1);
        int suffix = (int)(Rng.Mix(_seed ^ slot) % (ulong)Lexicon.HandleSuffixes.Length);
        Span<char> buf = stackalloc char[48];
        int len = 0, syllables = 0;
        int sylCount = Lexicon.Consonants.Length * Lexicon.Vowels.Length;
        do
        {
            int s = (int)(x % (uint)sylCount);
            x /= (uint)sylCount;
            buf[len++] = Lexicon.Consonants[s / Lexicon.Vowels.Length][0];
            buf[len++] = Lexicon.Vowels[s % Lexicon.Vowels.Length][0];
            syllables++;
        }
        while (x > 0 || syllables < 2);
        return string.Concat(buf[..len], Lexicon.HandleSuffixes[suffix]);
    }

    /// <summary>The part of the id after the author: a stem for roots and loners, the parent's name plus a relation suffix for children.</summary>
    public string ShortName(int row)
    {
        int special = _plan.SpecialIndex(row);
        if (special >= 0)
        {
            string id = SpecialId(special);
            return id[(id.IndexOf('/') + 1)..];
        }
        var rng = new Rng(_seed, row, Purpose.Name);
        int parent = _plan.PrimaryParent(row);
        if (parent < 0)
        {
            var kind = Calibration.Domains[_genome.Domain[row]].Kind;
            string stem = rng.Pick(Lexicon.Stems[(int)kind]);
            return rng.Chance(0.6) ? stem + "-" + rng.Pick(Lexicon.Purposes) : stem;
        }
        string baseName = ShortName(parent);
        if (baseName.Length > 40) baseName = ShortName(_plan.Root[row]);
        string suffix = rng.Pick(Lexicon.SuffixesByRelation[(int)_plan.PrimaryRelation(row)]);
        if (suffix.Contains("{dataset}", StringComparison.Ordinal))
        {
            var pool = Lexicon.Datasets[(int)Calibration.Domains[_genome.Domain[row]].Kind];
            string ds = pool.Length == 0 ? "custom" : rng.Pick(pool);
            suffix = suffix.Replace("{dataset}", ds[(ds.IndexOf('/') + 1)..], StringComparison.Ordinal);
        }
        return baseName + suffix;
    }
}
