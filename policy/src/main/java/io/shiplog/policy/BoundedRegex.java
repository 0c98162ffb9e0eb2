package io.shiplog.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user regex evaluated with a step budget, so a pattern that backtracks catastrophically fails with a clear
 * error instead of hanging. The input is wrapped in a {@link CharSequence} that counts character reads and aborts
 * after {@link #DEFAULT_BUDGET}; Java's matcher reads the input through it on every step, backtracking included.
 * Go/RE2 named groups {@code (?P<name>…)} (Flux's syntax) are accepted and mean {@code (?<name>…)}.
 */
public final class BoundedRegex {

    /** Character reads allowed per match: far above any sane pattern on a 128-character tag. */
    public static final long DEFAULT_BUDGET = 200_000;

    private final String source;
    private final Pattern pattern;
    private final long budget;

    private BoundedRegex(String source, Pattern pattern, long budget) {
        this.source = source;
        this.pattern = pattern;
        this.budget = budget;
    }

    /** Compiles {@code regex}; throws {@link PolicyException} naming {@code what} and the regex when it is invalid. */
    public static BoundedRegex compile(String regex, String what) {
        return compile(regex, what, DEFAULT_BUDGET);
    }

    public static BoundedRegex compile(String regex, String what, long budget) {
        try {
            return new BoundedRegex(regex, Pattern.compile(regex.replace("(?P<", "(?<")), budget);
        } catch (PatternSyntaxException e) {
            throw new PolicyException(what + ": regex '" + regex + "' does not compile: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** A matcher over {@code input} that throws {@link BudgetExceeded} once the budget is spent. */
    public Matcher matcher(String input) {
        return pattern.matcher(new Budgeted(input, budget));
    }

    /** Whether the pattern occurs in {@code input} (unanchored, as Go's MatchString). */
    public boolean find(String input, String what) {
        try {
            return matcher(input).find();
        } catch (BudgetExceeded | StackOverflowError e) {
            throw exceeded(input, what);
        }
    }

    PolicyEvaluationException exceeded(String input, String what) {
        return new PolicyEvaluationException(what + ": regex '" + source + "' exceeded its evaluation budget of "
                + budget + " steps on '" + input + "' (catastrophic backtracking?); simplify the pattern");
    }

    public String source() {
        return source;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Thrown from inside the matcher when the step budget is spent. */
    public static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("regex step budget exceeded", null, false, false);
        }
    }

    private static final class Budgeted implements CharSequence {
        private final String text;
        private final long[] left;

        Budgeted(String text, long budget) {
            this(text, new long[] {budget});
        }

        private Budgeted(String text, long[] left) {
            this.text = text;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
