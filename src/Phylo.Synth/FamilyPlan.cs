using Phylo.Table;

namespace Phylo.Synth;

/// <summary>
/// The family structure of a synthetic snapshot, in row order: every model's parents (CSR) with the relation
/// of each link, its number of children and its family root. Parents always sit on lower rows than children.
/// Built sequentially from the structure stream of the seed; O(N) ints.
/// </summary>
internal sealed class FamilyPlan
{
    public required int Models { get; init; }
    /// <summary>CSR: parents of row r are <c>Parents[ParentStart[r]..ParentStart[r+1]]</c>; the first is the primary parent.</summary>
    public required int[] ParentStart { get; init; }
    public required int[] Parents { get; init; }
    public required EdgeType[] Relation { get; init; }
    /// <summary>Children per row (every link counts, merges included).</summary>
    public required int[] ChildCount { get; init; }
    /// <summary>Family root of each row; -1 for models outside every family.</summary>
    public required int[] Root { get; init; }
    /// <summary>Row of each named root (<see cref="Calibration.NamedRoots"/>), then of each multilingual root.</summary>
    public required int[] SpecialRows { get; init; }
    public required long[] EdgesByType { get; init; }
    public required int[] ParentsWithChildrenByType { get; init; }
    public required int FamilyNodes { get; init; }

    public int ParentCount(int row) => ParentStart[row + 1] - ParentStart[row];

    public int PrimaryParent(int row) => ParentStart[row] == ParentStart[row + 1] ? -1 : Parents[ParentStart[row]];

    public EdgeType PrimaryRelation(int row) => ParentStart[row] == ParentStart[row + 1] ? EdgeType.Untyped : Relation[ParentStart[row]];

    /// <summary>-1 when the row is not one of the special roots, else its index (named roots first).</summary>
    public int SpecialIndex(int row)
    {
        for (int i = 0; i < SpecialRows.Length; i++) if (SpecialRows[i] == row) return i;
        return -1;
    }

    public static FamilyPlan Build(int n, ulong seed)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "at least one model");
        var rng = new Rng(seed, 0, Purpose.Structure);
        double s = (double)n / Calibration.FullScale;
        int Scale(double full) => (int)Math.Round(full * s);

        int eFt = Scale(Calibration.FinetuneEdges), eQ = Scale(Calibration.QuantizedEdges), eA = Scale(Calibration.AdapterEdges);
        int eRest = Scale(Calibration.Edges) - eFt - eQ - eA;
        int eMerge = (int)Math.Round(eRest * Calibration.MergeShareOfRest), eUntyped = eRest - eMerge;

        // Merge children and their parent counts (2..7), until the merge edges are spent.
        var arity = new Weighted(Calibration.MergeArity);
        var mergeK = new List<int>();
        for (int left = eMerge; left >= 2;)
        {
            int k = Math.Min(arity.Sample(ref rng), left);
            if (left - k == 1) k = left; // never leave a single edge behind
            k = Math.Min(k, 7);
            mergeK.Add(k);
            left -= k;
        }

        int qFt = Scale(Calibration.FinetuneParents), qQ = Scale(Calibration.QuantizedParents), qA = Scale(Calibration.AdapterParents);
        int single = eFt + eQ + eA + eUntyped;
        var special = new List<int>();
        foreach (var r in Calibration.NamedRoots) special.Add(Math.Max(1, Scale(r.Children)));
        foreach (var r in Calibration.MultilingualRoots) special.Add(Math.Max(1, (int)Math.Round(r.ChildShare * single)));
        while (special.Count > 0 && special.Sum() > single) special.RemoveAt(special.Count - 1); // tiny N: fewer study roots
        int q = qFt + qQ + qA;
        int roots = Math.Max(special.Count, Scale(Calibration.RootParents));
        int parents = roots + q;
        int fixedSum = 0;
        foreach (int d in special) fixedSum += d;
        while (parents > special.Count && fixedSum + (parents - special.Count) > single)
        {   // tiny N: fewer parents so each still has a child
            if (q > 0) { q--; if (qFt > 0) qFt--; else if (qQ > 0) qQ--; else qA--; } else roots--;
            parents = roots + q;
        }

        // Degrees: special roots fixed, the rest 1 + a Zipf share of what is left (cumulative rounding keeps the total exact).
        var degree = new int[parents];
        for (int i = 0; i < special.Count && i < parents; i++) degree[i] = special[i];
        int rest = parents - special.Count;
        if (rest > 0)
        {
            long extra = Math.Max(0, single - fixedSum - rest);
            double wSum = 0;
            for (int r = 0; r < rest; r++) wSum += Math.Pow(r + 8, -Calibration.DegreeExponent);
            double cum = 0; long given = 0;
            for (int r = 0; r < rest; r++)
            {
                cum += Math.Pow(r + 8, -Calibration.DegreeExponent);
                long upTo = (long)Math.Round(extra * cum / wSum);
                degree[special.Count + r] = 1 + (int)(upTo - given);
                given = upTo;
            }
        }

        // Which ranked parents are children themselves (Q): a random subset of the non-special ranks.
        var isQ = new EdgeType[parents]; // Untyped = root
        {
            var ranks = new int[rest];
            for (int i = 0; i < rest; i++) ranks[i] = special.Count + i;
            Shuffle(ranks, ref rng);
            for (int i = 0; i < q && i < ranks.Length; i++)
                isQ[ranks[i]] = i < qFt ? EdgeType.Finetune : i < qFt + qQ ? EdgeType.Quantized : EdgeType.Adapter;
        }

        // Place each Q under an earlier parent with probability ∝ its free slots (Fenwick tree), so there are no cycles.
        var qOrder = new List<int>(q);
        for (int p = 0; p < parents; p++) if (isQ[p] != EdgeType.Untyped) qOrder.Add(p);
        Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(qOrder), ref rng);
        var free = new Fenwick(parents);
        for (int p = 0; p < parents; p++) if (isQ[p] == EdgeType.Untyped) free.Add(p, degree[p]);
        var parentOfQ = new int[parents];
        var qChildren = new List<int>[parents];
        foreach (int c in qOrder)
        {
            long total = free.Total;
            if (total == 0) { isQ[c] = EdgeType.Untyped; free.Add(c, degree[c]); continue; }
            int p = free.Find((long)(rng.NextDouble() * total));
            free.Add(p, -1);
            parentOfQ[c] = p;
            (qChildren[p] ??= []).Add(c);
            free.Add(c, degree[c]);
        }

        // Leaf relation pool, exact counts, drawn without replacement.
        long[] pool = [Math.Max(0, eFt - qFt), Math.Max(0, eQ - qQ), Math.Max(0, eA - qA), eUntyped];

        // Family order: roots, then generation by generation each parent's children (Q and leaves shuffled), then merges.
        var famParent = new List<int>(single + mergeK.Count + parents); // family index of the primary parent, -1 for roots
        var famRelation = new List<EdgeType>(famParent.Capacity);
        var rankToFam = new int[parents];
        var current = new List<int>();
        for (int p = 0; p < parents; p++)
            if (isQ[p] == EdgeType.Untyped) { rankToFam[p] = famParent.Count; current.Add(p); Add(-1, EdgeType.Untyped); }
        var slot = new List<int>();
        while (current.Count > 0)
        {
            var next = new List<int>();
            foreach (int p in current)
            {
                slot.Clear();
                int qc = qChildren[p]?.Count ?? 0;
                for (int i = 0; i < qc; i++) slot.Add(qChildren[p]![i]);
                for (int i = qc; i < degree[p]; i++) slot.Add(-1);
                Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(slot), ref rng);
                foreach (int c in slot)
                {
                    if (c >= 0) { rankToFam[c] = famParent.Count; next.Add(c); Add(rankToFam[p], isQ[c]); }
                    else Add(rankToFam[p], DrawLeafRelation());
                }
            }
            current = next;
        }
        int singleFamily = famParent.Count;

        // Merge children (never parents themselves): primary parent ∝ degree, the other parents from the same
        // family when it has enough parents, else from all parents ∝ degree.
        var byDegree = new Fenwick(parents);
        for (int p = 0; p < parents; p++) byDegree.Add(p, degree[p]);
        var rootRankOf = new int[parents];
        var familyParents = new Dictionary<int, List<int>>();
        for (int p = 0; p < parents; p++)
        {
            int r = p;
            while (isQ[r] != EdgeType.Untyped) r = parentOfQ[r];
            rootRankOf[p] = r;
            if (!familyParents.TryGetValue(r, out var list)) familyParents[r] = list = [];
            list.Add(p);
        }
        var mergeParents = new List<int[]>(mergeK.Count);
        if (parents < 8) mergeK.Clear();
        foreach (int k in mergeK)
        {
            var ps = new int[k];
            ps[0] = byDegree.Find((long)(rng.NextDouble() * byDegree.Total));
            var fam = familyParents[rootRankOf[ps[0]]];
            bool own = fam.Count > k + 1;
            for (int j = 1; j < k; j++)
            {
                int cand;
                do cand = own ? fam[rng.Below(fam.Count)] : byDegree.Find((long)(rng.NextDouble() * byDegree.Total));
                while (Array.IndexOf(ps, cand, 0, j) >= 0);
                ps[j] = cand;
            }
            mergeParents.Add(ps);
            Add(rankToFam[ps[0]], EdgeType.Merge);
        }
        int familyNodes = famParent.Count;
        if (familyNodes > n) throw new InvalidOperationException($"{familyNodes} family nodes do not fit in {n} models");

        // Rows: family nodes keep their order, spread evenly between models outside every family.
        var famToRow = new int[familyNodes];
        for (int f = 0; f < familyNodes; f++) famToRow[f] = (int)(((long)(f + 1) * n + familyNodes - 1) / familyNodes) - 1;
        var parentStart = new int[n + 1];
        var childCount = new int[n];
        var root = new int[n];
        Array.Fill(root, -1);
        var parentsList = new List<int>(single + eMerge);
        var relationList = new List<EdgeType>(single + eMerge);
        var edgesByType = new long[Relations.EdgeTypeCount];
        int f2 = 0;
        for (int row = 0; row < n; row++)
        {
            parentStart[row] = parentsList.Count;
            if (f2 < familyNodes && famToRow[f2] == row)
            {
                int fp = famParent[f2];
                if (f2 >= singleFamily)
                {
                    foreach (int pr in mergeParents[f2 - singleFamily]) AddEdge(famToRow[rankToFam[pr]], EdgeType.Merge);
                    root[row] = root[famToRow[fp]];
                }
                else if (fp >= 0)
                {
                    AddEdge(famToRow[fp], famRelation[f2]);
                    root[row] = root[famToRow[fp]];
                }
                else root[row] = row;
                f2++;
            }
        }
        parentStart[n] = parentsList.Count;

        var withChildren = new int[Relations.EdgeTypeCount];
        for (int row = 0; row < n; row++)
            if (childCount[row] > 0 && parentStart[row + 1] > parentStart[row]) withChildren[(int)relationList[parentStart[row]]]++;

        var specialRows = new int[special.Count];
        for (int i = 0; i < special.Count && i < parents; i++) specialRows[i] = famToRow[rankToFam[i]];

        return new FamilyPlan
        {
            Models = n, ParentStart = parentStart, Parents = [.. parentsList], Relation = [.. relationList],
            ChildCount = childCount, Root = root, SpecialRows = specialRows, EdgesByType = edgesByType,
            ParentsWithChildrenByType = withChildren, FamilyNodes = familyNodes,
        };

        void AddEdge(int parentRow, EdgeType type)
        {
            parentsList.Add(parentRow);
            relationList.Add(type);
            childCount[parentRow]++;
            edgesByType[(int)type]++;
        }

        void Add(int parentFam, EdgeType rel)
        {
            famParent.Add(parentFam);
            famRelation.Add(rel);
        }

        EdgeType DrawLeafRelation()
        {
            long total = pool[0] + pool[1] + pool[2] + pool[3];
            if (total == 0) return EdgeType.Finetune;
            long u = (long)(rng.NextDouble() * total);
            for (int i = 0; i < 4; i++)
            {
                if (u < pool[i]) { pool[i]--; return i switch { 0 => EdgeType.Finetune, 1 => EdgeType.Quantized, 2 => EdgeType.Adapter, _ => EdgeType.Untyped }; }
                u -= pool[i];
            }
            return EdgeType.Finetune;
        }
    }

    private static void Shuffle<T>(Span<T> items, ref Rng rng)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = rng.Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Prefix sums over non-negative weights with weighted search (Fenwick / binary indexed tree).</summary>
    private sealed class Fenwick(int n)
    {
        private readonly long[] _tree = new long[n + 1];
        private readonly int _n = n;

        public long Total { get; private set; }

        public void Add(int i, long delta)
        {
            Total += delta;
            for (i++; i <= _n; i += i & -i) _tree[i] += delta;
        }

        /// <summary>The index whose cumulative range contains <paramref name="target"/> (0 ≤ target &lt; Total).</summary>
        public int Find(long target)
        {
            int pos = 0;
            int step = 1;
            while (step * 2 <= _n) step *= 2;
            for (; step > 0; step >>= 1)
            {
                if (pos + step <= _n && _tree[pos + step] <= target)
                {
                    pos += step;
                    target -= _tree[pos];
                }
            }
            return Math.Min(pos, _n - 1);
        }
    }
}
