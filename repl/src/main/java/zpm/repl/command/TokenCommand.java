package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.Method;

import java.util.List;

/**
 * {@code token rotate}: new tokens in the agent's token files. This console stays connected (its
 * session was authenticated before the rotation); new logins need the new tokens.
 */
public final class TokenCommand implements Command {

    @Override
    public String name() {
        return "token";
    }

    @Override
    public String usage() {
        return "rotate";
    }

    @Override
    public Method<?, ?> method() {
        return AppCalls.ROTATE_TOKENS;
    }

    @Override
    public String summary() {
        return "token rotate: new tokens in the agent's token files; the old ones stop working for new logins";
    }

    @Override
    public String details() {
        return "This console stays connected. Other clients already connected keep working; new ones\n"
                + "read the new token from the token file (the read-only one from token.readonly).\n"
                + "A console that read its token from a file reads it again when it reconnects;\n"
                + "one given --token or ZPM_TOKEN needs the new token after a drop.";
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        if (words.size() != 1 || !words.get(0).equals("rotate")) {
            throw new UsageException("token takes one word: rotate");
        }
        return ctx -> {
            JsonNode r = ctx.call(method().name(), ctx.params());
            ctx.result(r, () -> "tokens rotated: the full token is in " + r.path("tokenFile").asText()
                    + ", the read-only one in " + r.path("readOnlyTokenFile").asText()
                    + "; this console stays connected");
        };
    }
}
