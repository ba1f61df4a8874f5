namespace Phylo.Ingest;

/// <summary>
/// A row (or field) the engine could not use, with where it came from. Reasons are short stable
/// kebab-case codes (they are report keys): see <see cref="RejectReasons"/>.
/// </summary>
/// <param name="Line">The 1-based line of a text input; in a columnar input (Parquet, Arrow) the row within its group, from 0.</param>
/// <param name="Group">The row group (Parquet) or record batch (Arrow), from 0; -1 for a text input.</param>
public readonly record struct Rejection(string File, long Line, string Reason, string Excerpt, bool RowDropped = true, int Group = -1)
{
    /// <summary>Where in the file: <c>line</c>, or <c>group:row</c> for a columnar input.</summary>
    public string Position => Group >= 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Group}:{Line}")
        : Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public static class RejectReasons
{
    public const string MetadataNa = "metadata-na";
    public const string DuplicateId = "duplicate-id";
    public const string UnbalancedQuote = "unbalanced-quote";
    public const string InvalidUtf8 = "invalid-utf8";
    public const string BadListLiteral = "bad-list-literal";
    public const string BadJson = "bad-json";
    public const string MissingId = "missing-id";
    public const string FieldCount = "field-count";
    public const string BadNumber = "bad-number";
    public const string BadDate = "bad-date";
    public const string Truncated = "truncated";
    /// <summary>A Parquet row group or Arrow record batch that could not be read (its rows are lost, the others kept).</summary>
    public const string BadRowGroup = "bad-row-group";
    public const string SelfLink = "self-link";
}
