using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Phylo.Ingest.Parsing;
using Phylo.Table;
using Phylo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phylo.Tests.Ingest.Parsing;

/// <summary>
/// Every metadata cell of every crawl CSV through the mapper. Expectations come from the raw JSON read with
/// JsonDocument and plain string checks on the tags, never from the mapper.
/// </summary>
public class HubRecordMapperRealDataTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> FewLanguages = new()
    {
        ["en"] = "English", ["zh"] = "Chinese", ["fr"] = "French", ["de"] = "German",
        ["es"] = "Spanish", ["ja"] = "Japanese", ["ko"] = "Korean", ["ru"] = "Russian",
    };

    private static RelationMask ExpectedMask(string word) => word switch
    {
        "finetune" => RelationMask.Finetune,
        "adapter" => RelationMask.Adapter,
        "quantized" => RelationMask.Quantized,
        "merge" => RelationMask.Merge,
        _ => throw new InvalidDataException($"unexpected relation word '{word}'"),
    };

    /// <summary>Every data row of every crawl CSV, read with CsvHelper: (file name, 1-based row, header, the reader on that row).</summary>
    private static IEnumerable<(string File, int Row, string[] Header, CsvReader Csv)> CrawlRows()
    {
        foreach (var file in RealData.FamilyFiles())
        {
            using var reader = new StreamReader(file, Encoding.UTF8);
            using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
            Assert.True(csv.Read() && csv.ReadHeader(), file);
            var header = csv.HeaderRecord!;
            int row = 0;
            while (csv.Read()) yield return (Path.GetFileName(file), ++row, header, csv);
        }
    }

    [RealDataFact]
    public void Every_metadata_cell_maps_consistently_with_its_raw_json()
    {
        int rows = 0, na = 0, mapped = 0;
        var relationCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var rowsWithRelation = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int cardOnlyParents = 0, yamlRelations = 0;
        var failures = new List<string>();

        foreach (var (file, row, _, csv) in CrawlRows())
        {
            rows++;
            string where = $"{file} row {row}";
            string modelId = csv.GetField("model_id")!;
            string metadata = csv.GetField("metadata")!;
            if (metadata == "N/A")
            {
                na++;
                continue;
            }
            var r = new ModelRecord();
            if (!HubRecordMapper.TryFill(Encoding.UTF8.GetBytes(metadata), r, out var reason))
            {
                failures.Add($"{where}: rejected {reason}");
                continue;
            }
            mapped++;
            try
            {
                var seen = Check(r, modelId, metadata);
                foreach (var rel in seen.Relations) relationCounts[rel] = relationCounts.GetValueOrDefault(rel) + 1;
                foreach (var rel in seen.Relations.Distinct()) rowsWithRelation[rel] = rowsWithRelation.GetValueOrDefault(rel) + 1;
                if (seen.Relations.Count == 0 && r.Parents.Count > 0) cardOnlyParents++;
                if (seen.YamlRelation) yamlRelations++;
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidDataException)
            {
                failures.Add($"{where} ({modelId}): {e.Message}");
            }
        }

        output.WriteLine($"rows {rows}, metadata N/A {na}, mapped {mapped}, rejected {failures.Count}");
        foreach (var (rel, n) in relationCounts) output.WriteLine($"base_model tags [{rel}]: {n} tags in {rowsWithRelation[rel]} rows");
        output.WriteLine($"rows whose parents come only from cardData: {cardOnlyParents}; rows with base_model_relation in card_data: {yamlRelations}");

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(mapped > 1000, $"only {mapped} rows mapped");
        Assert.Equal(rows - na, mapped);
    }

    /// <summary>The crawl's child lists (list literal in the slim layout, comma-separated URLs in the full one) against their *_count columns.</summary>
    [RealDataFact]
    public void Child_list_columns_parse_to_their_counts()
    {
        int cells = 0, ids = 0;
        var failures = new List<string>();
        foreach (var (file, row, header, csv) in CrawlRows())
        {
            foreach (var col in (string[])["children", "adapters", "quantized", "merges"])
            {
                if (!header.Contains(col) || !header.Contains(col + "_count")) continue;
                string text = csv.GetField(col)!;
                string countText = csv.GetField(col + "_count")!;
                int expected = countText.Length == 0 ? 0 : int.Parse(countText, CultureInfo.InvariantCulture);
                var got = new List<string>();
                cells++;
                if (!ModelIds.TryParseList(text, got)) failures.Add($"{file} row {row} {col}: rejected");
                else if (got.Count != expected) failures.Add($"{file} row {row} {col}: {got.Count} ids, count says {expected}");
                else if (got.Find(id => id.Contains("://", StringComparison.Ordinal) || id.Contains(' ', StringComparison.Ordinal) || id.Split('/').Length != 2) is { } bad)
                    failures.Add($"{file} row {row} {col}: bad id '{bad}'");
                ids += got.Count;
            }
        }
        output.WriteLine($"list cells {cells}, ids {ids}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(ids > 1000, $"only {ids} ids");
    }

    private sealed record Seen(List<string> Relations, bool YamlRelation);

    private static Seen Check(ModelRecord r, string modelId, string metadata)
    {
        using var doc = JsonDocument.Parse(metadata);
        var root = doc.RootElement;

        Assert.Equal(modelId.Trim(), r.Id);
        Assert.Equal(root.GetProperty("id").GetString(), r.Id);
        Assert.Equal(root.GetProperty("likes").GetInt64(), r.Likes);
        Assert.Equal(root.GetProperty("downloads").GetInt64(), r.Downloads);
        string created = root.GetProperty("created_at").GetString()!;
        Assert.Equal(DateTimeOffset.Parse(created, CultureInfo.InvariantCulture).ToUnixTimeSeconds(), r.CreatedAt);

        var tags = root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(tags, r.Tags);

        var relations = new List<string>();
        foreach (var tag in tags)
        {
            if (tag.StartsWith("license:", StringComparison.Ordinal)) Assert.Contains(tag["license:".Length..], r.Licenses);
            if (tag.StartsWith("region:", StringComparison.Ordinal)) Assert.Contains(tag["region:".Length..], r.Regions);
            if (tag.StartsWith("arxiv:", StringComparison.Ordinal)) Assert.Contains(tag["arxiv:".Length..], r.Arxiv);
            if (tag.StartsWith("dataset:", StringComparison.Ordinal)) Assert.Contains(tag["dataset:".Length..], r.Datasets);
            if (FewLanguages.TryGetValue(tag, out var language)) Assert.Contains(language, r.Languages);
            if (!tag.StartsWith("base_model:", StringComparison.Ordinal)) continue;
            var parts = tag.Split(':');
            if (parts.Length == 2)
            {
                relations.Add("bare");
                Assert.Contains(new ParentRef(parts[1], RelationMask.Bare), r.Parents);
            }
            else
            {
                Assert.Equal(3, parts.Length);
                relations.Add(parts[1]);
                var mask = ExpectedMask(parts[1]);
                Assert.Contains(r.Parents, p => p.Id == parts[2] && (p.Mask & mask) != 0);
            }
        }

        // No invented parents: every parent id is spelled in a base_model tag or in the card data text.
        string cardData = root.GetProperty("cardData").ValueKind == JsonValueKind.String ? root.GetProperty("cardData").GetString()! : "";
        foreach (var p in r.Parents)
        {
            Assert.True(tags.Contains("base_model:" + p.Id) || tags.Any(t => t.StartsWith("base_model:", StringComparison.Ordinal) && t.EndsWith(":" + p.Id, StringComparison.Ordinal))
                || cardData.Contains(p.Id, StringComparison.Ordinal), $"parent {p.Id} not in the raw record");
        }

        // A card_data "base_model_relation: X" line types the card's base models.
        bool yamlRelation = false;
        foreach (var line in cardData.Split('\n'))
        {
            if (!line.StartsWith("base_model_relation:", StringComparison.Ordinal)) continue;
            yamlRelation = true;
            string word = line["base_model_relation:".Length..].Trim();
            if (word is "finetune" or "adapter" or "quantized" or "merge")
            {
                var mask = ExpectedMask(word);
                Assert.Contains(r.Parents, p => (p.Mask & mask) != 0);
            }
        }
        return new Seen(relations, yamlRelation);
    }
}
