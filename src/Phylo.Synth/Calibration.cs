namespace Phylo.Synth;

/// <summary>What a domain's models look like on the Hub: drives usage code, tags, datasets and card wording.</summary>
internal enum DomainKind : byte { Llm, Encoder, Seq2Seq, Diffusion, Rl, Speech, Vision, Sentence, Tabular }

/// <summary>One (pipeline task, library) combination and its share of all models.</summary>
internal sealed record Domain(string? Task, string? Library, double Share, DomainKind Kind);

/// <summary>One of the study's most-children parents, with a made-up but Hub-like id (docs/engine.md §2).</summary>
internal sealed record NamedRoot(string Id, int Children, int Domain, string License, string[] Languages, string Created);

/// <summary>
/// The published figures the generator is calibrated to (docs/engine.md §2, §3, §5). Counts are at the full scale of
/// <see cref="FullScale"/> models and are scaled by N / FullScale.
/// </summary>
internal static class Calibration
{
    public const int FullScale = 1_860_411;

    // docs/engine.md §2: edges by type at full scale.
    public const int Edges = 573_653;
    public const int FinetuneEdges = 189_391;
    public const int QuantizedEdges = 101_921;
    public const int AdapterEdges = 241_417;
    /// <summary>Merge + untyped = Edges − the three above = 40,924; the split between the two is ours.</summary>
    public const double MergeShareOfRest = 0.62;

    // docs/engine.md §2: children that have children of their own, by the relation to their parent.
    public const int FinetuneParents = 15_047;
    public const int QuantizedParents = 970;
    public const int AdapterParents = 458;

    /// <summary>Roots that have children (ours: the study does not publish it).</summary>
    public const int RootParents = 40_000;
    /// <summary>Zipf exponent of children per parent below the named roots.</summary>
    public const double DegreeExponent = 1.1;

    /// <summary>Merge parent counts 2..7 and their weights (mean ≈ 2.9).</summary>
    public static readonly double[] MergeArity = [0, 0, 0.50, 0.22, 0.12, 0.08, 0.05, 0.03];

    public static readonly DateTime Snapshot = new(2025, 7, 12, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Epoch = new(2019, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    // ---------------------------------------------------------------- domains (task × library)
    /// <summary>Joint (task, library) shares of all models; their marginals give task and library shares of docs/engine.md §3.</summary>
    public static readonly Domain[] Domains =
    [
        new("text-generation", "transformers", 17.0, DomainKind.Llm),            // 0
        new("text-generation", "peft", 3.0, DomainKind.Llm),                     // 1
        new("text-generation", null, 2.55, DomainKind.Llm),                      // 2
        new("text-classification", "transformers", 7.3, DomainKind.Encoder),     // 3
        new("text-classification", null, 0.18, DomainKind.Encoder),              // 4
        new("text-to-image", "diffusers", 5.5, DomainKind.Diffusion),            // 5
        new("text-to-image", null, 0.77, DomainKind.Diffusion),                  // 6
        new("reinforcement-learning", "stable-baselines3", 1.47, DomainKind.Rl), // 7
        new("reinforcement-learning", "ml-agents", 1.2, DomainKind.Rl),          // 8
        new("reinforcement-learning", "sample-factory", 0.6, DomainKind.Rl),     // 9
        new("reinforcement-learning", null, 1.515, DomainKind.Rl),               // 10
        new("automatic-speech-recognition", "transformers", 1.925, DomainKind.Speech), // 11
        new("sentence-similarity", "sentence-transformers", 0.91, DomainKind.Sentence), // 12
        new("token-classification", "transformers", 1.6, DomainKind.Encoder),    // 13
        new("text2text-generation", "transformers", 1.6, DomainKind.Seq2Seq),    // 14
        new("image-classification", "transformers", 1.1, DomainKind.Vision),     // 15
        new("image-classification", "timm", 0.5, DomainKind.Vision),             // 16
        new("feature-extraction", "transformers", 1.1, DomainKind.Encoder),      // 17
        new("question-answering", "transformers", 0.8, DomainKind.Encoder),      // 18
        new("fill-mask", "transformers", 0.8, DomainKind.Encoder),               // 19
        new("summarization", "transformers", 0.45, DomainKind.Seq2Seq),         // 20
        new("translation", "transformers", 0.55, DomainKind.Seq2Seq),           // 21
        new("image-text-to-text", "transformers", 0.4, DomainKind.Llm),          // 22
        new("audio-classification", "transformers", 0.35, DomainKind.Speech),    // 23
        new("object-detection", "transformers", 0.3, DomainKind.Vision),         // 24
        new("text-to-speech", "transformers", 0.25, DomainKind.Speech),          // 25
        new("image-to-text", "transformers", 0.2, DomainKind.Vision),            // 26
        new("zero-shot-classification", "transformers", 0.15, DomainKind.Encoder), // 27
        new("image-segmentation", "transformers", 0.1, DomainKind.Vision),       // 28
        new("tabular-classification", "keras", 0.25, DomainKind.Tabular),        // 29
        new("image-classification", "keras", 0.25, DomainKind.Vision),           // 30
        new("text-to-speech", "espnet", 0.1, DomainKind.Speech),                 // 31
        new("unconditional-image-generation", "diffusers", 0.1, DomainKind.Diffusion), // 32
        new(null, "transformers", 8.4, DomainKind.Llm),                          // 33
        new(null, "peft", 11.0, DomainKind.Llm),                                 // 34
        new(null, "diffusers", 0.21, DomainKind.Diffusion),                      // 35
        new(null, "gguf", 0.33, DomainKind.Llm),                                 // 36
        new(null, "mlx", 0.25, DomainKind.Llm),                                  // 37
        new(null, null, 24.985, DomainKind.Llm),                                 // 38
    ];

    public const int DomainTextGeneration = 0, DomainPeftLlm = 1, DomainPeftNoTask = 34, DomainDiffusers = 5,
        DomainFillMask = 19, DomainAsr = 11, DomainTextClassification = 3, DomainNoTaskTransformers = 33,
        DomainGguf = 36, DomainBare = 38;

    // ---------------------------------------------------------------- licenses
    /// <summary>Share of models with each license (percent); "none" is index 0. 78 distinct licenses after it.</summary>
    public static readonly (string Name, double Share)[] Licenses =
    [
        ("", 63.9), ("apache-2.0", 16.0), ("mit", 5.9), ("other", 4.4), ("openrail", 2.0),
        ("creativeml-openrail-m", 1.6), ("cc-by-nc-4.0", 0.8), ("llama2", 0.45), ("llama3", 0.4), ("gemma", 0.5),
        ("llama3.1", 0.45), ("llama3.2", 0.35), ("cc-by-4.0", 0.45), ("cc-by-nc-sa-4.0", 0.25), ("openrail++", 0.3),
        ("afl-3.0", 0.2), ("cc-by-sa-4.0", 0.2), ("bigscience-openrail-m", 0.2), ("gpl-3.0", 0.15), ("llama3.3", 0.12),
        ("unknown", 0.1), ("bsd-3-clause", 0.08), ("cc-by-nc-nd-4.0", 0.08), ("bigscience-bloom-rail-1.0", 0.08),
        ("agpl-3.0", 0.06), ("cc0-1.0", 0.06), ("wtfpl", 0.05), ("artistic-2.0", 0.04), ("bigcode-openrail-m", 0.04),
        ("unlicense", 0.03), ("cc-by-3.0", 0.02), ("lgpl-3.0", 0.02), ("mpl-2.0", 0.02), ("bsd", 0.02), ("gpl", 0.02),
        ("cc-by-sa-3.0", 0.015), ("cc-by-nc-3.0", 0.015), ("gpl-2.0", 0.015), ("bsd-2-clause", 0.015),
        ("deepfloyd-if-license", 0.01), ("cc", 0.01), ("lgpl-2.1", 0.01), ("odc-by", 0.01), ("ecl-2.0", 0.008),
        ("epl-2.0", 0.008), ("eupl-1.1", 0.008), ("gfdl", 0.008), ("isc", 0.008), ("cc-by-2.0", 0.007),
        ("cc-by-nc-sa-3.0", 0.007), ("cc-by-nd-4.0", 0.007), ("openmdw", 0.006), ("apple-ascl", 0.006),
        ("cdla-permissive-2.0", 0.006), ("odbl", 0.006), ("bsd-3-clause-clear", 0.005), ("c-uda", 0.005),
        ("cc-by-2.5", 0.005), ("cc-by-nc-2.0", 0.005), ("cc-by-nc-nd-3.0", 0.005), ("cc-by-nc-sa-2.0", 0.005),
        ("cdla-sharing-1.0", 0.005), ("cdla-permissive-1.0", 0.005), ("epl-1.0", 0.005), ("etalab-2.0", 0.005),
        ("lgpl", 0.005), ("lppl-1.3c", 0.005), ("ms-pl", 0.005), ("osl-3.0", 0.005), ("postgresql", 0.005),
        ("ofl-1.1", 0.005), ("ncsa", 0.005), ("zlib", 0.005), ("pddl", 0.005), ("lgpl-lr", 0.005), ("bsl-1.0", 0.005),
        ("intel-research", 0.005), ("h-research", 0.005), ("fair-noncommercial-research-license", 0.005),
    ];

    /// <summary>
    /// Planted direction of license drift (docs/engine.md §5, the study's order extended by us): a fine-tune child that
    /// changes license moves to a later one in this list with probability <see cref="LicenseForward"/>.
    /// </summary>
    public static readonly string[] LicenseOrder =
    [
        "gemma", "llama3.1", "llama3.3", "llama3.2", "llama3", "openrail++", "llama2", "apache-2.0",
        "cc-by-nc-sa-4.0", "bigscience-openrail-m", "cc-by-nc-4.0", "creativeml-openrail-m", "openrail",
        "cc-by-4.0", "afl-3.0", "gpl-3.0", "cc-by-sa-4.0", "bsd-3-clause", "cc0-1.0", "mit",
    ];

    public const double LicenseForward = 0.97;
    /// <summary>Chance that a fine-tune child declaring a license changes its parent's (target per-edge rate 0.1976).</summary>
    public const double LicenseMutation = 0.21;
    /// <summary>Chance that a child of a licensed parent declares a license at all.</summary>
    public const double ChildDeclaresLicense = 0.36;
    /// <summary>Chance that a root with children declares a license.</summary>
    public const double RootDeclaresLicense = 0.85;

    // ---------------------------------------------------------------- languages
    /// <summary>ISO 639-1 codes and the names the published file maps them to.</summary>
    public static readonly (string Code, string Name)[] Languages =
    [
        ("en", "English"), ("zh", "Chinese"), ("fr", "French"), ("es", "Spanish"), ("de", "German"), ("ja", "Japanese"),
        ("ko", "Korean"), ("ru", "Russian"), ("pt", "Portuguese"), ("it", "Italian"), ("ar", "Arabic"), ("hi", "Hindi"),
        ("vi", "Vietnamese"), ("tr", "Turkish"), ("id", "Indonesian"), ("nl", "Dutch"), ("pl", "Polish"), ("fa", "Persian"),
        ("uk", "Ukrainian"), ("th", "Thai"), ("sv", "Swedish"), ("cs", "Czech"), ("el", "Greek"), ("ro", "Romanian"),
        ("hu", "Hungarian"), ("da", "Danish"), ("fi", "Finnish"), ("no", "Norwegian"), ("he", "Hebrew"), ("bn", "Bengali"),
        ("ta", "Tamil"), ("te", "Telugu"), ("ur", "Urdu"), ("ms", "Malay"), ("ca", "Catalan"), ("bg", "Bulgarian"),
        ("hr", "Croatian"), ("sk", "Slovak"), ("sl", "Slovenian"), ("sr", "Serbian"), ("lt", "Lithuanian"), ("lv", "Latvian"),
        ("et", "Estonian"), ("sw", "Swahili"), ("tl", "Tagalog"), ("mr", "Marathi"), ("gu", "Gujarati"), ("kn", "Kannada"),
        ("ml", "Malayalam"), ("pa", "Panjabi"), ("ne", "Nepali"), ("si", "Sinhala"), ("my", "Burmese"), ("km", "Khmer"),
        ("lo", "Lao"), ("am", "Amharic"), ("ha", "Hausa"), ("yo", "Yoruba"), ("ig", "Igbo"), ("zu", "Zulu"), ("xh", "Xhosa"),
        ("af", "Afrikaans"), ("sq", "Albanian"), ("hy", "Armenian"), ("az", "Azerbaijani"), ("eu", "Basque"),
        ("be", "Belarusian"), ("bs", "Bosnian"), ("cy", "Welsh"), ("eo", "Esperanto"), ("gl", "Galician"), ("ka", "Georgian"),
        ("is", "Icelandic"), ("ga", "Irish"), ("kk", "Kazakh"), ("ky", "Kirghiz"), ("la", "Latin"), ("lb", "Luxembourgish"),
        ("mk", "Macedonian"), ("mg", "Malagasy"), ("mn", "Mongolian"), ("mt", "Maltese"), ("ps", "Pushto"), ("sa", "Sanskrit"),
        ("gd", "Gaelic"), ("sd", "Sindhi"), ("so", "Somali"), ("su", "Sundanese"), ("tg", "Tajik"), ("tt", "Tatar"),
        ("uz", "Uzbek"), ("yi", "Yiddish"), ("jv", "Javanese"), ("fo", "Faroese"), ("ht", "Haitian"), ("ln", "Lingala"),
        ("oc", "Occitan"), ("br", "Breton"), ("as", "Assamese"), ("ba", "Bashkir"), ("bo", "Tibetan"),
    ];

    public const int English = 0;

    /// <summary>Planted direction of language drift: changes move toward later entries, ending with English.</summary>
    public static readonly string[] LanguageOrder =
    [
        "fa", "uk", "th", "pl", "nl", "tr", "id", "vi", "hi", "ar", "it", "pt", "ru", "ko", "ja", "de", "es", "fr", "zh", "en",
    ];

    public const double LanguageForward = 0.92;
    /// <summary>Chance that a child of a parent with 1–2 languages changes its language set.</summary>
    public const double LanguageMutation = 0.38;
    /// <summary>Chance that a child of a parent with languages declares languages itself.</summary>
    public const double ChildDeclaresLanguage = 0.55;
    /// <summary>Chance that a child of a multilingual parent (≥ 3 languages) copies the whole set.</summary>
    public const double ChildKeepsAllLanguages = 0.1;

    /// <summary>Language profiles for models drawn without a parent: language indexes and share of all models (%).</summary>
    public static readonly (int[] Langs, double Share)[] LanguageProfiles =
    [
        ([], 86.0),
        ([0], 10.6), ([1], 0.16), ([2], 0.15), ([3], 0.15), ([4], 0.13), ([5], 0.12), ([6], 0.10), ([7], 0.10),
        ([8], 0.08), ([10], 0.07), ([11], 0.07), ([9], 0.06), ([12], 0.05), ([13], 0.05), ([14], 0.05), ([15], 0.04),
        ([16], 0.04), ([17], 0.03), ([18], 0.03), ([19], 0.03), ([29], 0.02), ([20], 0.02), ([22], 0.02), ([30], 0.02),
        ([0, 1], 0.07), ([0, 2], 0.06), ([0, 3], 0.06), ([0, 4], 0.05), ([0, 5], 0.04), ([0, 6], 0.07), ([0, 7], 0.03),
        ([0, 10], 0.04), ([0, 11], 0.04), ([1, 5], 0.02), ([2, 4], 0.02), ([0, 8], 0.03), ([0, 9], 0.03),
        ([0, 1, 2], 0.08), ([0, 2, 3, 4], 0.08), ([0, 1, 5, 6], 0.06), ([0, 3, 8, 9], 0.05), ([0, 2, 3, 4, 9], 0.06),
        ([0, 7, 18, 16], 0.04), ([0, 10, 17, 32], 0.03), ([0, 11, 29, 30, 31], 0.03),
    ];

    // ---------------------------------------------------------------- cards
    /// <summary>Share of all models with a card longer than 3 characters.</summary>
    public const double CardShare = 0.67;
    /// <summary>Chance that a root with children has a card.</summary>
    public const double RootCardShare = 0.95;

    // ---------------------------------------------------------------- the study's top parents (docs/engine.md §2), ids made up
    public static readonly NamedRoot[] NamedRoots =
    [
        new("aurora-forest-labs/FLARE.1-dev", 33_042, DomainDiffusers, "other", [], "2024-07-31 13:46:07+00:00"),
        new("Qwerty/Qwerty1.5-0.5B", 32_501, DomainTextGeneration, "other", ["en"], "2024-01-22 16:47:34+00:00"),
        new("Qwerty/Qwerty1.5-1.8B", 30_581, DomainTextGeneration, "other", ["en"], "2024-01-22 16:50:02+00:00"),
        new("goggle/gemstone-2b", 23_794, DomainTextGeneration, "gemma", [], "2024-02-08 08:11:26+00:00"),
        new("goggle/gemstone-7b", 9_565, DomainTextGeneration, "gemma", [], "2024-02-08 15:32:10+00:00"),
        new("distilbart-base-uncased", 9_361, DomainFillMask, "apache-2.0", ["en"], "2022-03-02 23:29:04+00:00"),
        new("stability-arts/stable-fusion-xl-base-1.0", 8_430, DomainDiffusers, "openrail++", [], "2023-07-25 13:25:51+00:00"),
    ];

    /// <summary>Multilingual roots (8+ languages): the parents behind the study's mean of 6.6 parent languages.</summary>
    public static readonly (string Id, int Domain, int Languages, double ChildShare)[] MultilingualRoots =
    [
        ("open-whisp/whisp-small", DomainAsr, 99, 0.0090),
        ("open-whisp/whisp-large-v3", DomainAsr, 99, 0.0070),
        ("FacebookAI-like/xlm-roberta-base", DomainFillMask, 94, 0.0050),
        ("bigscience-like/bloomz-560m", DomainTextGeneration, 46, 0.0012),
        ("sentence-things/paraphrase-multilingual-MiniLM-L12-v2", 12, 50, 0.0012),
        ("gogle/mt5-small", 14, 101, 0.0008),
        ("metaseq/nllb-200-distilled-600M", 21, 100, 0.0006),
        ("mistralish/Mistral-Nemo-Base-2407", DomainTextGeneration, 9, 0.0012),
        ("Qwerty/Qwerty2.5-7B-Instruct", DomainTextGeneration, 29, 0.0040),
        ("metal-llama/Llamo-3.1-8B-Instruct", DomainTextGeneration, 8, 0.0060),
    ];
}
