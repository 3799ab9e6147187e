package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunClipTest {

    @Test
    void shortTextStaysAsItIs() {
        assertThat(Run.clip("rsync exited with code 23", 40)).isEqualTo("rsync exited with code 23");
        assertThat(Run.clip(null, 40)).isNull();
    }

    @Test
    void longTextIsCutWithAnEllipsisWithinTheLimit() {
        assertThat(Run.clip("abcdefghij", 5)).isEqualTo("abcd…").hasSize(5);
    }

    @Test
    void aCharacterOutsideTheBmpIsNeverCutInHalf() {
        // "📦" is two chars (a surrogate pair): a cut between them would store half a character.
        String clipped = Run.clip("abc📦def", 5);

        assertThat(clipped).isEqualTo("abc…");
        assertThat(clipped.codePoints().noneMatch(c -> Character.isSurrogate((char) c)))
                .isTrue();
    }
}
