package dev.diffsearch.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.api.spi.Verifier.Needs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What two verifiers need together (an ensemble's members): the stricter of each requirement. */
class NeedsTest {

  @ParameterizedTest
  @CsvSource({
      "NOTHING, NOTHING, NOTHING",
      "NOTHING, CLASS_OR_PROMPT, CLASS_OR_PROMPT",
      "CLASS_OR_PROMPT, CLASS, CLASS",
      "PROMPT, CLASS_OR_PROMPT, PROMPT",
      "CLASS, PROMPT, CLASS_AND_PROMPT",
      "CLASS_AND_PROMPT, NOTHING, CLASS_AND_PROMPT",
      "CLASS_OR_PROMPT, CLASS_OR_PROMPT, CLASS_OR_PROMPT",
  })
  void bothTakesEachRequirementOfEither(Needs a, Needs b, Needs together) {
    assertThat(Needs.both(a, b)).isEqualTo(together);
    assertThat(Needs.both(b, a)).isEqualTo(together);
  }

  @ParameterizedTest
  @CsvSource({
      "NOTHING, false, false, false",
      "CLASS, true, false, true",
      "PROMPT, false, true, true",
      "CLASS_AND_PROMPT, true, true, true",
      "CLASS_OR_PROMPT, false, false, true",
  })
  void eachValueSaysWhatEveryRowMustHave(Needs needs, boolean aClass, boolean aPrompt, boolean some) {
    assertThat(needs.needsClass()).isEqualTo(aClass);
    assertThat(needs.needsPrompt()).isEqualTo(aPrompt);
    assertThat(needs.needsSome()).isEqualTo(some);
  }
}
