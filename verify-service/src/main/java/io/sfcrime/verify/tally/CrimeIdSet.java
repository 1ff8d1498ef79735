package io.sfcrime.verify.tally;

import java.util.List;

/**
 * The set of crime ids seen, one bit per possible nine-digit id, in 8 KiB pages allocated
 * on first use. Ids of a stream are close together (the real file's 199,995 ids span
 * about 900,000 numbers: 15 pages, 120 KiB), and however long the stream, the set never
 * exceeds 10^9 bits = 119.2 MiB plus 15,259 page references. Exact, no false positives.
 * Not thread-safe: the tally guards it.
 */
final class CrimeIdSet {

    static final long LIMIT = 1_000_000_000L;

    private static final int PAGE_SHIFT = 16;

    private static final int PAGE_IDS = 1 << PAGE_SHIFT;

    private static final int WORDS_PER_PAGE = PAGE_IDS / Long.SIZE;

    private static final int PAGES = (int) ((LIMIT + PAGE_IDS - 1) >> PAGE_SHIFT);

    private final long[][] pages = new long[PAGES][];

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

    /**
     * Distinct ids in the union of the sets, page by page: an id present in several sets
     * counts once. The tally keeps one set per partition and asks this rather than
     * summing, so that its figure stays exact even if the same id reaches two partitions
     * (a producer choosing partitions itself, or partitions added to the topic).
     */
    static long distinct(List<CrimeIdSet> sets) {
        if (sets.size() == 1) {
            return sets.get(0).size();
        }
        long distinct = 0;
        long[][] holders = new long[sets.size()][];
        for (int pageIndex = 0; pageIndex < PAGES; pageIndex++) {
            int count = 0;
            for (CrimeIdSet set : sets) {
                if (set.pages[pageIndex] != null) {
                    holders[count++] = set.pages[pageIndex];
                }
            }
            for (int word = 0; count > 0 && word < WORDS_PER_PAGE; word++) {
                long union = 0;
                for (int i = 0; i < count; i++) {
                    union |= holders[i][word];
                }
                distinct += Long.bitCount(union);
            }
        }
        return distinct;
    }

    /**
     * Bytes held by the allocated pages (the page table itself adds a fixed 61 KiB to 122
     * KiB).
     */
    long pageBytes() {
        return (long) this.pagesInUse * WORDS_PER_PAGE * Long.BYTES;
    }

}
