using Phylo.Report;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Analyses.Summary;

/// <summary>What ingest found: identical in every shard (each reads every input), so Merge checks and keeps one.</summary>
public sealed record IngestFacts(InputSummary[] Inputs, int Models, KeyValuePair<string, long>[] RejectedByReason, long RowsDropped, long RejectionsTotal)
{
    public bool SameAs(IngestFacts o) =>
        Models == o.Models && RowsDropped == o.RowsDropped && RejectionsTotal == o.RejectionsTotal &&
        Inputs.SequenceEqual(o.Inputs) && RejectedByReason.SequenceEqual(o.RejectedByReason);
}

/// <summary>The report's first block (inputs, models, rejected rows) on the sharded contract.</summary>
public sealed class SummaryAnalysis : ShardedAnalysis<IngestFacts>
{
    /// <summary>Where rejected rows are written, relative to the output directory.</summary>
    public const string QuarantineFile = "rejected.csv";

    public override string Name => "summary";

    public override IngestFacts Compute(ShardInput shard) =>
        new([.. shard.Inputs.Select(i => i with { Path = Path.GetFileName(i.Path) })], shard.Table.Count, [.. shard.Rejects.ByReason], shard.Rejects.RowsDropped, shard.Rejects.Total);

    public override IngestFacts Merge(IngestFacts left, IngestFacts right) => Same(left, right, "the ingested inputs", (a, b) => a.SameAs(b));

    public override IReportSection Finish(ShardInput whole, IngestFacts merged) => new SummarySection(merged, QuarantineFile);

    public override void Write(PartWriter w, IngestFacts p)
    {
        w.Int(p.Inputs.Length);
        foreach (var i in p.Inputs)
        {
            w.String(i.Path);
            w.Int((int)i.Format);
            w.String(i.Layout);
            w.Int(i.Bytes);
            w.Int(i.Records);
            w.Int(i.Models);
        }
        w.Int(p.Models);
        w.Int(p.RejectedByReason.Length);
        foreach (var (reason, count) in p.RejectedByReason) { w.String(reason); w.Int(count); }
        w.Int(p.RowsDropped);
        w.Int(p.RejectionsTotal);
    }

    public override IngestFacts Read(PartReader r)
    {
        var inputs = new InputSummary[r.Int32()];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = new InputSummary(r.String()!, (InputFormat)r.Int32(), r.String()!, r.Int(), r.Int(), r.Int());
        int models = r.Int32();
        var reasons = new KeyValuePair<string, long>[r.Int32()];
        for (int i = 0; i < reasons.Length; i++) reasons[i] = new(r.String()!, r.Int());
        return new IngestFacts(inputs, models, reasons, r.Int(), r.Int());
    }

    public override string Describe(IReportSection section) =>
        section is SummarySection { Facts: var f } ? $"{f.Models:N0} models from {f.Inputs.Length} {(f.Inputs.Length == 1 ? "input" : "inputs")}" : "";
}
