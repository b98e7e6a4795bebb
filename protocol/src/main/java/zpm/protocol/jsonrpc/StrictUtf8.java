package zpm.protocol.jsonrpc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that refuses malformed input instead of replacing it with U+FFFD: a request
 * decoded lossily could still run, with its id or params changed from what the client sent.
 * Servers answer such a text with -32700 ({@link #PARSE_ERROR_MESSAGE}).
 */
public final class StrictUtf8 {

    /** The message of the -32700 answer to a text that is not UTF-8. */
    public static final String PARSE_ERROR_MESSAGE = "not UTF-8: the text holds bytes that are not valid UTF-8;"
            + " send JSON-RPC as UTF-8 text";

    private StrictUtf8() {
    }

    /** The text of data[off, off+len), or null when those bytes are not valid UTF-8. */
    public static String decodeOrNull(byte[] data, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
