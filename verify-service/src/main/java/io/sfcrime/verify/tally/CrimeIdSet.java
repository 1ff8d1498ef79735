package io.sfcrime.verify.tally;

/**
 * The set of crime ids seen, one bit per possible nine-digit id, in 8 KiB pages allocated on first use. Ids of a
 * stream are close together (the real file's 199,995 ids span about 900,000 numbers: 15 pages, 120 KiB), and
 * however long the stream, the set never exceeds 10^9 bits = 119.2 MiB plus 15,259 page references. Exact, no
 * false positives. Not thread-safe: the tally guards it.
 */
final class CrimeIdSet {

    static final long LIMIT = 1_000_000_000L;

    private static final int PAGE_SHIFT = 16;

    private static final int PAGE_IDS = 1 << PAGE_SHIFT;

    private static final int WORDS_PER_PAGE = PAGE_IDS / Long.SIZE;

    private final long[][] pages = new long[(int) ((LIMIT + PAGE_IDS - 1) >> PAGE_SHIFT)][];

    private long size;

    private int pagesInUse;

    /** Adds an id in [0, 10^9); answers whether it was new. */
    boolean add(long id) {
        if (id < 0 || id >= LIMIT) {
            throw new IllegalArgumentException("crime id out of range: " + id);
        }
        int pageIndex = (int) (id >>> PAGE_SHIFT);
        long[] page = this.pages[pageIndex];
        if (page == null) {
            page = new long[WORDS_PER_PAGE];
            this.pages[pageIndex] = page;
            this.pagesInUse++;
        }
        int bit = (int) (id & (PAGE_IDS - 1));
        long mask = 1L << bit;
        int word = bit >>> 6;
        if ((page[word] & mask) != 0) {
            return false;
        }
        page[word] |= mask;
        this.size++;
        return true;
    }

    long size() {
        return this.size;
    }

    /** Bytes held by the allocated pages (the page table itself adds a fixed 61 KiB to 122 KiB). */
    long pageBytes() {
        return (long) this.pagesInUse * WORDS_PER_PAGE * Long.BYTES;
    }
}
