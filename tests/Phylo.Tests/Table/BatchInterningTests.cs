using System.Text;
using CsCheck;
using Phylo.Table;

namespace Phylo.Tests.Table;

/// <summary>
/// Per-batch interning on the workers (<see cref="RowBatch"/>) must give the table exactly the ids one thread interning
/// row by row gives: the same vocabularies in the same order, the same rows, the same duplicate rejections — for any
/// number of workers and any batch boundaries.
/// </summary>
public class BatchInterningTests
{
    private static readonly string[] Pool = ["", "a", "b", "c", "d", "e", "f", "ü", "x/y", "y/z"];

    private sealed record Row(int Id, int Author, int Type, int[] Tags, int[] Licenses, int Task, int[][] Parents, int Card);

    private static readonly Gen<int[]> Items = Gen.Int[0, Pool.Length - 1].Array[0, 5];

    private static readonly Gen<Row> GenRow =
        Gen.Select(Gen.Int[0, 40], Gen.Int[0, Pool.Length - 1], Gen.Int[0, Pool.Length - 1], Items, Items, Gen.Int[0, Pool.Length - 1],
            Gen.Int[0, Pool.Length - 1].Array[2].Array[0, 4], Gen.Int[0, 3])
        .Select(t => new Row(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8));

    private static readonly string[] Cards = ["", "tiny", "A model card that is long enough to have a genome, about things.", "automatically generated card"];

    private static ModelRecord Record(Row r, int line) => new()
    {
        Id = "m" + r.Id,
        Author = Pool[r.Author],
        ModelType = Pool[r.Type],
        PipelineTag = Pool[r.Task],
        Tags = [.. r.Tags.Select(i => Pool[i])],
        Licenses = [.. r.Licenses.Select(i => Pool[i])],
        Languages = [.. r.Tags.Reverse().Select(i => Pool[i])],
        Parents = [.. r.Parents.Select(p => new ParentRef(Pool[p[0]], (RelationMask)(1 << (p[1] % 5))))],
        HubObjectId = Pool[r.Author],
        Likes = line,
        SourceFile = r.Card == 3 ? "b.csv" : "a.csv",
        Line = line,
        Card = Encoding.UTF8.GetBytes(Cards[r.Card]),
    };

    [Fact]
    public void Batches_from_1_2_and_7_workers_give_the_ids_of_one_thread()
    {
        Gen.Select(GenRow.Array[0, 120], Gen.Int[1, 40].Array[1, 30], Gen.Int[0, 2].Select(i => new[] { 1, 2, 7 }[i])).Sample((rows, cuts, workers) =>
        {
            var keep = CardKeep.Features | CardKeep.Bodies;
            var one = new ModelTableBuilder(keep);
            var expectedRejects = new List<Rejection?>();
            for (int i = 0; i < rows.Length; i++) expectedRejects.Add(one.Add(Record(rows[i], i + 2)));
            var expected = one.Build();

            // Cut the rows into batches of the drawn sizes; worker w parses batches w, w + workers, … in parallel with its own
            // card stage; the builder commits them in sequence order.
            var bounds = new List<(int Start, int End)>();
            for (int s = 0, c = 0; s < rows.Length; c++)
            {
                int end = Math.Min(rows.Length, s + cuts[c % cuts.Length]);
                bounds.Add((s, end));
                s = end;
            }
            var batches = new RowBatch[bounds.Count];
            var stages = new CardStage[workers];
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                var stage = stages[w] = new CardStage(keep);
                for (int b = w; b < bounds.Count; b += workers)
                {
                    var batch = batches[b] = new RowBatch();
                    var reused = new ModelRecord();
                    for (int i = bounds[b].Start; i < bounds[b].End; i++)
                    {
                        var r = Record(rows[i], i + 2);
                        var card = r.Card;
                        var into = reused.Reset();
                        Copy(r, into);
                        stage.Process(into, card, batch.Pieces);
                        batch.Append(into);
                    }
                }
            });
            var many = new ModelTableBuilder(keep);
            var rejects = new List<Rejection?>();
            foreach (var batch in batches)
                for (int i = 0; i < batch.Count; i++) rejects.Add(many.Add(batch, i));
            foreach (var stage in stages) many.Absorb(stage);
            var actual = many.Build();

            Assert.Equal(expectedRejects, rejects);
            AssertSameTable(expected, actual);
            AssertFirstSeenOrder(rows, actual);
        }, iter: 300);
    }

    private static void Copy(ModelRecord from, ModelRecord into)
    {
        (into.Id, into.Author, into.ModelType, into.PipelineTag, into.HubObjectId) = (from.Id, from.Author, from.ModelType, from.PipelineTag, from.HubObjectId);
        into.Tags.AddRange(from.Tags);
        into.Licenses.AddRange(from.Licenses);
        into.Languages.AddRange(from.Languages);
        into.Parents.AddRange(from.Parents);
        (into.Likes, into.SourceFile, into.Line) = (from.Likes, from.SourceFile, from.Line);
    }

    private static void AssertSameTable(ModelTable e, ModelTable a)
    {
        Assert.Equal(e.Ids, a.Ids);
        Assert.Equal(e.Authors, a.Authors);
        Assert.Equal(e.Author, a.Author);
        Assert.Equal(e.ModelTypes, a.ModelTypes);
        Assert.Equal(e.ModelType, a.ModelType);
        Assert.Equal(e.Likes, a.Likes);
        foreach (TraitKind k in TraitKinds.All)
        {
            Assert.Equal(e[k].Vocabulary, a[k].Vocabulary);
            Assert.Equal(e[k].Offsets, a[k].Offsets);
            Assert.Equal(e[k].Values, a[k].Values);
        }
        Assert.Equal(e.Record!.TagOffsets, a.Record!.TagOffsets);
        Assert.Equal(e.Record.Tags, a.Record.Tags);
        Assert.Equal(e.Record.ObjectIds, a.Record.ObjectIds);
        Assert.Equal(e.ParentRefOffsets, a.ParentRefOffsets);
        Assert.Equal(e.ParentRefIds, a.ParentRefIds);
        Assert.Equal(e.ParentRefMasks, a.ParentRefMasks);
        Assert.Equal(e.ParentRefKeys, a.ParentRefKeys);
        Assert.Equal(e.ParentRefNames, a.ParentRefNames);
        Assert.Equal(e.DuplicateParentLinks, a.DuplicateParentLinks);
        Assert.Equal(e.SourceFiles, a.SourceFiles);
        Assert.Equal(e.CardChars, a.CardChars);
        var (ef, af) = (e.CardFeatures!, a.CardFeatures!);
        Assert.Equal(ef.Signatures, af.Signatures);
        Assert.Equal(ef.GenomeTerms.Hashes, af.GenomeTerms.Hashes);
        Assert.Equal(ef.GenomeTerms.Counts, af.GenomeTerms.Counts);
        Assert.Equal(ef.GenomeTerms.DocumentCount, af.GenomeTerms.DocumentCount);
        Assert.Equal(e.CardFeatures!.Mentions!.Offsets, a.CardFeatures!.Mentions!.Offsets);
        for (int i = 0; i < e.Count; i++) Assert.True(ef.Genomes[i].SequenceEqual(af.Genomes[i]));
    }

    /// <summary>An oracle that does not use the builder: each vocabulary lists values in order of first use by a kept row.</summary>
    private static void AssertFirstSeenOrder(Row[] rows, ModelTable t)
    {
        var seen = new HashSet<int>();
        var authors = new List<string>();
        var tags = new List<string>();
        var parents = new List<string>();
        foreach (var r in rows)
        {
            if (!seen.Add(r.Id)) continue;
            AddNew(authors, Pool[r.Author]);
            foreach (int i in r.Tags) AddNew(tags, Pool[i]);
            foreach (var p in r.Parents) AddNew(parents, Pool[p[0]]);
        }
        Assert.Equal(authors, t.Authors);
        Assert.Equal(tags, t[TraitKind.Tag].Vocabulary);
        Assert.Equal(parents, t.ParentRefNames!);
    }

    private static void AddNew(List<string> list, string value)
    {
        if (value.Length > 0 && !list.Contains(value)) list.Add(value);
    }
}
