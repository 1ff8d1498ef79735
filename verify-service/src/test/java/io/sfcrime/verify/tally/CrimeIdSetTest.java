package io.sfcrime.verify.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.RealCalls;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrimeIdSetTest {

    @Test
    void answersWhetherAnIdIsNewAtTheEdgesOfWordsAndPages() {
        CrimeIdSet set = new CrimeIdSet();
        long[] ids = { 0, 63, 64, 65_535, 65_536, 999_999_999 };
        for (long id : ids) {
            assertThat(set.add(id)).as("first add of %d", id).isTrue();
        }
        for (long id : ids) {
            assertThat(set.add(id)).as("second add of %d", id).isFalse();
        }
        assertThat(set.size()).isEqualTo(ids.length);
        assertThat(set.pageBytes()).isEqualTo(3 * 8_192);
    }

    @Test
    void agreesWithAHashSetOnTheRealIdsAndStaysSmall() {
        CrimeIdSet set = new CrimeIdSet();
        Set<String> reference = new HashSet<>();
        for (Call call : RealCalls.inFileOrder()) {
            assertThat(set.add(Long.parseLong(call.crimeId()))).isEqualTo(reference.add(call.crimeId()));
        }
        assertThat(set.size()).isEqualTo(reference.size());
        assertThat(set.pageBytes()).isLessThan(256 * 1024);
    }

    @Test
    void distinctOverSeveralSetsIsTheSizeOfTheirUnion() {
        List<CrimeIdSet> sets = List.of(new CrimeIdSet(), new CrimeIdSet(), new CrimeIdSet());
        Set<String> reference = new HashSet<>();
        List<Call> calls = RealCalls.inFileOrder();
        for (int i = 0; i < calls.size(); i++) {
            // Round robin, so the file's duplicated ids mostly land in two different
            // sets.
            sets.get(i % sets.size()).add(Long.parseLong(calls.get(i).crimeId()));
            reference.add(calls.get(i).crimeId());
        }
        sets.get(2).add(999_999_999L);
        reference.add("999999999");
        assertThat(CrimeIdSet.distinct(sets)).isEqualTo(reference.size()).isEqualTo(199_996);
        assertThat(sets.stream().mapToLong(CrimeIdSet::size).sum()).isGreaterThan(reference.size());
        assertThat(CrimeIdSet.distinct(List.of(sets.get(1)))).isEqualTo(sets.get(1).size());
        assertThat(CrimeIdSet.distinct(List.of())).isZero();
    }

    @Test
    void rejectsIdsOutsideNineDigits() {
        CrimeIdSet set = new CrimeIdSet();
        assertThatIllegalArgumentException().isThrownBy(() -> set.add(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> set.add(1_000_000_000L));
    }

}
