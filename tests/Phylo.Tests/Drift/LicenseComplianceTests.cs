using Phylo.Analyses;
using Phylo.Analyses.Drift;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Tests.Drift;

public class LicenseComplianceTests
{
    private static readonly DriftOptions Options = new() { Parallelism = 1 };

    private static (ModelTable, FamilyGraph) Graph()
    {
        var h = new HandGraph();
        h.Model("meta/llama", licenses: ["llama3"]);
        h.Model("a/relicensed", licenses: ["apache-2.0"], parents: HandGraph.Finetune("meta/llama"));        // flagged
        h.Model("a/kept", licenses: ["llama3", "apache-2.0"], parents: HandGraph.Finetune("meta/llama"));   // still bound by llama3
        h.Model("a/unlicensed", parents: [("meta/llama", RelationMask.Quantized)]);                          // counted, not flagged
        h.Model("a/restricted", licenses: ["openrail"], parents: [("meta/llama", RelationMask.Adapter)]);  // commercial → use-restricted: flagged
        h.Model("sd/base", licenses: ["creativeml-openrail-m"]);
        h.Model("b/mit", licenses: ["mit"], parents: HandGraph.Finetune("sd/base"));                         // flagged
        h.Model("b/nc", licenses: ["cc-by-nc-4.0"], parents: HandGraph.Finetune("b/mit"));                   // permissive parent: not flagged
        h.Model("b/cc", licenses: ["cc-by-4.0"], parents: HandGraph.Finetune("b/nc"));                       // use-restricted → copyleft: flagged
        h.Model("g/gemma", licenses: ["gemma"]);
        h.Model("g/llama", licenses: ["llama3"], parents: HandGraph.Finetune("g/gemma"));                    // same class: not flagged
        h.Model("g/other", licenses: ["bsd-3-clause"], parents: HandGraph.Finetune("g/gemma"));              // unclassified: not flagged
        return h.Build();
    }

    [Fact]
    public void Classes_follow_the_issue_lists()
    {
        Assert.Equal(LicenseClass.Commercial, LicenseClasses.Classify("llama3.1"));
        Assert.Equal(LicenseClass.UseRestricted, LicenseClasses.Classify("cc-by-nc-sa-4.0"));
        Assert.Equal(LicenseClass.UseRestricted, LicenseClasses.Classify("openrail++"));
        Assert.Equal(LicenseClass.Copyleft, LicenseClasses.Classify("gpl-3.0"));
        Assert.Equal(LicenseClass.Permissive, LicenseClasses.Classify("Apache-2.0"));
        Assert.Equal(LicenseClass.Other, LicenseClasses.Classify("bsd-3-clause"));
    }

    [Fact]
    public void Relaxing_edges_are_flagged_with_their_family_root()
    {
        var (table, graph) = Graph();
        var r = LicenseCompliance.Finish(table, graph, LicenseCompliance.Compute(table, graph, FamilyShard.All, Options), Options);

        Assert.Equal(
            [("meta/llama", "a/relicensed"), ("meta/llama", "a/restricted"), ("sd/base", "b/mit"), ("b/nc", "b/cc")],
            r.Flags.Select(f => (f.Parent, f.Child)).OrderBy(p => p.Parent == "meta/llama" ? 0 : p.Parent == "sd/base" ? 1 : 2).ToArray());
        LicenseFlag cc = r.Flags.Single(f => f.Child == "b/cc");
        Assert.Equal(("cc-by-nc-4.0", "cc-by-4.0", "sd/base"), (cc.ParentLicense, cc.ChildLicense, cc.FamilyRoot));
        Assert.Equal(1, r.UnlicensedChildren);
        Assert.Equal(graph.EdgeCount, r.Edges);
        Assert.Equal(2, r.ClassMatrix[(int)LicenseClass.Commercial][(int)LicenseClass.Commercial]);
        Assert.Equal(1, r.ClassMatrix[(int)LicenseClass.Permissive][(int)LicenseClass.UseRestricted]);
        Assert.Equal([new NamedCount("llama3", 2), new NamedCount("cc-by-nc-4.0", 1), new NamedCount("creativeml-openrail-m", 1)], r.ByParentLicense);
        Assert.Equal([new NamedCount("meta/llama", 2), new NamedCount("sd/base", 2)], r.TopFamilies);
    }

    [Fact]
    public void Flags_csv_lists_one_row_per_flagged_edge()
    {
        var (table, graph) = Graph();
        var result = DriftAnalysis.Run(table, graph, Options with { BootstrapReplicates = 10 });
        string dir = Path.Combine(Path.GetTempPath(), "phylo-drift-" + Guid.NewGuid().ToString("N"));
        try
        {
            result.WriteTables(dir);
            string[] lines = File.ReadAllLines(Path.Combine(dir, "license_flags.csv"));
            Assert.Equal("parent,child,parent_license,child_license,family_root", lines[0]);
            Assert.Contains("meta/llama,a/relicensed,llama3,apache-2.0,meta/llama", lines);
            Assert.Equal(5, lines.Length);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
