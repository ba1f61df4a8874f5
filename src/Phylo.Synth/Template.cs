namespace Phylo.Synth;

/// <summary>A sentence with slots, parsed once: rendering is a run of appends, no string formatting per row.</summary>
internal sealed class Template
{
    private enum Slot : byte { Name, Id, Parent, Task, Dataset, Lang, Lib, Author, Arch, Number }

    private readonly string[] _literals;
    private readonly Slot[] _slots;

    private Template(string text)
    {
        var lits = new List<string>();
        var slots = new List<Slot>();
        int start = 0;
        while (true)
        {
            int open = text.IndexOf('{', start);
            int close = open < 0 ? -1 : text.IndexOf('}', open);
            Slot? slot = close < 0 ? null : Parse(text.AsSpan(open + 1, close - open - 1));
            if (slot is null)
            {
                if (open < 0 || close < 0) { lits.Add(text[start..]); break; }
                // a literal brace (code, JSON): keep it and go on after it
                int next = open + 1;
                lits.Add(text[start..next]);
                slots.Add((Slot)255);
                start = next;
                continue;
            }
            lits.Add(text[start..open]);
            slots.Add(slot.Value);
            start = close + 1;
        }
        _literals = [.. lits];
        _slots = [.. slots];
    }

    private static Slot? Parse(ReadOnlySpan<char> name) => name switch
    {
        "name" => Slot.Name,
        "id" => Slot.Id,
        "parent" => Slot.Parent,
        "task" => Slot.Task,
        "dataset" => Slot.Dataset,
        "lang" => Slot.Lang,
        "lib" => Slot.Lib,
        "author" => Slot.Author,
        "arch" => Slot.Arch,
        "n" => Slot.Number,
        _ => null,
    };

    public static Template[] All(string[] texts) => [.. texts.Select(t => new Template(t))];

    public static Template One(string text) => new(text);

    public void Render(TextBuf buf, CardContext ctx)
    {
        ModelFacts m = ctx.Self;
        for (int i = 0; i < _slots.Length; i++)
        {
            buf.Append(_literals[i]);
            switch (_slots[i])
            {
                case Slot.Name: buf.Append(m.Short); break;
                case Slot.Id: buf.Append(m.Id); break;
                case Slot.Parent: buf.Append(ctx.Parent?.Id ?? Lexicon.Stems[(int)m.Kind][m.Row % Lexicon.Stems[(int)m.Kind].Length]); break;
                case Slot.Task: buf.Append(m.Task ?? "general-purpose"); break;
                case Slot.Dataset: buf.Append(m.Datasets.Count > 0 ? m.Datasets[0] : "None"); break;
                case Slot.Lang: buf.Append(m.Languages.Length > 0 ? Calibration.Languages[m.Languages[0]].Name : "English"); break;
                case Slot.Lib: buf.Append(m.Library ?? "transformers"); break;
                case Slot.Author: buf.Append(m.Author); break;
                case Slot.Arch: buf.Append(Lexicon.Archs[(int)m.Kind % Lexicon.Archs.Length]); break;
                case Slot.Number: buf.Append(ctx.Rng.Between(2, 512)); break;
                default: break; // literal brace already in the literal
            }
        }
        buf.Append(_literals[^1]);
    }
}
