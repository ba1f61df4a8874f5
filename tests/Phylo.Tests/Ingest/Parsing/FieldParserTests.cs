using System.Globalization;
using CsCheck;
using Phylo.Ingest.Parsing;

namespace Phylo.Tests.Ingest.Parsing;

public class ModelIdsTests
{
    [Theory]
    [InlineData("https://huggingface.co/meta-llama/Llama-2-7b-hf", "meta-llama/Llama-2-7b-hf")]
    [InlineData("http://huggingface.co/meta-llama/Llama-2-7b-hf", "meta-llama/Llama-2-7b-hf")]
    [InlineData("https://www.huggingface.co/meta-llama/Llama-2-7b-hf/", "meta-llama/Llama-2-7b-hf")]
    [InlineData("  https://huggingface.co/a/b/tree/main/sub/dir  ", "a/b")]
    [InlineData("https://huggingface.co/a/b/blob/main/README.md", "a/b")]
    [InlineData("https://huggingface.co/a/b?library=transformers", "a/b")]
    [InlineData("https://huggingface.co/a/b#model-card", "a/b")]
    [InlineData("HTTPS://HuggingFace.co/a/b", "a/b")]
    [InlineData("https://hf.co/a/b", "a/b")]
    [InlineData("https://huggingface.co/gpt2", "gpt2")]
    [InlineData("https://huggingface.co/gpt2/tree/main", "gpt2")]
    [InlineData("https://huggingface.co/gpt2/", "gpt2")]
    [InlineData("meta-llama/Llama-2-7b-hf", "meta-llama/Llama-2-7b-hf")]
    [InlineData("  owner/name \t", "owner/name")]
    [InlineData("gpt2", "gpt2")]
    [InlineData("https://example.com/a/b", "https://example.com/a/b")]
    [InlineData("https://huggingface.com/a/b", "https://huggingface.com/a/b")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("https://huggingface.co/", "")]
    public void Normalize(string input, string expected) => Assert.Equal(expected, ModelIds.Normalize(input));

    [Fact]
    public void Plain_ids_are_left_unchanged() =>
        Gen.String[Gen.Char["a-zA-Z0-9._-"], 1, 30].Select(Gen.String[Gen.Char["a-zA-Z0-9._-"], 1, 30], (a, b) => a + "/" + b)
            .Sample(id => Assert.Equal(id, ModelIds.Normalize(id)), iter: 500);
}

public class HubDatesTests
{
    [Theory]
    [InlineData("2024-01-16 18:56:57+00:00", 1705431417)]
    [InlineData("2024-01-16T18:56:57Z", 1705431417)]
    [InlineData("2024-01-16T18:56:57.123456Z", 1705431417)]
    [InlineData("2025-01-18T20:29:14.000Z", 1737232154)]
    [InlineData("2024-01-16T20:56:57+02:00", 1705431417)]
    [InlineData("2024-01-16T13:26:57-0530", 1705431417)]
    [InlineData("2024-01-16T19:56:57+01", 1705431417)]
    [InlineData("2024-01-16 18:56:57", 1705431417)]
    [InlineData("2024-01-16T18:56", 1705431360)]
    [InlineData("2024-01-16", 1705363200)]
    [InlineData(" 1970-01-01 ", 0)]
    [InlineData("2024-02-29", 1709164800)]
    [InlineData("1969-12-31T23:59:59Z", -1)]
    public void Parses_hub_spellings(string text, long expected)
    {
        Assert.True(HubDates.TryParseUnixSeconds(text, out long s), text);
        Assert.Equal(expected, s);
    }

    [Theory]
    [InlineData("")]
    [InlineData("N/A")]
    [InlineData("2024-1-16")]
    [InlineData("2024-13-01")]
    [InlineData("2023-02-29")]
    [InlineData("2024-04-31")]
    [InlineData("2024-01-16T24:00:00Z")]
    [InlineData("2024-01-16T18:60:00Z")]
    [InlineData("2024-01-16T18:56:60Z")]
    [InlineData("2024-01-16T18:56:57+25:00")]
    [InlineData("2024-01-16T18:56:57 junk")]
    [InlineData("2024-01-16x")]
    [InlineData("2024-01-16T18")]
    [InlineData("2024-01-16T18:56:57.Z")]
    [InlineData("1705431417")]
    public void Rejects_garbage(string text) => Assert.False(HubDates.TryParseUnixSeconds(text, out _), text);

    private static readonly Gen<DateTimeOffset> Dates =
        Gen.Long[new DateTime(1900, 1, 1).Ticks, new DateTime(2100, 1, 1).Ticks].Select(Gen.Int[-14 * 60, 14 * 60],
            (ticks, offset) => new DateTimeOffset(new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond), TimeSpan.FromMinutes(offset)));

    [Fact]
    public void Agrees_with_DateTimeOffset_on_every_format() => Dates.Sample(d =>
    {
        long expected = d.ToUnixTimeSeconds();
        string[] spellings =
        [
            d.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture),
            d.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture),
            d.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            d.ToString("o", CultureInfo.InvariantCulture),
        ];
        foreach (var s in spellings)
        {
            Assert.True(HubDates.TryParseUnixSeconds(s, out long got), s);
            Assert.Equal(expected, got);
        }
        Assert.True(HubDates.TryParseUnixSeconds(d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), out long day));
        Assert.Equal(new DateTimeOffset(d.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeSeconds(), day);
    }, iter: 2000);
}

public class LanguageNamesTests
{
    /// <summary>Expected names are pycountry's (ISO 639-3 reference names), pasted from Python.</summary>
    [Theory]
    [InlineData("en", "English")]
    [InlineData("EN", "English")]
    [InlineData("zh", "Chinese")]
    [InlineData("es", "Spanish")]
    [InlineData("fr", "French")]
    [InlineData("de", "German")]
    [InlineData("ja", "Japanese")]
    [InlineData("ko", "Korean")]
    [InlineData("ru", "Russian")]
    [InlineData("ar", "Arabic")]
    [InlineData("el", "Modern Greek (1453-)")]
    [InlineData("sw", "Swahili (macrolanguage)")]
    [InlineData("ms", "Malay (macrolanguage)")]
    [InlineData("nb", "Norwegian Bokmål")]
    [InlineData("km", "Khmer")]
    [InlineData("sh", "Serbo-Croatian")]
    [InlineData("zu", "Zulu")]
    [InlineData("aa", "Afar")]
    public void Maps_codes_to_names(string code, string name)
    {
        Assert.Equal(name, LanguageNames.FromIsoCode(code));
        Assert.True(LanguageNames.IsIsoCode(code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("eng")]
    [InlineData("en-US")]
    [InlineData("English")]
    [InlineData("xx")]
    [InlineData("iw")]
    [InlineData("q1")]
    [InlineData("é1")]
    [InlineData("{a")]
    public void Unknown_codes_give_null(string code)
    {
        Assert.Null(LanguageNames.FromIsoCode(code));
        Assert.False(LanguageNames.IsIsoCode(code));
    }

    [Fact]
    public void Has_all_184_codes_each_two_lowercase_letters_with_a_distinct_name()
    {
        var all = LanguageNames.All().ToList();
        Assert.Equal(184, all.Count);
        Assert.Equal(184, LanguageNames.Count);
        Assert.All(all, p => Assert.Matches("^[a-z]{2}$", p.Code));
        Assert.Equal(184, all.Select(p => p.Code).Distinct().Count());
        Assert.Equal(184, all.Select(p => p.Name).Distinct().Count());
        Assert.All(all, p => Assert.Equal(p.Name, LanguageNames.FromIsoCode(p.Code.ToUpperInvariant())));
    }
}

public class ModelIdListTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("nan", new string[0])]
    [InlineData("[]", new string[0])]
    [InlineData("https://huggingface.co/a/b, https://huggingface.co/c/d", new[] { "a/b", "c/d" })]
    [InlineData("https://huggingface.co/a/b", new[] { "a/b" })]
    [InlineData(" a/b ,, c/d ,", new[] { "a/b", "c/d" })]
    [InlineData("['https://huggingface.co/a/b', 'c/d', '', 'https://huggingface.co/e/f/tree/main']", new[] { "a/b", "c/d", "e/f" })]
    public void Parses_both_crawl_spellings(string text, string[] expected)
    {
        var got = new List<string> { "first" };
        Assert.True(ModelIds.TryParseList(text, got));
        Assert.Equal(["first", .. expected], got);
    }

    [Fact]
    public void Malformed_list_literal_is_rejected_untouched()
    {
        var got = new List<string> { "first" };
        Assert.False(ModelIds.TryParseList("['a/b', 'c/d'", got));
        Assert.Equal(["first"], got);
    }

    [Fact]
    public void String_overload_returns_the_same_instance_for_plain_ids()
    {
        string id = string.Concat("owner/", "name");
        Assert.Same(id, ModelIds.Normalize(id));
        Assert.Equal("", ModelIds.Normalize((string?)null));
        Assert.Equal("a/b", ModelIds.Normalize(" https://huggingface.co/a/b "));
    }
}
