using CsCheck;
using Phylo.Kernels;

namespace Phylo.Tests.Ingest.Csv;

/// <summary>Generated adversarial CSVs read exactly as CsvHelper reads them, on every path and chunk size.</summary>
public class CsvPropertyTests
{
    // Building blocks: structure, escapes, line endings (CRLF, LF, lone CR), non-ASCII, invalid UTF-8, whole quoted fields.
    private static readonly byte[][] Tokens =
    [
        "\""u8.ToArray(), ","u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "\r"u8.ToArray(),
        "a"u8.ToArray(), "xyz"u8.ToArray(), "\"\""u8.ToArray(), " "u8.ToArray(), "é"u8.ToArray(),
        "€"u8.ToArray(), "😀"u8.ToArray(), [0xC3], [0xFF], "\"q, \"\"r\"\"\ns\""u8.ToArray(),
        "['apache-2.0', \"it's\"]"u8.ToArray(), ",,"u8.ToArray(), "\n\n"u8.ToArray(), "\"\",\"\""u8.ToArray(),
    ];

    private static readonly Gen<byte[]> Csv =
        Gen.Select(Gen.Int[0, Tokens.Length - 1].Array[0, 400], Gen.Bool, Gen.Int[0, 99], Gen.Int[0, 99], (tokens, bom, huge, end) =>
        {
            var bytes = new List<byte>();
            if (bom) bytes.AddRange([0xEF, 0xBB, 0xBF]);
            for (int i = 0; i < tokens.Length; i++)
            {
                bytes.AddRange(Tokens[tokens[i]]);
                if (huge < 3 && i == tokens.Length / 2) bytes.AddRange(HugeField(huge));
            }
            if (end < 50) bytes.Add((byte)'\n');   // otherwise: no final newline
            return bytes.ToArray();
        });

    /// <summary>About 1 MB: quoted with escapes and line breaks, unquoted, or quoted and never closed.</summary>
    private static byte[] HugeField(int kind)
    {
        var body = new byte[1 << 20];
        for (int i = 0; i < body.Length; i++) body[i] = (byte)('a' + (i % 23));
        for (int i = 777; i < body.Length - 2; i += 65_537) { body[i] = (byte)'"'; body[i + 1] = (byte)'"'; body[i + 2] = (byte)'\n'; }
        return kind switch
        {
            0 => [(byte)',', (byte)'"', .. body, (byte)'"', (byte)','],
            1 => [(byte)'\n', .. body.Select(b => b == (byte)'"' || b == (byte)'\n' ? (byte)'q' : b), (byte)','],
            _ => [(byte)',', (byte)'"', .. body],
        };
    }

    [Fact]
    public void Generated_csv_reads_as_CsvHelper_reads_it()
    {
        Csv.Sample(data =>
        {
            var expected = CsvOracle.CsvHelperRecords(data);
            foreach (var level in Simd.Supported)
            {
                CsvOracle.AssertSame(data, expected, level, 64, maxRead: 13);
                CsvOracle.AssertSame(data, expected, level, 1000);
                CsvOracle.AssertSame(data, expected, level, 1 << 16);
            }
        }, iter: 300);
    }
}
