using System.CommandLine;
using Phylo.Cli.Commands;
using Phylo.Ingest;

namespace Phylo.Cli;

/// <summary>
/// The <c>phylo</c> command. Exit codes: 0 success; 2 bad input or usage (one line on stderr:
/// <c>file[:line]: reason</c>); 1 internal error.
/// </summary>
public static class Program
{
    public const int ExitOk = 0, ExitInternal = 1, ExitBadInput = 2;

    public static int Main(string[] args)
    {
        Run.HugePages.AdviseGcHeap(); // before the gigabytes: fewer, cheaper page faults (native-notes/memory.md)
        var root = BuildRoot();
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"phylo: {e.Message}");
            Console.Error.WriteLine("Try 'phylo --help'.");
            return ExitBadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (PhyloInputException e)
        {
            Console.Error.WriteLine($"phylo: {e.Message}");
            return ExitBadInput;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"phylo: {e.Message}");
            return ExitBadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"phylo: internal error: {e}");
            return ExitInternal;
        }
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Phylo recomputes the anatomy of the Hugging Face model ecosystem: family trees, similarity of relatives, " +
            "and how licenses, languages and cards drift down the generations.\n\n" +
            "Exit codes: 0 ok, 2 bad input or usage, 1 internal error.");
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
