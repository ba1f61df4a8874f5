namespace Phylo;

/// <summary>
/// Bad input the run cannot continue past: a missing file, an unknown layout, nothing usable, or the first
/// bad row under <c>--strict</c>. The message is one line, <c>file[:line]: reason</c>; the CLI exits with 2.
/// </summary>
public sealed class PhyloInputException : Exception
{
    public PhyloInputException(string message) : base(message) { }

    public PhyloInputException(string message, Exception inner) : base(message, inner) { }

    public PhyloInputException() { }

    public static PhyloInputException At(string file, long line, string reason) => new($"{file}:{line}: {reason}");
}
