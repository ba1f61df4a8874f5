namespace Phylo.Analyses.Drift;

/// <summary>
/// License classes for the compliance view, from most to least restrictive (the first four are ranked);
/// <see cref="Other"/> is an unclassified license, <see cref="None"/> no license at all.
/// </summary>
public enum LicenseClass : byte
{
    Commercial = 0,
    UseRestricted = 1,
    Copyleft = 2,
    Permissive = 3,
    Other = 4,
    None = 5,
}

/// <summary>Which license ids fall in which <see cref="LicenseClass"/> (issue 5 lists them).</summary>
public static class LicenseClasses
{
    public const int Count = 6;

    public static readonly LicenseClass[] All =
        [LicenseClass.Commercial, LicenseClass.UseRestricted, LicenseClass.Copyleft, LicenseClass.Permissive, LicenseClass.Other, LicenseClass.None];

    private static readonly string[] CommercialIds = ["gemma", "llama2", "llama3", "llama3.1", "llama3.2", "llama3.3"];
    private static readonly string[] UseRestrictedIds = ["openrail", "openrail++", "creativeml-openrail-m", "bigscience-bloom-rail-1.0"];
    private const string NonCommercialPrefix = "cc-by-nc-";
    private static readonly string[] CopyleftIds = ["cc-by-4.0", "cc-by-sa-4.0", "gpl-2.0", "gpl-3.0"];
    private static readonly string[] PermissiveIds = ["mit", "apache-2.0", "unlicense", "cc0-1.0", "cc", "artistic-2.0", "afl-3.0"];

    public static string Name(this LicenseClass c) => c switch
    {
        LicenseClass.Commercial => "commercial",
        LicenseClass.UseRestricted => "use-restricted",
        LicenseClass.Copyleft => "copyleft",
        LicenseClass.Permissive => "permissive",
        LicenseClass.Other => "other",
        _ => "none",
    };

    /// <summary>Class of one license id (case-insensitive); <see cref="LicenseClass.Other"/> when unlisted.</summary>
    public static LicenseClass Classify(string license)
    {
        string id = license.Trim().ToLowerInvariant();
        if (Array.IndexOf(CommercialIds, id) >= 0) return LicenseClass.Commercial;
        if (Array.IndexOf(UseRestrictedIds, id) >= 0 || id.StartsWith(NonCommercialPrefix, StringComparison.Ordinal)) return LicenseClass.UseRestricted;
        if (Array.IndexOf(CopyleftIds, id) >= 0) return LicenseClass.Copyleft;
        if (Array.IndexOf(PermissiveIds, id) >= 0) return LicenseClass.Permissive;
        return LicenseClass.Other;
    }

    internal static LicenseClass[] ForVocabulary(string[] vocabulary)
    {
        var classes = new LicenseClass[vocabulary.Length];
        for (int i = 0; i < classes.Length; i++) classes[i] = Classify(vocabulary[i]);
        return classes;
    }

    /// <summary>
    /// A model's class: the most restrictive ranked class among its licenses (a model that also declares
    /// llama3 is bound by it); <see cref="LicenseClass.Other"/> when none is ranked; <see cref="LicenseClass.None"/> when it has no license.
    /// </summary>
    internal static LicenseClass OfModel(ReadOnlySpan<int> licenses, LicenseClass[] byId)
    {
        if (licenses.IsEmpty) return LicenseClass.None;
        var best = LicenseClass.Other;
        foreach (int id in licenses) if (byId[id] < best) best = byId[id];
        return best;
    }

    public static bool IsRestrictive(this LicenseClass c) => c <= LicenseClass.UseRestricted;

    /// <summary>The child's ranked class is strictly less restrictive than the restrictive parent's.</summary>
    public static bool Relaxes(LicenseClass parent, LicenseClass child) =>
        parent.IsRestrictive() && child <= LicenseClass.Permissive && child > parent;
}
