using Phylo.Table;

namespace Phylo.Tests.Table;

/// <summary>The table's id index against a reference <see cref="Dictionary{TKey, TValue}"/>: ids with repeats added in order,
/// then every added id and many absent ones looked up, under the real hash and under hashes that collide on purpose
/// (all equal, equal low bits, equal tags, a handful of values), from a tiny capacity (it grows) and sized up front.</summary>
public class ModelIdIndexTests
{
    public static TheoryData<string> Hashes => new() { "real", "constant", "same-slot", "same-tag", "few" };

    private static Func<ReadOnlySpan<char>, ulong> HashNamed(string name) => name switch
    {
        "real" => ModelIdIndex.Hash,
        "constant" => _ => 0x1234_5678_9ABC_DEF0UL,                                          // every id the same 64 bits
        "same-slot" => id => ModelIdIndex.Hash(id) & 0xFFFF_FFFF_0000_0000UL,                 // every id probes from slot 0
        "same-tag" => id => ModelIdIndex.Hash(id) & 0x0000_0000_FFFF_FFFFUL,                  // every tag equal: strings decide
        "few" => id => (ulong)(ModelIdIndex.Hash(id) % 5) * 0x9E37_79B9_7F4A_7C15UL,          // five hashes in all
        _ => throw new ArgumentException(name),
    };

    private static List<string> Ids(int seed, int count)
    {
        var rng = new Random(seed);
        var ids = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            // Repeats (a third of the draws name an earlier id), near-equal ids, the empty id and non-ASCII text.
            ids.Add(rng.Next(3) == 0 && ids.Count > 0 ? ids[rng.Next(ids.Count)]
                : rng.Next(50) == 0 ? "" : $"org{rng.Next(40)}/m{rng.Next(count)}{(rng.Next(10) == 0 ? "-é" : "")}");
        }
        return ids;
    }

    [Theory]
    [MemberData(nameof(Hashes))]
    public void Adds_and_finds_as_a_dictionary_does(string hashName)
    {
        var hash = HashNamed(hashName);
        int count = hashName is "real" ? 20_000 : 1_500; // forced collisions make every probe long
        foreach (int capacity in new[] { 0, count })
        {
            var ids = Ids(capacity + hashName.Length, count);
            var index = new ModelIdIndex(capacity, hash);
            var reference = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string id in ids)
            {
                bool added = index.TryAdd(id, hash(id), out int row);
                bool expectAdded = reference.TryAdd(id, reference.Count);
                Assert.Equal(expectAdded, added);
                Assert.Equal(reference[id], row);
            }
            Assert.Equal(reference.Count, index.Count);
            Assert.Equal(reference.OrderBy(p => p.Value).Select(p => p.Key).ToArray(), index.Ids.ToArray());
            foreach (var (id, row) in reference)
            {
                Assert.True(index.TryGetValue(id, out int found));
                Assert.Equal(row, found);
                Assert.Equal(row, index[id]);
            }
            foreach (string absent in new[] { "org1/m", "org1/m1-", "x", "org0/m0 ", "ORG1/m1" }.Concat(ids.Take(200).Select(i => i + "?")))
            {
                Assert.False(index.TryGetValue(absent, out int none));
                Assert.Equal(-1, none);
                Assert.False(index.ContainsKey(absent));
            }
            Assert.Throws<KeyNotFoundException>(() => index["not/there"]);
        }
    }

    [Fact]
    public void Capacity_changes_no_row_and_freeze_keeps_the_rows()
    {
        var ids = Ids(7, 5_000);
        var small = new ModelIdIndex(1);
        var sized = new ModelIdIndex(0);
        sized.EnsureCapacity(3_000);
        for (int i = 0; i < ids.Count; i++)
        {
            Assert.Equal(small.TryAdd(ids[i], out int a), sized.TryAdd(ids[i], ModelIdIndex.Hash(ids[i]), out int b));
            Assert.Equal(a, b);
            if (i == 2_000) sized.EnsureCapacity(10_000); // midway, as the builder's hint comes
        }
        string[] frozen = sized.Freeze();
        Assert.Equal(sized.Count, frozen.Length);
        Assert.Equal(small.Ids.ToArray(), frozen);
        for (int row = 0; row < frozen.Length; row++) Assert.Equal(row, sized[frozen[row]]);
    }

    [Fact]
    public void Of_a_column_indexes_it_in_place_and_names_the_first_id_stored_twice()
    {
        string[] ids = [.. Ids(11, 4_000).Distinct()];
        var index = ModelIdIndex.Of(ids);
        Assert.Equal(ids.Length, index.Count);
        for (int row = 0; row < ids.Length; row++) Assert.Equal(row, index[ids[row]]);
        Assert.Same(ids, index.Freeze());

        string[] twice = [.. ids[..100], ids[42], .. ids[100..]];
        Assert.Null(ModelIdIndex.TryOf(twice, out int at));
        Assert.Equal(100, at);
        Assert.Contains(ids[42], Assert.Throws<ArgumentException>(() => ModelIdIndex.Of(twice)).Message);
    }

    [Fact]
    public void The_hash_reads_every_code_unit()
    {
        Assert.NotEqual(ModelIdIndex.Hash("org/a"), ModelIdIndex.Hash("org/b"));
        Assert.NotEqual(ModelIdIndex.Hash("é"), ModelIdIndex.Hash("e"));
        Assert.Equal(ModelIdIndex.Hash("org/" + "a"), ModelIdIndex.Hash("org/a"));
    }

    [Fact]
    public void The_interner_over_it_gives_one_id_a_value_whichever_way_it_comes_and_forgets_on_clear()
    {
        var ids = Ids(3, 3_000);
        var interner = new StringInterner();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
        {
            string v = ids[i];
            int expected = reference.TryGetValue(v, out int e) ? e : reference[v] = reference.Count;
            int got = (i % 3) switch
            {
                0 => interner.Intern(v),
                1 => interner.Intern(("#" + v).AsSpan(1)), // characters that are not a string of their own
                _ => interner.Intern(v, ModelIdIndex.Hash(v)),
            };
            Assert.Equal(expected, got);
            Assert.True(interner.TryGet(v.AsSpan(), out int found) && found == expected);
            Assert.Equal(v, interner[got]);
        }
        Assert.False(interner.TryGet("never/seen", out _));
        Assert.Equal(reference.OrderBy(p => p.Value).Select(p => p.Key).ToArray(), interner.ToArray());
        interner.Clear();
        Assert.Equal(0, interner.Count);
        Assert.False(interner.TryGet(ids[0], out _));
        Assert.Equal(0, interner.Intern("z/after-clear"));
    }
}
