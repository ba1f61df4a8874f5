using System.IO.Compression;
using System.IO.Pipes;

namespace Phylo.Synth;

/// <summary>The file forms <c>phylo synth</c> writes the ecosystem in: the published CSV, compressed or not, or its Parquet conversion.</summary>
public enum SynthForm
{
    Csv,
    /// <summary>The CSV through gzip (<c>.csv.gz</c>).</summary>
    CsvGzip,
    /// <summary>The CSV through zstd (<c>.csv.zst</c>).</summary>
    CsvZstd,
    /// <summary>The Hub's Parquet conversion, list columns as strings (<c>.parquet</c>).</summary>
    Parquet,
    /// <summary>Parquet with native list columns.</summary>
    ParquetNativeLists,
    /// <summary>An Arrow IPC stream as a <c>datasets</c> cache file holds it (<c>.arrow</c>), list columns as strings.</summary>
    Arrow,
}

public static class SynthForms
{
    /// <summary>The form a file name asks for: <c>.parquet</c>, <c>.gz</c>, <c>.zst</c>, else CSV.</summary>
    public static SynthForm FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".parquet" => SynthForm.Parquet,
        ".arrow" => SynthForm.Arrow,
        ".gz" => SynthForm.CsvGzip,
        ".zst" => SynthForm.CsvZstd,
        _ => SynthForm.Csv,
    };

    /// <summary>Writes the ecosystem of <paramref name="options"/> to <paramref name="output"/> (seekable for Parquet) in
    /// <paramref name="form"/>; the bytes of every form are the same for any thread count.</summary>
    public static SynthTruth Write(Stream output, SynthOptions options, SynthForm form, IProgress<long>? progress = null)
    {
        switch (form)
        {
            case SynthForm.Csv:
                return SyntheticEcosystem.Write(output, options, progress);
            case SynthForm.CsvGzip:
                {
                    using var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
                    return SyntheticEcosystem.Write(gz, options, progress);
                }
            case SynthForm.CsvZstd:
                {
                    using var zst = new ZstdSharp.CompressionStream(output, 3, leaveOpen: true);
                    return SyntheticEcosystem.Write(zst, options, progress);
                }
            case SynthForm.Arrow:
                return WriteConverted(output, options, progress, (csv, o) => ArrowForm.Convert(csv, o));
            default:
                var lists = form == SynthForm.ParquetNativeLists ? ParquetLists.Native : ParquetLists.Strings;
                return WriteConverted(output, options, progress, (csv, o) => ParquetForm.Convert(csv, o, lists));
        }
    }

    /// <summary>The CSV is generated into an in-process pipe and converted as it arrives (<see cref="ParquetForm"/>,
    /// <see cref="ArrowForm"/>): no
    /// temporary CSV file, whatever the scale.</summary>
    private static SynthTruth WriteConverted(Stream output, SynthOptions options, IProgress<long>? progress, Action<Stream, Stream> convertCsv)
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var convert = Task.Factory.StartNew(() =>
        {
            try { convertCsv(client, output); }
            finally { client.Dispose(); } // a failed conversion breaks the pipe, so the generator stops too
        }, TaskCreationOptions.LongRunning);
        SynthTruth truth;
        try
        {
            truth = SyntheticEcosystem.Write(server, options, progress);
        }
        catch (IOException) when (convert.IsFaulted || convert.Wait(TimeSpan.FromSeconds(30)) && convert.IsFaulted)
        {
            convert.GetAwaiter().GetResult(); // the converter's own error is the one to report
            throw;
        }
        finally
        {
            server.Dispose(); // end of stream for the converter
        }
        convert.GetAwaiter().GetResult();
        return truth;
    }
}
