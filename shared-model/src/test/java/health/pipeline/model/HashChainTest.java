package health.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import health.pipeline.model.audit.CanonicalJson;
import health.pipeline.model.audit.HashChain;
import health.pipeline.model.audit.HashChain.StoredEntry;

class HashChainTest {

    private static List<StoredEntry> chain(int n) {
        List<StoredEntry> entries = new ArrayList<>();
        String previous = HashChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            String canonical = CanonicalJson.of(Map.of("action", "INGEST", "n", i));
            String hash = HashChain.link(previous, canonical);
            entries.add(new StoredEntry(i, canonical, previous, hash));
            previous = hash;
        }
        return entries;
    }

    @Test
    void shouldVerify_whenUntouched() {
        var result = HashChain.verify(chain(5));
        assertThat(result.valid()).isTrue();
        assertThat(result.entries()).isEqualTo(5);
    }

    @Test
    void shouldNameTheEntry_whenContentChanged() {
        var entries = chain(5);
        var e = entries.get(2);
        entries.set(2, new StoredEntry(e.sequence(), e.canonicalEntry().replace("INGEST", "DELETE"), e.previousHash(),
                e.hash()));
        var result = HashChain.verify(entries);
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSequence()).isEqualTo(3);
    }

    @Test
    void shouldDetect_whenAnEntryIsDeletedOrReordered() {
        var deleted = chain(5);
        deleted.remove(1);
        assertThat(HashChain.verify(deleted).firstBadSequence()).isEqualTo(3);
        var reordered = chain(5);
        var second = reordered.remove(1);
        reordered.add(2, second);
        assertThat(HashChain.verify(reordered).valid()).isFalse();
    }

    @Test
    void shouldSortKeysAndDropNulls_whenCanonicalising() {
        var map = new java.util.HashMap<String, Object>();
        map.put("b", 1);
        map.put("a", "x");
        map.put("c", null);
        assertThat(CanonicalJson.of(map)).isEqualTo("{\"a\":\"x\",\"b\":1}");
    }
}
