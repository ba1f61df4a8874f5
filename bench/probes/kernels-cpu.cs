#:project ../../src/Phylo.Core/Phylo.Core.csproj
#:property TreatWarningsAsErrors=false
// Kernel throughput per CPU-second of this process (less sensitive to other load than wall time) on the card
// genomes of a synthetic snapshot. Usage (bench/README.md):
//   phylo synth --models 200000 --seed 7 --out /tmp/x/eco200k.csv && phylo ingest /tmp/x/eco200k.csv --out /tmp/x/eco200k.phylo
//   dotnet run -c Release bench/probes/kernels-cpu.cs -- /tmp/x/eco200k.phylo
// Optional second argument "levenshtein": only the Levenshtein section; REPS=n (environment): n timed repetitions.
using System.Diagnostics;
using Phylo.Kernels;
using Phylo.Analyses.Similarity;
using Phylo.Store;
using Phylo.Table;
using Phylo.Text;

ModelTable table = Snapshot.Read(args[0]);
int[] models = CardGenome.Models(table).Take(16_384).ToArray();
var proc = Process.GetCurrentProcess();
bool levenshteinOnly = args.Length > 1 && args[1] == "levenshtein";
int reps = int.Parse(Environment.GetEnvironmentVariable("REPS") ?? "3");
void Measure(string name, double items, string unit, Action body, bool wall = false)
{
    body(); // warm-up (tiering)
    for (int rep = 0; rep < reps; rep++)
    {
        proc.Refresh();
        TimeSpan cpu0 = proc.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        body();
        double seconds = clock.Elapsed.TotalSeconds;
        proc.Refresh();
        Console.WriteLine($"{name,-44} {items / (proc.TotalProcessorTime - cpu0).TotalSeconds,14:N0} {unit} per CPU-s"
            + (wall ? $" {items / seconds,12:N0} per s of wall" : ""));
    }
}

// MinHash-128 of full cards.
if (!levenshteinOnly)
{
    byte[][] cards = models.Select(m => table.Cards![m].ToArray()).ToArray();
    var sig = new uint[MinHasher.Lanes];
    foreach (SimdLevel level in (SimdLevel[])[SimdLevel.V512, SimdLevel.Scalar])
        Measure($"MinHash-128, full cards, {level}", cards.Sum(c => (double)c.Length) / 1e6, "MB", () => { foreach (byte[] c in cards) MinHasher.Signature(c, sig, level); });

    // TF-IDF rows of 512-code-point genomes, one thread (TermVectorizer.Row) and all cores (Transform).
    var corpus = Utf8Corpus.FromStrings(models.Select(m => System.Text.Encoding.UTF8.GetString(CardGenome.Text(table, m))).ToList());
    var vec = new TermVectorizer(Vocabulary.Fit(corpus, 512), TermWeighting.TfIdf, l2Normalize: true);
    TermVectorizer.Scratch scratch = vec.NewScratch();
    int[] cols = new int[512];
    float[] vals = new float[512];
    Measure("TF-IDF rows, 1 thread (Row)", corpus.Count, "cards", () => { for (int d = 0; d < corpus.Count; d++) vec.Row(corpus[d], scratch, cols, vals); });
    Measure("TF-IDF rows, all cores (Transform)", corpus.Count, "cards", () => vec.Transform(corpus));
    Measure("vocabulary fit + count rows (CountRows.Fit)", corpus.Count, "cards", () => CountRows.Fit(corpus));

    // Issue 4's figure: card featurization as the engine runs it (VectorGenome.Build: fused vocabulary fit + count
    // rows, then TF-IDF and BoW rows with their norms) over every card genome of the snapshot, all cores: cards per
    // wall-second (what "on 2 cores" asks; depends on the machine's other load, printed) and per CPU-second.
    int[] allCards = CardGenome.Models(table);
    ITextCorpus cardDocs = CardGenome.Corpus(table, allCards);
    VectorGenome.Build(cardDocs, allCards, table.Count, -1); // warm-up (tiering)
    for (int rep = 0; rep < reps; rep++)
    {
        proc.Refresh();
        TimeSpan cpu0 = proc.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        VectorGenome.Build(cardDocs, allCards, table.Count, -1);
        double w = wall.Elapsed.TotalSeconds;
        proc.Refresh();
        Console.WriteLine($"{"card featurization (VectorGenome.Build)",-44} {allCards.Length / w,14:N0} cards per wall-s on {Environment.ProcessorCount} cores, "
            + $"{allCards.Length / (proc.TotalProcessorTime - cpu0).TotalSeconds:N0} per CPU-s ({allCards.Length:N0} cards, load {File.ReadAllText("/proc/loadavg")[..4]})");
    }
}

// Levenshtein batch on card genomes: random pairs, and neighbouring models (often one family: related cards).
var seqs = models.Select(m => { int[] cp = new int[CardGenome.Text(table, m).Length]; return cp[..PairScorer.Decode(CardGenome.Text(table, m), cp)]; }).ToList();
int[] pool = seqs.SelectMany(s => s).ToArray(), offsets = new int[seqs.Count + 1];
for (int i = 0; i < seqs.Count; i++) offsets[i + 1] = offsets[i] + seqs[i].Length;
const int Pairs = 16_384, Chunk = 2048;
var rng = new Random(1);
int[] randomA = new int[Pairs], randomB = new int[Pairs], nearA = new int[Pairs], nearB = new int[Pairs], d = new int[Pairs];
for (int p = 0; p < Pairs; p++) { randomA[p] = rng.Next(seqs.Count); randomB[p] = rng.Next(seqs.Count); nearA[p] = rng.Next(seqs.Count - 1); nearB[p] = nearA[p] + 1; }
foreach (SimdLevel level in (SimdLevel[])[SimdLevel.V512, SimdLevel.V256])
    foreach ((string kind, int[] a, int[] b) in new[] { ("random", randomA, randomB), ("neighbours", nearA, nearB) })
    {
        Measure($"Levenshtein batch {level}, {kind}, 1 thread", Pairs, "pairs", () =>
        {
            for (int c = 0; c < Pairs; c += Chunk) Levenshtein.Distances(pool, offsets, a.AsSpan(c, Chunk), b.AsSpan(c, Chunk), d.AsSpan(c, Chunk), level);
        }, wall: true);
        Measure($"Levenshtein batch {level}, {kind}, all cores", Pairs, "pairs", () => Parallel.For(0, Pairs / Chunk, c =>
            Levenshtein.Distances(pool, offsets, a.AsSpan(c * Chunk, Chunk), b.AsSpan(c * Chunk, Chunk), d.AsSpan(c * Chunk, Chunk), level)), wall: true);
    }
