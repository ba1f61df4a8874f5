#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// What the metadata genomes' term pieces hold (native-notes/similarity.md, "Record terms without the record"): the
// distinct values of each vocabulary the pieces are built for, and the live heap a term corpus holds once one reader has
// read every model (every piece built), against the heap before:
//   dotnet run -c Release bench/probes/featurize-pieces.cs -- <snapshot.phylo>
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;
using Phylo.Analyses.Similarity;

ModelTable table = Snapshot.Load(args[0]).Table;
int n = table.Count;
int[] all = [.. Enumerable.Range(0, n)];
foreach (TraitKind k in new[] { TraitKind.Tag, TraitKind.Task, TraitKind.Library, TraitKind.License, TraitKind.Language, TraitKind.Dataset, TraitKind.Arxiv })
    Console.WriteLine($"{k,-9} {table[k].Vocabulary.Length,10:N0} distinct values, {table[k].Vocabulary.Sum(v => (long)v.Length),12:N0} chars");
Console.WriteLine($"authors {table.Authors.Length:N0}, model types {table.ModelTypes.Length:N0}, models {n:N0}");
long Live() { GC.Collect(2, GCCollectionMode.Forced, true, true); GC.WaitForPendingFinalizers(); return GC.GetTotalMemory(true); }
void Measure(string name, ITextCorpus docs)
{
    long before = Live(), terms = 0;
    ITermReader reader = TokenizingReader.For(docs);
    for (int d = 0; d < docs.Count; d++) terms += reader.Hashes(d).Length;
    long after = Live();
    Console.WriteLine($"{name,-8} {terms,14:N0} terms read; live heap held by the corpus and one reader: {(after - before) / 1048576.0,8:F1} MiB");
    GC.KeepAlive(reader);
    GC.KeepAlive(docs);
}
var record = new MetadataRecordGenome(table);
var clean = new MetadataCleanGenome(table);
Measure("record", record.Corpus(all));
Measure("clean", clean.OnDemand(all));
GC.KeepAlive(table);
