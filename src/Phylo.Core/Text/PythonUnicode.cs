using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Phylo.Text;

/// <summary>
/// The few pieces of CPython's Unicode behaviour the tokenizer must reproduce, from .NET's Unicode tables
/// (so they agree with Python where the two Unicode versions agree: .NET 10 ships a newer table than
/// Python 3.11's 14.0; characters assigned in between are the only expected difference).
/// <list type="bullet">
/// <item><c>re</c>'s <c>\w</c> on str patterns is <c>_PyUnicode_IsAlpha || IsDecimal || IsDigit || IsNumeric</c> or '_'
/// (_sre.c SRE_UNI_IS_WORD): categories Lu Ll Lt Lm Lo, Nd Nl No, and '_'. Marks (Mn Mc Me) are NOT word
/// characters, so Python splits e.g. Devanagari words at vowel signs; we do the same.</item>
/// <item><c>str.lower()</c> is the full lowercase mapping: the simple mapping everywhere except U+0130 'İ' → "i̇"
/// (i + U+0307) and the context-dependent final sigma (Σ → ς at the end of a word).</item>
/// </list>
/// </summary>
public static class PythonUnicode
{
    private const int CapitalSigma = 0x03A3, SmallSigma = 0x03C3, FinalSigma = 0x03C2;

    // Bit c set: ASCII byte c is a word character (0-9 A-Z a-z _).
    private const ulong WordLo = 0x03FF_0000_0000_0000; // '0'..'9'
    private const ulong WordHi = 0x07FF_FFFE_87FF_FFFE; // 'A'..'Z', '_', 'a'..'z'

    /// <summary>Whether <paramref name="codePoint"/> matches Python's <c>(?u)\w</c>.</summary>
    public static bool IsWord(int codePoint)
    {
        if (codePoint < 128) return IsAsciiWord(codePoint);
        if (!Rune.IsValid(codePoint)) return false;
        return Rune.GetUnicodeCategory(new Rune(codePoint)) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }

    /// <summary>Word test for an ASCII code point (0..127). Inlined by force: the tokenizer calls it once a byte, and
    /// without the hint the JIT left it a call in <see cref="TermTokenizer.Tokenize(ReadOnlySpan{byte})"/> (4 % of the featurize stage).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAsciiWord(int c) => c < 64 ? ((WordLo >> c) & 1) != 0 : ((WordHi >> (c - 64)) & 1) != 0;

    /// <summary>
    /// Python's lowercase of the code point at <paramref name="at"/> in <paramref name="utf8"/> (whose value is
    /// <paramref name="codePoint"/> and byte length <paramref name="length"/>): writes one or two code points to
    /// <paramref name="lowered"/> and returns how many. The text is needed only for Σ, whose lowercase depends on
    /// its neighbours (Unicode Final_Sigma, as CPython's handle_capital_sigma).
    /// </summary>
    public static int Lower(ReadOnlySpan<byte> utf8, int at, int length, int codePoint, Span<int> lowered)
    {
        if (codePoint < 128)
        {
            lowered[0] = (uint)(codePoint - 'A') <= 'Z' - 'A' ? codePoint | 0x20 : codePoint;
            return 1;
        }
        if (codePoint == 0x0130) { lowered[0] = 'i'; lowered[1] = 0x0307; return 2; }
        if (codePoint == CapitalSigma)
        {
            lowered[0] = IsFinalSigma(utf8, at, length) ? FinalSigma : SmallSigma;
            return 1;
        }
        lowered[0] = Rune.IsValid(codePoint) ? Rune.ToLowerInvariant(new Rune(codePoint)).Value : codePoint;
        return 1;
    }

    /// <summary>Final_Sigma: preceded by a cased letter and not followed by one, skipping case-ignorable characters.</summary>
    private static bool IsFinalSigma(ReadOnlySpan<byte> utf8, int at, int length)
    {
        int j = at;
        bool casedBefore = false;
        while (j > 0)
        {
            Rune.DecodeLastFromUtf8(utf8[..j], out Rune r, out int used);
            j -= Math.Max(used, 1);
            if (IsCaseIgnorable(r)) continue;
            casedBefore = IsCased(r);
            break;
        }
        if (!casedBefore) return false;
        j = at + length;
        while (j < utf8.Length)
        {
            Rune.DecodeFromUtf8(utf8[j..], out Rune r, out int used);
            j += Math.Max(used, 1);
            if (IsCaseIgnorable(r)) continue;
            return !IsCased(r);
        }
        return true;
    }

    // DerivedCoreProperties approximated by category: Cased = Lu Ll Lt (+ the common Other_Lowercase/Uppercase
    // blocks: ª º, Roman numerals, circled letters); Case_Ignorable = Mn Me Cf Lm Sk + the Word_Break
    // MidLetter/MidNumLet/Single_Quote characters.
    private static bool IsCased(Rune r)
    {
        int c = r.Value;
        if (c is 0xAA or 0xBA || (c >= 0x2160 && c <= 0x217F) || (c >= 0x24B6 && c <= 0x24E9)) return true;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;
    }

    private static bool IsCaseIgnorable(Rune r)
    {
        int c = r.Value;
        if (c is '\'' or '.' or ':' or '^' or '`' or 0xA8 or 0xAD or 0xAF or 0xB4 or 0xB7 or 0xB8 or 0x387 or 0x5F4
            or 0x2018 or 0x2019 or 0x2024 or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A) return true;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
    }
}
