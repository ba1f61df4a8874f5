namespace Phylo.Analyses;

/// <summary>Everything <c>phylo analyze</c> needs.</summary>
/// <param name="Inputs">Files in any supported layout; read in this order (first occurrence of a model id wins).</param>
/// <param name="OutDir">Where report.json, report.md, run.json, rejected.csv and tables/ go.</param>
/// <param name="Threads">Worker threads; 0 = one per core. Results do not depend on it.</param>
/// <param name="Seed">Seed of every sampled quantity (bootstrap CIs, sampled designs).</param>
/// <param name="Strict">Stop at the first bad row with <c>file:line: reason</c> and exit code 2.</param>
/// <param name="KeepCards">False drops card text after ingest facts are computed (<c>--no-cards</c>); card similarity is then empty.</param>
/// <param name="Sampled">Also run the study's sampled designs (5,000 draws, bootstrap CI) beside the exact means (<c>--sampled</c>).</param>
/// <param name="ExactLevenshtein">Levenshtein, MinHash and trait Jaccard over every pair instead of a 1M-pair sample (<c>--exact-levenshtein</c>).</param>
public sealed record AnalyzeOptions(
    IReadOnlyList<string> Inputs,
    string OutDir,
    int Threads = 0,
    ulong Seed = 42,
    bool Strict = false,
    bool KeepCards = true,
    bool Sampled = false,
    bool ExactLevenshtein = false)
{
    /// <summary>Sizes of the similarity designs (defaults: the study's; tests shrink them). Part of a sharded run's options.</summary>
    public SimilarityTuning Similarity { get; init; } = new();

    /// <summary><c>--tie-break numpy|lexicographic</c>: how the 512-term vocabularies choose among terms tied at the cut;
    /// null = numpy's order with <see cref="Sampled"/>, alphabetical otherwise. Part of a sharded run's options.</summary>
    public Text.TieBreak? TieBreak { get; init; }

    /// <summary><c>--with-inferred</c>: an <c>inferred_edges.csv</c> whose links join the graph views flagged inferred; null = declared
    /// edges only (the default report is byte-identical to one without this option). Part of a sharded run's options.</summary>
    public string? InferredEdges { get; init; }

    /// <summary><c>--arxiv-categories</c>: an <c>arxiv_id&lt;TAB&gt;categories</c> file for the summary figure's arXiv panel;
    /// null = the panel says it was not computed. Part of a sharded run's options.</summary>
    public string? ArxivCategories { get; init; }
}

/// <summary>Draws of the population design, draws per study design, bootstrap resamples and draws of a design
/// configuration's own exact-mode sample (see <see cref="Phylo.Analyses.Similarity.SimilarityOptions"/>).</summary>
public sealed record SimilarityTuning(int SampleSize = Similarity.SimilarityOptions.DefaultSampleSize, int StudyDraws = 5_000, int BootstrapResamples = 10_000, int DesignSampleSize = 200_000);

/// <summary>What the engine tells whoever drives it (the CLI draws progress bars or log lines from it).</summary>
public interface IRunObserver
{
    void StageStarted(string stage);
    void IngestProgress(Ingest.Pipeline.IngestProgress progress);
    /// <summary>A long stage advanced: <paramref name="done"/> of <paramref name="total"/> units (never decreasing within a stage).</summary>
    void StageProgress(string stage, long done, long total) { }
    void StageFinished(StageTiming timing, string summary);
    void Log(string line);
}

/// <summary>An observer that ignores everything (<c>--quiet</c>, tests).</summary>
public sealed class SilentObserver : IRunObserver
{
    public static readonly SilentObserver Instance = new();
    public void StageStarted(string stage) { }
    public void IngestProgress(Ingest.Pipeline.IngestProgress progress) { }
    public void StageFinished(StageTiming timing, string summary) { }
    public void Log(string line) { }
}
