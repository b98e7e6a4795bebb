package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.RestartBatch;
import zpm.protocol.api.WorkerCalls;
import zpm.repl.render.OperationText;

/**
 * {@code restart all|APP|ID... [--batch N|N%]}: rolling restart, each replacement online before
 * its old worker leaves; at most the batch (default 1) replaced at once in each app.
 */
public final class RestartCommand extends TargetOperation {

    private static final Args.Option BATCH = Args.Option.value("--batch", "-b");

    @Override
    public String usage() {
        return super.usage() + " [--batch N|N%]";
    }

    @Override
    Args.Option[] options() {
        return new Args.Option[] {BATCH};
    }

    @Override
    void optionParams(Args args, ObjectNode params) {
        String text = args.value(BATCH.name());
        if (text == null) {
            return;
        }
        RestartBatch batch = RestartBatch.parse(text);
        if (batch == null) {
            throw new UsageException("--batch must be " + RestartBatch.EXPECTED + " (got " + text + ")");
        }
        if (batch.percent() == 0) {
            params.put("batch", batch.count());
        } else {
            params.put("batch", batch.percent() + "%");
        }
    }

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.RESTART;
    }

    @Override
    public String details() {
        return "--batch N or N% (of the app's size, rounded up): replace up to that many at once per app.\n"
                + "Answers when every replacement is online; the events show each step.\n"
                + "Ctrl-C stops waiting (the restart goes on in the agent).";
    }

    @Override
    String describe(JsonNode result) {
        return OperationText.restarted(result);
    }
}
