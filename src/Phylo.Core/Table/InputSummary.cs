namespace Phylo.Table;

/// <summary>What was read from one input (kept in a snapshot's provenance and in run.json).</summary>
public sealed record InputSummary(string Path, InputFormat Format, string Layout, long Bytes, long Records, long Models);
