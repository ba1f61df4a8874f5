using System.CommandLine;

namespace Phylo.Cli.Commands;

/// <summary>Options every command shares, declared once.</summary>
internal static class CommonOptions
{
    public static readonly Option<int> Threads = new("--threads", "-t")
    {
        Description = "Worker threads (0 = one per core). Results are identical for any value.",
        DefaultValueFactory = _ => 0,
        Recursive = true,
    };

    public static readonly Option<ulong> Seed = new("--seed")
    {
        Description = "Seed for everything sampled or generated. Same input and seed give byte-identical reports.",
        DefaultValueFactory = _ => 42UL,
        Recursive = true,
    };

    public static readonly Option<bool> Strict = new("--strict")
    {
        Description = "Stop at the first bad row, print 'file:line: reason' and exit 2 (default: skip it, count it, list it in rejected.csv).",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress bars or stage lines on stderr.",
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Format = new("--format")
    {
        Description = "What goes to stdout when a command finishes: text (a summary line) or json (one JSON document, nothing else).",
        DefaultValueFactory = _ => OutputFormat.Text,
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "On failure, print the stack trace under the one-line error (same as PHYLO_DEBUG=1).",
        Recursive = true,
    };

    public static readonly Option<bool> NoCards = new("--no-cards")
    {
        Description = "Keep only card lengths and flags: no card genomes, signatures or bodies (card similarity is then empty).",
    };

    public static readonly Option<bool> KeepCards = new("--keep-cards")
    {
        Description = "Also store the whole card text in the snapshot (by default only the card features the analyses read are stored).",
    };

    public static readonly Option<bool> Sampled = new("--sampled")
    {
        Description = "Also reproduce the study's sampled designs (5,000 weighted draws per pair type, bootstrap 95% CI) beside the exact means.",
    };

    public static readonly Option<string?> TieBreak = new Option<string?>("--tie-break")
    {
        Description = "How the 512-term TF-IDF/BoW vocabularies choose among terms tied at the cut: numpy (scikit-learn 1.2.1 with numpy 1.24, " +
                      "as the study ran it) or lexicographic (alphabetically first). Default: numpy with --sampled, lexicographic otherwise.",
    }.AcceptOnlyFromAmong("numpy", "lexicographic");

    /// <summary>The parsed <c>--tie-break</c>, null when not given.</summary>
    public static Text.TieBreak? TieBreakOf(ParseResult parse) => parse.GetValue(TieBreak) switch
    {
        "numpy" => Text.TieBreak.NumpyQuicksort,
        "lexicographic" => Text.TieBreak.Lexicographic,
        _ => null,
    };

    public static readonly Option<bool> ExactLevenshtein = new("--exact-levenshtein")
    {
        Description = "Levenshtein, MinHash and trait Jaccard over every pair of every type instead of a seeded sample of --sample-size pairs (slow at full scale).",
    };

    public static readonly Option<int> SampleSize = new("--sample-size")
    {
        Description = "Pairs drawn per population for Levenshtein, MinHash and trait Jaccard (default 200,000: a 95 % CI of at most ±0.0014; populations no larger are enumerated whole; ignored with --exact-levenshtein).",
        DefaultValueFactory = _ => Analyses.Similarity.SimilarityOptions.DefaultSampleSize,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--sample-size must be at least 1"); } },
    };

    public static readonly Option<string?> ArxivCategories = new("--arxiv-categories")
    {
        Description = "A file of 'arxiv_id<TAB>space-separated categories' lines for the summary figure's arXiv panel (without it the panel says it was not computed).",
    };

    /// <summary>The input files every reading command takes (a new instance per command: an argument belongs to one).</summary>
    public static Argument<string[]> Inputs() => new("inputs")
    {
        Description = "Input files, layout detected per file: the published CSV, family crawl CSVs, Hub API JSON lines, graph JSON, or a snapshot from 'phylo ingest'.",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string> Out(string defaultDir) => new("--out", "-o")
    {
        Description = "Output directory: report.md, report.json, report.html, figures/*.png, tables/ (CSV + Parquet), run.json (times, memory, host) and rejected.csv.",
        DefaultValueFactory = _ => defaultDir,
    };

    public static void AddGlobal(RootCommand root)
    {
        root.Options.Add(Threads);
        root.Options.Add(Seed);
        root.Options.Add(Strict);
        root.Options.Add(Quiet);
        root.Options.Add(Format);
        root.Options.Add(Verbose);
    }
}

/// <summary>stdout format of a finished command.</summary>
internal enum OutputFormat
{
    Text,
    Json,
}
