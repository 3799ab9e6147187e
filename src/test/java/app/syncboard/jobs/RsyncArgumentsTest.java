package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RsyncArgumentsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--one-file-system",
                "--sparse",
                "--delete-after",
                "--max-delete=100",
                "--max-size=10G",
                "--min-size=1.5k",
                "--timeout=600",
                "--chmod=D2775,F664",
                "--chown=backup:backup",
                "--backup-dir=/srv/backup/old",
                "--link-dest=/srv/snapshots/daily.1",
                "--suffix=.bak",
                "--compress-choice=zstd"
            })
    void acceptsOptionsFromTheList(String argument) {
        assertThat(RsyncArguments.problemWith(argument)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --rsync-path=sudo rsync           | "--rsync-path=sudo rsync" is not one of the accepted options
            -e                                | "-e" is not one of the accepted options (see the list below the field). Write options in their long form
            --rsh=ssh -o ProxyCommand=x       | "--rsh=ssh -o ProxyCommand=x" is not one of the accepted options
            --remove-source-files             | "--remove-source-files" is not one of the accepted options
            --files-from=/etc/shadow          | "--files-from=/etc/shadow" is not one of the accepted options
            --log-file=/etc/cron.d/x          | "--log-file=/etc/cron.d/x" is not one of the accepted options
            --write-batch=/tmp/b              | "--write-batch=/tmp/b" is not one of the accepted options
            --dry-run                         | "--dry-run" is not one of the accepted options
            --filter=- *                      | "--filter=- *" is not one of the accepted options
            --max-delete                      | --max-delete needs a value: --max-delete=a number of files.
            --max-delete=lots                 | --max-delete takes a number of files.
            --max-size=10 G                   | --max-size takes a size such as 10G.
            --backup-dir=relative/dir         | --backup-dir takes an absolute path on the standby
            --backup-dir=/srv/$(reboot)       | --backup-dir takes an absolute path on the standby
            --backup-dir=/srv/a b             | --backup-dir takes an absolute path on the standby
            --link-dest=/srv/../etc           | --link-dest takes an absolute path on the standby
            --chown=root;reboot               | --chown takes user:group.
            """)
    void refusesEverythingElseWithTheReason(String argument, String problem) {
        assertThat(RsyncArguments.problemWith(argument))
                .hasValueSatisfying(p -> assertThat(p).startsWith(problem));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--sparse\n--delete", "--timeout=1\u0000", "--sparse\u001b[2J"})
    void controlCharactersNeverPass(String argument) {
        assertThat(RsyncArguments.problemWith(argument))
                .hasValueSatisfying(p -> assertThat(p).doesNotContain("\n", "\u0000", "\u001b"));
    }
}
