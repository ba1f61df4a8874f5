namespace Phylo.Ingest.Parsing;

/// <summary>
/// ISO 639-1 two-letter codes → English language names, spelled exactly as Python's
/// <c>pycountry.languages.get(alpha_2=code).name</c> (the ISO 639-3 reference names shipped in
/// Debian's iso-codes 4.15, pycountry's source): "en" → "English", "el" → "Modern Greek (1453-)",
/// "sw" → "Swahili (macrolanguage)". All 184 codes that carry an alpha-2 code (183 current + "sh").
/// Lookup is case-insensitive and allocation-free.
/// </summary>
public static class LanguageNames
{
    /// <summary>Code/name pairs, sorted by code. Generated from iso_639-3.json (entries with alpha_2).</summary>
    private static readonly string[] Pairs =
    [
        "aa", "Afar",
        "ab", "Abkhazian",
        "ae", "Avestan",
        "af", "Afrikaans",
        "ak", "Akan",
        "am", "Amharic",
        "an", "Aragonese",
        "ar", "Arabic",
        "as", "Assamese",
        "av", "Avaric",
        "ay", "Aymara",
        "az", "Azerbaijani",
        "ba", "Bashkir",
        "be", "Belarusian",
        "bg", "Bulgarian",
        "bi", "Bislama",
        "bm", "Bambara",
        "bn", "Bengali",
        "bo", "Tibetan",
        "br", "Breton",
        "bs", "Bosnian",
        "ca", "Catalan",
        "ce", "Chechen",
        "ch", "Chamorro",
        "co", "Corsican",
        "cr", "Cree",
        "cs", "Czech",
        "cu", "Church Slavic",
        "cv", "Chuvash",
        "cy", "Welsh",
        "da", "Danish",
        "de", "German",
        "dv", "Dhivehi",
        "dz", "Dzongkha",
        "ee", "Ewe",
        "el", "Modern Greek (1453-)",
        "en", "English",
        "eo", "Esperanto",
        "es", "Spanish",
        "et", "Estonian",
        "eu", "Basque",
        "fa", "Persian",
        "ff", "Fulah",
        "fi", "Finnish",
        "fj", "Fijian",
        "fo", "Faroese",
        "fr", "French",
        "fy", "Western Frisian",
        "ga", "Irish",
        "gd", "Scottish Gaelic",
        "gl", "Galician",
        "gn", "Guarani",
        "gu", "Gujarati",
        "gv", "Manx",
        "ha", "Hausa",
        "he", "Hebrew",
        "hi", "Hindi",
        "ho", "Hiri Motu",
        "hr", "Croatian",
        "ht", "Haitian",
        "hu", "Hungarian",
        "hy", "Armenian",
        "hz", "Herero",
        "ia", "Interlingua (International Auxiliary Language Association)",
        "id", "Indonesian",
        "ie", "Interlingue",
        "ig", "Igbo",
        "ii", "Sichuan Yi",
        "ik", "Inupiaq",
        "io", "Ido",
        "is", "Icelandic",
        "it", "Italian",
        "iu", "Inuktitut",
        "ja", "Japanese",
        "jv", "Javanese",
        "ka", "Georgian",
        "kg", "Kongo",
        "ki", "Kikuyu",
        "kj", "Kuanyama",
        "kk", "Kazakh",
        "kl", "Kalaallisut",
        "km", "Khmer",
        "kn", "Kannada",
        "ko", "Korean",
        "kr", "Kanuri",
        "ks", "Kashmiri",
        "ku", "Kurdish",
        "kv", "Komi",
        "kw", "Cornish",
        "ky", "Kirghiz",
        "la", "Latin",
        "lb", "Luxembourgish",
        "lg", "Ganda",
        "li", "Limburgan",
        "ln", "Lingala",
        "lo", "Lao",
        "lt", "Lithuanian",
        "lu", "Luba-Katanga",
        "lv", "Latvian",
        "mg", "Malagasy",
        "mh", "Marshallese",
        "mi", "Maori",
        "mk", "Macedonian",
        "ml", "Malayalam",
        "mn", "Mongolian",
        "mr", "Marathi",
        "ms", "Malay (macrolanguage)",
        "mt", "Maltese",
        "my", "Burmese",
        "na", "Nauru",
        "nb", "Norwegian Bokmål",
        "nd", "North Ndebele",
        "ne", "Nepali (macrolanguage)",
        "ng", "Ndonga",
        "nl", "Dutch",
        "nn", "Norwegian Nynorsk",
        "no", "Norwegian",
        "nr", "South Ndebele",
        "nv", "Navajo",
        "ny", "Nyanja",
        "oc", "Occitan (post 1500)",
        "oj", "Ojibwa",
        "om", "Oromo",
        "or", "Oriya (macrolanguage)",
        "os", "Ossetian",
        "pa", "Panjabi",
        "pi", "Pali",
        "pl", "Polish",
        "ps", "Pushto",
        "pt", "Portuguese",
        "qu", "Quechua",
        "rm", "Romansh",
        "rn", "Rundi",
        "ro", "Romanian",
        "ru", "Russian",
        "rw", "Kinyarwanda",
        "sa", "Sanskrit",
        "sc", "Sardinian",
        "sd", "Sindhi",
        "se", "Northern Sami",
        "sg", "Sango",
        "sh", "Serbo-Croatian",
        "si", "Sinhala",
        "sk", "Slovak",
        "sl", "Slovenian",
        "sm", "Samoan",
        "sn", "Shona",
        "so", "Somali",
        "sq", "Albanian",
        "sr", "Serbian",
        "ss", "Swati",
        "st", "Southern Sotho",
        "su", "Sundanese",
        "sv", "Swedish",
        "sw", "Swahili (macrolanguage)",
        "ta", "Tamil",
        "te", "Telugu",
        "tg", "Tajik",
        "th", "Thai",
        "ti", "Tigrinya",
        "tk", "Turkmen",
        "tl", "Tagalog",
        "tn", "Tswana",
        "to", "Tonga (Tonga Islands)",
        "tr", "Turkish",
        "ts", "Tsonga",
        "tt", "Tatar",
        "tw", "Twi",
        "ty", "Tahitian",
        "ug", "Uighur",
        "uk", "Ukrainian",
        "ur", "Urdu",
        "uz", "Uzbek",
        "ve", "Venda",
        "vi", "Vietnamese",
        "vo", "Volapük",
        "wa", "Walloon",
        "wo", "Wolof",
        "xh", "Xhosa",
        "yi", "Yiddish",
        "yo", "Yoruba",
        "za", "Zhuang",
        "zh", "Chinese",
        "zu", "Zulu",
    ];

    /// <summary>Name per code, indexed by (first-'a')*26 + (second-'a'); null where no code exists.</summary>
    private static readonly string?[] ByIndex = Build();

    /// <summary>Number of known codes (184).</summary>
    public static int Count => Pairs.Length / 2;

    /// <summary>Every (code, name) pair, sorted by code.</summary>
    public static IEnumerable<(string Code, string Name)> All()
    {
        for (int i = 0; i < Pairs.Length; i += 2) yield return (Pairs[i], Pairs[i + 1]);
    }

    /// <summary>English name of a two-letter ISO 639-1 code (case-insensitive, surrounding whitespace ignored); null when unknown.</summary>
    public static string? FromIsoCode(ReadOnlySpan<char> code)
    {
        int i = Index(code.Trim());
        return i < 0 ? null : ByIndex[i];
    }

    /// <summary>True when <paramref name="code"/> is exactly a known two-letter ISO 639-1 code (any case, no whitespace).</summary>
    public static bool IsIsoCode(ReadOnlySpan<char> code)
    {
        int i = Index(code);
        return i >= 0 && ByIndex[i] is not null;
    }

    private static int Index(ReadOnlySpan<char> code)
    {
        if (code.Length != 2) return -1;
        int a = (code[0] | 0x20) - 'a', b = (code[1] | 0x20) - 'a';
        if ((uint)a >= 26 || (uint)b >= 26) return -1;
        return a * 26 + b;
    }

    private static string?[] Build()
    {
        var table = new string?[26 * 26];
        for (int i = 0; i < Pairs.Length; i += 2) table[Index(Pairs[i])] = Pairs[i + 1];
        return table;
    }
}
