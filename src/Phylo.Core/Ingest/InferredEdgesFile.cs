using System.Globalization;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Ingest;

/// <summary>
/// Reads <c>inferred_edges.csv</c> (<c>child,parent,score,relation</c>, as <c>phylo lineage infer</c> writes it) into
/// <see cref="InferredLinks"/>. The file's shape is checked strictly: a wrong header, a wrong field count, an
/// unbalanced quote, a score that is not a number in [0, 1] or an unknown relation stops the run with
/// <c>file:line: reason</c> (<see cref="PhyloInputException"/>, exit code 2). Whether a link fits the graph (known
/// models, no self link, no cycle) is the graph builder's call, which counts and drops the ones that do not.
/// </summary>
public static class InferredEdgesFile
{
    public const string Header = "child,parent,score,relation";

    public static InferredLinks Read(string path)
    {
        if (!File.Exists(path)) throw new PhyloInputException($"{path}: inferred-edges file not found");
        var child = new List<string>();
        var parent = new List<string>();
        var mask = new List<RelationMask>();
        using var reader = new StreamReader(path);
        long line = 0;
        string? text;
        var fields = new List<string>(4);
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (line == 1)
            {
                if (text.TrimStart('\uFEFF') != Header) throw PhyloInputException.At(path, line, $"expected the header '{Header}'");
                continue;
            }
            if (text.Length == 0) continue;
            if (!Split(text, fields)) throw PhyloInputException.At(path, line, "unbalanced quote");
            if (fields.Count != 4) throw PhyloInputException.At(path, line, $"expected 4 fields (child,parent,score,relation), found {fields.Count}");
            if (fields[0].Length == 0 || fields[1].Length == 0) throw PhyloInputException.At(path, line, "empty model id");
            if (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double score) || !(score is >= 0 and <= 1))
                throw PhyloInputException.At(path, line, $"score '{fields[2]}' is not a number in [0, 1]");
            RelationMask m = Relations.ParseMask(fields[3]);
            if (m == RelationMask.None) throw PhyloInputException.At(path, line, $"unknown relation '{fields[3]}' (finetune, quantized, adapter or merge)");
            child.Add(fields[0]);
            parent.Add(fields[1]);
            mask.Add(m);
        }
        if (line == 0) throw PhyloInputException.At(path, 1, $"empty file, expected the header '{Header}'");
        return new InferredLinks([.. child], [.. parent], [.. mask]);
    }

    /// <summary>Splits one CSV record (RFC 4180 quoting, no embedded newlines); false on an unbalanced quote.</summary>
    private static bool Split(string text, List<string> fields)
    {
        fields.Clear();
        int i = 0;
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length) return false;
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(text[i++]);
                }
                fields.Add(sb.ToString());
                if (i < text.Length && text[i] != ',') return false;
            }
            else
            {
                int comma = text.IndexOf(',', i);
                int end = comma < 0 ? text.Length : comma;
                if (text.AsSpan(i, end - i).Contains('"')) return false;
                fields.Add(text[i..end]);
                i = end;
            }
            if (i >= text.Length) return true;
            i++; // the comma
            if (i == text.Length) { fields.Add(""); return true; }
        }
    }
}
