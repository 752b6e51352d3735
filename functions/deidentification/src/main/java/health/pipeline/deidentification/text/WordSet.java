package health.pipeline.deidentification.text;

import java.util.Arrays;

/**
 * A set of lower-cased words and phrases held as 64-bit hashes (open addressing): a lexicon of half a million entries
 * takes a few megabytes, and a word of a note is looked up from its characters without building a string. Two
 * different words sharing a 64-bit hash is possible in principle and negligible in practice (about 1 in 10^7 for the
 * largest list here).
 */
final class WordSet {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long[] slots;
    private int size;

    WordSet(int expected) {
        slots = new long[Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1)];
    }

    /** The start state of a hash; feed characters with {@link #step} and close with {@link #finish}. */
    static long begin() {
        return OFFSET;
    }

    /** Adds one character, folded to lower case; a typographic apostrophe counts as {@code '}. */
    static long step(long state, char c) {
        char folded = c == '’' ? '\'' : c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
        return (state ^ folded) * PRIME;
    }

    static long step(long state, CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            state = step(state, text.charAt(i));
        }
        return state;
    }

    /** Mixes the FNV state so that the low bits used for the slot index are well spread; never 0 (the empty slot). */
    static long finish(long state) {
        long h = state;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    static long hash(CharSequence text, int from, int to) {
        return finish(step(begin(), text, from, to));
    }

    static long hash(CharSequence text) {
        return hash(text, 0, text.length());
    }

    void add(long hash) {
        if (size * 2 >= slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int at = (int) hash & mask;
        while (slots[at] != 0) {
            if (slots[at] == hash) {
                return;
            }
            at = (at + 1) & mask;
        }
        slots[at] = hash;
        size++;
    }

    boolean contains(long hash) {
        int mask = slots.length - 1;
        int at = (int) hash & mask;
        long slot;
        while ((slot = slots[at]) != 0) {
            if (slot == hash) {
                return true;
            }
            at = (at + 1) & mask;
        }
        return false;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        Arrays.stream(old).filter(h -> h != 0).forEach(this::add);
    }
}
