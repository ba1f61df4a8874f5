using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace Phylo.Text;

/// <summary>
/// What lineage inference reads from one model card, as a pure function of the card's UTF-8 bytes: one pass, no
/// state, no allocation. <b>Interface for the ingest stage</b>: call <see cref="Extract"/> once per card (any thread),
/// keep the <see cref="BodyPrefix"/> bytes (≤ <see cref="BodyCodePoints"/> code points, a slice of the card) and the
/// mention hashes it wrote, drop the card. The ingest card stage does exactly this (<c>Ingest/Cards/CardStage</c>); the
/// table keeps both as <c>CardFeatures.Bodies</c> and <c>CardFeatures.Mentions</c>, and snapshots store them.
/// <list type="bullet">
/// <item><b>Body</b>: the card without its YAML front matter. Front matter is what the Hub reads a card's
///   declarations from (<c>base_model:</c>), recognized as the Hub does: optional leading whitespace, a <c>---</c>
///   line, everything up to the next <c>---</c> line. A held-out child's body therefore never contains its own
///   declaration in YAML form. A block that never closes is not front matter (the whole card is body).</item>
/// <item><b>Body prefix</b>: the body's first <see cref="BodyCodePoints"/> code points, what the card-body MinHash and
///   TF-IDF compare.</item>
/// <item><b>Mentions</b>: model ids the whole body names, as <see cref="IdHash(ReadOnlySpan{byte})"/> values (bit 0 set for a link):
///   <c>huggingface.co/&lt;owner&gt;/&lt;name&gt;</c> or <c>hf.co/…</c> links (the first two path segments; the Hub's
///   own sections such as <c>datasets/</c> or <c>spaces/</c> are not models), and bare <c>&lt;owner&gt;/&lt;name&gt;</c>
///   tokens not inside another URL path (so <c>github.com/x/y</c> is not one). Owner and name are runs of ASCII
///   letters, digits, <c>-</c>, <c>_</c>, <c>.</c> (the Hub's id alphabet); a trailing <c>.</c> is punctuation. Lines whose
///   first word is <c>base_model</c> are skipped: that is the declaration in YAML form outside the front matter, not
///   prose. At most <see cref="MaxMentions"/> distinct ids, first seen first. Whether a hash names a model is decided
///   later, against the snapshot's ids.</item>
/// </list>
/// </summary>
[SkipLocalsInit]
public static class CardSignals
{
    public const int BodyCodePoints = 512;
    public const int MaxMentions = 16;
    private const int MaxPart = 96;

    /// <summary>The body prefix (<paramref name="bodyPrefix"/>, a range of <paramref name="card"/>) and the mention hashes
    /// of one card, written to <paramref name="mentions"/> (at most its length, ≤ <see cref="MaxMentions"/> used); returns
    /// how many were written.</summary>
    public static int Extract(ReadOnlySpan<byte> card, Span<ulong> mentions, out Range bodyPrefix)
    {
        int start = BodyStart(card);
        ReadOnlySpan<byte> body = card[start..];
        bodyPrefix = new Range(start, start + Kernels.Utf8Text.PrefixByteLength(body, BodyCodePoints));
        return Mentions(body, mentions);
    }

    /// <summary>The card without its front matter.</summary>
    public static ReadOnlySpan<byte> Body(ReadOnlySpan<byte> card) => card[BodyStart(card)..];

    /// <summary>The first <see cref="BodyCodePoints"/> code points of <see cref="Body"/>.</summary>
    public static ReadOnlySpan<byte> BodyPrefix(ReadOnlySpan<byte> card)
    {
        ReadOnlySpan<byte> body = Body(card);
        return body[..Kernels.Utf8Text.PrefixByteLength(body, BodyCodePoints)];
    }

    /// <summary>Where the body starts: after the front matter's closing <c>---</c> line, or 0 when there is none.</summary>
    public static int BodyStart(ReadOnlySpan<byte> card)
    {
        int i = 0;
        while (i < card.Length && IsAsciiSpace(card[i])) i++;
        // The opening line is exactly "---" (the whitespace skip may have eaten blank lines before it).
        if (!card[i..].StartsWith("---"u8)) return 0;
        int at = i + 3;
        if (at < card.Length && card[at] == '\r') at++;
        if (at >= card.Length || card[at] != '\n') return 0;
        at++;
        while (at < card.Length)
        {
            int nl = card[at..].IndexOf((byte)'\n');
            int end = nl < 0 ? card.Length : at + nl;
            ReadOnlySpan<byte> line = card[at..end];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.SequenceEqual("---"u8)) return nl < 0 ? card.Length : end + 1;
            if (nl < 0) break;
            at = end + 1;
        }
        return 0;
    }

    /// <summary>Mention hashes of <paramref name="body"/> (see the type's rules); returns how many were written.</summary>
    public static int Mentions(ReadOnlySpan<byte> body, Span<ulong> into)
    {
        int n = 0, cap = Math.Min(into.Length, MaxMentions), from = 0;
        while (n < cap)
        {
            int rel = body[from..].IndexOf((byte)'/');
            if (rel < 0) break;
            int slash = from + rel;
            int ownerStart = slash;
            while (ownerStart > 0 && slash - ownerStart < MaxPart && IsIdByte(body[ownerStart - 1])) ownerStart--;
            int nameEnd = slash + 1;
            while (nameEnd < body.Length && nameEnd - slash - 1 < MaxPart && IsIdByte(body[nameEnd])) nameEnd++;
            from = nameEnd > slash + 1 ? nameEnd : slash + 1;
            int trimmed = nameEnd;
            while (trimmed > slash + 1 && body[trimmed - 1] == '.') trimmed--;
            if (ownerStart == slash || trimmed == slash + 1) continue;
            if (!IsAsciiLetterOrDigit(body[ownerStart]) || !IsAsciiLetterOrDigit(body[slash + 1])) continue;
            bool link;
            if (ownerStart > 0 && body[ownerStart - 1] == '/')
            {
                ReadOnlySpan<byte> before = body[..(ownerStart - 1)];
                link = EndsWithHost(before, "huggingface.co"u8) || EndsWithHost(before, "hf.co"u8);
                if (!link) continue;   // a path segment of some other URL or file path
                if (IsHubSection(body[ownerStart..slash])) continue;
            }
            else if (IsHost(body[ownerStart..slash])) continue;   // "hf.co/x/y" without a scheme: the pair after the host is the id
            else link = false;
            if (OnBaseModelLine(body, ownerStart)) continue;
            ulong h = IdHash(body[ownerStart..trimmed]) | (link ? 1UL : 0UL);
            bool seen = false;
            for (int k = 0; k < n && !seen; k++) seen = (into[k] | 1) == (h | 1);
            if (seen)
            {
                for (int k = 0; k < n; k++) if ((into[k] | 1) == (h | 1)) into[k] |= h & 1;   // a link anywhere makes it a link
                continue;
            }
            into[n++] = h;
        }
        return n;
    }

    /// <summary>The hash a model id is known by (ASCII case ignored, bit 0 clear): mentions and the snapshot's ids
    /// meet on it. <paramref name="id"/> is UTF-8.</summary>
    public static ulong IdHash(ReadOnlySpan<byte> id)
    {
        Span<byte> lower = stackalloc byte[2 * MaxPart + 1];
        if (id.Length > lower.Length) return XxHash3.HashToUInt64(id) & ~1UL;   // longer than any mention: never matches one
        for (int i = 0; i < id.Length; i++) lower[i] = Kernels.Utf8Text.LowerAscii(id[i]);
        return XxHash3.HashToUInt64(lower[..id.Length]) & ~1UL;
    }

    /// <summary><see cref="IdHash(ReadOnlySpan{byte})"/> of a model id string.</summary>
    public static ulong IdHash(string id)
    {
        Span<byte> utf8 = stackalloc byte[4 * (2 * MaxPart + 1)];
        return System.Text.Encoding.UTF8.TryGetBytes(id, utf8, out int len) ? IdHash(utf8[..len]) : XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(id)) & ~1UL;
    }

    private static bool EndsWithHost(ReadOnlySpan<byte> before, ReadOnlySpan<byte> host)
    {
        if (before.Length < host.Length) return false;
        for (int i = 0; i < host.Length; i++)
            if (Kernels.Utf8Text.LowerAscii(before[before.Length - host.Length + i]) != host[i]) return false;
        int prev = before.Length - host.Length - 1;
        return prev < 0 || before[prev] == '.' || !IsIdByte(before[prev]);   // "huggingface.co" or "www.huggingface.co", not "nothuggingface.co"
    }

    private static bool IsHost(ReadOnlySpan<byte> owner) => EndsWithHost(owner, "huggingface.co"u8) || EndsWithHost(owner, "hf.co"u8);

    private static bool IsHubSection(ReadOnlySpan<byte> owner) =>
        owner.SequenceEqual("datasets"u8) || owner.SequenceEqual("spaces"u8) || owner.SequenceEqual("docs"u8)
        || owner.SequenceEqual("blog"u8) || owner.SequenceEqual("papers"u8) || owner.SequenceEqual("collections"u8)
        || owner.SequenceEqual("api"u8) || owner.SequenceEqual("models"u8) || owner.SequenceEqual("organizations"u8)
        || owner.SequenceEqual("tasks"u8) || owner.SequenceEqual("learn"u8) || owner.SequenceEqual("settings"u8);

    /// <summary>The line holding <paramref name="at"/> starts (after spaces, a list dash, quotes) with <c>base_model</c>.</summary>
    private static bool OnBaseModelLine(ReadOnlySpan<byte> body, int at)
    {
        int start = body[..at].LastIndexOf((byte)'\n') + 1;
        while (start < at && (body[start] is (byte)' ' or (byte)'\t' or (byte)'-' or (byte)'"' or (byte)'\'' or (byte)'*')) start++;
        return body[start..].StartsWith("base_model"u8);
    }

    private static bool IsIdByte(byte b) => IsAsciiLetterOrDigit(b) || b is (byte)'-' or (byte)'_' or (byte)'.';

    private static bool IsAsciiLetterOrDigit(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9;

    private static bool IsAsciiSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';
}
