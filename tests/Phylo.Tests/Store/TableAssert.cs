using System.Collections;
using System.Reflection;
using Phylo.Table;

namespace Phylo.Tests.Store;

/// <summary>
/// Compares two tables property by property through reflection, so a column added to <see cref="ModelTable"/> later is
/// compared too (and a snapshot that forgets to store it fails the round-trip tests).
/// </summary>
internal static class TableAssert
{
    public static void Equal(ModelTable expected, ModelTable actual) => Deep(expected, actual, nameof(ModelTable));

    private static void Deep(object? e, object? a, string path)
    {
        if (e is null || a is null)
        {
            Assert.True(e is null && a is null, $"{path}: expected {(e is null ? "null" : "a value")}, got {(a is null ? "null" : "a value")}");
            return;
        }
        Assert.True(e.GetType() == a.GetType(), $"{path}: type {e.GetType()} vs {a.GetType()}");
        switch (e)
        {
            case string or ValueType:
                Assert.True(e.Equals(a), $"{path}: expected {e}, got {a}");
                return;
            case Utf8Pool pe:
                var pa = (Utf8Pool)a;
                Assert.True(pe.Count == pa.Count, $"{path}.Count: {pe.Count} vs {pa.Count}");
                for (int i = 0; i < pe.Count; i++) Assert.True(pe[i].SequenceEqual(pa[i]), $"{path}[{i}] differs");
                return;
            case ModelIdIndex ie:
                var ia = (ModelIdIndex)a;
                Assert.True(ie.Ids.SequenceEqual(ia.Ids), $"{path}: the ids differ");
                foreach (string id in ie.Ids)
                    Assert.True(ia.TryGetValue(id, out int row) && row == ie[id], $"{path}[{id}]: expected row {ie[id]}");
                return;
            case IDictionary de:
                var da = (IDictionary)a;
                Assert.True(de.Count == da.Count, $"{path}.Count: {de.Count} vs {da.Count}");
                foreach (DictionaryEntry kv in de)
                {
                    Assert.True(da.Contains(kv.Key), $"{path}: key {kv.Key} missing");
                    Deep(kv.Value, da[kv.Key], $"{path}[{kv.Key}]");
                }
                return;
            case IEnumerable ee:
                var le = ee.Cast<object?>().ToList();
                var la = ((IEnumerable)a).Cast<object?>().ToList();
                Assert.True(le.Count == la.Count, $"{path}: {le.Count} items vs {la.Count}");
                for (int i = 0; i < le.Count; i++) Deep(le[i], la[i], $"{path}[{i}]");
                return;
        }
        var props = e.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance);
        Assert.NotEmpty(props);
        foreach (var p in props)
        {
            if (p.GetIndexParameters().Length > 0) continue;
            Deep(p.GetValue(e), p.GetValue(a), $"{path}.{p.Name}");
        }
    }
}
