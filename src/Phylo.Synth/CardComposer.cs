using Phylo.Table;

namespace Phylo.Synth;

/// <summary>What a template renders from: the model, its primary parent and the card's random stream.</summary>
internal sealed class CardContext
{
    public ModelFacts Self = null!;
    public ModelFacts? Parent;
    public Rng Rng;
}

/// <summary>
/// Writes model cards by inheritance (docs/engine.md §6). A root's card is composed from sections; a child's is derived
/// from its parent's (auto-generated templates, quantization cards, LoRA cards, edited copies, fresh short cards).
/// One instance per worker: it caches the last card per ancestry level, so the children of one parent, which sit
/// on consecutive family rows, derive from one composition of the parent's card.
/// </summary>
internal sealed class CardComposer
{
    private const int Levels = 10;

    private static readonly Template[] Intros = Template.All(Lexicon.Intros);
    private static readonly Template[] Uses = Template.All(Lexicon.Uses);
    private static readonly Template[] TrainingData = Template.All(Lexicon.TrainingData);
    private static readonly Template[] Procedure = Template.All(Lexicon.Procedure);
    private static readonly Template[] Limitations = Template.All(Lexicon.Limitations);
    private static readonly Template[] Environment = Template.All(Lexicon.Environment);
    private static readonly Template[] Notes = Template.All(Lexicon.Notes);
    private static readonly Template[] Fresh = Template.All(Lexicon.FreshSentences);
    private static readonly Template[] FineTuneIntros = Template.All(Lexicon.FineTuneIntros);
    private static readonly Template[] EditIntros = Template.All(Lexicon.EditIntros);
    private static readonly Template[] Code = Template.All(Lexicon.CodeByKind);
    private static readonly Template TrainerBody = Template.One(CardTexts.Trainer);
    private static readonly Template HubDefaultBody = Template.One(CardTexts.HubDefault);
    private static readonly Template[] QuantBodies = Template.All(CardTexts.Quantization);
    private static readonly Template[] LoraBodies = Template.All(CardTexts.Lora);
    private static readonly Template MergeBody = Template.One(CardTexts.MergeKit);

    private readonly Describer _describer;
    private readonly ulong _seed;
    private readonly TextBuf[] _cards = new TextBuf[Levels];
    private readonly int[] _cardRow = new int[Levels];
    private readonly ModelFacts[] _facts = new ModelFacts[Levels];
    private readonly int[] _factsRow = new int[Levels];
    private readonly CardContext _ctx = new();

    public CardComposer(Describer describer, ulong seed)
    {
        _describer = describer;
        _seed = seed;
        for (int i = 0; i < Levels; i++)
        {
            _cards[i] = new TextBuf(1 << 13);
            _facts[i] = new ModelFacts();
            _cardRow[i] = _factsRow[i] = -1;
        }
    }

    /// <summary>The facts of <paramref name="row"/>, cached at an ancestry level (0 = the row being written).</summary>
    public ModelFacts Facts(int row, int level)
    {
        if (_factsRow[level] != row)
        {
            _describer.Describe(row, _facts[level]);
            _factsRow[level] = row;
        }
        return _facts[level];
    }

    /// <summary>The full card of <paramref name="row"/> (empty for none), cached at an ancestry level.</summary>
    public TextBuf Card(int row, int level)
    {
        var buf = _cards[level];
        if (_cardRow[level] == row) return buf;
        _cardRow[level] = -1;
        buf.Clear();
        ModelFacts self = Facts(row, level);
        int parentRow = _describer.Plan.PrimaryParent(row);
        ModelFacts? parent = parentRow >= 0 && level + 1 < Levels ? Facts(parentRow, level + 1) : null;
        TextBuf? parentCard = null;
        CardKind kind = self.Card;
        if ((kind == CardKind.EditedCopy || (kind == CardKind.Quantization && self.Style != 1)) && parent is not null && parent.Card >= CardKind.Composed)
            parentCard = Card(parentRow, level + 1);
        if (kind == CardKind.EditedCopy && parentCard is null) kind = CardKind.FineTune;

        // Per-row card stream; the context is shared, so the parent's composition (above) happens before we set it.
        _ctx.Self = self;
        _ctx.Parent = parent;
        _ctx.Rng = new Rng(_seed, row, Purpose.Card);
        switch (kind)
        {
            case CardKind.None: break;
            case CardKind.Stub: buf.Append(_ctx.Rng.Pick(Stubs)); break;
            case CardKind.Composed: Composed(buf, row); break;
            case CardKind.Trainer: FrontMatter(buf, trainer: true); TrainerBody.Render(buf, _ctx); TrainerTail(buf); break;
            case CardKind.HubDefault: FrontMatter(buf, trainer: false); HubDefaultBody.Render(buf, _ctx); HubTail(buf); break;
            case CardKind.Quantization: Quantization(buf, parentCard); break;
            case CardKind.EditedCopy: EditedCopy(buf, parentCard!); break;
            case CardKind.FineTune: FineTune(buf); break;
            case CardKind.Lora: Lora(buf); break;
            case CardKind.MergeKit: MergeKit(buf); break;
            default: FreshCard(buf); break;
        }
        _cardRow[level] = row;
        return buf;
    }

    private static readonly string[] Stubs = ["", "N/A", "---", ".", "nan", "\n"];

    private ref Rng R => ref _ctx.Rng;

    // ------------------------------------------------------------------ front matter
    private void FrontMatter(TextBuf b, bool trainer)
    {
        ModelFacts m = _ctx.Self;
        b.Append("---\n");
        bool libFirst = m.Style == 1;
        if (libFirst && m.Library is not null) b.Append("library_name: ").Append(m.Library).Append('\n');
        if (m.License.Length > 0) b.Append("license: ").Append(m.License).Append('\n');
        if (m.License == "other") b.Append("license_name: ").Append(m.Short.ToLowerInvariant()).Append("-license\n");
        if (m.Languages.Length > 0)
        {
            b.Append("language:\n");
            foreach (int l in m.Languages) b.Append("- ").Append(Calibration.Languages[l].Code).Append('\n');
        }
        if (!libFirst && m.Library is not null) b.Append("library_name: ").Append(m.Library).Append('\n');
        if (m.ParentIds.Count == 1) b.Append("base_model: ").Append(m.ParentIds[0]).Append('\n');
        else if (m.ParentIds.Count > 1)
        {
            b.Append("base_model:\n");
            foreach (string p in m.ParentIds) b.Append("- ").Append(p).Append('\n');
        }
        if (m.Task is not null) b.Append("pipeline_tag: ").Append(m.Task).Append('\n');
        b.Append("tags:\n");
        if (trainer) b.Append("- generated_from_trainer\n");
        AppendCardTags(b, m);
        if (m.Datasets.Count > 0)
        {
            b.Append("datasets:\n");
            foreach (string d in m.Datasets) b.Append("- ").Append(d).Append('\n');
        }
        if (trainer) b.Append("model-index:\n- name: ").Append(m.Short).Append("\n  results: []\n");
        b.Append("---\n\n");
    }

    private static void AppendCardTags(TextBuf b, ModelFacts m)
    {
        var tags = Lexicon.DomainTags[(int)m.Kind];
        int first = m.Row % tags.Length;
        for (int i = 0; i < 3; i++) b.Append("- ").Append(tags[(first + i) % tags.Length]).Append('\n');
        switch (m.Relation)
        {
            case EdgeType.Quantized: b.Append("- gguf\n- quantized\n"); break;
            case EdgeType.Adapter: b.Append("- lora\n").Append(m.Library == "peft" ? "- peft\n" : "- diffusers\n"); break;
            case EdgeType.Merge: b.Append("- mergekit\n- merge\n"); break;
            default: break;
        }
    }

    // ------------------------------------------------------------------ composed (roots and loners)
    private void Composed(TextBuf b, int row)
    {
        ModelFacts m = _ctx.Self;
        int children = _describer.Plan.ChildCount[row];
        double target = children >= 1000 ? R.LogNormal(13_000, 0.25)
            : children >= 20 ? R.LogNormal(9_500, 0.4)
            : children >= 1 ? R.LogNormal(5_500, 0.6)
            : R.LogNormal(2_000, 0.9);
        int goal = (int)Math.Clamp(target, 400, 60_000);
        FrontMatter(b, trainer: false);
        b.Append("# ").Append(m.Short).Append("\n\n");
        Sentences(b, Intros, 2);
        b.Append('\n');
        const int sections = 9;
        for (int s = 0; s < sections && b.Length < goal; s++)
        {
            int perSection = Math.Clamp((goal - b.Length) / (sections - s) / 150, 1, 10);
            switch (s)
            {
                case 0:
                    b.Append("\n## Model Details\n\n- **Developed by:** ").Append(m.Author.Length > 0 ? m.Author : "the authors")
                     .Append("\n- **Model type:** ").Append(Lexicon.Archs[(int)m.Kind % Lexicon.Archs.Length])
                     .Append("\n- **Language(s):** ").Append(m.Languages.Length > 0 ? Calibration.Languages[m.Languages[0]].Name : "English")
                     .Append("\n- **License:** ").Append(m.License.Length > 0 ? m.License : "see repository")
                     .Append("\n- **Parameters:** ").Append(R.Between(1, 70)).Append("B\n");
                    break;
                case 1: b.Append("\n## Intended Uses & Limitations\n\n"); Sentences(b, Uses, perSection); break;
                case 2:
                    b.Append("\n## How to Use\n\n```python\n");
                    Code[CodeIndex(m.Kind)].Render(b, _ctx);
                    b.Append("\n```\n");
                    break;
                case 3: b.Append("\n## Training Data\n\n"); Sentences(b, TrainingData, perSection); break;
                case 4: b.Append("\n## Training Procedure\n\n"); Sentences(b, Procedure, perSection); Hyperparameters(b); break;
                case 5: Evaluation(b); break;
                case 6: b.Append("\n## Bias, Risks, and Limitations\n\n"); Sentences(b, Limitations, perSection); break;
                case 7: b.Append("\n## Environmental Impact\n\n"); Sentences(b, Environment, Math.Min(perSection, 3)); break;
                default: Citation(b); break;
            }
        }
        while (b.Length < goal)
        {
            b.Append("\n## ").Append(R.Pick(NoteHeadings)).Append("\n\n");
            Sentences(b, Notes, 4);
        }
    }

    private static readonly string[] NoteHeadings = ["Additional Information", "Acknowledgements", "FAQ", "Changelog", "Contact", "Notes"];

    private static int CodeIndex(DomainKind kind) => kind switch
    {
        DomainKind.Llm => 0,
        DomainKind.Encoder => 1,
        DomainKind.Seq2Seq => 2,
        DomainKind.Diffusion => 3,
        DomainKind.Rl => 4,
        DomainKind.Speech => 5,
        DomainKind.Vision => 6,
        DomainKind.Sentence => 7,
        _ => 8,
    };

    private void Sentences(TextBuf b, Template[] pool, int count)
    {
        for (int i = 0; i < count; i++)
        {
            pool[R.Below(pool.Length)].Render(b, _ctx);
            b.Append(i % 3 == 2 || i == count - 1 ? "\n" : " ");
            if (i % 3 == 2 && i != count - 1) b.Append('\n');
        }
    }

    private void Hyperparameters(TextBuf b)
    {
        b.Append("\n### Training hyperparameters\n\nThe following hyperparameters were used during training:\n- learning_rate: ")
         .Append(R.Pick(LearningRates)).Append("\n- train_batch_size: ").Append(1L << R.Between(1, 6))
         .Append("\n- eval_batch_size: ").Append(1L << R.Between(1, 6))
         .Append("\n- seed: ").Append(R.Chance(0.7) ? 42 : R.Between(0, 9999))
         .Append("\n- optimizer: Use adamw_torch with betas=(0.9,0.999) and epsilon=1e-08 and optimizer_args=No additional optimizer arguments\n- lr_scheduler_type: ")
         .Append(R.Chance(0.6) ? "linear" : "cosine").Append("\n- num_epochs: ").Append(R.Between(1, 10)).Append('\n');
    }

    private static readonly string[] LearningRates = ["2e-05", "5e-05", "0.0002", "0.0001", "1e-05", "3e-05", "0.0005"];

    private void Evaluation(TextBuf b)
    {
        b.Append("\n## Evaluation\n\n| Benchmark | Metric | Score |\n|:---|:---|---:|\n");
        int rows = R.Between(3, 8);
        for (int i = 0; i < rows; i++)
            b.Append("| ").Append(R.Pick(Benchmarks)).Append(" | ").Append(R.Pick(Lexicon.Metrics)).Append(" | ").Append(R.NextDouble() * 100, 2).Append(" |\n");
    }

    private static readonly string[] Benchmarks = ["MMLU", "HellaSwag", "ARC-Challenge", "GSM8K", "TruthfulQA", "Winogrande", "GLUE", "SQuAD v2", "LibriSpeech test-clean", "ImageNet-1k", "HumanEval", "MT-Bench"];

    private void Citation(TextBuf b)
    {
        ModelFacts m = _ctx.Self;
        b.Append("\n## Citation\n\n```bibtex\n@misc{").Append(m.Short.Replace('-', '_').Replace('.', '_').ToLowerInvariant()).Append(",\n  title={")
         .Append(m.Short).Append(": ").Append(m.Task ?? "an open model").Append("},\n  author={").Append(m.Author.Length > 0 ? m.Author : "the authors")
         .Append(" and others},\n  year={").Append(R.Between(2020, 2025)).Append("},\n  eprint={").Append(m.Arxiv ?? "2401.00001")
         .Append("},\n  archivePrefix={arXiv},\n  primaryClass={cs.CL}\n}\n```\n");
    }

    // ------------------------------------------------------------------ derived cards
    private void TrainerTail(TextBuf b)
    {
        int epochs = (int)Math.Exp(R.NextDouble() * Math.Log(40)) + 1;
        string metric = _ctx.Self.Kind == DomainKind.Speech ? "Wer" : "Accuracy";
        b.Append("| Training Loss | Epoch | Step | Validation Loss | ").Append(metric).Append(" |\n|:-------------:|:-----:|:----:|:---------------:|:--------:|\n");
        double loss = 0.3 + R.NextDouble() * 2;
        int steps = R.Between(50, 2000);
        for (int e = 1; e <= epochs; e++)
        {
            loss *= 0.6 + R.NextDouble() * 0.35;
            b.Append("| ").Append(loss, 4).Append(" | ").Append(e, 1).Append(" | ").Append(steps * e).Append(" | ")
             .Append(loss * 1.1, 4).Append(" | ").Append(0.6 + R.NextDouble() * 0.39, 4).Append(" |\n");
        }
        b.Append("\n\n### Framework versions\n\n- Transformers 4.").Append(R.Between(30, 46)).Append('.').Append(R.Between(0, 2))
         .Append("\n- Pytorch 2.").Append(R.Between(0, 5)).Append(".1+cu121\n- Datasets 2.").Append(R.Between(14, 21))
         .Append(".0\n- Tokenizers 0.").Append(R.Between(13, 21)).Append(".1\n");
    }

    private void HubTail(TextBuf b)
    {
        if (_ctx.Self.Library == "peft") b.Append(CardTexts.BitsAndBytes).Append("### Framework versions\n\n- PEFT 0.").Append(R.Between(6, 14)).Append('.').Append(R.Between(0, 2)).Append('\n');
    }

    private void Quantization(TextBuf b, TextBuf? parentCard)
    {
        ModelFacts m = _ctx.Self;
        FrontMatter(b, trainer: false);
        QuantBodies[m.Style % QuantBodies.Length].Render(b, _ctx);
        b.Append("\n| Link | Type | Size/GB | Notes |\n|:-----|:-----|--------:|:------|\n");
        double size = 0.5 + R.NextDouble() * 14;
        int first = R.Below(4), count = R.Between(4, Lexicon.QuantTypes.Length - first);
        for (int i = first; i < first + count; i++)
        {
            string q = Lexicon.QuantTypes[i];
            b.Append("| [GGUF](https://huggingface.co/").Append(m.Id).Append("/resolve/main/").Append(m.Short).Append('.').Append(q)
             .Append(".gguf) | ").Append(q).Append(" | ").Append(size * (0.35 + i * 0.08), 1).Append(" | ")
             .Append(q == "Q4_K_M" ? "fast, recommended" : q == "Q8_0" ? "fast, best quality" : "").Append(" |\n");
        }
        if (m.Style != 1 && parentCard is not null && _ctx.Parent is not null)
        {
            b.Append("\n<!-- original-model-card start -->\n# Original model card: ").Append(_ctx.Parent.Id).Append("\n\n");
            b.Append(Body(parentCard.Span));
            b.Append("\n<!-- original-model-card end -->\n");
        }
    }

    /// <summary>An edited copy: own front matter, a house intro, then the parent's body with some sections dropped.</summary>
    private void EditedCopy(TextBuf b, TextBuf parentCard)
    {
        ModelFacts m = _ctx.Self;
        FrontMatter(b, trainer: false);
        b.Append("# ").Append(m.Short).Append("\n\n");
        EditIntros[m.Style % EditIntros.Length].Render(b, _ctx);
        ReadOnlySpan<char> body = Body(parentCard.Span);
        // Skip the parent's title line, then copy its sections, dropping each with probability 0.25.
        if (body.StartsWith("# ")) { int nl = body.IndexOf('\n'); body = nl < 0 ? default : body[(nl + 1)..]; }
        bool first = true;
        while (!body.IsEmpty)
        {
            int next = body.IndexOf("\n## ");
            ReadOnlySpan<char> section = next < 0 ? body : body[..(next + 1)];
            body = next < 0 ? default : body[(next + 1)..];
            if (first || !R.Chance(0.25)) b.Append(section);
            first = false;
        }
    }

    private static ReadOnlySpan<char> Body(ReadOnlySpan<char> card)
    {
        if (!card.StartsWith("---\n")) return card;
        int end = card[4..].IndexOf("\n---\n");
        return end < 0 ? card : card[(4 + end + 5)..].TrimStart('\n');
    }

    private void FineTune(TextBuf b)
    {
        ModelFacts m = _ctx.Self;
        FrontMatter(b, trainer: false);
        b.Append("# ").Append(m.Short).Append("\n\n");
        FineTuneIntros[m.Style % FineTuneIntros.Length].Render(b, _ctx);
        b.Append("\n\n## Model Details\n\n- **Base model:** ").Append(_ctx.Parent?.Id ?? m.Id)
         .Append("\n- **Fine-tuned by:** ").Append(m.Author).Append("\n- **Task:** ").Append(m.Task ?? "general").Append('\n');
        b.Append("\n## Training\n\n");
        Sentences(b, TrainingData, R.Between(2, 5));
        Sentences(b, Procedure, R.Between(1, 4));
        Hyperparameters(b);
        b.Append("\n## Usage\n\n```python\n");
        Code[CodeIndex(m.Kind)].Render(b, _ctx);
        b.Append("\n```\n");
        Evaluation(b);
        b.Append("\n## Limitations\n\n");
        Sentences(b, Limitations, R.Between(2, 6));
        if (R.Chance(0.5)) Citation(b);
    }

    private void Lora(TextBuf b)
    {
        ModelFacts m = _ctx.Self;
        FrontMatter(b, trainer: false);
        if (m.Kind == DomainKind.Diffusion)
        {   // the widget gallery goes into the front matter: drop the closing fence, add it, close again
            b.Trim(5);
            b.Append("widget:\n");
            int prompts = 3 + m.Style;
            for (int i = 0; i < prompts; i++)
                b.Append("- text: '").Append(Lexicon.TriggerWords[m.Style]).Append(", ").Append(Lexicon.Prompts[(m.Style * 3 + i) % Lexicon.Prompts.Length])
                 .Append("'\n  output:\n    url: images/example_").Append(i + 1).Append(".png\n");
            b.Append("instance_prompt: ").Append(Lexicon.TriggerWords[m.Style]).Append("\n---\n\n");
        }
        LoraBodies[m.Style % LoraBodies.Length].Render(b, _ctx);
        b.Append("\n## Dataset\n\nThe training set had ").Append(R.Between(12, 80)).Append(" images. Example captions:\n\n");
        int captions = R.Between(4, 12);
        for (int i = 0; i < captions; i++) b.Append("- ").Append(Lexicon.TriggerWords[m.Style]).Append(", ").Append(R.Pick(Lexicon.Prompts)).Append('\n');
    }

    private void MergeKit(TextBuf b)
    {
        ModelFacts m = _ctx.Self;
        FrontMatter(b, trainer: false);
        MergeBody.Render(b, _ctx);
        foreach (string p in m.ParentIds) b.Append("* [").Append(p).Append("](https://huggingface.co/").Append(p).Append(")\n");
        b.Append("\n### Configuration\n\nThe following YAML configuration was used to produce this model:\n\n```yaml\nmodels:\n");
        foreach (string p in m.ParentIds)
            b.Append("  - model: ").Append(p).Append("\n    parameters:\n      weight: ").Append(R.NextDouble(), 2).Append("\n      density: ").Append(0.3 + R.NextDouble() * 0.6, 2).Append('\n');
        b.Append("merge_method: ").Append(R.Pick(Lexicon.MergeMethods).ToLowerInvariant().Replace(' ', '_')).Append("\nbase_model: ")
         .Append(m.ParentIds.Count > 0 ? m.ParentIds[0] : m.Id).Append("\ndtype: bfloat16\n```\n");
    }

    private void FreshCard(TextBuf b)
    {
        if (R.Chance(0.5)) FrontMatter(b, trainer: false);
        b.Append("# ").Append(_ctx.Self.Short).Append("\n\n");
        Sentences(b, Fresh, R.Between(1, 3));
    }
}
