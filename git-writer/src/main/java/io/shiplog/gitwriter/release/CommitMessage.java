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
        TreeSet<String> repositories = changes.stream().map(ChangedValue::repository)
                .collect(Collectors.toCollection(TreeSet::new));
        String summary;
        if (changes.isEmpty() && !locks.isEmpty()) {
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
