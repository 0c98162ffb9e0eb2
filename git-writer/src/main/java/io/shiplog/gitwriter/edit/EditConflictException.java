package io.shiplog.gitwriter.edit;

/**
 * The file no longer holds what the scan saw at a value's position (it changed since, e.g. a new head), or two
 * changes want different values at the same place. Recompute from a fresh scan.
 */
public class EditConflictException extends Exception {

    public EditConflictException(String message) {
        super(message);
    }
}
