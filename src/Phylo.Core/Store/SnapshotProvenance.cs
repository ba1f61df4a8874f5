using MessagePack;
using Phylo.Table;

namespace Phylo.Store;

/// <summary>
/// Where a snapshot's models came from: the inputs it was ingested from (as <c>phylo analyze</c> would list them) and
/// every rejection that ingest logged, in order. Reading the snapshot as an input replays both, so a report made
/// from the snapshot is byte-identical to one made from the original files, rejected.csv included.
/// </summary>
public sealed record SnapshotProvenance(IReadOnlyList<InputSummary> Inputs, IReadOnlyList<Rejection> Rejections)
{
    internal void Write(ref MessagePackWriter w)
    {
        w.WriteMapHeader(2);
        w.Write("inputs");
        w.WriteArrayHeader(Inputs.Count);
        foreach (var i in Inputs)
        {
            w.WriteArrayHeader(6);
            w.Write(i.Path); w.Write(i.Format.ToString()); w.Write(i.Layout); w.Write(i.Bytes); w.Write(i.Records); w.Write(i.Models);
        }
        w.Write("rejections");
        w.WriteArrayHeader(Rejections.Count);
        foreach (var r in Rejections)
        {
            w.WriteArrayHeader(r.Group >= 0 ? 6 : 5); // the row group only for a columnar input (older readers read 5)
            w.Write(r.File); w.Write(r.Line); w.Write(r.Reason); w.Write(r.Excerpt); w.Write(r.RowDropped);
            if (r.Group >= 0) w.Write(r.Group);
        }
    }

    internal static SnapshotProvenance Read(ReadOnlyMemory<byte> payload)
    {
        var r = new MessagePackReader(payload);
        var inputs = new List<InputSummary>();
        var rejections = new List<Rejection>();
        int keys = r.ReadMapHeader();
        for (int k = 0; k < keys; k++)
        {
            switch (r.ReadString())
            {
                case "inputs":
                    for (int n = r.ReadArrayHeader(), i = 0; i < n; i++)
                    {
                        r.ReadArrayHeader();
                        string path = Str(ref r), format = Str(ref r), layout = Str(ref r);
                        if (!Enum.TryParse(format, out InputFormat f)) throw new MalformedChunkException($"unknown input format '{format}'");
                        inputs.Add(new InputSummary(path, f, layout, r.ReadInt64(), r.ReadInt64(), r.ReadInt64()));
                    }
                    break;
                case "rejections":
                    int count = r.ReadArrayHeader();
                    rejections.Capacity = count;
                    for (int i = 0; i < count; i++)
                    {
                        int fields = r.ReadArrayHeader();
                        var rejection = new Rejection(Str(ref r), r.ReadInt64(), Str(ref r), Str(ref r), r.ReadBoolean());
                        if (fields >= 6) rejection = rejection with { Group = r.ReadInt32() };
                        for (int extra = 6; extra < fields; extra++) r.Skip();
                        rejections.Add(rejection);
                    }
                    break;
                default: r.Skip(); break;
            }
        }
        return new SnapshotProvenance(inputs, rejections);
    }

    private static string Str(ref MessagePackReader r) => r.ReadString() ?? throw new MalformedChunkException("nil string");
}
