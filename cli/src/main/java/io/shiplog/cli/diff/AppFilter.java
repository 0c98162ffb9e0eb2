package io.shiplog.cli.diff;

import java.util.List;

/**
 * {@code --app} values: an object is selected when it is named one of them (a workload and its Service, ConfigMap, …
 * of the same name), or when it was rendered from a path of the repository that is one of them or under one.
 * No value selects everything.
 */
record AppFilter(List<String> apps) {

    AppFilter {
        apps = apps == null ? List.of() : List.copyOf(apps);
    }

    /** Whether the object named {@code name}, rendered from {@code sourcePath} (null: unknown), is selected. */
    boolean selects(String name, String sourcePath) {
        if (apps.isEmpty()) {
            return true;
        }
        for (String app : apps) {
            String prefix = app.endsWith("/") ? app.substring(0, app.length() - 1) : app;
            if (app.equals(name) || sourcePath != null && (sourcePath.equals(prefix)
                    || sourcePath.startsWith(prefix + "/"))) {
                return true;
            }
        }
        return false;
    }
}
