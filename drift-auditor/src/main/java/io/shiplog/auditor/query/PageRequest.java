package io.shiplog.auditor.query;

/** A page of a query's rows: {@code page} from 0, at most {@link #MAX_SIZE} rows. */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;
    /** Deep pages cost a scan of everything before them; beyond this, narrow the range instead. */
    public static final int MAX_PAGE = 10_000;

    public PageRequest {
        if (page < 0 || page > MAX_PAGE) {
            throw new InvalidQueryException("page must be between 0 and " + MAX_PAGE + ", got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidQueryException("size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
    }

    public static PageRequest first() {
        return new PageRequest(0, DEFAULT_SIZE);
    }

    long offset() {
        return (long) page * size;
    }

    /** {@code rows} fetched with one row more than the page holds, as a page. */
    <T> Page<T> page(java.util.List<T> rows) {
        boolean more = rows.size() > size;
        return new Page<>(more ? rows.subList(0, size) : rows, page, size, more);
    }
}
