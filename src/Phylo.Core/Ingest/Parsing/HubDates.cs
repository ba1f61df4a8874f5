namespace Phylo.Ingest.Parsing;

/// <summary>Timestamps as the Hub API, huggingface_hub and pandas write them.</summary>
public static class HubDates
{
    /// <summary>
    /// Parses <c>YYYY-MM-DD</c>, optionally followed by <c>T</c> or a space and <c>HH:MM[:SS[.fraction]]</c>,
    /// optionally followed by a zone: <c>Z</c>, <c>+HH:MM</c>, <c>-HH:MM</c>, <c>+HHMM</c> or <c>+HH</c>
    /// (a space before the zone is allowed). No zone means UTC. Fractions are truncated.
    /// Result: Unix seconds UTC. False for anything else, including out-of-range fields (Feb 30, 24:00, :60).
    /// </summary>
    public static bool TryParseUnixSeconds(ReadOnlySpan<char> text, out long seconds) => TryParse(text, out seconds, out _);

    /// <summary><see cref="TryParseUnixSeconds"/>, also giving the fraction's first three digits as milliseconds
    /// (0 without a fraction; further digits truncated).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long seconds, out int millis)
    {
        seconds = 0;
        millis = 0;
        var s = text.Trim();
        if (s.Length < 10 || s[4] != '-' || s[7] != '-') return false;
        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
        int hour = 0, minute = 0, second = 0, offsetMinutes = 0;
        int i = 10;
        if (i < s.Length && (s[i] == 'T' || s[i] == 't' || s[i] == ' '))
        {
            i++;
            if (!Digits(s, i, 2, out hour) || i + 2 >= s.Length || s[i + 2] != ':' || !Digits(s, i + 3, 2, out minute)) return false;
            i += 5;
            if (i < s.Length && s[i] == ':')
            {
                if (!Digits(s, i + 1, 2, out second)) return false;
                i += 3;
                if (i < s.Length && (s[i] == '.' || s[i] == ','))
                {
                    int f = ++i;
                    while (i < s.Length && char.IsAsciiDigit(s[i]))
                    {
                        if (i - f < 3) millis = millis * 10 + (s[i] - '0');
                        i++;
                    }
                    if (i == f) return false;
                    for (int d = i - f; d < 3; d++) millis *= 10;
                }
            }
            if (hour > 23 || minute > 59 || second > 59) return false;
            if (i < s.Length && s[i] == ' ') i++;
            if (i < s.Length && !TryZone(s[i..], out offsetMinutes)) return false;
        }
        else if (i != s.Length) return false;

        long days = DaysFromCivil(year, month, day);
        seconds = days * 86400 + hour * 3600L + minute * 60L + second - offsetMinutes * 60L;
        return true;
    }

    private static bool TryZone(ReadOnlySpan<char> z, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (z is "Z" or "z" or "UTC" or "GMT") return true;
        if (z.Length < 3 || (z[0] != '+' && z[0] != '-')) return false;
        if (!Digits(z, 1, 2, out int h)) return false;
        int m = 0;
        if (z.Length == 6 && z[3] == ':') { if (!Digits(z, 4, 2, out m)) return false; }
        else if (z.Length == 5) { if (!Digits(z, 3, 2, out m)) return false; }
        else if (z.Length != 3) return false;
        if (h > 23 || m > 59) return false;
        offsetMinutes = (z[0] == '-' ? -1 : 1) * (h * 60 + m);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int at, int count, out int value)
    {
        value = 0;
        if (at < 0 || at + count > s.Length) return false;
        for (int k = at; k < at + count; k++)
        {
            int d = s[k] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).</summary>
    private static long DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
