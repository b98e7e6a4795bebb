package zpm.agent.core;

/**
 * A read-only view of one app.
 *
 * @param name    the app name
 * @param state   derived state
 * @param size    the size it wants now
 * @param workers how many workers it has (any state)
 * @param online  how many are online
 * @param reason  why it is fatal or in danger, or null
 * @param failure why it is fatal, as a type; null unless it is
 * @param spec    its spec
 */
public record AppInfo(String name, AppState state, int size, int workers, int online, String reason,
                      AppFailure failure, AppSpec spec) {
}
