package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.git.CommitTrailers;
import io.shiplog.schemas.event.EventCause;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The message of a Shiplog commit: the configured template filled in, then the trailers. */
public final class CommitMessage {

    private CommitMessage() {
    }

    public static String render(String template, String branch, List<ChangedValue> changes, String eventId,
                                String correlationId, List<EventCause> causes) {
        return render(template, branch, changes, List.of(), eventId, correlationId, causes);
    }

    /** With lock/unlock lines after the value changes. */
    public static String render(String template, String branch, List<ChangedValue> changes, List<LockChange> locks,
                                String eventId, String correlationId, List<EventCause> causes) {
        return render(template, branch, changes, locks, List.of(), eventId, correlationId, causes);
    }

    /** With the rollbacks' lines ({@code Rollback of cluster … requested by …}) before everything else. */
    public static String render(String template, String branch, List<ChangedValue> changes, List<LockChange> locks,
                                List<String> rollbacks, String eventId, String correlationId,
                                List<EventCause> causes) {
        TreeSet<String> repositories = changes.stream().map(ChangedValue::repository)
                .collect(Collectors.toCollection(TreeSet::new));
        String summary;
        if (!rollbacks.isEmpty()) {
            // "Rollback of cluster prod-eu to <sha> (...) ..." -> "Roll back cluster prod-eu to <12 digits>"
            summary = rollbacks.size() == 1 ? rollbacks.get(0).replaceFirst("^Rollback of (cluster \\S+ to \\S{12}).*",
                    "Roll back $1") : "Roll back " + rollbacks.size() + " clusters";
        } else if (changes.isEmpty() && !locks.isEmpty()) {
            LockChange l = locks.get(0);
            String verb = l.lock() ? "Lock " : "Unlock ";
            summary = locks.size() == 1 ? verb + (l.object() == null ? l.path() : l.object().toString())
                    + (l.container() == null ? "" : " container " + l.container())
                    : verb.strip() + " " + locks.size() + " workloads";
        } else if (changes.size() == 1) {
            ChangedValue c = changes.get(0);
            summary = "Update " + c.repository() + " to " + (c.toTag() != null ? c.toTag() : c.to());
        } else if (repositories.size() == 1) {
            summary = "Update " + repositories.first() + " in " + changes.size() + " places";
        } else {
            summary = "Update " + repositories.size() + " images in " + changes.size() + " places";
        }
        String lines = changes.stream().map(c -> "- " + c.path() + ": " + c.from() + " -> " + c.to() + " ("
                + c.policy() + ")").collect(Collectors.joining("\n"));
        if (!rollbacks.isEmpty()) {
            lines = String.join("\n", rollbacks) + "\n" + lines;
        }
        if (!locks.isEmpty()) {
            lines = (lines.isEmpty() ? "" : lines + "\n") + locks.stream().map(l -> "- " + l.describe())
                    .collect(Collectors.joining("\n"));
        }
        String body = template.replace("{summary}", summary).replace("{changes}", lines)
                .replace("{count}", Integer.toString(changes.size())).replace("{branch}", branch).strip();
        return body + CommitTrailers.block(eventId, correlationId, causes.stream().map(EventCause::eventId)
                .distinct().toList());
    }
}
