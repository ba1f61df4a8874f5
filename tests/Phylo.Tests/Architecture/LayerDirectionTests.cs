using System.Reflection;

namespace Phylo.Tests.Architecture;

/// <summary>
/// Phylo's namespaces form layers that point one way (native-notes/architecture.md draws them): a namespace may
/// use namespaces of lower layers only, never a sibling of its own layer nor anything above. The check reads the
/// compiled assemblies (<see cref="NamespaceReferences"/>), not the source, so a fully qualified name or a type
/// reached through `var` counts as much as a `using`.
/// </summary>
public sealed class LayerDirectionTests
{
    /// <summary>Low → high. Each entry is one component: a namespace and everything below it, unless a longer
    /// entry claims a sub-namespace (the root "Phylo" is only itself, so a new top-level namespace must be placed
    /// here). Components on the same line are siblings and must not use each other.</summary>
    private static readonly string[][] Layers =
    [
        ["Phylo"],                                  // PhyloInputException, ProgressCounter: shared by every layer
        ["Phylo.Kernels", "Phylo.Output"],          // spans in, numbers out (+ SIMD gates); files written atomically
        ["Phylo.Text"],                             // tokens, vocabularies, term counts
        ["Phylo.Table"],                            // the model table, its records, card features, relations
        ["Phylo.Graph"],                            // family graph built from the table
        ["Phylo.Store"],                            // snapshots and shard parts on disk
        ["Phylo.Ingest"],                           // inputs → table (a snapshot is one input format)
        ["Phylo.Report"],                           // report sections, tables, report.json/md writers
        ["Phylo.Analyses"],                         // the sharded-analysis contract, options, shard scope
        ["Phylo.Analyses.Graph", "Phylo.Analyses.Traits", "Phylo.Analyses.Summary", "Phylo.Analyses.Panels",
         "Phylo.Analyses.Similarity", "Phylo.Analyses.Drift"],
        ["Phylo.Run"],                              // one run: ingest → analyses → report
        ["Phylo.Plots", "Phylo.Lineage", "Phylo.Synth"], // figures/HTML/Parquet; lineage inference; the synthetic ecosystem (its own project)
        ["Phylo.Cli"],                              // options → a RunJob and its writers → Run
    ];

    /// <summary>Edges against the direction that are known and not yet removed, each with why. The test fails
    /// when one of them disappears too, so this list only shrinks.</summary>
    private static readonly (string From, string To, string Why)[] Allowed = [];

    private static Assembly[] PhyloAssemblies() =>
    [
        typeof(Phylo.Kernels.Simd).Assembly,
        typeof(Phylo.Lineage.LineageSession).Assembly,
        typeof(Phylo.Plots.FigureSet).Assembly,
        typeof(Phylo.Cli.Program).Assembly,
    ];

    private static (int Rank, string Component) LayerOf(string ns)
    {
        (int, string)? best = null;
        for (int rank = 0; rank < Layers.Length; rank++)
            foreach (var c in Layers[rank])
                if ((ns == c || (c != "Phylo" && ns.StartsWith(c + ".", StringComparison.Ordinal))) && (best is null || c.Length > best.Value.Item2.Length))
                    best = (rank, c);
        return best ?? throw new InvalidOperationException($"namespace {ns} is in no layer: add it to Layers");
    }

    /// <summary>Edges between components that go sideways or up.</summary>
    private static SortedDictionary<(string From, string To), string> Violations(SortedDictionary<(string From, string To), string> edges)
    {
        var bad = new SortedDictionary<(string, string), string>();
        foreach (var ((from, to), example) in edges)
        {
            var (rf, cf) = LayerOf(from);
            var (rt, ct) = LayerOf(to);
            if (cf == ct || rt < rf) continue;
            bad.TryAdd((cf, ct), $"{from} → {to}, e.g. {example}");
        }
        return bad;
    }

    [Fact]
    public void Namespaces_use_only_lower_layers()
    {
        var violations = Violations(NamespaceReferences.Scan(PhyloAssemblies()));
        var allowed = Allowed.Select(a => (a.From, a.To)).ToHashSet();
        var unexpected = violations.Where(v => !allowed.Contains(v.Key)).Select(v => $"  {v.Key.From} → {v.Key.To}: {v.Value}").ToList();
        var gone = allowed.Where(a => !violations.ContainsKey(a)).Select(a => $"  {a.From} → {a.To}").ToList();
        Assert.True(unexpected.Count == 0,
            "edges against the layer order (see native-notes/architecture.md):\n" + string.Join('\n', unexpected));
        Assert.True(gone.Count == 0, "allowed edges that no longer exist; delete them from Allowed:\n" + string.Join('\n', gone));
    }

    [Fact]
    public void Scan_sees_references_in_bodies_signatures_and_base_types()
    {
        // The scanner must see the real, known references, or a pass above would mean nothing.
        var edges = NamespaceReferences.Scan(PhyloAssemblies());
        Assert.Contains(("Phylo.Run", "Phylo.Analyses"), edges.Keys);           // AnalysisPlan lists the analyses
        Assert.Contains(("Phylo.Text", "Phylo.Kernels"), edges.Keys);           // method bodies call the kernels
        Assert.Contains(("Phylo.Cli.Commands", "Phylo.Run"), edges.Keys);
        Assert.True(edges.Count > 50, $"only {edges.Count} edges found");
    }

    [Fact]
    public void An_upward_edge_is_reported_with_an_example()
    {
        var edges = new SortedDictionary<(string From, string To), string>
        {
            [("Phylo.Kernels", "Phylo.Table")] = "Phylo.Kernels.A → Phylo.Table.B",
            [("Phylo.Analyses.Drift", "Phylo.Analyses.Similarity")] = "Phylo.Analyses.Drift.C → Phylo.Analyses.Similarity.D",
            [("Phylo.Analyses.Drift", "Phylo.Analyses")] = "sub-namespace to its base: fine",
            [("Phylo.Cli.Commands", "Phylo.Cli.Output")] = "same component: fine",
            [("Phylo.Ingest.Csv", "Phylo.Store")] = "down: fine",
        };
        var v = Violations(edges);
        Assert.Equal([("Phylo.Analyses.Drift", "Phylo.Analyses.Similarity"), ("Phylo.Kernels", "Phylo.Table")], v.Keys);
        Assert.Contains("Phylo.Kernels.A → Phylo.Table.B", v[("Phylo.Kernels", "Phylo.Table")], StringComparison.Ordinal);
    }
}
