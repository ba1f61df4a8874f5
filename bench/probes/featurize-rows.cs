#:project ../../src/Phylo.Core/Phylo.Core.csproj
// Featurize alone (GenomeFeatures.Build, default tie-break) with rows per genome: dotnet run -c Release bench/probes/featurize-rows.cs -- <snapshot.phylo> [numpy]
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
using System.Diagnostics;
using Phylo.Store;
using Phylo.Analyses.Similarity;
var table = Snapshot.Read(args[0]);
var sw = Stopwatch.StartNew();
long a0 = GC.GetTotalAllocatedBytes(true);
var f = GenomeFeatures.Build(table, -1, args.Length > 1 ? Phylo.Text.TieBreak.NumpyQuicksort : Phylo.Text.TieBreak.Lexicographic);
Console.WriteLine($"featurize {sw.Elapsed.TotalSeconds:F1} s allocated {(GC.GetTotalAllocatedBytes(true)-a0)>>20} MiB peak {Process.GetCurrentProcess().PeakWorkingSet64>>20} MiB");
foreach (var g in new[]{Genome.Card, Genome.Metadata, Genome.MetadataClean}) { var v = f.Vectors(g); Console.WriteLine($"{g}: rows {v.RowCount:N0} nnz {v.Counts.Cols.Length:N0} ({(double)v.Counts.Cols.Length/Math.Max(1,v.RowCount):F1}/row) vocab {v.Columns} hash {v.Vocabulary.Terms.Sum(t=>t.Length)} {string.Join(",", v.Vocabulary.TermFrequency.Take(5))} df {v.Vocabulary.DocumentFrequency.Sum()}"); }
