namespace Phylo.Output;

/// <summary>
/// A command could not write its output: no space, permission denied, a read-only file system, a path that is a file,
/// or another run writing the same target. The message is one line, <c>path: reason</c>; the CLI prints
/// <c>phylo: path: reason</c> and exits with 1. The output's target is left as it was.
/// </summary>
public sealed class OutputException : IOException
{
    public OutputException(string path, string reason, Exception? inner = null) : base($"{path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    public OutputException() : this("", "output failed") { }

    public OutputException(string message) : this("", message) { }

    public OutputException(string message, Exception inner) : this("", message, inner) { }

    public string Path { get; }

    public string Reason { get; }
}

/// <summary>What an I/O exception from .NET means to a person: the path it concerns and a short reason
/// (<c>no space left on device</c>, <c>permission denied</c>, …), without the exception's type or stack.</summary>
public static class IoFailure
{
    // Linux errno values: .NET on Unix puts the raw errno into HResult for the errors it has no exception type for.
    private const int Eio = 5, Eacces = 13, Enotdir = 20, Eisdir = 21, Efbig = 27, Enospc = 28, Erofs = 30, Edquot = 122;

    /// <summary>True for the exceptions that mean the file system refused (not a bug): I/O and access errors.</summary>
    public static bool IsIo(Exception e) => Unwrap(e) is IOException or UnauthorizedAccessException;

    /// <summary>The one exception inside an <see cref="AggregateException"/> of one (a parallel writer's failure), else <paramref name="e"/>.</summary>
    public static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        return e;
    }

    /// <summary>The short reason of an I/O failure, lower case, no path.</summary>
    public static string Reason(Exception e) => Unwrap(e) switch
    {
        OutputException o => o.Reason,
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "file name too long",
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "no such directory",
        IOException { HResult: Enospc } => "no space left on device",
        IOException { HResult: Edquot } => "disk quota exceeded",
        IOException { HResult: Erofs } => "read-only file system",
        IOException { HResult: Eacces } => "permission denied",
        IOException { HResult: Enotdir } => "not a directory",
        IOException { HResult: Eisdir } => "is a directory",
        IOException { HResult: Efbig } => "file too large",
        IOException { HResult: Eio } => "input/output error",
        var other => StripPath(other.Message),
    };

    /// <summary>The path an exception names (<see cref="FileNotFoundException.FileName"/>, or the quoted path .NET puts in
    /// its messages), or null.</summary>
    public static string? PathOf(Exception e)
    {
        e = Unwrap(e);
        if (e is OutputException o && o.Path.Length > 0) return o.Path;
        if (e is FileNotFoundException { FileName: { Length: > 0 } f }) return f;
        string m = e.Message;
        int open = m.IndexOf('\'', StringComparison.Ordinal);
        int close = open < 0 ? -1 : m.LastIndexOf('\'');
        return close > open + 1 ? m[(open + 1)..close] : null;
    }

    /// <summary>"Read-only file system : '/x'" → "read-only file system"; a message without a path is kept, first letter lowered.</summary>
    private static string StripPath(string message)
    {
        int at = message.IndexOf(" : '", StringComparison.Ordinal);
        string text = (at > 0 ? message[..at] : message).TrimEnd('.', ' ');
        return text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }
}
