using Phylo.Table;

namespace Phylo.Synth;

/// <summary>
/// Per-model traits, decided in row order so a child always sees its parent's: license, domain (task × library),
/// language set, creation time and card kind. Family models inherit with planted mutations; the models outside
/// every family are then drawn from the residual of each target share, so the marginals hold at any N.
/// </summary>
internal sealed class Heredity
{
    /// <summary>Probability that a child takes its parent's preferred template for its relation (siblings share templates).</summary>
    public const double TemplateLoyalty = 0.85;

    /// <summary>Card kind shares per relation (index = EdgeType): the planted template share by relation.</summary>
    public static readonly (CardKind Kind, double Share)[][] CardKindsByRelation =
    [
        /* untyped   */ [(CardKind.EditedCopy, .30), (CardKind.Fresh, .25), (CardKind.FineTune, .20), (CardKind.HubDefault, .15), (CardKind.Trainer, .05), (CardKind.None, .05)],
        /* finetune  */ [(CardKind.Trainer, .33), (CardKind.HubDefault, .22), (CardKind.EditedCopy, .23), (CardKind.FineTune, .13), (CardKind.Fresh, .06), (CardKind.None, .03)],
        /* quantized */ [(CardKind.Quantization, .87), (CardKind.EditedCopy, .05), (CardKind.Fresh, .05), (CardKind.None, .03)],
        /* adapter   */ [(CardKind.Lora, .45), (CardKind.HubDefault, .32), (CardKind.Fresh, .08), (CardKind.EditedCopy, .08), (CardKind.Trainer, .04), (CardKind.None, .03)],
        /* merge     */ [(CardKind.MergeKit, .92), (CardKind.Fresh, .05), (CardKind.None, .03)],
    ];

    /// <summary>Card kinds of models outside every family that have a card.</summary>
    public static readonly (CardKind Kind, double Share)[] IsolatedCardKinds =
        [(CardKind.Composed, .45), (CardKind.HubDefault, .22), (CardKind.Trainer, .18), (CardKind.Fresh, .15)];

    public const int Styles = 3;

    public readonly byte[] License;
    public readonly byte[] Domain;
    public readonly int[] Languages;
    /// <summary>Seconds since <see cref="Calibration.Epoch"/>.</summary>
    public readonly int[] Created;
    public readonly CardKind[] Card;
    public readonly byte[] Style;
    public readonly LanguageProfiles Profiles;

    private static readonly Weighted[] KindDist = BuildKindDists();
    private static readonly Weighted IsolatedKindDist = new([.. IsolatedCardKinds.Select(k => k.Share)]);
    private static readonly int[] LicenseOrderIndex = BuildOrderIndex(Calibration.LicenseOrder, Calibration.Licenses.Select(l => l.Name).ToArray());
    private static readonly int[] LanguageOrderIndex = BuildOrderIndex(Calibration.LanguageOrder, Calibration.Languages.Select(l => l.Code).ToArray());
    private static readonly Weighted AnyLicense = new([0, .. Calibration.Licenses.Skip(1).Select(l => l.Share)]);

    private readonly FamilyPlan _plan;
    private readonly ulong _seed;

    private Heredity(FamilyPlan plan, ulong seed)
    {
        int n = plan.Models;
        _plan = plan;
        _seed = seed;
        License = new byte[n];
        Domain = new byte[n];
        Languages = new int[n];
        Created = new int[n];
        Card = new CardKind[n];
        Style = new byte[n];
        Profiles = new LanguageProfiles();
    }

    public static Heredity Build(FamilyPlan plan, ulong seed)
    {
        var g = new Heredity(plan, seed);
        int n = plan.Models;
        var licenseCount = new long[Calibration.Licenses.Length];
        var domainCount = new long[Calibration.Domains.Length];
        var langCount = new long[Calibration.LanguageProfiles.Length];
        long withCard = 0;
        for (int row = 0; row < n; row++)
        {
            if (plan.Root[row] < 0) continue;
            var rng = new Rng(seed, row, Purpose.Traits);
            if (plan.PrimaryParent(row) < 0) g.DrawRoot(row, ref rng); else g.DrawChild(row, ref rng);
            licenseCount[g.License[row]]++;
            domainCount[g.Domain[row]]++;
            if (g.Languages[row] < langCount.Length) langCount[g.Languages[row]]++;
            if (g.Card[row] >= CardKind.Composed) withCard++;
        }

        long isolated = n - plan.FamilyNodes;
        var licenses = Weighted.Residual([.. Calibration.Licenses.Select(l => l.Share)], licenseCount, n);
        var domains = Weighted.Residual([.. Calibration.Domains.Select(d => d.Share)], domainCount, n);
        var langs = Weighted.Residual([.. Calibration.LanguageProfiles.Select(p => p.Share)], langCount, n);
        double cardChance = isolated == 0 ? 0 : Math.Clamp((Calibration.CardShare * n - withCard) / isolated, 0, 1);
        int span = (int)(Calibration.Snapshot - Calibration.Epoch).TotalSeconds;
        Parallel.For(0, (n + 65535) / 65536, block =>
        {
            int end = Math.Min(n, (block + 1) * 65536);
            for (int row = block * 65536; row < end; row++)
            {
                if (plan.Root[row] >= 0) continue;
                var rng = new Rng(seed, row, Purpose.Isolated);
                g.License[row] = (byte)licenses.Sample(ref rng);
                g.Domain[row] = (byte)domains.Sample(ref rng);
                g.Languages[row] = langs.Sample(ref rng);
                g.Created[row] = (int)(span * Math.Sqrt(rng.NextDouble()));
                g.Card[row] = rng.Chance(cardChance) ? IsolatedCardKinds[IsolatedKindDist.Sample(ref rng)].Kind
                    : rng.Chance(0.12) ? CardKind.Stub : CardKind.None;
                g.Style[row] = (byte)rng.Below(Styles);
            }
        });
        return g;
    }

    private void DrawRoot(int row, ref Rng rng)
    {
        int special = _plan.SpecialIndex(row);
        int span = (int)(Calibration.Snapshot - Calibration.Epoch).TotalSeconds;
        Card[row] = special >= 0 || rng.Chance(Calibration.RootCardShare) ? CardKind.Composed : CardKind.None;
        Style[row] = (byte)rng.Below(Styles);
        int named = Calibration.NamedRoots.Length;
        if (special >= 0 && special < named)
        {
            var r = Calibration.NamedRoots[special];
            Domain[row] = (byte)r.Domain;
            License[row] = (byte)LicenseIndex(r.License);
            Languages[row] = Profiles.Intern([.. r.Languages.Select(LanguageIndex)]);
            Created[row] = (int)(DateTime.Parse(r.Created, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal) - Calibration.Epoch).TotalSeconds;
            return;
        }
        Created[row] = (int)(span * Math.Pow(rng.NextDouble(), 0.6));
        if (special >= 0)
        {
            var m = Calibration.MultilingualRoots[special - named];
            Domain[row] = (byte)m.Domain;
            License[row] = (byte)LicenseIndex(rng.Chance(0.7) ? "apache-2.0" : "mit");
            var set = new int[Math.Min(m.Languages, Calibration.Languages.Length)];
            for (int i = 0; i < set.Length; i++) set[i] = i;
            Languages[row] = Profiles.Intern(set);
            return;
        }
        Domain[row] = (byte)RootDomains.Sample(ref rng);
        License[row] = (byte)(rng.Chance(Calibration.RootDeclaresLicense) ? AnyLicense.Sample(ref rng) : 0);
        Languages[row] = rng.Chance(0.45) ? RootLanguages.Sample(ref rng) + 1 : 0;
    }

    private static readonly Weighted RootDomains = new([.. Calibration.Domains.Select(d => d.Task is null ? d.Share * 0.1 : d.Share)]);
    private static readonly Weighted RootLanguages = new([.. Calibration.LanguageProfiles.Skip(1).Select(p => p.Share)]);

    private void DrawChild(int row, ref Rng rng)
    {
        int p = _plan.PrimaryParent(row);
        EdgeType rel = _plan.PrimaryRelation(row);
        int span = (int)(Calibration.Snapshot - Calibration.Epoch).TotalSeconds;
        int start = Created[p];
        for (int i = _plan.ParentStart[row] + 1; i < _plan.ParentStart[row + 1]; i++) start = Math.Max(start, Created[_plan.Parents[i]]);
        Created[row] = start + Math.Max(3600, (int)((span - start) * Math.Pow(rng.NextDouble(), 1.6)));
        Created[row] = Math.Min(Created[row], span - 60);

        Domain[row] = (byte)ChildDomain(Domain[p], rel, ref rng);
        License[row] = (byte)ChildLicense(License[p], rel, ref rng);
        Languages[row] = ChildLanguages(Languages[p], rel, ref rng);

        // Template: most siblings take the parent's preferred kind and style for their relation.
        var pref = new Rng(_seed, p, Purpose.TemplatePreference);
        CardKind preferred = CardKind.None;
        byte prefStyle = 0;
        for (int r = 0; r <= (int)rel; r++)
        {
            preferred = CardKindsByRelation[r][KindDist[r].Sample(ref pref)].Kind;
            prefStyle = (byte)pref.Below(Styles);
        }
        bool loyal = rng.Chance(TemplateLoyalty);
        CardKind kind = loyal ? preferred : CardKindsByRelation[(int)rel][KindDist[(int)rel].Sample(ref rng)].Kind;
        Style[row] = loyal ? prefStyle : (byte)rng.Below(Styles);
        if (_plan.ChildCount[row] >= 30) // popular models keep hand-written cards
            kind = kind switch { CardKind.Trainer => CardKind.FineTune, CardKind.HubDefault or CardKind.None => CardKind.EditedCopy, _ => kind };
        if (kind is CardKind.EditedCopy && Card[p] < CardKind.Composed) kind = CardKind.FineTune;
        Card[row] = kind;
    }

    private static readonly int[][] FinetuneSwitch = BuildSwitch();

    private static int ChildDomain(int parent, EdgeType rel, ref Rng rng)
    {
        var kind = Calibration.Domains[parent].Kind;
        switch (rel)
        {
            case EdgeType.Adapter:
                if (kind == DomainKind.Diffusion) return rng.Chance(0.7) ? Calibration.DomainDiffusers : rng.Chance(0.6) ? 6 : 35;
                if (kind == DomainKind.Llm) return rng.Chance(0.3) ? Calibration.DomainPeftLlm : Calibration.DomainPeftNoTask;
                return rng.Chance(0.6) ? Calibration.DomainPeftNoTask : parent;
            case EdgeType.Quantized:
                if (kind == DomainKind.Llm)
                {
                    double u = rng.NextDouble();
                    return u < 0.45 ? 2 : u < 0.7 ? Calibration.DomainTextGeneration : u < 0.9 ? Calibration.DomainGguf : 37;
                }
                return parent;
            case EdgeType.Merge:
                return parent;
            default:
                if (rng.Chance(0.4)) return parent;
                var options = FinetuneSwitch[(int)kind];
                int pick = options[rng.Below(options.Length)];
                return pick == parent ? Calibration.DomainNoTaskTransformers : pick;
        }
    }

    private static int ChildLicense(int parent, EdgeType rel, ref Rng rng)
    {
        if (parent == 0) return rng.Chance(0.12) ? AnyLicense.Sample(ref rng) : 0;
        double declare = rel switch { EdgeType.Quantized => 0.5, EdgeType.Adapter => 0.3, EdgeType.Merge => 0.45, _ => Calibration.ChildDeclaresLicense };
        if (!rng.Chance(declare)) return 0;
        int pos = LicenseOrderIndex[parent];
        double mutate = rel == EdgeType.Quantized ? 0.05 : Calibration.LicenseMutation;
        if (pos == Calibration.LicenseOrder.Length - 1) mutate *= 0.2; // the end of the order: nowhere forward to go
        if (!rng.Chance(mutate)) return parent;
        if (pos < 0) return rng.Chance(0.5) ? LicenseIndex(Calibration.LicenseOrder[Calibration.LicenseOrder.Length - 1 - rng.Below(4)]) : AnyLicense.Sample(ref rng);
        return LicenseIndex(Calibration.LicenseOrder[StepInOrder(pos, Calibration.LicenseOrder.Length, Calibration.LicenseForward, LicenseOrderWeights, ref rng)]);
    }

    private static readonly double[] LicenseOrderWeights =
        [.. Calibration.LicenseOrder.Select(n => Math.Sqrt(Calibration.Licenses[LicenseIndex(n)].Share))];

    private static readonly double[] LanguageOrderWeights =
        [.. Calibration.LanguageOrder.Select((_, i) => i == Calibration.LanguageOrder.Length - 1 ? 6.0 : 1.0)];

    /// <summary>A new position in a planted order: a later one with probability <paramref name="forward"/> (when there is one), else an earlier one.</summary>
    private static int StepInOrder(int pos, int length, double forward, double[] weights, ref Rng rng)
    {
        bool fwd = pos < length - 1 && (pos == 0 || rng.Chance(forward));
        int lo = fwd ? pos + 1 : 0, hi = fwd ? length : pos;
        double sum = 0;
        for (int i = lo; i < hi; i++) sum += weights[i];
        double u = rng.NextDouble() * sum;
        for (int i = lo; i < hi; i++) { u -= weights[i]; if (u < 0) return i; }
        return hi - 1;
    }

    private int ChildLanguages(int parentProfile, EdgeType rel, ref Rng rng)
    {
        int[] parent = Profiles[parentProfile];
        if (parent.Length == 0) return rng.Chance(0.04) ? RootLanguages.Sample(ref rng) + 1 : 0;
        if (rel == EdgeType.Merge) return parentProfile;
        if (!rng.Chance(rel == EdgeType.Quantized ? 0.7 : Calibration.ChildDeclaresLanguage)) return 0;
        if (parent.Length >= 3)
        {
            if (rng.Chance(Calibration.ChildKeepsAllLanguages)) return parentProfile;
            int first = Array.IndexOf(parent, Calibration.English) >= 0 && rng.Chance(0.45) ? Calibration.English : DriftPick(parent, ref rng);
            if (!rng.Chance(0.3)) return Profiles.Intern([first]);
            int second = DriftPick(parent, ref rng);
            return Profiles.Intern(second == first ? [first] : [first, second]);
        }
        // English is the end of the planted order: an English-only parent has nowhere forward to go and rarely changes.
        bool englishOnly = parent.Length == 1 && parent[0] == Calibration.English;
        double mutation = Calibration.LanguageMutation * (englishOnly ? 0.5 : 1.0);
        if (rel == EdgeType.Quantized || !rng.Chance(mutation)) return parentProfile;
        // Mutate the earliest language (in the planted order) of a 1–2 language set: move it forward, toward English.
        int victim = Rank(parent[0]) <= Rank(parent[^1]) ? parent[0] : parent[^1];
        int pos = LanguageOrderIndex[victim];
        int target = pos < 0 ? Calibration.English
            : LanguageIndex(Calibration.LanguageOrder[StepInOrder(pos, Calibration.LanguageOrder.Length, Calibration.LanguageForward, LanguageOrderWeights, ref rng)]);
        double op = rng.NextDouble();
        if (parent.Length == 2 && op < 0.3) // drop the one that is earlier in the order
        {
            int a = parent[0], b = parent[1];
            int keep = Rank(a) > Rank(b) ? a : b;
            return Profiles.Intern([keep]);
        }
        if (op < 0.4 && parent.Length == 1) return Profiles.Intern(target == victim ? [victim] : [victim, target]); // add
        var swapped = parent.Select(l => l == victim ? target : l).Distinct().ToArray();
        return Profiles.Intern(swapped);

        static int Rank(int lang) => LanguageOrderIndex[lang] < 0 ? -1 : LanguageOrderIndex[lang];
    }

    /// <summary>A language kept from a multilingual parent: later in the planted order is likelier (drift toward English).</summary>
    private static int DriftPick(int[] langs, ref Rng rng)
    {
        double sum = 0;
        foreach (int l in langs) sum += DriftWeight(l);
        double u = rng.NextDouble() * sum;
        foreach (int l in langs) { u -= DriftWeight(l); if (u < 0) return l; }
        return langs[^1];

        static double DriftWeight(int lang) => LanguageOrderIndex[lang] < 0 ? 0.5 : (LanguageOrderIndex[lang] + 2.0) * (LanguageOrderIndex[lang] + 2.0) / 8;
    }

    public static int LicenseIndex(string name)
    {
        for (int i = 0; i < Calibration.Licenses.Length; i++) if (Calibration.Licenses[i].Name == name) return i;
        throw new ArgumentException($"unknown license {name}", nameof(name));
    }

    public static int LanguageIndex(string code)
    {
        for (int i = 0; i < Calibration.Languages.Length; i++) if (Calibration.Languages[i].Code == code) return i;
        throw new ArgumentException($"unknown language {code}", nameof(code));
    }

    private static int[] BuildOrderIndex(string[] order, string[] names)
    {
        var index = new int[names.Length];
        Array.Fill(index, -1);
        for (int i = 0; i < order.Length; i++) index[Array.IndexOf(names, order[i])] = i;
        return index;
    }

    private static Weighted[] BuildKindDists() => [.. CardKindsByRelation.Select(r => new Weighted([.. r.Select(k => k.Share)]))];

    private static int[][] BuildSwitch()
    {
        var table = new int[Enum.GetValues<DomainKind>().Length][];
        table[(int)DomainKind.Llm] = [3, 14, 18, 13, 0, 22, 33, 1];
        table[(int)DomainKind.Encoder] = [3, 13, 18, 27, 17, 12, 19];
        table[(int)DomainKind.Seq2Seq] = [20, 21, 14, 3];
        table[(int)DomainKind.Diffusion] = [5, 6, 32, 35];
        table[(int)DomainKind.Rl] = [7, 8, 9, 10];
        table[(int)DomainKind.Speech] = [11, 23, 25, 31];
        table[(int)DomainKind.Vision] = [15, 16, 24, 26, 28];
        table[(int)DomainKind.Sentence] = [12, 17, 3];
        table[(int)DomainKind.Tabular] = [29, 30];
        return table;
    }
}

/// <summary>Interned language sets (sorted language indexes); id 0.. are <see cref="Calibration.LanguageProfiles"/>.</summary>
internal sealed class LanguageProfiles
{
    private readonly List<int[]> _sets = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public LanguageProfiles()
    {
        foreach (var (langs, _) in Calibration.LanguageProfiles) Intern(langs);
    }

    public int[] this[int id] => _sets[id];

    public int Count => _sets.Count;

    /// <summary>Not thread-safe: called only from the sequential family pass.</summary>
    public int Intern(int[] langs)
    {
        Array.Sort(langs);
        string key = string.Join(',', langs);
        if (_ids.TryGetValue(key, out int id)) return id;
        id = _sets.Count;
        _sets.Add(langs);
        _ids.Add(key, id);
        return id;
    }
}
