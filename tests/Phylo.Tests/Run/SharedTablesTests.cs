using System.Text.Json;
using Phylo.Report;
using Phylo.Run;

namespace Phylo.Tests.Run;

/// <summary>Writers running at the same time share the sections' tables: each built once, in order, at most two alive.</summary>
public sealed class SharedTablesTests
{
    /// <summary>A section whose tables count how often they are built.</summary>
    private sealed class CountingSection(string prefix, int tables, int failAt = -1) : IReportSection
    {
        public int Built;

        public void WriteJson(Utf8JsonWriter json) { }
        public void WriteMarkdown(TextWriter md) { }

        public IEnumerable<ResultTable> Tables()
        {
            for (int i = 0; i < tables; i++)
            {
                if (i == failAt) throw new InvalidDataException($"{prefix}{i} cannot be built");
                Interlocked.Increment(ref Built);
                yield return new ResultTable($"{prefix}{i}").Add("x", new[] { i });
            }
        }
    }

    private static string[] Names(IEnumerable<SectionTable> tables) => [.. tables.Select(t => $"{t.Section}:{t.Table.Name}")];

    [Fact]
    public void Two_readers_on_two_threads_get_every_table_once_built_in_order_with_at_most_two_alive()
    {
        CountingSection a = new("a", 7), b = new("b", 5);
        var shared = new SharedTables([a, b], readers: 2);
        int maxAlive = 0;
        var seen = new List<string>[2];
        var threads = Enumerable.Range(0, 2).Select(r => new Thread(() =>
        {
            seen[r] = [];
            foreach (var t in shared.Read(r))
            {
                seen[r].Add($"{t.Section}:{t.Table.Name}");
                int alive = shared.Alive;
                InterlockedMax(ref maxAlive, alive);
                if (r == 1) Thread.Yield();      // one reader slower than the other
            }
            shared.Retire(r);
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();

        string[] expected = Names(SectionTable.All([new CountingSection("a", 7), new CountingSection("b", 5)]));
        Assert.Equal(expected, seen[0]);
        Assert.Equal(expected, seen[1]);
        Assert.Equal((7, 5), (a.Built, b.Built));
        Assert.InRange(maxAlive, 1, 1 + SharedTables.Lead);
        Assert.Equal(0, shared.Alive);
    }

    [Fact]
    public void A_retired_reader_holds_nobody_up_and_keeps_nothing_alive()
    {
        var a = new CountingSection("a", 6);
        var shared = new SharedTables([a], readers: 2);
        shared.Retire(1);                        // e.g. its writer failed before reading
        var alive = new List<int>();
        foreach (var t in shared.Read(0)) alive.Add(shared.Alive);
        Assert.Equal(6, a.Built);
        Assert.All(alive, n => Assert.Equal(1, n));
        Assert.Equal(0, shared.Alive);
    }

    [Fact]
    public async Task A_reader_waits_for_the_slowest_until_it_reads_on()
    {
        var shared = new SharedTables([new CountingSection("a", 4)], readers: 2);
        using var fast = shared.Read(0).GetEnumerator();
        Assert.True(fast.MoveNext());            // table 0
        Assert.True(fast.MoveNext());            // table 1: one ahead of reader 1, which has not started
        var third = Task.Run(() => fast.MoveNext());
        Assert.True(SpinWait.SpinUntil(() => shared.Waiting == 1, TimeSpan.FromSeconds(30)));   // table 2 would be two ahead: waits
        Assert.False(third.IsCompleted);
        using var slow = shared.Read(1).GetEnumerator();
        Assert.True(slow.MoveNext());            // reader 1 at table 0
        Assert.True(slow.MoveNext());            // done with 0: reader 0 may go on
        Assert.True(await third.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("a2", fast.Current.Table.Name);
    }

    [Fact]
    public void A_table_that_fails_to_build_fails_every_reader()
    {
        var shared = new SharedTables([new CountingSection("a", 5, failAt: 2)], readers: 2);
        shared.Retire(1);
        var e = Assert.Throws<InvalidDataException>(() => shared.Read(0).ToList());
        Assert.Contains("a2 cannot be built", e.Message, StringComparison.Ordinal);
        var again = Assert.Throws<InvalidOperationException>(() => shared.Read(1).Skip(2).ToList());
        Assert.IsType<InvalidDataException>(again.InnerException);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
