using System.Globalization;
using Phylo.Table;

namespace Phylo.Drift;

/// <summary>The drift CSV tables.</summary>
internal static class DriftTables
{
    public const string FlagsFile = "license_flags.csv";

    public static string TransitionsFile(TraitKind trait) => $"transitions_{trait.Name()}.csv";

    public static void Write(DriftResult r, string directory)
    {
        foreach (var t in r.Transitions)
            AtomicFile.WriteText(Path.Combine(directory, TransitionsFile(t.Trait)), w => WriteTransitions(t, w));
        AtomicFile.WriteText(Path.Combine(directory, FlagsFile), w => WriteFlags(r.Compliance, w));
    }

    /// <summary>Rows by study-rule count, most first; ties by ordinal from-name then to-name.</summary>
    internal static void WriteTransitions(TransitionMatrix t, TextWriter w)
    {
        w.WriteLine("from,to,transitions,cleanTransitions");
        var rows = new int[t.From.Length];
        for (int i = 0; i < rows.Length; i++) rows[i] = i;
        string[] v = t.Vocabulary;
        Array.Sort(rows, (a, b) =>
        {
            int c = t.Transitions[b].CompareTo(t.Transitions[a]);
            if (c == 0) c = string.CompareOrdinal(v[t.From[a]], v[t.From[b]]);
            return c != 0 ? c : string.CompareOrdinal(v[t.To[a]], v[t.To[b]]);
        });
        foreach (int i in rows)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{AtomicFile.Csv(v[t.From[i]])},{AtomicFile.Csv(v[t.To[i]])},{t.Transitions[i]},{t.CleanTransitions[i]}"));
    }

    internal static void WriteFlags(LicenseComplianceResult c, TextWriter w)
    {
        w.WriteLine("parent,child,parentLicense,childLicense,familyRoot");
        foreach (var f in c.Flags)
            w.WriteLine($"{AtomicFile.Csv(f.Parent)},{AtomicFile.Csv(f.Child)},{AtomicFile.Csv(f.ParentLicense)},{AtomicFile.Csv(f.ChildLicense)},{AtomicFile.Csv(f.FamilyRoot)}");
    }
}
