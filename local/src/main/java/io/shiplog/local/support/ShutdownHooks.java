package io.shiplog.local.support;

/** Shutdown hooks of the processes this module starts, which stop them if the JVM exits before they are closed. */
public final class ShutdownHooks {

    private ShutdownHooks() {
    }

    /** Removes {@code hook}; nothing happens when the JVM is already shutting down (the hook is running or ran). */
    public static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
