package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemizedChangesTest {

    private static final FileTime THEN = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    private static final FileTime EARLIER = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    private Path source;
    private Path destination;

    @BeforeEach
    void trees() throws IOException {
        source = Files.createDirectory(dir.resolve("source"));
        destination = Files.createDirectory(dir.resolve("destination"));

        write(source, "new.txt", "new");
        Files.createDirectory(source.resolve("dir with space"));
        write(source, "dir with space/a file with  spaces.txt", "spaced");
        write(source, "not a link -> really", "a file whose name has an arrow");
        Files.createSymbolicLink(source.resolve("link"), Path.of("same"));
        Files.createSymbolicLink(source.resolve("link with space"), Path.of("dir with space/a file with  spaces.txt"));

        sameIn(source, destination, "same", "same", THEN, THEN);
        sameIn(source, destination, "changed-content", "longer than before", THEN, THEN);
        Files.writeString(destination.resolve("changed-content"), "short");
        sameIn(source, destination, "changed-mtime", "same bytes", THEN, EARLIER);
        // Same size and time: rsync's quick check takes it as unchanged without --checksum.
        sameIn(source, destination, "same-size-and-time", "AAAA", THEN, THEN);
        Files.writeString(destination.resolve("same-size-and-time"), "BBBB");
        Files.setLastModifiedTime(destination.resolve("same-size-and-time"), THEN);
        sameIn(source, destination, "perm", "mode only", THEN, THEN);
        Files.setPosixFilePermissions(destination.resolve("perm"), PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(source.resolve("relinked"), Path.of("same"));
        Files.createSymbolicLink(destination.resolve("relinked"), Path.of("elsewhere"));

        write(destination, "gone.txt", "only here");
        Files.createDirectories(destination.resolve("old"));
        write(destination, "old/inner.txt", "only here too");

        // Else the top directories differ in time and "./" is listed as updated.
        Files.setLastModifiedTime(source, THEN);
        Files.setLastModifiedTime(destination, THEN);
    }

    @Test
    void aRealDryRunListsWhatWouldBeCreatedUpdatedAndDeletedAndChangesNothing() throws Exception {
        Map<String, String> before = snapshot(destination);

        List<String> output = dryRun("--verbose", "--stats");

        assertThat(output).contains(">f.st...... changed-content", "cL+++++++++ link -> same", "*deleting   old/");
        ItemizedChanges changes = read(output, 100);
        assertThat(changes.created())
                .containsExactlyInAnyOrder(
                        "new.txt",
                        "dir with space/",
                        "dir with space/a file with  spaces.txt",
                        "not a link -> really",
                        "link",
                        "link with space");
        assertThat(changes.updated()).containsExactlyInAnyOrder("changed-content", "changed-mtime", "perm", "relinked");
        assertThat(changes.deleted()).containsExactlyInAnyOrder("old/inner.txt", "old/", "gone.txt");
        assertThat(changes.createdCount()).isEqualTo(6);
        assertThat(changes.updatedCount()).isEqualTo(4);
        assertThat(changes.deletedCount()).isEqualTo(3);
        assertThat(changes.truncated()).isFalse();
        assertThat(snapshot(destination)).isEqualTo(before);
    }

    @Test
    void listsKeepTheFirstPathsAndCountsKeepAll() throws Exception {
        List<String> output = dryRun();
        ItemizedChanges all = read(output, 100);

        ItemizedChanges two = read(output, 2);

        assertThat(two.created()).containsExactlyElementsOf(all.created().subList(0, 2));
        assertThat(two.updated()).containsExactlyElementsOf(all.updated().subList(0, 2));
        assertThat(two.deleted()).containsExactlyElementsOf(all.deleted().subList(0, 2));
        assertThat(List.of(two.createdCount(), two.updatedCount(), two.deletedCount()))
                .containsExactly(6L, 4L, 3L);
        assertThat(two.truncated()).isTrue();

        ItemizedChanges none = read(output, 0);
        assertThat(none.created()).isEmpty();
        assertThat(none.deletedCount()).isEqualTo(3);
        assertThat(none.truncated()).isTrue();
        assertThat(read(output, 4).truncated())
                .as("only the created list is cut")
                .isTrue();
        assertThat(read(output, 6).truncated()).isFalse();
        assertThatThrownBy(() -> new ItemizedChanges.Reader(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ignoresUnchangedItemsAndLinesThatAreNoItems() {
        ItemizedChanges changes = read(
                List.of(
                        "sending incremental file list",
                        "created directory /backup",
                        "",
                        ".d          ./",
                        ".f          same",
                        "hf          hardlinked",
                        "Number of files: 3 (reg: 2, dir: 1)",
                        "rsync: [sender] link_stat \"/x\" failed: No such file or directory (2)",
                        "deleting not-itemized",
                        "*deleting   ",
                        "sent 1,234 bytes  received 56 bytes  2,580.00 bytes/sec"),
                10);

        assertThat(changes).isEqualTo(new ItemizedChanges(List.of(), List.of(), List.of(), 0, 0, 0));
    }

    @Test
    void keepsOnlyTheLinksOwnPathAndLeadingSpaces() {
        ItemizedChanges changes = read(
                List.of(
                        "hf+++++++++ b => a",
                        "cLc.t...... odd -> name -> target",
                        ">f+++++++++  leading space",
                        "*deleting    leading space too",
                        "cd+++++++++ ./",
                        ".f?????????? twelve"),
                10);

        assertThat(changes.created()).containsExactly("b", " leading space", "./");
        assertThat(changes.updated()).containsExactly("odd", "twelve");
        assertThat(changes.deleted()).containsExactly(" leading space too");
    }

    private List<String> dryRun(String... extra) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--archive", "--delete", "--dry-run", "--itemize-changes"));
        arguments.addAll(List.of(extra));
        arguments.addAll(List.of(source + "/", destination + "/"));
        return RealRsync.run(arguments.toArray(String[]::new));
    }

    private static ItemizedChanges read(List<String> lines, int cap) {
        ItemizedChanges.Reader reader = new ItemizedChanges.Reader(cap);
        lines.forEach(reader);
        return reader.result();
    }

    private static void write(Path root, String path, String content) throws IOException {
        Files.writeString(root.resolve(path), content);
    }

    private static void sameIn(
            Path source, Path destination, String path, String content, FileTime at, FileTime atThere)
            throws IOException {
        write(source, path, content);
        write(destination, path, content);
        Files.setPosixFilePermissions(source.resolve(path), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(destination.resolve(path), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setLastModifiedTime(source.resolve(path), at);
        Files.setLastModifiedTime(destination.resolve(path), atThere);
    }

    /** Every item under {@code root} with its kind, time, mode and content or link target. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> items = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(path -> items.put(root.relativize(path).toString(), describe(path)));
        }
        return items;
    }

    private static String describe(Path path) {
        try {
            if (Files.isSymbolicLink(path)) {
                return "link to " + Files.readSymbolicLink(path);
            }
            String common = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS) + " "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
            return Files.isDirectory(path) ? "dir " + common : "file " + common + " " + Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
