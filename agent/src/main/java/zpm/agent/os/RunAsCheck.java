package zpm.agent.os;

/**
 * Whether an app's {@code user} / {@code group} can be honoured: only an agent running as root
 * may start processes as another user, and each name must exist. The config reader asks before
 * an app is accepted, the launcher again before each start (the accounts may change meanwhile).
 */
public final class RunAsCheck {

    private RunAsCheck() {
    }

    /** Blocking (reads /proc/self/status, /etc/passwd, /etc/group). Null when fine, else what is wrong and what to do. */
    public static String problemBlocking(String user, String group) {
        if (user == null && group == null) {
            return null;
        }
        long euid = Accounts.effectiveUidBlocking();
        if (euid != 0) {
            return "workers run as another user or group only when the agent runs as root (it runs as uid " + euid
                    + "): remove \"user\"/\"group\", or run the agent as root";
        }
        if (user != null && Accounts.userBlocking(user) == null) {
            return "user \"" + user + "\" does not exist (not in /etc/passwd): give an existing user name or uid";
        }
        if (group != null && Accounts.groupBlocking(group) < 0) {
            return "group \"" + group + "\" does not exist (not in /etc/group): give an existing group name or gid";
        }
        return null;
    }
}
