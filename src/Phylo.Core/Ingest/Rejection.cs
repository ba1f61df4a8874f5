namespace Phylo.Ingest;

/// <summary>
/// A row (or field) the engine could not use, with where it came from. Reasons are short stable
/// kebab-case codes (they are report keys): see <see cref="RejectReasons"/>.
/// </summary>
public readonly record struct Rejection(string File, long Line, string Reason, string Excerpt, bool RowDropped = true);

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
    public const string SelfLink = "self-link";
}
