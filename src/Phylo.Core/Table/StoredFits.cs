using Phylo.Text;

namespace Phylo.Table;

/// <summary>One text genome's fitted vocabulary and its raw count rows (one row per model that has the genome, in
/// model order), as the similarity stage fits them.</summary>
public sealed record FittedGenome(Vocabulary Vocabulary, TermCountRows Counts);

/// <summary>
/// The similarity stage's three vocabulary fits (card, metadata, metadata-clean), computed once by <c>phylo ingest</c>
/// and stored in the snapshot, so a run that reads the snapshot does not fit them again. <see cref="Key"/> names how they
/// were made (the featurization's version, the tie-break, the vocabulary size); the stage uses them only when the key is
/// the one it would make now, and fits from the table otherwise. They are a function of the table alone.
/// </summary>
public sealed record StoredFits(string Key, FittedGenome Card, FittedGenome Metadata, FittedGenome MetadataClean);
