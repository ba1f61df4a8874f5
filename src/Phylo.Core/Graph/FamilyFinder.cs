namespace Phylo.Graph;

/// <summary>
/// Step 5 of the graph build: families = weakly connected components of the all-edges graph (union-find),
/// numbered in order of their lowest model index.
/// </summary>
internal static class FamilyFinder
{
    public static (int[] FamilyOf, FamilyInfo[] Families, int[] Widths) Find(
        int n, int[] edgeParent, int[] edgeChild, int[] root, int[] gen, int[] desc)
    {
        var uf = new int[n];
        for (int i = 0; i < n; i++) uf[i] = i;
        for (int e = 0; e < edgeParent.Length; e++)
        {
            int a = FindRoot(uf, edgeParent[e]), b = FindRoot(uf, edgeChild[e]);
            if (a < b) uf[b] = a;
            else if (b < a) uf[a] = b;   // the lowest index represents its set
        }

        // Every link points to a lower index (union links the larger root under the smaller, path halving only
        // shortcuts), so one ascending pass labels each model from an already-labelled lower one.
        var familyOf = new int[n];
        var best = new int[n];
        var size = new int[n];
        var depth = new int[n];
        int count = 0;
        for (int v = 0; v < n; v++)
        {
            int f;
            if (uf[v] == v) { f = count++; best[f] = -1; }
            else f = familyOf[uf[v]];
            familyOf[v] = f;
            size[f]++;
            if (gen[v] > depth[f]) depth[f] = gen[v];
            if (root[v] == v && (best[f] < 0 || desc[v] > desc[best[f]])) best[f] = v;
        }

        var families = new FamilyInfo[count];
        int start = 0;
        for (int f = 0; f < count; f++)
        {
            families[f] = new FamilyInfo(best[f], size[f], depth[f], start);
            start += depth[f] + 1;
        }
        var widths = new int[start];
        for (int v = 0; v < n; v++) widths[families[familyOf[v]].WidthStart + gen[v]]++;
        return (familyOf, families, widths);
    }

    private static int FindRoot(int[] uf, int x)
    {
        while (uf[x] != x) { uf[x] = uf[uf[x]]; x = uf[x]; }
        return x;
    }
}
