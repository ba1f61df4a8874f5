namespace Phylo.Synth;

/// <summary>How much of each model card the generator writes.</summary>
public enum CardMode
{
    /// <summary>Whole cards, as the published file has them.</summary>
    Full,
    /// <summary>Cards cut to their first 512 code points (what the card genome reads); a smaller file for fast runs.</summary>
    Prefix,
    /// <summary>No card text at all (empty <c>modelCard</c> fields).</summary>
    None,
}

/// <summary>Options of one synthetic run. <paramref name="Threads"/> 0 means every core; output bytes never depend on it.</summary>
public sealed record SynthOptions(int Models = 1_860_411, ulong Seed = 42, CardMode Cards = CardMode.Full, int Threads = 0);
