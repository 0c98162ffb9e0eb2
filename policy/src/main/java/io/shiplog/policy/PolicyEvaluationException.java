package io.shiplog.policy;

/** A policy failed while choosing, e.g. its regex exceeded the evaluation budget on a tag. Names spec and tag. */
public class PolicyEvaluationException extends RuntimeException {

    public PolicyEvaluationException(String message) {
        super(message);
    }
}
