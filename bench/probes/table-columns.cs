#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
#:property Nullable=disable
#:property ServerGarbageCollection=true
#:property ConcurrentGarbageCollection=false
// What the table and graph a shard loads take, column by column (estimated from lengths; strings 22 B + 2 B per char):
//   flock /tmp/fullscale.lock dotnet run -c Release bench/probes/table-columns.cs -- <snapshot.phylo>
using System.Diagnostics;
using Phylo.Run;
using Phylo.Table;
const double MiB = 1 << 20;
var proc = Process.GetCurrentProcess();
void Report(string step) { long live = GC.GetTotalMemory(true); proc.Refresh(); Console.WriteLine($"{step,-30} live {live / MiB,8:N0} MiB rss {proc.WorkingSet64 / MiB,8:N0} MiB"); }
long Str(string[] a) { long s = 8L * a.Length; var seen = new HashSet<string>(ReferenceEqualityComparer.Instance); foreach (var x in a) if (x != null && seen.Add(x)) s += 22 + 2L * x.Length; return s; }
void P(string n, long b) => Console.WriteLine($"  {n,-28} {b / MiB,8:N1} MiB");
Report("start");
var obs = Phylo.Analyses.SilentObserver.Instance;
var run = RunInputs.Load([args[0]], 0, false, true, null, new Phylo.Analyses.StageClock(), obs, genomesLater: true);
Report("table+graph");
var t = run.Table;
P("Ids", Str(t.Ids));
P("IndexOf (est 24/entry+4)", 28L * t.Count);
P("Author+Authors", 4L * t.Count + Str(t.Authors));
P("Likes/Downloads/CreatedAt", 24L * t.Count);
P("ModelType/CrawlDepth", 8L * t.Count);
foreach (var c in t.Traits) P("trait " + c.Kind, 4L * (c.Offsets.Length + c.Values.Length) + Str(c.Vocabulary));
if (t.Record is { } r) { P("record tags", 4L * (r.TagOffsets.Length + r.Tags.Length)); P("record trending/priv/ms", 11L * t.Count); P("record objectIds", Str(r.ObjectIds)); }
P("card facts", 10L * t.Count);
P("parent refs", 4L * t.ParentRefOffsets.Length + 8L * t.ParentRefIds.Length + 4L * t.ParentRefMasks.Length + 4L * (t.ParentRefKeys?.Length ?? 0) + Str(t.ParentRefNames ?? []));
if (t.CardFeatures is { } f) { P("cf genomes", f.Genomes.TotalBytes); P("cf signatures", 4L * f.Signatures.Length); P("cf genomeRows", 4L * f.GenomeRows.Length); P("cf terms", 16L * f.GenomeTerms.Hashes.Length); }
var g = run.Graph;
P("graph edges", g.EdgeCount * 19L);
P("graph per-node", 4L * 9 * g.NodeCount);
P("graph families", 16L * g.Families.Length + 4L * g.FamilyWidths.Length);
