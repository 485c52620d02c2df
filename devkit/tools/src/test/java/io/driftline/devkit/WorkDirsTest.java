package io.driftline.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirsTest {

    @TempDir
    Path root;

    @Test
    void shouldDeleteAFolderWithNestedFoldersAndFiles() throws Exception {
        Path work = Files.createDirectories(root.resolve("work/state/0_1/rocksdb"));
        Files.writeString(work.resolve("000001.sst"), "data");
        Files.writeString(root.resolve("work/.lock"), "");

        assertThat(WorkDirs.delete(root.resolve("work"))).isTrue();

        assertThat(root.resolve("work")).doesNotExist();
        assertThat(root).exists();
    }

    @Test
    void shouldTreatAMissingFolderAsDeleted() {
        assertThat(WorkDirs.delete(root.resolve("never-made"))).isTrue();
        assertThat(WorkDirs.delete(null)).isTrue();
    }

    @Test
    void shouldReportWhatItCouldNotDelete() throws Exception {
        Path locked = Files.createDirectories(root.resolve("locked/inner"));
        Files.writeString(locked.resolve("file"), "x");
        locked.toFile().setWritable(false);
        try {
            boolean deleted = WorkDirs.delete(root.resolve("locked"));
            // root can delete anything; everyone else cannot empty a folder they may not write to
            assertThat(deleted).isEqualTo(!Files.exists(root.resolve("locked")));
            assertThat(Files.exists(locked.resolve("file"))).isEqualTo(Files.exists(root.resolve("locked")));
        } finally {
            locked.toFile().setWritable(true);
        }
    }
}
