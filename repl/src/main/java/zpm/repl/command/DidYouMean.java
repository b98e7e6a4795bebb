package zpm.repl.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Suggestions for a mistyped word: the known words a few edits away, or that it starts. */
public final class DidYouMean {

    private static final int MAX = 3;

    private DidYouMean() {
    }

    /** Up to three candidates, closest first; empty when none is close. */
    public static List<String> suggest(String typed, Collection<String> known) {
        String t = typed.toLowerCase();
        int limit = t.length() <= 3 ? 1 : 2;
        List<String> close = new ArrayList<>();
        for (String k : known) {
            if (!k.equals(typed) && (distance(t, k.toLowerCase()) <= limit || (t.length() >= 2 && k.startsWith(t)))) {
                close.add(k);
            }
        }
        close.sort(Comparator.comparingInt((String k) -> distance(t, k.toLowerCase())).thenComparing(k -> k));
        return close.size() > MAX ? close.subList(0, MAX) : close;
    }

    /** " (did you mean status?)", " (did you mean stop or start?)", or "". */
    public static String hint(String typed, Collection<String> known) {
        List<String> s = suggest(typed, known);
        if (s.isEmpty()) {
            return "";
        }
        String joined = s.size() == 1 ? s.get(0)
                : String.join(", ", s.subList(0, s.size() - 1)) + " or " + s.get(s.size() - 1);
        return "did you mean " + joined + "?";
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
