using Phylo.Ingest;
using Phylo.Ingest.Pipeline;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Table;

/// <summary>A command that needs a few cards (phylo diff --genome card) keeps only those, and every model's card facts.</summary>
public class KeepCardOfTests
{
    [Fact]
    public void Only_the_chosen_cards_are_kept()
    {
        string csv = TestIngest.TempFile(new PublishedCsv().Row("o/a", card: "card of a").Row("o/b", card: "card of b, longer").Row("o/c", card: "c").ToString());
        var ingestor = new Ingestor(new IngestOptions(1) { KeepCardOf = id => id == "o/b" }, new RejectLog(null, strict: true));
        ingestor.Add(csv);
        var t = ingestor.Build();
        Assert.Equal(["", "card of b, longer", ""], Enumerable.Range(0, 3).Select(m => System.Text.Encoding.UTF8.GetString(t.Cards![m])));
        Assert.Equal([9, 17, 1], t.CardChars);
    }
}
