using Phylo.Report;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>The drift tables: transitions per trait and the license-compliance flags.</summary>
internal static class DriftTables
{
    public const string FlagsName = "license_flags";

    public static string TransitionsName(TraitKind trait) => $"transitions_{trait.Name()}";

    public static IEnumerable<ResultTable> All(DriftResult r)
    {
        foreach (var t in r.Transitions) yield return Transitions(t);
        yield return Flags(r.Compliance);
    }

    /// <summary>Rows by study-rule count, most first; ties by ordinal from-name then to-name.</summary>
    internal static ResultTable Transitions(TransitionMatrix t)
    {
        var rows = new int[t.From.Length];
        for (int i = 0; i < rows.Length; i++) rows[i] = i;
        string[] v = t.Vocabulary;
        Array.Sort(rows, (a, b) =>
        {
            int c = t.Transitions[b].CompareTo(t.Transitions[a]);
            if (c == 0) c = string.CompareOrdinal(v[t.From[a]], v[t.From[b]]);
            return c != 0 ? c : string.CompareOrdinal(v[t.To[a]], v[t.To[b]]);
        });
        var from = new string?[rows.Length];
        var to = new string?[rows.Length];
        var study = new long[rows.Length];
        var clean = new long[rows.Length];
        for (int k = 0; k < rows.Length; k++)
        {
            int i = rows[k];
            from[k] = v[t.From[i]];
            to[k] = v[t.To[i]];
            study[k] = t.Transitions[i];
            clean[k] = t.CleanTransitions[i];
        }
        return new ResultTable(TransitionsName(t.Trait))
            .Add("from", from).Add("to", to).Add("transitions", study).Add("clean_transitions", clean);
    }

    internal static ResultTable Flags(LicenseComplianceResult c)
    {
        int n = c.Flags.Length;
        var parent = new string?[n];
        var child = new string?[n];
        var parentLicense = new string?[n];
        var childLicense = new string?[n];
        var root = new string?[n];
        for (int i = 0; i < n; i++)
        {
            var f = c.Flags[i];
            (parent[i], child[i], parentLicense[i], childLicense[i], root[i]) = (f.Parent, f.Child, f.ParentLicense, f.ChildLicense, f.FamilyRoot);
        }
        return new ResultTable(FlagsName)
            .Add("parent", parent).Add("child", child).Add("parent_license", parentLicense)
            .Add("child_license", childLicense).Add("family_root", root);
    }
}
