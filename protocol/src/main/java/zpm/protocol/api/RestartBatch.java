package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.Params;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many replacements a rolling restart runs at once in each app: a count, or a percentage of
 * the app's size, rounded up and at least 1. On the wire {@code "batch": 2} or {@code "batch": "25%"}.
 *
 * @param count   replacements at once per app (>= 1) when {@code percent} is 0
 * @param percent 1 to 100: that share of the app's size; 0 for a plain count
 */
public record RestartBatch(int count, int percent) {

    /** One worker at a time: the default, and SIGHUP's restart. */
    public static final RestartBatch ONE = new RestartBatch(1, 0);
    /** What a bad {@code batch} is told was expected. */
    public static final String EXPECTED = "a count from 1 to " + WorkerCalls.MAX_SIZE
            + " or a percentage of the app's size from \"1%\" to \"100%\", e.g. 2 or \"25%\"";
    private static final Pattern PERCENT = Pattern.compile("\\s*(\\d{1,3})\\s*%\\s*");

    public RestartBatch {
        if (percent == 0 ? count < 1 || count > WorkerCalls.MAX_SIZE : percent < 0 || percent > 100) {
            throw new IllegalArgumentException("batch must be " + EXPECTED);
        }
    }

    /** The replacements one app of this size may have in flight. */
    public int forSize(int size) {
        if (percent == 0) {
            return count;
        }
        return (int) Math.max(1, ((long) size * percent + 99) / 100);
    }

    /** "2" or "25%": as the console takes it; null when it is neither. */
    public static RestartBatch parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = PERCENT.matcher(text);
        if (m.matches()) {
            int percent = Integer.parseInt(m.group(1));
            return percent >= 1 && percent <= 100 ? new RestartBatch(0, percent) : null;
        }
        try {
            long count = Long.parseLong(text.strip());
            return count >= 1 && count <= WorkerCalls.MAX_SIZE ? new RestartBatch((int) count, 0) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The optional {@code batch} param: an integer, or a string like "25%"; {@link #ONE} when absent. */
    static RestartBatch read(Params p) {
        if (!p.has("batch")) {
            return ONE;
        }
        JsonNode v = p.raw("batch");
        RestartBatch batch = null;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            batch = parse(Long.toString(v.asLong()));
        } else if (v.isTextual() && v.asText().contains("%")) {
            batch = parse(v.asText());
        }
        if (batch == null) {
            throw Params.invalid("batch", EXPECTED, v);
        }
        return batch;
    }
}
