using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Phylo.Kernels;

namespace Phylo.Analyses.Similarity;

public sealed partial class MetadataRecordGenome
{
    /// <summary>
    /// What a render copies per vocabulary value, pre-rendered once: each tag as <c>, 'tag'</c> in one pool (the first
    /// tag of a list skips the separator) padded so a tag of up to 32 bytes is one 32-byte load and store, and the task
    /// and library reprs with their keys before them. <see cref="Bound"/> bounds a whole record from its string lengths
    /// and tag count, so the render grows its buffer once and writes the rest unchecked.
    /// </summary>
    private sealed class RecordPieces
    {
        private const int Separator = 2, Wide = 32;
        // The constant keys and punctuation (≤ 214 bytes), the three integers (≤ 20 digits each) and the date (≤ 32).
        private const int Frame = 256;
        // The wide copy is a choice of speed only (both copies write the same bytes); like every vector path it asks Simd.
        private static readonly bool WideCopy = Simd.Avx2(Simd.Level);

        private readonly byte[] _tags;
        private readonly int[] _tagStart;
        private readonly int _widestTag, _widestTask, _widestLibrary;

        public RecordPieces(byte[][] tagRepr, byte[][] taskRepr, byte[][] libraryRepr)
        {
            _tagStart = new int[tagRepr.Length + 1];
            for (int t = 0; t < tagRepr.Length; t++) _tagStart[t + 1] = _tagStart[t] + Separator + tagRepr[t].Length;
            _tags = new byte[_tagStart[^1] + Wide];
            for (int t = 0; t < tagRepr.Length; t++)
            {
                ", "u8.CopyTo(_tags.AsSpan(_tagStart[t]));
                tagRepr[t].CopyTo(_tags.AsSpan(_tagStart[t] + Separator));
                _widestTag = Math.Max(_widestTag, Separator + tagRepr[t].Length);
            }
            Task = Array.ConvertAll(taskRepr, r => (byte[])[.. ", 'pipeline_tag': "u8, .. r]);
            Library = Array.ConvertAll(libraryRepr, r => (byte[])[.. ", 'library_name': "u8, .. r]);
            _widestTask = Task.Length == 0 ? 0 : Task.Max(p => p.Length);
            _widestLibrary = Library.Length == 0 ? 0 : Library.Max(p => p.Length);
        }

        /// <summary><c>, 'pipeline_tag': 'task'</c> per task id.</summary>
        public byte[][] Task { get; }

        /// <summary><c>, 'library_name': 'library'</c> per library id.</summary>
        public byte[][] Library { get; }

        /// <summary>At least the length of a record with these string lengths (UTF-16 units) and tag count, plus the
        /// slack of a wide tag copy. A string's repr is at most 2 + 6 bytes a unit (<c>\uhhhh</c>; <c>\U…</c> spans two).</summary>
        public int Bound(int objectIdLength, int idLength, int tagCount) =>
            Frame + _widestTask + _widestLibrary + (2 + 6 * objectIdLength) + 2 * (2 + 6 * idLength) + tagCount * _widestTag + Wide;

        /// <summary>Writes tag <paramref name="tag"/>'s repr, after <c>", "</c> unless it is the list's first.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Tag(int tag, byte[] into, ref int at, bool first)
        {
            int start = _tagStart[tag] + (first ? Separator : 0), length = _tagStart[tag + 1] - start;
            if (WideCopy && length <= Wide && at + Wide <= into.Length)
                Vector256.Create<byte>(_tags.AsSpan(start, Wide)).CopyTo(into.AsSpan(at)); // bytes past the tag are overwritten later
            else _tags.AsSpan(start, length).CopyTo(into.AsSpan(at));
            at += length;
        }

        /// <summary>Python's <c>repr</c> of an integer (as <see cref="Text.PythonRepr.AppendInt"/>); one digit is one store.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Integer(long value, byte[] into, ref int at)
        {
            if ((ulong)value < 10)
            {
                into[at++] = (byte)('0' + value);
                return;
            }
            value.TryFormat(into.AsSpan(at), out int written, default, CultureInfo.InvariantCulture);
            at += written;
        }
    }
}
