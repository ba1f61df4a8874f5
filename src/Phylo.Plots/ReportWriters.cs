using Phylo.Analyses.Drift;
using Phylo.Analyses.Panels;
using Phylo.Analyses.Similarity;
using Phylo.Run;

namespace Phylo.Plots;

/// <summary>tables/*.parquet: every section table as Parquet, beside the report's CSV (stage "parquet"; it shares each
/// table with the report's CSV when the two run at the same time). Up to <see cref="Lanes"/> tables are encoded at once,
/// each on a thread of its own: Parquet.Net encodes one file on one thread, and at full scale the model table alone
/// (1.86M rows, 8 text columns) took longer than the CSV of every table, so with one lane the report's CSV waited for it
/// and a core stood idle (native-notes/report-output.md, "Output wave at full scale"). Each file is the same bytes
/// whichever lane writes it.</summary>
/// <param name="lanes">Tables encoded at the same time (probes compare 1 with <see cref="Lanes"/>).</param>
public sealed class ParquetTablesWriter(int lanes = ParquetTablesWriter.Lanes) : IOutputWriter
{
    /// <summary>Tables encoded at the same time (one with <c>--threads 1</c>).</summary>
    public const int Lanes = 2;

    public string Stage => "parquet";

    public bool ReadsTables => true;

    public IReadOnlyList<string> Write(OutputContext context, Action<long, long> progress)
    {
        var steps = new ProgressCounter(context.Outcome.Sections.Count, progress);
        var written = new List<string>();
        using var running = new ParquetLanes(context.Options.Threads == 1 ? 1 : Math.Max(1, lanes));
        int section = 0;
        try
        {
            foreach (var (index, table) in context.Tables())
            {
                steps.Step(index - section);    // the sections before this table's are done
                section = index;
                string path = Path.Combine(context.Dir, "tables", table.Name + ".parquet");
                running.Run(() => ParquetTableWriter.Write(table, path));
                written.Add(path);
            }
        }
        finally { running.Join(); }            // a failure in reading the tables wins over one in a lane
        running.ThrowFirstFailure();
        steps.Complete();
        return written;
    }

    public string Describe(IReadOnlyList<string> written) => $"{written.Count} tables/*.parquet";
}

/// <summary>Runs jobs on up to n threads at once (on the caller's when n = 1); <see cref="ThrowFirstFailure"/> rethrows
/// the first failure in the order the jobs were given. Once a failure is seen no further job starts.</summary>
internal sealed class ParquetLanes(int n) : IDisposable
{
    private readonly SemaphoreSlim _free = new(n, n);
    private readonly List<(Thread Thread, Exception?[] Failure)> _running = [];
    private volatile bool _failed;

    public void Run(Action job)
    {
        if (_failed) return;
        if (n == 1) { job(); return; }
        _free.Wait();
        var failure = new Exception?[1];
        var thread = new Thread(() =>
        {
            try { job(); }
            catch (Exception e) { failure[0] = e; _failed = true; }
            finally { _free.Release(); }
        })
        { Name = "phylo parquet lane", IsBackground = true };
        _running.Add((thread, failure));
        thread.Start();
    }

    public void Join()
    {
        foreach (var (thread, _) in _running) thread.Join();
    }

    public void ThrowFirstFailure()
    {
        foreach (var (_, failure) in _running)
            if (failure[0] is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
    }

    public void Dispose() => _free.Dispose();
}

/// <summary>figures/*.png: the graph figures, the study's summary panels, each drift and similarity section's figures
/// (stage "figures").</summary>
public sealed class FiguresWriter : IOutputWriter
{
    public string Stage => "figures";

    public IReadOnlyList<string> Write(OutputContext context, Action<long, long> progress)
    {
        var outcome = context.Outcome;
        var drifts = outcome.Sections.OfType<DriftResult>().ToArray();
        var sims = outcome.Sections.OfType<SimilaritySection>().ToArray();
        var steps = new ProgressCounter(2 + drifts.Length + 2 * sims.Length, progress);
        string figures = Path.Combine(context.Dir, FigureSet.Dir);
        var written = new List<string>(FigureSet.RenderGraphFigures(outcome.Table, outcome.Graph, figures));
        steps.Step();
        written.AddRange(StudyFigures.Render(outcome.Table, outcome.Graph, outcome.Sections.OfType<PanelsSection>().FirstOrDefault(), figures));
        steps.Step();
        foreach (var drift in drifts) { written.AddRange(DriftFigures.Render(drift, figures)); steps.Step(); }
        foreach (var sim in sims)
        {
            written.AddRange(SimilarityDesignFigures.Render(sim, figures));
            steps.Step();
            written.Add(FigureSet.RenderPairSimilarity(SimilarityRows(sim), figures));
            steps.Step();
        }
        steps.Complete();
        return written;
    }

    public string Describe(IReadOnlyList<string> written) => $"{written.Count} figures/*.png";

    /// <summary>The default run's means on the all-edges view for the card and metadata genomes (TF-IDF, BoW, Levenshtein).</summary>
    private static List<Figures.SimilarityRow> SimilarityRows(SimilaritySection section)
    {
        var rows = new List<Figures.SimilarityRow>();
        foreach (var v in section.Values)
        {
            if (v.Config is not null || v.View != Graph.GraphView.All || v.Design != SampleDesign.Population) continue;
            if (v.Genome == Genome.Traits) continue;
            if (v.Measure is not (SimilarityMeasure.TfIdf or SimilarityMeasure.Bow or SimilarityMeasure.Levenshtein)) continue;
            rows.Add(new Figures.SimilarityRow(PairTypes.Name(v.Pair), SimilarityNames.Name(v.Measure), SimilarityNames.Name(v.Genome), v.Mean, v.CiLow, v.CiHigh));
        }
        return rows;
    }
}

/// <summary>report.html: report.md with exactly the figures the writers before it wrote in this run (a PNG left in
/// figures/ by an earlier run is not embedded; stage "html").</summary>
public sealed class HtmlReportWriter : IOutputWriter
{
    public string Stage => "html";

    public IReadOnlyList<string> Write(OutputContext context, Action<long, long> progress) =>
        [HtmlReport.Write(context.Dir, Figures(context.Written))];

    public string Describe(IReadOnlyList<string> written) => HtmlReport.FileName;

    public bool ReadsEarlierFiles => true;

    /// <summary>The PNGs among <paramref name="written"/>.</summary>
    public static IReadOnlyList<string> Figures(IReadOnlyList<string> written) =>
        [.. written.Where(f => f.EndsWith(".png", StringComparison.Ordinal))];
}
