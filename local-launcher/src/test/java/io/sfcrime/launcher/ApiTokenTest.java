package io.sfcrime.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {

    @TempDir
    Path dir;

    @Test
    void aLaunchWithoutAChosenTokenMakesOneOnlyTheUserCanRead() throws Exception {
        assumeTrue(System.getenv(ApiToken.VARIABLE) == null, ApiToken.VARIABLE + " is set here");

        ApiToken first = ApiToken.forLaunch(this.dir);
        ApiToken second = ApiToken.forLaunch(this.dir);

        assertThat(first.generated()).isTrue();
        assertThat(first.value()).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(second.value());
        assertThat(Files.readString(second.file()).trim()).isEqualTo(second.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second.file()))).isEqualTo("rw-------");
        assertThat(second.toString()).doesNotContain(second.value());
        assertThat(second.bearer()).isEqualTo("Bearer " + second.value());
    }

}
