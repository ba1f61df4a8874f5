using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Phylo.Ingest.Parsing;

public static partial class HubRecordMapper
{
    /// <summary>
    /// cardData given as a YAML string (the crawls' form: huggingface_hub dumps the card's front matter), read with
    /// YamlDotNet's event parser. Only the top-level keys Phylo maps are read — <c>license</c>, <c>language</c>,
    /// <c>datasets</c>, <c>base_model</c>, <c>base_model_relation</c> — each a scalar or a sequence of scalars; nested
    /// mappings, block scalars (<c>|</c>, <c>&gt;</c>), aliases and YAML nulls are ignored. Malformed YAML ends the
    /// reading at the error: the values before it are kept, the record is not rejected (cardData is optional).
    /// </summary>
    private static class CardYaml
    {
        public static void Parse(string yaml, Scratch sc)
        {
            var parser = new Parser(new StringReader(yaml));
            try
            {
                parser.Consume<StreamStart>();
                while (parser.TryConsume<DocumentStart>(out _))
                {
                    if (parser.TryConsume<MappingStart>(out _)) TopLevel(parser, sc);
                    else parser.SkipThisAndNestedEvents();
                    parser.Consume<DocumentEnd>();
                }
            }
            catch (YamlException)
            {
                // keep what was read before the error
            }
        }

        private static void TopLevel(Parser parser, Scratch sc)
        {
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var key))
                {
                    parser.SkipThisAndNestedEvents(); // a complex key
                    parser.SkipThisAndNestedEvents(); // and its value
                    continue;
                }
                var field = Field(key.Value);
                if (field == CardField.Other) parser.SkipThisAndNestedEvents();
                else if (parser.TryConsume<Scalar>(out var value)) Value(field, value, sc);
                else if (parser.TryConsume<SequenceStart>(out _))
                {
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        if (parser.TryConsume<Scalar>(out var item)) Value(field, item, sc);
                        else parser.SkipThisAndNestedEvents();
                    }
                }
                else parser.SkipThisAndNestedEvents();
            }
        }

        private static CardField Field(string key) => key switch
        {
            "license" => CardField.License,
            "language" => CardField.Language,
            "datasets" => CardField.Datasets,
            "base_model" => CardField.BaseModel,
            "base_model_relation" => CardField.BaseModelRelation,
            _ => CardField.Other,
        };

        private static void Value(CardField field, Scalar scalar, Scratch sc)
        {
            if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded) return;
            if (scalar.Style == ScalarStyle.Plain && scalar.Value is "null" or "Null" or "NULL" or "~") return;
            Sink(field, scalar.Value.AsSpan().Trim(), sc);
        }
    }
}
