using System.Text;
using CsCheck;
using Phylo.Ingest.Formats;
using Phylo.Ingest.Parsing;
using Phylo.Ingest.Pipeline;
using Phylo.Table;

namespace Phylo.Tests.Ingest.Parsing;

/// <summary>
/// The list columns read from UTF-8 (<see cref="PyListBytes"/>, <see cref="BatchVocabulary"/>, the CSV parser filling the
/// batch) against the char parser and the string path they replace: a byte scan that says it read a literal read the char
/// parser's items, and a batch filled by bytes holds the ids, vocabularies, parents and rejections of one filled by strings.
/// </summary>
public class PyListBytesTests
{
    private static readonly Gen<string> Piece = Gen.Frequency(
        (8, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (3, Gen.OneOf<string>("'", "\"", "\\", "\n", "\r", "\t", "\0", "\x7f", "\u00a0", "\u2028", " ", ",", "[", "]", "\\'", "\\x41",
            "\\u00e9", "\\ud83d\\ude00", "\\ud800", "é", "日本", "😀", "base_model:", "finetune:", "/", "https://huggingface.co/")),
        (2, Gen.Char[' ', '~'].Select(c => c.ToString())),
        (1, Gen.Int[0, 0xFFFF].Select(i => ((char)i).ToString())),
        (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)));

    private static readonly Gen<string> Item = Piece.Array[0, 8].Select(string.Concat);

    /// <summary>Items without escapes and with no quote of either kind: their repr has no backslash, the byte scan's case.</summary>
    private static readonly Gen<string> PlainItem = Gen.Frequency(
        (6, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (2, Gen.OneOf<string>("é", "日本", "😀", " ", ",", "[", "]", "base_model:", "/", "-", "\u3042")))
        .Array[0, 8].Select(string.Concat);

    private static string Repr(IReadOnlyList<string> items)
    {
        var sb = new StringBuilder();
        PyListLiteral.Write(items, sb);
        return sb.ToString();
    }

    /// <summary>List fields as they come: a repr, a repr cut short, with whitespace around it (Unicode too), pandas' missing
    /// values, bare tokens, an empty item, a trailing comma, free text.</summary>
    private static readonly Gen<string> Field = Gen.Frequency(
        (6, Item.Array[0, 5].Select(Repr)),
        (3, PlainItem.Array[0, 5].Select(Repr)),
        (2, Gen.Select(Item.Array[1, 4].Select(Repr), Gen.Int[1, 6]).Select((t, cut) => t[..Math.Max(0, t.Length - cut)])),
        (2, Gen.Select(Gen.OneOf<string>("", " ", "\t", "\u00a0", "\u2028", "\n "), PlainItem.Array[0, 3].Select(Repr), Gen.OneOf<string>("", " ", "\r\n", "\u3000"))
            .Select((a, b, c) => a + b + c)),
        (1, Gen.OneOf<string>("", "nan", "NaN", "None", " None ", "[None, 3, True]", "['a',]", "[,]", "['a',,'b']", "[ ]", "['a' 'b']",
            "['a'] x", "[\"it's\"]", "['x', ]", "[a(b)]", "[]]", "[[]]", "\u00a0[]", "[]\u00a0", "['é']\u0085")),
        (1, Item));

    [Fact]
    public void A_literal_the_byte_scan_reads_gives_the_char_parsers_items() => Field.Sample(text =>
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var decoded = Encoding.UTF8.GetString(utf8); // what the pipeline's char parser gets (a lone surrogate repaired)
        var expected = new List<string>();
        bool charOk = PyListLiteral.TryParse(decoded, expected);
        var items = new Range[1];
        if (!PyListBytes.TryScan(utf8, ref items, out int count)) return;
        Assert.True(charOk, text);
        Assert.Equal(expected, items.Take(count).Select(r => Encoding.UTF8.GetString(utf8.AsSpan()[r])));
    }, iter: 20000);

    [Fact]
    public void The_byte_scan_reads_every_repr_without_a_backslash() => PlainItem.Array[0, 6].Sample(items =>
    {
        var text = Repr(items);
        var utf8 = Encoding.UTF8.GetBytes(" " + text + "\n");
        var ranges = Array.Empty<Range>();
        Assert.True(PyListBytes.TryScan(utf8, ref ranges, out int count), text);
        Assert.Equal(items, ranges.Take(count).Select(r => Encoding.UTF8.GetString(utf8.AsSpan()[r])));
    }, iter: 3000);

    [Theory]
    [InlineData("['a\\'b']")] // an escape: the char parser's
    [InlineData("\u00a0['a']")] // Unicode whitespace the char parser trims
    [InlineData("['a'")]
    [InlineData("['a',,'b']")]
    [InlineData("[a\"]")]
    public void The_byte_scan_leaves_escapes_unicode_trims_and_malformed_literals_to_the_char_parser(string text)
    {
        var items = new Range[4];
        Assert.False(PyListBytes.TryScan(Encoding.UTF8.GetBytes(text), ref items, out _));
    }

    /// <summary>A batch vocabulary gives a value the id a string interner gives it, whether it comes in as UTF-8 or as a
    /// string (lone surrogates only as strings: UTF-8 cannot spell them), and hands the same string back.</summary>
    [Fact]
    public void Batch_vocabulary_ids_are_the_string_interners_by_bytes_or_by_string() =>
        Gen.Select(Item.Array[1, 30], Gen.Int[0, 1000].Array[0, 300], Gen.Bool.Array[300], Gen.Int[0, 3]).Sample((pool, picks, asBytes, clears) =>
        {
            var vocab = new BatchVocabulary();
            for (int round = 0; round <= clears; round++)
            {
                var oracle = new StringInterner();
                vocab.Clear();
                for (int k = 0; k < picks.Length; k++)
                {
                    string value = pool[(picks[k] + round) % pool.Length];
                    var utf8 = Encoding.UTF8.GetBytes(value);
                    bool valid = Encoding.UTF8.GetString(utf8) == value;
                    int id = valid && asBytes[k] ? vocab.Intern(utf8) : vocab.Intern(value);
                    Assert.Equal(oracle.Intern(value), id);
                    Assert.Equal(value, vocab[id]);
                }
                Assert.Equal(oracle.Count, vocab.Count);
            }
        }, iter: 500);

    private static readonly string[] Header = PublishedFields.Names;

    private static string Csv(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>One record of the published layout with the drawn list fields (tags, the five parent columns, the other lists)
    /// and a pipeline tag and library taken from them (any text).</summary>
    private static byte[] Record(int id, string[] lists)
    {
        var fields = new string[Header.Length];
        for (int c = 0; c < fields.Length; c++) fields[c] = "";
        fields[(int)PublishedField.ModelId] = "m" + id;
        fields[(int)PublishedField.Likes] = "1";
        int k = 0;
        foreach (var f in Enum.GetValues<PublishedField>())
            if (PublishedFields.IsList(f)) fields[(int)f] = lists[k++ % lists.Length];
        fields[(int)PublishedField.PipelineTag] = lists[0].Length % 3 == 0 ? "" : lists[0];
        fields[(int)PublishedField.LibraryName] = lists[^1];
        return Encoding.UTF8.GetBytes(string.Join(',', fields.Select(Csv)));
    }

    /// <summary>The CSV parser filling the batch by bytes gives the batch the string path gives it: every trait row's (the
    /// pipeline tag and the library too)
    /// values, every vocabulary in order, the parents (from the parent columns and the <c>base_model:</c> tags) with their
    /// masks and collapsed duplicates, and the same rejections — over rows that repeat values across a batch.</summary>
    [Fact]
    public void Csv_rows_filled_by_bytes_give_the_batch_of_the_string_path() =>
        Gen.Select(Field.Array[1, 8], Gen.Int[0, 7].Array[11].Array[1, 40]).Sample((fields, rows) =>
        {
            var layout = CsvLayout.FromHeader(Header)!;
            var (byStrings, byBytes) = (new PublishedRowParser(layout), new PublishedRowParser(layout));
            var (a, b) = (new RowBatch(), new RowBatch());
            byBytes.FillInto(b);
            var (rejectA, rejectB) = (new List<Rejection>(), new List<Rejection>());
            for (int i = 0; i < rows.Length; i++)
            {
                var record = Record(i, [.. rows[i].Select(k => fields[k % fields.Length])]);
                if (byStrings.Parse(record, "f.csv", i + 2, rejectA) is { } ra) a.Append(ra);
                if (byBytes.Parse(record, "f.csv", i + 2, rejectB) is { } rb) b.Append(rb);
            }
            Assert.Equal(rejectA, rejectB);
            Assert.Equal(a.Count, b.Count);
            for (int v = 0; v < RowBatch.VocabCount; v++)
            {
                Assert.Equal(a.Vocab[v].Count, b.Vocab[v].Count);
                for (int j = 0; j < a.Vocab[v].Count; j++) Assert.Equal(a.Vocab[v][j], b.Vocab[v][j]);
            }
            for (int i = 0; i < a.Count; i++)
            {
                foreach (var k in TraitKinds.All) Assert.Equal(a.Traits[(int)k][i].ToArray(), b.Traits[(int)k][i].ToArray());
                Assert.Equal(a.Parents[i].ToArray(), b.Parents[i].ToArray());
                Assert.Equal(a.DuplicateParentLinks[i], b.DuplicateParentLinks[i]);
            }
            Assert.Equal(a.ParentMasks.AsSpan(0, a.Parents.Count).ToArray(), b.ParentMasks.AsSpan(0, b.Parents.Count).ToArray());
        }, iter: 400);
}
