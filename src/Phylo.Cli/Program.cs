using System.CommandLine;
using Phylo.Cli.Commands;
using Phylo.Output;

namespace Phylo.Cli;

/// <summary>
/// The <c>phylo</c> command. Exit codes: 0 success; 2 bad input or usage (one line on stderr:
/// <c>phylo: file[:line]: reason</c>); 1 the run failed: an I/O failure (<c>phylo: path: reason</c>), another run
/// writing the same output, or an internal error (one line; <c>--verbose</c> or <c>PHYLO_DEBUG=1</c> adds the stack trace).
/// </summary>
public static class Program
{
    public const int ExitOk = 0, ExitInternal = 1, ExitBadInput = 2;

    public static int Main(string[] args)
    {
        HugePages.AdviseGcHeap(); // before the gigabytes: fewer, cheaper page faults (native-notes/memory.md)
        var root = BuildRoot();
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"phylo: {e.Message}");
            Console.Error.WriteLine("Try 'phylo --help'.");
            return ExitBadInput;
        }
        bool verbose = parse.GetValue(CommonOptions.Verbose) || Environment.GetEnvironmentVariable("PHYLO_DEBUG") == "1";
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var (code, line) = Describe(IoFailure.Unwrap(e));
            Console.Error.WriteLine($"phylo: {line}");
            if (verbose) Console.Error.WriteLine(e);
            return code;
        }
    }

    /// <summary>The exit code and the one line (after "phylo: ") for an exception that ended a command.</summary>
    internal static (int Code, string Line) Describe(Exception e) => e switch
    {
        PhyloInputException or ArgumentException => (ExitBadInput, e.Message),
        OutputException o => (ExitInternal, o.Message),
        _ when IoFailure.IsIo(e) => (ExitInternal, IoFailure.PathOf(e) is { } path ? $"{path}: {IoFailure.Reason(e)}" : IoFailure.Reason(e)),
        _ => (ExitInternal, $"internal error: {e.GetType().Name}: {e.Message} (--verbose shows the stack trace)"),
    };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Phylo recomputes the anatomy of the Hugging Face model ecosystem: family trees, similarity of relatives, " +
            "and how licenses, languages and cards drift down the generations.\n\n" +
            "Exit codes: 0 ok; 2 bad input or usage; 1 failed (an I/O error such as no space or permission denied, another run writing the same output, or an internal error).");
        CommonOptions.AddGlobal(root);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(FamilyCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(PrepareCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(LineageCommand.Create());
        return root;
    }
}
